'use strict';
// Loads @node-rs/crc32's native module (the .node in ./package) and checks it.
//   node crc32-test.js vectors : published check values, seeds, strings vs buffers, all lengths 0..1024
//   node crc32-test.js bulk    : 32 MiB in uneven chunks, crc32 against zlib.crc32 and crc32c against a table
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const { crc32, crc32c } = require(path.resolve('package', file));

const { check, finish } = require('./tap.js');
const hex = (n) => (n >>> 0).toString(16).padStart(8, '0');
const T = new Uint32Array(256); // reference CRC-32C (Castagnoli), reflected 0x82F63B78
for (let i = 0; i < 256; i++) { let c = i; for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1; T[i] = c >>> 0; }
function refCrc32c(buf, crc = 0) { crc = ~crc >>> 0; for (let i = 0; i < buf.length; i++) crc = (T[(crc ^ buf[i]) & 0xff] ^ (crc >>> 8)) >>> 0; return ~crc >>> 0; }
function pattern(n, seed) { const b = Buffer.alloc(n); let x = seed; for (let i = 0; i < n; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; b[i] = x; } return b; }

const mode = process.argv[2];
if (mode === 'vectors') {
  check('crc32 "123456789"', hex(crc32('123456789')), 'cbf43926');
  check('crc32c "123456789"', hex(crc32c('123456789')), 'e3069283');
  check('crc32 empty', hex(crc32(Buffer.alloc(0))), '00000000');
  check('crc32c 32 zero bytes (RFC 3720)', hex(crc32c(Buffer.alloc(32))), '8a9136aa');
  check('crc32c 32 0xff bytes (RFC 3720)', hex(crc32c(Buffer.alloc(32, 0xff))), '62a8ab43');
  check('crc32c 0..31 ascending (RFC 3720)', hex(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i)))), '46dd794e');
  check('crc32 fox', hex(crc32('The quick brown fox jumps over the lazy dog')), '414fa339');
  check('string == utf8 buffer', crc32('h\u00e9llo \u4e16\u754c') === crc32(Buffer.from('h\u00e9llo \u4e16\u754c')), true);
  check('crc32 with initial state continues', hex(crc32('56789', crc32('1234'))), 'cbf43926');
  check('crc32c with initial state continues', hex(crc32c('56789', crc32c('1234'))), 'e3069283');
  const data = pattern(1024, 99);
  let bad32 = [], bad32c = [];
  for (let n = 0; n <= 1024; n++) {
    const s = data.subarray(0, n);
    if (crc32(s) >>> 0 !== zlib.crc32(s) >>> 0) bad32.push(n);
    if (crc32c(s) >>> 0 !== refCrc32c(s)) bad32c.push(n);
  }
  check('crc32 matches zlib for lengths 0..1024', bad32, []);
  check('crc32c matches table for lengths 0..1024', bad32c, []);
  // unaligned views into a larger buffer
  const big = pattern(4096, 7); const mis = [];
  for (let off = 0; off < 16; off++) { const v = big.subarray(off, off + 3001); if (crc32c(v) >>> 0 !== refCrc32c(v)) mis.push(off); }
  check('unaligned views', mis, []);
} else if (mode === 'bulk') {
  const data = pattern(32 << 20, 2024);
  const z = zlib.crc32(data) >>> 0;
  check('crc32 32 MiB one shot == zlib', hex(crc32(data)), hex(z));
  let s = 0, off = 0, step = 1;
  while (off < data.length) { const n = Math.min(step, data.length - off); s = crc32(data.subarray(off, off + n), s); off += n; step = (step * 7 + 3) % 1000003; }
  check('crc32 uneven chunks == one shot', hex(s), hex(z));
  const c = crc32c(data) >>> 0;
  check('crc32c 32 MiB == table', hex(c), hex(refCrc32c(data)));
  check('crc32c value', hex(c), '02c1439c');
  check('crc32 value', hex(z), 'acb3b561');
} else { console.log('usage: crc32-test.js vectors|bulk'); process.exit(2); }
finish(`crc32 ${mode}`);
