'use strict';
// Loads @node-rs/argon2's native module (the .node in ./package) and checks it against the
// known answers of the Argon2 reference implementation (phc-winner-argon2, src/test.c).
//   node argon2-test.js vectors : hashRawSync / hashSync / hash for Argon2i v0x10 and v0x13 and Argon2id v0x13
//   node argon2-test.js verify  : verifySync / verify on reference PHC strings, wrong passwords,
//                                 malformed strings, parseOptions, fresh random salts
// RFC 9106's test vectors cannot be reproduced through this API: they use associated data,
// which the module does not take (only password, salt, secret and the cost parameters).
const fs = require('node:fs');
const path = require('node:path');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const argon2 = require(path.resolve('package', file));
const { check, attempt, finish } = require('./tap.js');

const Argon2i = 1, Argon2id = 2; // const enums in index.d.ts (Argon2d = 0): values, not exported objects
const V0x10 = 0, V0x13 = 1;
const salt = Buffer.from('somesalt');
const opts = (algorithm, version, t, logM, p, s = salt) => ({ algorithm, version, timeCost: t, memoryCost: 1 << logM, parallelism: p, salt: s });
const raw = (pwd, o) => argon2.hashRawSync(pwd, o).toString('hex');
const threw = (fn) => { try { return fn(); } catch (e) { return `threw ${e.message}`; } };

async function main() {
  const mode = process.argv[2];
  if (mode === 'vectors') {
    // hashtest(version, t, m, p, pwd, salt, hexref, mcfref, type) of test.c; OUT_LEN 32.
    const cases = [
      ['argon2i v19 t=2 m=2^8 p=1', Argon2i, V0x13, 2, 8, 1, 'password', salt,
        '89e9029f4637b295beb027056a7336c414fadd43f6b208645281cb214a56452f',
        '$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8'],
      ['argon2i v19 t=2 m=2^8 p=2', Argon2i, V0x13, 2, 8, 2, 'password', salt,
        '4ff5ce2769a1d7f4c8a491df09d41a9fbe90e5eb02155a13e4c01e20cd4eab61',
        '$argon2i$v=19$m=256,t=2,p=2$c29tZXNhbHQ$T/XOJ2mh1/TIpJHfCdQan76Q5esCFVoT5MAeIM1Oq2E'],
      ['argon2i v19 t=2 m=2^16 p=1', Argon2i, V0x13, 2, 16, 1, 'password', salt,
        'c1628832147d9720c5bd1cfd61367078729f6dfb6f8fea9ff98158e0d7816ed0',
        '$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA'],
      ['argon2id v19 t=2 m=2^8 p=1', Argon2id, V0x13, 2, 8, 1, 'password', salt,
        '9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe',
        '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'],
      ['argon2id v19 t=2 m=2^8 p=2', Argon2id, V0x13, 2, 8, 2, 'password', salt,
        '6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037',
        '$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc'],
      ['argon2id v19 t=1 m=2^16 p=1', Argon2id, V0x13, 1, 16, 1, 'password', salt,
        'f6a5adc1ba723dddef9b5ac1d464e180fcd9dffc9d1cbf76cca2fed795d9ca98',
        '$argon2id$v=19$m=65536,t=1,p=1$c29tZXNhbHQ$9qWtwbpyPd3vm1rB1GThgPzZ3/ydHL92zKL+15XZypg'],
      ['argon2id v19 t=2 m=2^16 p=1', Argon2id, V0x13, 2, 16, 1, 'password', salt,
        '09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7',
        '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc'],
      // version 0x10: test.c checks only the raw hash (its encoding then had no v=).
      ['argon2i v16 t=2 m=2^8 p=1', Argon2i, V0x10, 2, 8, 1, 'password', salt,
        'fd4dd83d762c49bdeaf57c47bdcd0c2f1babf863fdeb490df63ede9975fccf06', null],
      ['argon2i v16 t=2 m=2^8 p=2', Argon2i, V0x10, 2, 8, 2, 'password', salt,
        'b6c11560a6a9d61eac706b79a2f97d68b4463aa3ad87e00c07e2b01e90c564fb', null],
      ['argon2i v16 t=1 m=2^16 p=1', Argon2i, V0x10, 1, 16, 1, 'password', salt,
        '81630552b8f3b1f48cdb1992c4c678643d490b2b5eb4ff6c4b3438b5621724b2', null],
    ];
    for (const [name, alg, ver, t, logM, p, pwd, s, hex, mcf] of cases) {
      const o = opts(alg, ver, t, logM, p, s);
      check(`${name} raw`, threw(() => raw(pwd, o)), hex);
      if (mcf) check(`${name} encoded`, threw(() => argon2.hashSync(pwd, o)), mcf);
    }
    // The password as bytes, and the async API on the thread pool (4 at once).
    check('password as Uint8Array', raw(new Uint8Array(Buffer.from('password')), opts(Argon2id, V0x13, 2, 8, 2)),
      '6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037');
    await attempt('hash (async) x4', [
      '$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8',
      '$argon2i$v=19$m=256,t=2,p=2$c29tZXNhbHQ$T/XOJ2mh1/TIpJHfCdQan76Q5esCFVoT5MAeIM1Oq2E',
      '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4',
      '$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc',
    ], () => Promise.all([
      argon2.hash('password', opts(Argon2i, V0x13, 2, 8, 1)), argon2.hash('password', opts(Argon2i, V0x13, 2, 8, 2)),
      argon2.hash('password', opts(Argon2id, V0x13, 2, 8, 1)), argon2.hash('password', opts(Argon2id, V0x13, 2, 8, 2)),
    ]));
    await attempt('hashRaw (async)', '9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe',
      async () => (await argon2.hashRaw('password', opts(Argon2id, V0x13, 2, 8, 1))).toString('hex'));
    // Parameter limits: the reference refuses m=1 (memory too little) and a 1-byte salt.
    check('memory cost too small', threw(() => raw('password', opts(Argon2id, V0x13, 2, 0, 1))), 'threw Memory cost is too small');
    check('salt too short', threw(() => raw('password', opts(Argon2id, V0x13, 2, 12, 1, Buffer.from('s')))), 'threw Salt is too short');
  } else if (mode === 'verify') {
    // Reference PHC strings of test.c; the m=2^16 ones that vectors does not hash.
    check('verify argon2i v19 t=4', argon2.verifySync('$argon2i$v=19$m=65536,t=4,p=1$c29tZXNhbHQ$qqlT1YrzcGzj3xrv1KZKhOMdf1QXUjHxKFJZ+IF0zls', 'password'), true);
    check('verify argon2id v19 differentpassword', argon2.verifySync('$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$C4TWUs9rDEvq7w3+J4umqA32aWKB1+DSiRuBfYxFj94', 'differentpassword'), true);
    check('verify argon2i v19 diffsalt', argon2.verifySync('$argon2i$v=19$m=65536,t=2,p=1$ZGlmZnNhbHQ$sDV8zPvvkfOGCw26RHsjSMvv7K2vmQq/6cxAcmxSEnE', 'password'), true);
    check('verify argon2i v16 (no v= field)', argon2.verifySync('$argon2i$m=256,t=2,p=2$c29tZXNhbHQ$tsEVYKap1h6scGt5ovl9aLRGOqOth+AMB+KwHpDFZPs', 'password'), true);
    // test.c's "mismatching hash (the encoded password is passwore)" and a wrong password.
    check('verify mismatch (hash of passwore)', argon2.verifySync('$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$8iIuixkI73Js3G1uMbezQXD0b8LG4SXGsOwoQkdAQIM', 'password'), false);
    check('verify wrong password', argon2.verifySync('$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc', 'Password'), false);
    // test.c's malformed strings: a missing $ twice, an empty salt.
    check('malformed: no $ before salt', threw(() => argon2.verifySync('$argon2i$v=19$m=65536,t=2,p=1c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA', 'password')), 'threw Decoding failed');
    check('malformed: no $ before hash', threw(() => argon2.verifySync('$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQwWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA', 'password')), 'threw Decoding failed');
    check('malformed: empty salt', threw(() => argon2.verifySync('$argon2i$v=19$m=65536,t=2,p=1$$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ', 'password')), 'threw Salt is too short');
    check('parseOptions', argon2.parseOptions('$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc'),
      { algorithm: Argon2id, version: V0x13, memoryCost: 65536, timeCost: 2, parallelism: 1, outputLen: 32, saltLen: 8 });
    // Defaults (argon2id, m=19456, t=2, p=1) with a fresh random 16-byte salt each time.
    const a = argon2.hashSync('correct horse battery staple');
    const b = argon2.hashSync('correct horse battery staple');
    check('default parameters', a.replace(/\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/, '$<salt>$<hash>'), '$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>');
    check('two hashes get different salts', a !== b && a.split('$')[4] !== b.split('$')[4], true);
    check('own hash verifies', argon2.verifySync(a, 'correct horse battery staple'), true);
    check('own hash, wrong password', argon2.verifySync(a, 'correct horse battery stapler'), false);
    await attempt('verify (async) x4', [true, false, true, false], () => Promise.all([
      argon2.verify(b, 'correct horse battery staple'), argon2.verify(b, 'Correct horse battery staple'),
      argon2.verify('$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4', 'password'),
      argon2.verify('$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4', 'passwore'),
    ]));
    // A secret (the pepper) changes the hash: verify needs the same secret.
    const secret = Buffer.from('pepper-pepper');
    const peppered = argon2.hashSync('password', { secret, memoryCost: 256, timeCost: 2 });
    check('secret: verify with it', argon2.verifySync(peppered, 'password', { secret }), true);
    check('secret: verify without it', argon2.verifySync(peppered, 'password'), false);
  } else { console.log('usage: argon2-test.js vectors|verify'); process.exit(2); }
  finish(`argon2 ${mode}`);
}
main();
