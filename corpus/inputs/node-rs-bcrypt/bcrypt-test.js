'use strict';
// Loads @node-rs/bcrypt's native module (the .node in ./package) and checks it against
// published bcrypt vectors.
//   node bcrypt-test.js vectors : hashSync with a given salt (Openwall crypt_blowfish's wrapper.c
//                                 list, OpenBSD's, pyca/bcrypt's long-password and cost 10/12 ones),
//                                 verifySync of the published $2a$/$2b$/$2y$ strings
//   node bcrypt-test.js verify  : random salts, right and wrong passwords, cost limits, genSaltSync,
//                                 the async API on the thread pool
// hashSync always writes $2b$. $2a$ and $2b$ differ only for passwords of 255 bytes or more
// (OpenBSD's wrap-around fix), so a published $2a$ hash of a shorter password is the $2b$ hash
// with the same salt and cost: those checks want the published string with its prefix made $2b$.
const fs = require('node:fs');
const path = require('node:path');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const bcrypt = require(path.resolve('package', file));
const { check, attempt, finish } = require('./tap.js');

// bcrypt's base64 (./A-Za-z0-9): the 22 salt characters of a hash are its 16 salt bytes.
const B64 = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function saltOf(hash) {
  const s = hash.slice(7, 29); const out = [];
  const v = (i) => B64.indexOf(s[i]);
  for (let i = 0; out.length < 16; i += 4) {
    const [a, b, c, d] = [v(i), v(i + 1), v(i + 2), v(i + 3)];
    out.push(((a << 2) | (b >> 4)) & 255);
    if (out.length < 16) out.push(((b << 4) | (c >> 2)) & 255);
    if (out.length < 16) out.push(((c << 6) | d) & 255);
  }
  return Buffer.from(out);
}
const threw = (fn) => { try { return fn(); } catch (e) { return `threw ${e.message}`; } };
const as2b = (h) => h.replace(/^\$2[aby]\$/, '$2b$');
const bin = (...b) => Buffer.from(b);

// [name, password, published hash]
const VECTORS = [
  // Openwall crypt_blowfish, wrapper.c
  ['openwall U*U', 'U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
  ['openwall U*U*', 'U*U*', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK'],
  ['openwall U*U*U', 'U*U*U', '$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a'],
  ['openwall empty password', '', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy'],
  ['openwall chars after 72 ignored', '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored',
    '$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui'],
  ['openwall 0xa3 ($2b$)', bin(0xa3), '$2b$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq'],
  ['openwall ff ff a3 ($2b$)', bin(0xff, 0xff, 0xa3), '$2b$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e'],
  ['openwall 0xaa x72 then more', Buffer.concat([Buffer.alloc(72, 0xaa), Buffer.from('chars after 72 are ignored as usual')]),
    '$2a$05$/OK.fbVrR/bpIqNJ5ianF.swQOIzjOiJ9GHEPuhEkvqrUyvWhEMx6'],
  ['openwall aa 55 x36', Buffer.from('aa55'.repeat(36), 'hex'), '$2a$05$/OK.fbVrR/bpIqNJ5ianF.R9xrDjiycxMbQE2bp.vgqlYpW5wx2yy'],
  ['openwall 55 aa ff x24', Buffer.from('55aaff'.repeat(24), 'hex'), '$2a$05$/OK.fbVrR/bpIqNJ5ianF.9tQZzcJfm3uj2NvJ/n5xkhpqLrMpWCe'],
  // OpenBSD regress and pyca/bcrypt: 72 zeros, and a 255-byte password ($2b$ fixes the wrap-around)
  ['openbsd 72 zeros ($2b$)', '0'.repeat(72), '$2b$05$CCCCCCCCCCCCCCCCCCCCC.6.O1dLNbjod2uo0DVcW.jHucKbPDdHS'],
  ['pyca 255-byte password ($2b$)', '0123456789'.repeat(26).slice(0, 255), '$2b$05$CCCCCCCCCCCCCCCCCCCCC.XxrQqgBi/5Sxuq9soXzDtjIZ7w5pMfK'],
  ['pyca embedded NUL ($2b$)', 'Passw\0rd123', '$2b$05$CCCCCCCCCCCCCCCCCCCCC.VHy/kzL4sCcX3Ib3wN5rNGiRt.TpfxS'],
  // pyca/bcrypt's consistency vectors: UTF-8 passwords, cost 10 and 12
  ['pyca cost 10 UTF-8', 'ππππππππ', '$2a$10$.TtQJ4Jr6isd4Hp.mVfZeuh6Gws4rOQ/vdBczhDx.19NFK0Y84Dle'],
  ['pyca cost 12', 'p@5sw0rd', '$2b$12$zQ4CooEXdGqcwi0PHsgc8eAf0DLXE/XHoBE8kCSGQ97rXwuClaPam'],
];

async function main() {
  const mode = process.argv[2];
  if (mode === 'vectors') {
    for (const [name, pwd, hash] of VECTORS) {
      const cost = Number(hash.slice(4, 6));
      check(`hashSync ${name}`, threw(() => bcrypt.hashSync(pwd, cost, saltOf(hash))), as2b(hash));
    }
    // verifySync takes the published strings as they are; cost 12 skipped here (hashed above).
    const quick = VECTORS.filter(([, , h]) => !h.startsWith('$2b$12$'));
    check('verifySync published hashes', quick.filter(([, pwd, h]) => bcrypt.verifySync(pwd, h) !== true).map(([n]) => n), []);
    check('verifySync $2y$ (PHP) hash', bcrypt.verifySync(bin(0xa3), '$2y$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq'), true);
    // bcrypt reads at most 72 bytes: one more byte changes a shorter password's hash, not a longer one's.
    const plus = ([, pwd, h]) => bcrypt.verifySync(Buffer.concat([Buffer.from(pwd), Buffer.from('!')]), h);
    const len = ([, pwd]) => Buffer.from(pwd).length;
    check('verifySync one byte more, under 72 bytes: false', quick.filter((v) => len(v) < 72 && plus(v) !== false).map(([n]) => n), []);
    check('verifySync one byte more, 72 bytes or more: true', quick.filter((v) => len(v) >= 72 && plus(v) !== true).map(([n]) => n), []);
    check('passwords of 72 bytes or more', quick.filter((v) => len(v) >= 72).length, 6);
  } else if (mode === 'verify') {
    check('DEFAULT_COST', bcrypt.DEFAULT_COST, 12);
    const pwd = 'correct horse battery staple';
    const a = bcrypt.hashSync(pwd, 4), b = bcrypt.hashSync(pwd, 4);
    check('hashSync format', /^\$2b\$04\$[./A-Za-z0-9]{53}$/.test(a), true);
    check('random salts differ', a.slice(7, 29) !== b.slice(7, 29), true);
    check('verifySync right password', bcrypt.verifySync(pwd, a), true);
    check('verifySync wrong password', bcrypt.verifySync('correct horse battery stapler', a), false);
    check('verifySync password as Buffer', bcrypt.verifySync(Buffer.from(pwd), b), true);
    check('costs 4..8 in the string', [4, 5, 6, 7, 8].map((c) => bcrypt.hashSync('x', c).slice(0, 7)), ['$2b$04$', '$2b$05$', '$2b$06$', '$2b$07$', '$2b$08$']);
    check('cost 3 refused', threw(() => bcrypt.hashSync('x', 3)), 'threw Cost needs to be between 4 and 31, got 3');
    check('cost 32 refused', threw(() => bcrypt.hashSync('x', 32)), 'threw Cost needs to be between 4 and 31, got 32');
    check('verifySync of a non-hash is false', bcrypt.verifySync('x', 'not a bcrypt hash'), false);
    // genSaltSync: the version prefix, the cost, 22 salt characters (this version adds "==").
    check('genSaltSync versions', ['2a', '2b', '2x', '2y'].map((v) => bcrypt.genSaltSync(10, v).replace(/[./A-Za-z0-9]{22}==$/, '<salt>')),
      ['$2a$10$<salt>', '$2b$10$<salt>', '$2x$10$<salt>', '$2y$10$<salt>']);
    check('genSaltSync bad version', threw(() => bcrypt.genSaltSync(10, '2z')), 'threw 2z is not a valid version');
    await attempt('hash + verify (async) x8', [true, true, true, true, true, true, true, true], async () => {
      const pw = Array.from({ length: 8 }, (_, i) => `password-${i}`);
      const hashes = await Promise.all(pw.map((p) => bcrypt.hash(p, 4)));
      return Promise.all(hashes.map((h, i) => bcrypt.verify(pw[i], h)));
    });
    await attempt('verify (async) published + wrong', [true, false], () => Promise.all([
      bcrypt.verify('U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'),
      bcrypt.verify('U*U*', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'),
    ]));
    await attempt('genSalt (async)', true, async () => /^\$2b\$06\$[./A-Za-z0-9]{22}==$/.test(await bcrypt.genSalt(6, '2b')));
  } else { console.log('usage: bcrypt-test.js vectors|verify'); process.exit(2); }
  finish(`bcrypt ${mode}`);
}
main();
