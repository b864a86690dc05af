'use strict';
// Loads @napi-rs/snappy's native module (the .node in ./package) and checks it.
//   node snappy-test.js sync  : compressSync/uncompressSync round trips of 9 inputs, exact compressed bytes, corrupt input
//   node snappy-test.js async : 64 concurrent compress/uncompress promises on the libuv thread pool
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const s = require(path.resolve('package', file));

const { check, finish } = require('./tap.js');
const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');
function pattern(n, seed) { const b = Buffer.alloc(n); let x = seed; for (let i = 0; i < n; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; b[i] = x; } return b; }
function text(n) { const w = ['snappy', 'block', 'literal', 'copy', 'offset', 'arm64', 'wine']; let x = 1, out = ''; while (out.length < n) { x = (x * 1103515245 + 12345) >>> 0; out += w[(x >>> 16) % w.length] + ' '; } return Buffer.from(out.slice(0, n)); }
const inputs = () => [Buffer.alloc(0), Buffer.from('a'), Buffer.alloc(100000, 0), pattern(70000, 3), text(1 << 20), text(65536), Buffer.concat([text(30000), pattern(30000, 9), text(30000)]), Buffer.from('hello hello hello hello'), Buffer.from('\u00e9\u4e16'.repeat(5000))];

(async () => {
  const mode = process.argv[2];
  if (mode === 'sync') {
    check('known encoding of "hello hello hello hello"', s.compressSync('hello hello hello hello').toString('hex'), '17146865 6c6c6f2042 0600'.replace(/ /g, ''));
    const res = inputs().map((b) => { const c = s.compressSync(b); const d = s.uncompressSync(c); return [b.length, d.equals(b), sha(c).slice(0, 16)]; });
    check('round trips (length, equal)', res.map((r) => [r[0], r[1]]), inputs().map((b) => [b.length, true]));
    check('compressed bytes (sha256 prefixes)', res.map((r) => r[2]), ['6e340b9cffb37a98', 'c7d08e78255b4f95', 'f315524d13865d98', '4dd4636b28fc61bf', '782704782fd4eada', '75b244ba9e75b422', '13fa0737bdb1d3b9', '646cb5ea1ab37fee', 'dcbc2406ef5ec7bc']);
    check('uncompress asBuffer:false gives a string', s.uncompressSync(s.compressSync('str\u00e9'), { asBuffer: false }), 'str\u00e9');
    const bad = Buffer.from(s.compressSync(text(5000))); bad[1] ^= 0x55; bad[bad.length - 3] ^= 0x55;
    check('corrupt input rejected', (() => { try { s.uncompressSync(bad); return 'accepted'; } catch (e) { return 'threw'; } })(), 'threw');
  } else if (mode === 'async') {
    const jobs = [];
    for (let i = 0; i < 64; i++) { const b = i % 2 ? text(20000 + i * 997) : pattern(20000 + i * 997, i + 1); jobs.push(s.compress(b).then((c) => s.uncompress(c)).then((d) => [i, d.length, d.equals(b)])); }
    const out = await Promise.all(jobs);
    check('64 concurrent round trips', out.filter((r) => !r[2]).map((r) => r[0]), []);
    check('total bytes', out.reduce((a, r) => a + r[1], 0), 64 * 20000 + 997 * (63 * 64 / 2));
    const rej = await s.uncompress(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2])).then(() => 'resolved', () => 'rejected');
    check('async corrupt input rejects', rej, 'rejected');
  } else { console.log('usage: snappy-test.js sync|async'); process.exit(2); }
  finish(`snappy ${mode}`);
})();
