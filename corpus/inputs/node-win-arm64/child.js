'use strict';
// Child processes: exec of node itself, stdin/stdout pipes, exit codes, env, the shell,
// fork with IPC, kill, several children at once. Exits 1 on a wrong result.
const cp = require('node:child_process');
const crypto = require('node:crypto');

if (process.argv[2] === 'upper') { // child: uppercase stdin to stdout, count bytes on stderr
  let n = 0; process.stdin.on('data', (d) => { n += d.length; process.stdout.write(d.toString('latin1').toUpperCase()); });
  process.stdin.on('end', () => { process.stderr.write(`read ${n}\n`); });
  return;
}
if (process.argv[2] === 'ipc') { // child: square what the parent sends
  process.on('message', (m) => { if (m === 'done') process.disconnect(); else process.send({ i: m, sq: m * m }); });
  return;
}
if (process.argv[2] === 'sleep') { setInterval(() => {}, 1000); return; }
if (process.argv[2] === 'index') { // child: say ready, wait for "go", then finish after 250 ms * (4 - i)
  const i = Number(process.argv[3]);
  process.stdout.write('ready\n');
  process.stdin.once('data', () => setTimeout(() => { console.log(`child ${i} pid-ok=${process.pid > 0}`); process.exit(i); }, 250 * (4 - i)));
  return;
}

const { check, finish } = require('./tap.js');
const node = process.execPath;
const self = __filename;

async function main() {
  check('execFileSync', cp.execFileSync(node, ['-e', 'process.stdout.write(String(6*7))']).toString(), '42');
  const r = cp.spawnSync(node, ['-e', 'console.error("to stderr"); process.exit(3)']);
  check('exit code + stderr', [r.status, r.signal, r.stderr.toString().trim()], [3, null, 'to stderr']);
  const e = cp.spawnSync(node, ['-p', 'process.env.WOA_CHILD_VAR + "|" + process.argv.slice(1).join(",")', 'a b', 'c"d', ''],
    { env: { ...process.env, WOA_CHILD_VAR: 'v\u00e9rt' } });
  check('env + argv quoting', e.stdout.toString().trim(), 'v\u00e9rt|a b,c"d,');
  const sh = cp.execSync('echo hello from the shell', { encoding: 'utf8' });
  check('shell (cmd.exe on Windows)', sh.trim(), 'hello from the shell');

  // 256 KiB through a child's stdin and back.
  const payload = Buffer.alloc(256 * 1024);
  for (let i = 0; i < payload.length; i++) payload[i] = 97 + (i * 31 % 26);
  const up = await new Promise((resolve, reject) => {
    const c = cp.spawn(node, [self, 'upper']);
    const out = []; let err = '';
    c.stdout.on('data', (d) => out.push(d)); c.stderr.on('data', (d) => { err += d; });
    c.on('error', reject);
    c.on('close', (code) => resolve({ code, out: Buffer.concat(out), err: err.trim() }));
    c.stdin.end(payload);
  });
  check('pipe round trip', [up.code, up.out.length, crypto.createHash('sha256').update(up.out).digest('hex'), up.err],
    [0, 262144, crypto.createHash('sha256').update(payload.toString('latin1').toUpperCase(), 'latin1').digest('hex'), 'read 262144']);

  // fork + IPC.
  const sum = await new Promise((resolve, reject) => {
    const c = cp.fork(self, ['ipc'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let s = 0, got = 0;
    c.on('message', (m) => { s += m.sq; if (++got === 100) c.send('done'); });
    c.on('error', reject);
    c.on('exit', (code) => resolve([code, got, s]));
    for (let i = 1; i <= 100; i++) c.send(i);
  });
  check('fork ipc', sum, [0, 100, 338350]);

  // kill a running child.
  const killed = await new Promise((resolve) => {
    const c = cp.spawn(node, [self, 'sleep']);
    c.on('spawn', () => setTimeout(() => c.kill(), 300));
    c.on('exit', (code, signal) => resolve([c.killed, signal]));
  });
  check('kill', killed, [true, 'SIGTERM']);

  // four children at once; once all are ready they are told to go and finish in reverse order.
  const order = [];
  const children = [];
  let ready = 0;
  const codes = await Promise.all([0, 1, 2, 3].map((i) => new Promise((resolve) => {
    const c = cp.spawn(node, [self, 'index', String(i)]);
    children.push(c);
    let out = '';
    c.stdout.on('data', (d) => {
      out += d;
      if (out === 'ready\n' && ++ready === 4) for (const k of children) k.stdin.write('go\n');
    });
    c.on('close', (code) => { order.push(i); resolve([code, out.replace('ready\n', '').trim()]); });
  })));
  check('parallel children', codes, [[0, 'child 0 pid-ok=true'], [1, 'child 1 pid-ok=true'], [2, 'child 2 pid-ok=true'], [3, 'child 3 pid-ok=true']]);
  check('finish order', order, [3, 2, 1, 0]);

  check('ENOENT spawn', await new Promise((resolve) => {
    const c = cp.spawn('woa-no-such-program-xyz');
    c.on('error', (err) => resolve(err.code));
  }), 'ENOENT');

  finish('child-process');
}
main().catch((e) => { check('no exception', String(e && e.stack || e), 'none'); finish('exception'); });
