'use strict';
// Loads @napi-rs/keyring's native module (keyring-rs; the .node in ./package) and stores, reads and
// deletes credentials: in Windows Credential Manager (CredWriteW/CredReadW/CredDeleteW/
// CredEnumerateW) on Windows; on Linux in the kernel keyring (keyutils), pinned with the
// Linux-only option that other platforms ignore, since a test machine has no Secret Service.
//   node keyring-test.js entry : set/get/overwrite/delete passwords and binary secrets, two accounts,
//                                an explicit target, the async API
//   node keyring-test.js find  : findCredentials lists what the script stored (Windows only: on Linux
//                                it needs a Secret Service), then nothing once deleted
const fs = require('node:fs');
const path = require('node:path');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const k = require(path.resolve('package', file));

const { check, attempt, finish } = require('./tap.js');
const OPTS = { linux: { store: 'keyutils' } };
// a service name of its own per run, so that repeats and interrupted runs never meet
const SERVICE = `woa-compat-keyring-${process.pid}-${Date.now().toString(36)}`;
if (process.platform === 'linux') {
  // Linux only: in a process without a session keyring of its own, the first key the keyutils store
  // writes lands in the user's default session keyring and cannot be read back (AccessDenied);
  // later ones work. One throwaway write first.
  try { const w = new k.Entry(`${SERVICE}-warm-up`, 'warm-up', OPTS); w.setPassword('x'); w.deleteCredential(); } catch { /* expected */ }
}
const entry = (user) => new k.Entry(SERVICE, user, OPTS);
const PW = 'p\u00e4ss w\u00f6rd \u4e16\u754c \ud83d\udd11 "quoted" \\ end';
const SECRET = Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff);

async function entryMode() {
  const alice = entry('alice'), bob = entry('bob');
  const target = k.Entry.withTarget(`${SERVICE}-explicit-target`, SERVICE, 'alice', OPTS);
  // (not the explicit-target entry: on Windows @napi-rs/keyring creates it with an empty password
  // when the Entry is made, to keep its user name, so it reads back "" before anything is set)
  check('nothing stored yet', [alice.getPassword(), bob.getPassword()], [null, null]);
  alice.setPassword(PW);
  check('set then get (non-ASCII, quotes, backslash)', alice.getPassword(), PW);
  check('a new Entry object reads it back', entry('alice').getPassword(), PW);
  check('other account is separate', bob.getPassword(), null);
  alice.setPassword('second');
  check('overwrite', alice.getPassword(), 'second');
  bob.setPassword('b0b');
  check('second account', [bob.getPassword(), alice.getPassword()], ['b0b', 'second']);
  target.setSecret(Uint8Array.from(SECRET));
  check('binary secret round trip', target.getSecret(), SECRET);
  check('default entry untouched by the target entry', alice.getPassword(), 'second');
  alice.setSecret(Buffer.from('plain bytes'));
  check('setSecret then getSecret', Buffer.from(alice.getSecret()).toString(), 'plain bytes');
  check('delete: true, then false, then null', [alice.deleteCredential(), alice.deletePassword(), alice.getPassword(), alice.getSecret()], [true, false, null, null]);
  check('others survive a delete', [bob.getPassword(), target.getSecret()], ['b0b', SECRET]);
  check('delete the rest', [bob.deleteCredential(), target.deleteCredential()], [true, true]);
  const a = new k.AsyncEntry(SERVICE, 'async-user', OPTS);
  await attempt('async set/get/delete', ['\u00fcber', true, null], async () => { await a.setPassword('\u00fcber'); return [await a.getPassword(), await a.deleteCredential(), await a.getPassword()]; });
}

async function findMode() {
  const users = ['carol', 'dave', 'erin'];
  users.forEach((u, i) => entry(u).setPassword(`pw-${i}-\u00e9`));
  if (process.platform === 'win32') {
    const found = k.findCredentials(SERVICE).map((c) => `${c.account}=${c.password}`).sort();
    check('findCredentials lists the three', found, ['carol=pw-0-\u00e9', 'dave=pw-1-\u00e9', 'erin=pw-2-\u00e9']);
    const foundAsync = (await k.findCredentialsAsync(SERVICE)).map((c) => c.account).sort();
    check('findCredentialsAsync', foundAsync, users);
    check('another service finds none', k.findCredentials(`${SERVICE}-other`), []);
  } else {
    console.log('# findCredentials not checked: on Linux it needs a Secret Service (D-Bus), which a test machine lacks');
  }
  check('each reads back', users.map((u) => entry(u).getPassword()), ['pw-0-\u00e9', 'pw-1-\u00e9', 'pw-2-\u00e9']);
  check('deleted', users.map((u) => entry(u).deleteCredential()), [true, true, true]);
  if (process.platform === 'win32') check('findCredentials after delete', k.findCredentials(SERVICE), []);
  check('none left', users.map((u) => entry(u).getPassword()), [null, null, null]);
}

const mode = process.argv[2];
const run = { entry: entryMode, find: findMode }[mode];
if (!run) { console.log('usage: keyring-test.js entry|find'); process.exit(2); }
Promise.resolve().then(run).then(() => finish(`keyring ${mode}`), (e) => { check('no exception', String(e && e.stack), ''); finish(`keyring ${mode}`); });
