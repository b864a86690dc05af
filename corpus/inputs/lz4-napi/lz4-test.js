'use strict';
// Loads lz4-napi's native module (lz4_flex; the .node in ./package) and checks it.
//   node lz4-test.js sync  : block and frame formats decoded from bytes assembled here by the LZ4 block
//       and frame specifications (xxHash32 header and content checksums computed by this script), the
//       frames the module writes parsed back, round trips of 10 inputs, dictionaries, corrupt input
//   node lz4-test.js async : 64 concurrent compress/uncompress promises and 16 frame round trips on the
//       libuv thread pool; a corrupt input rejects
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const lz4 = require(path.resolve('package', file));

const { check, attempt, finish } = require('./tap.js');
const sha = (b) => crypto.createHash('sha256').update(b).digest('hex').slice(0, 16);
const hex = (s) => Buffer.from(s.replace(/ /g, ''), 'hex');
function pattern(n, seed) { const b = Buffer.alloc(n); let x = seed; for (let i = 0; i < n; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; b[i] = x; } return b; }
function text(n) { const w = ['lz4', 'frame', 'block', 'literal', 'match', 'offset', 'arm64', 'wine']; let x = 1, out = ''; while (out.length < n) { x = (x * 1103515245 + 12345) >>> 0; out += w[(x >>> 16) % w.length] + ' '; } return Buffer.from(out.slice(0, n)); }

// xxHash32 (the frame format's checksum), from its specification
const P1 = 2654435761, P2 = 2246822519, P3 = 3266489917, P4 = 668265263, P5 = 374761393;
const mul = (a, b) => Math.imul(a, b) >>> 0; const rotl = (x, r) => ((x << r) | (x >>> (32 - r))) >>> 0;
function xxh32(buf, seed = 0) {
  let i = 0, h; const n = buf.length; const u32 = (k) => buf.readUInt32LE(k);
  if (n >= 16) {
    let v1 = (seed + P1 + P2) >>> 0, v2 = (seed + P2) >>> 0, v3 = seed >>> 0, v4 = (seed - P1) >>> 0;
    const round = (v, k) => mul(rotl((v + mul(k, P2)) >>> 0, 13), P1);
    for (; i + 16 <= n; i += 16) { v1 = round(v1, u32(i)); v2 = round(v2, u32(i + 4)); v3 = round(v3, u32(i + 8)); v4 = round(v4, u32(i + 12)); }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) >>> 0;
  } else h = (seed + P5) >>> 0;
  h = (h + n) >>> 0;
  for (; i + 4 <= n; i += 4) h = mul(rotl((h + mul(u32(i), P3)) >>> 0, 17), P4);
  for (; i < n; i++) h = mul(rotl((h + mul(buf[i], P5)) >>> 0, 11), P1);
  h ^= h >>> 15; h = mul(h, P2); h ^= h >>> 13; h = mul(h, P3); h ^= h >>> 16;
  return h >>> 0;
}
const le32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; };
// A frame by the specification: magic, FLG (version 01, independent blocks, content checksum flag),
// BD (64 KiB blocks), HC = second byte of xxh32(FLG BD); blocks [size|0x80000000 when stored raw];
// EndMark; xxh32 of the content.
function frame(blocks, content, { checksum = true, badHC = false, badSum = false } = {}) {
  const desc = Buffer.from([0x60 | (checksum ? 0x04 : 0), 0x40]);
  const hc = ((xxh32(desc) >>> 8) & 0xff) ^ (badHC ? 1 : 0);
  const parts = [hex('04224d18'), desc, Buffer.from([hc])];
  for (const [raw, data] of blocks) parts.push(le32(data.length | (raw ? 0x80000000 : 0)), data);
  parts.push(le32(0));
  if (checksum) parts.push(le32(xxh32(content) ^ (badSum ? 1 : 0)));
  return Buffer.concat(parts);
}
function parseFrame(b) { // what the module writes: header fields and the content checksum
  const flg = b[4], bd = b[5];
  const out = { magic: b.subarray(0, 4).toString('hex'), version: flg >> 6, blockIndep: !!(flg & 0x20), blockSum: !!(flg & 0x10), contentSize: !!(flg & 0x08), contentSum: !!(flg & 0x04), hcOk: b[6] === ((xxh32(b.subarray(4, 6)) >>> 8) & 0xff), blockMax: (bd >> 4) & 7 };
  let off = 7; if (flg & 0x08) off += 8; const chunks = []; let sumsOk = true;
  for (;;) { const sz = b.readUInt32LE(off); off += 4; if (sz === 0) break; const len = sz & 0x7fffffff; const data = b.subarray(off, off + len); chunks.push([!!(sz & 0x80000000), len]); off += len; if (flg & 0x10) { if (b.readUInt32LE(off) !== xxh32(data)) sumsOk = false; off += 4; } }
  out.blocks = chunks.length; out.blockSumsOk = sumsOk;
  if (flg & 0x04) { out.storedSum = b.readUInt32LE(off); off += 4; }
  out.trailing = b.length - off;
  return out;
}

(async () => {
  const mode = process.argv[2];
  if (mode === 'sync') {
    // xxHash32 published values, so the frames below are checked with a correct checksum
    check('xxh32 test vectors ("", "a", "abc", 32 bytes)', [xxh32(Buffer.alloc(0)), xxh32(Buffer.from('a')), xxh32(Buffer.from('abc')), xxh32(Buffer.from('Nobody inspects the spammish repetition'))].map((v) => v.toString(16)), ['2cc5d05', '550d7456', '32d153ff', 'e2293b2f']);
    // Blocks (the module's block API prepends the uncompressed size, 4 bytes little-endian).
    // token = literal length << 4 | (match length - 4); offset 2 bytes LE; the last sequence is literals only.
    const hello = hex('17000000' + '67' + Buffer.from('hello ').toString('hex') + '0600' + '60' + Buffer.from(' hello').toString('hex'));
    check('uncompressSync of a hand-built block (one match at offset 6)', lz4.uncompressSync(hello).toString(), 'hello hello hello hello');
    const rle = hex('28000000' + '1f' + '61' + '0100' + '0e' + '60' + '616161616161'); // 1 literal, match 15+14+4=33 at offset 1 (overlapping), 6 literals
    check('uncompressSync: overlapping match with an extra length byte', lz4.uncompressSync(rle).toString(), 'a'.repeat(40));
    check('compressSync("hello hello hello hello") is that same block', lz4.compressSync('hello hello hello hello').toString('hex'), hello.toString('hex'));
    check('compressSync of empty and one byte', [lz4.compressSync('').toString('hex'), lz4.compressSync('a').toString('hex')], ['0000000000', '010000001061']);
    // Frames built here
    const content = Buffer.from('frame one: stored raw. frame two: hello hello hello hello');
    const b1 = Buffer.from('frame one: stored raw. frame two: ');
    const b2 = hello.subarray(4); // the compressed block above, without the size prefix
    check('decompressFrameSync of a frame built by the spec (raw + compressed block, checksum)', lz4.decompressFrameSync(frame([[true, b1], [false, b2]], content)).toString(), content.toString());
    check('frame without content checksum', lz4.decompressFrameSync(frame([[true, b1]], b1, { checksum: false })).toString(), b1.toString());
    check('frame with a wrong content checksum is rejected', (() => { try { lz4.decompressFrameSync(frame([[true, b1], [false, b2]], content, { badSum: true })); return 'accepted'; } catch (e) { return 'threw'; } })(), 'threw');
    check('frame with a wrong header checksum is rejected', (() => { try { lz4.decompressFrameSync(frame([[true, b1]], b1, { badHC: true })); return 'accepted'; } catch (e) { return 'threw'; } })(), 'threw');
    // Frames the module writes, parsed here
    const big = Buffer.concat([text(450000), pattern(150000, 5)]);
    const f1 = lz4.compressFrameSync(big, { contentChecksum: true, blockChecksums: true });
    const p1 = parseFrame(f1);
    check('compressFrameSync header: magic, version 1, checksum flags, valid HC', [p1.magic, p1.version, p1.blockSum, p1.contentSum, p1.hcOk], ['04224d18', 1, true, true, true]);
    check('compressFrameSync: block checksums and content checksum are xxh32', [p1.blockSumsOk, p1.storedSum === xxh32(big), p1.trailing], [true, true, 0]);
    const maxBytes = 1 << (8 + 2 * p1.blockMax); // BD codes 4..7: 64 KiB, 256 KiB, 1 MiB, 4 MiB
    check('BD block size code valid, as many blocks as it needs', [p1.blockMax >= 4 && p1.blockMax <= 7, p1.blocks === Math.ceil(big.length / maxBytes)], [true, true]);
    const p2 = parseFrame(lz4.compressFrameSync(big, { contentChecksum: false, blockChecksums: false }));
    check('options off: no checksums', [p2.blockSum, p2.contentSum, p2.storedSum, p2.trailing], [false, false, undefined, 0]);
    check('frame round trip', lz4.decompressFrameSync(f1).equals(big), true);
    // Round trips and the compressed bytes
    const inputs = [Buffer.alloc(0), Buffer.from('a'), Buffer.alloc(100000, 0), pattern(70000, 3), text(1 << 20), text(65536), Buffer.concat([text(30000), pattern(30000, 9), text(30000)]), Buffer.from('\u00e9\u4e16'.repeat(5000)), pattern(65535, 11), Buffer.alloc(300000, 0xab)];
    const res = inputs.map((b) => { const c = lz4.compressSync(b); return [b.length, c.readUInt32LE(0), lz4.uncompressSync(c).equals(b), sha(c)]; });
    check('round trips (length, size prefix, equal)', res.map((r) => r.slice(0, 3)), inputs.map((b) => [b.length, b.length, true]));
    check('100000 zero bytes compress below 1 KiB', lz4.compressSync(inputs[2]).length < 1024, true);
    check('compressed bytes (sha256 prefixes)', res.map((r) => r[3]), ['8855508aade16ec5', '74277ba2d53058c8', 'c308f429fec490ad', 'c4e584cbb2a3b6ca', 'fd778ec79b3f2c23', 'f64e8ca5589702fd', 'ad04a0e26e6f3a7f', '89cc828a3f979977', '2e0aa6becc735e2c', '927469f7bc15fa93']);
    check('string input is UTF-8', lz4.uncompressSync(lz4.compressSync('str\u00e9\u4e16')).toString('hex'), Buffer.from('str\u00e9\u4e16').toString('hex'));
    const dict = text(4000); const msg = Buffer.concat([text(3000).subarray(1000), Buffer.from(' tail')]);
    const withDict = lz4.compressSync(msg, dict);
    check('dictionary round trip, smaller than without', [lz4.uncompressSync(withDict, dict).equals(msg), withDict.length < lz4.compressSync(msg).length], [true, true]);
    check('dictionary-compressed data without the dictionary is rejected', (() => { try { return lz4.uncompressSync(withDict).equals(msg) ? 'same' : 'different'; } catch (e) { return 'threw'; } })(), 'threw');
    check('corrupt block rejected', (() => { try { lz4.uncompressSync(hex('ff00000011')); return 'accepted'; } catch (e) { return e.message; } })(), 'literal is out of bounds of the input');
  } else if (mode === 'async') {
    const jobs = [];
    for (let i = 0; i < 64; i++) { const b = i % 2 ? text(20000 + i * 997) : pattern(20000 + i * 997, i + 1); jobs.push(lz4.compress(b).then((c) => lz4.uncompress(c)).then((d) => [i, d.length, d.equals(b)])); }
    const out = await Promise.all(jobs);
    check('64 concurrent round trips', out.filter((r) => !r[2]).map((r) => r[0]), []);
    check('total bytes', out.reduce((a, r) => a + r[1], 0), 64 * 20000 + 997 * (63 * 64 / 2));
    const fr = await Promise.all(Array.from({ length: 16 }, (_, i) => { const b = text(70000 + i * 4099); return lz4.compressFrame(b, { contentChecksum: true }).then((f) => { const ok = f.readUInt32LE(f.length - 4) === xxh32(b); return lz4.decompressFrame(f).then((d) => ok && d.equals(b)); }); }));
    check('16 concurrent frame round trips with content checksums', fr.every(Boolean), true);
    const dict = text(2000);
    await attempt('async with a dictionary', true, async () => { const m = text(5000); return (await lz4.uncompress(await lz4.compress(m, dict), dict)).equals(m); });
    check('async corrupt input rejects', await lz4.uncompress(hex('ff00000011')).then(() => 'resolved', () => 'rejected'), 'rejected');
    check('async corrupt frame rejects', await lz4.decompressFrame(hex('04224d18 6440 00 05000000')).then(() => 'resolved', () => 'rejected'), 'rejected');
  } else { console.log('usage: lz4-test.js sync|async'); process.exit(2); }
  finish(`lz4 ${mode}`);
})();
