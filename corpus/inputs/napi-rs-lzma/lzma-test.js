'use strict';
// Loads @napi-rs/lzma's native module (the .node in ./package) and checks it.
//   node lzma-test.js fixture    : decodes an .xz file made by the xz tool (XZ Utils 5.4, -9e); xz/lzma/lzma2 sync round trips
//   node lzma-test.js async      : 1 MiB xz/lzma/lzma2 round trips through the async API, concurrently
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const L = require(path.resolve('package', file));

const { check, finish } = require('./tap.js');
const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');
function text(n, seed) { const w = ['lzma', 'range', 'coder', 'dictionary', 'match', 'literal', 'arm64', 'wine', 'qemu']; let x = seed, out = ''; while (out.length < n) { x = (x * 1103515245 + 12345) >>> 0; out += w[(x >>> 16) % w.length] + ((x & 15) === 0 ? '\n' : ' '); } return Buffer.from(out.slice(0, n)); }
const XZ = '/Td6WFoAAATm1rRGAgAhARwAAAAQz1jM4CnDAQpdADwegAVh+ErGts1Sph4jlVRwleeZYURef60WU925jzpefsXjdbGq52jlFOB6ukqgLUrhIDzkSIBdyKwMk7l8SZiwPAOYpwXkC4bdfIfES5Gy+l75MsdVvCNk7T1LHFnrOHQGsD0ykW5PnVCkn7wjB1XlQN4wh+rcYZH/IBHXsrRnG/ITOLP91gL+/1/nJn7pRbD4EWuK+qvbDgrapVqW9RH4GtJASVzB6w7QKiwgyDO9HDPFTTeSPSZpNFqc3FJqlgoCGV8gsXTVSeL+4+QOjtzFAO6BJJdLSKBG2Iu3//kSCkBn6B6PV2QyYdtCQVqY8aM96ZMmK/0NAfUJ4mChZP+b9roS+NnkzR2AAAAA7syBkU/1/CMAAaYCxFMAAPacBeGxxGf7AgAAAAAEWVo=';

(async () => {
  const mode = process.argv[2];
  if (mode === 'fixture') {
    const d = L.xz.decompressSync(Buffer.from(XZ, 'base64'));
    check('xz tool fixture', [d.length, sha(d)], [10692, '39f4a7a3851ee2e1bae7aa61e6b63285e905e87a0d91aeb516e601f82d6d1da0']);
    const t = text(200000, 5);
    for (const k of ['xz', 'lzma', 'lzma2']) {
      const c = L[k].compressSync(t);
      check(`${k} sync round trip`, [sha(L[k].decompressSync(c)) === sha(t), c.length < t.length / 3], [true, true]);
    }
    const xc = L.xz.compressSync(t);
    check('xz output has the xz magic and footer', [xc.subarray(0, 6).toString('hex'), xc.subarray(-2).toString()], ['fd377a585a00', 'YZ']);
    check('garbage rejected', (() => { try { L.xz.decompressSync(Buffer.from('not an xz stream at all')); return 'accepted'; } catch (e) { return 'threw'; } })(), 'threw');
  } else if (mode === 'async') {
    const t = text(1 << 20, 11);
    const res = await Promise.all(['xz', 'lzma', 'lzma2'].map(async (k) => { const c = await L[k].compress(t); const d = await L[k].decompress(c); return [k, d.length, sha(d) === sha(t)]; }));
    check('async round trips of 1 MiB', res, [['xz', 1 << 20, true], ['lzma', 1 << 20, true], ['lzma2', 1 << 20, true]]);
  } else { console.log('usage: lzma-test.js fixture|async'); process.exit(2); }
  finish(`lzma ${mode}`);
})();
