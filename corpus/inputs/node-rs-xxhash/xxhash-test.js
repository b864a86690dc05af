'use strict';
// Loads @node-rs/xxhash's native module (the .node in ./package) and checks it.
//   node xxhash-test.js vectors   : XXH32/XXH64/XXH3-64/XXH3-128 reference values, seeds, secrets
//   node xxhash-test.js streaming : 16 MiB hashed in uneven chunks with the Xxh32/Xxh64/Xxh3 classes == one shot
const fs = require('node:fs');
const path = require('node:path');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const x = require(path.resolve('package', file));

const { check, finish } = require('./tap.js');
const h = (v) => v.toString(16);
function pattern(n, seed) { const b = Buffer.alloc(n); let s = seed; for (let i = 0; i < n; i++) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; b[i] = s; } return b; }

const mode = process.argv[2];
if (mode === 'vectors') {
  // Reference values from the xxHash specification's sanity checks / the xxhsum tool.
  check('xxh32 ""', h(x.xxh32('')), '2cc5d05');
  check('xxh32 "a"', h(x.xxh32('a')), '550d7456');
  check('xxh64 ""', h(x.xxh64('')), 'ef46db3751d8e999');
  check('xxh64 "a"', h(x.xxh64('a')), 'd24ec4f1a98c6e5b');
  check('xxh3-64 ""', h(x.xxh3.xxh64('')), '2d06800538d394c2');
  check('xxh3-64 "a"', h(x.xxh3.xxh64('a')), 'e6c632b61e964e1f');
  check('xxh3-128 ""', h(x.xxh3.xxh128('')), '99aa06d3014798d86001c324468d497f');
  const inputs = [0, 1, 3, 4, 8, 16, 17, 128, 129, 240, 241, 1024, 4096, 100000].map((n) => pattern(n, n + 1));
  const table = inputs.map((b, i) => [b.length, h(x.xxh32(b, 17)), h(x.xxh64(b, 17n)), h(x.xxh3.xxh64(b, 17n)), h(x.xxh3.xxh128(b, 17n))]);
  const digest = require('node:crypto').createHash('sha256').update(JSON.stringify(table)).digest('hex');
  check('seeded hashes over 14 lengths (sha256 of the table)', digest, '02b0884d3ed4126531dc3a45c8477362120f0bb8766ff9f896ce1f3f9210b4b3');
  const secret = pattern(192, 5);
  check('xxh3-64 with secret', h(x.xxh3.xxh64WithSecret(pattern(1000, 3), secret)), '7b3b8912be33a3f0');
  check('xxh3-128 with secret', h(x.xxh3.xxh128WithSecret(pattern(1000, 3), secret)), 'e45f4c05dca2b85c7b3b8912be33a3f0');
} else if (mode === 'streaming') {
  const data = pattern(16 << 20, 77);
  const a = new x.Xxh32(0), b = new x.Xxh64(0n), c = x.xxh3.Xxh3.withSeed(0n);
  let off = 0, step = 1;
  while (off < data.length) { const n = Math.min(step, data.length - off); const v = data.subarray(off, off + n); a.update(v); b.update(v); c.update(v); off += n; step = (step * 13 + 5) % 262147; }
  check('Xxh32 streaming == one shot', h(a.digest()), h(x.xxh32(data, 0)));
  check('Xxh64 streaming == one shot', h(b.digest()), h(x.xxh64(data, 0n)));
  check('Xxh3 streaming == one shot', h(c.digest()), h(x.xxh3.xxh64(data, 0n)));
  check('values', [h(x.xxh32(data, 0)), h(x.xxh64(data, 0n)), h(x.xxh3.xxh64(data, 0n))], ['a90baf5', '5ea281e7411e7ee6', 'a390456fd981e7c1']);
  b.reset(); b.update('abc'); check('reset then reuse', h(b.digest()), h(x.xxh64('abc')));
} else { console.log('usage: xxhash-test.js vectors|streaming'); process.exit(2); }
finish(`xxhash ${mode}`);
