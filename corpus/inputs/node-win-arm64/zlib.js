'use strict';
// Compression: decode fixtures made by other tools (Python's gzip, the zstd CLI), round trips
// through gzip/deflate/brotli/zstd (sync, async and streaming), crc32. Only checks what must be
// identical everywhere (decompressed bytes, checksums), not compressed sizes. Exits 1 on a wrong result.
const zlib = require('node:zlib');
const crypto = require('node:crypto');
const { pipeline } = require('node:stream/promises');
const { Readable, Writable } = require('node:stream');
const { promisify } = require('node:util');

const { check, finish } = require('./tap.js');
const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');

// 300 lines, gzip-compressed by Python's gzip module (mtime 0).
const GZ = 'H4sIAAAAAAACA5WZWY4cNxAF/3WKuoCB4quFrL7NaGZkjyFbhiFDhk9v1c4F6Mjkd/Cno0hkM358e/nl9dsff7187/77+vG5+/Lx7/d//n7vvn78+d71j+7Tj2dAeHSfnxN6dK+vz5Hh0b29vT1nxkf3/nM9h6ZH92Vdz6n50f26redYfHS/7es5lx7dx7Geg8uj+/1c8Kv+/N1frgXsquBeAG827gX0LuZegB+O7gX8qetesOEydy/YEfEDXvUBsomDr3w3BtChCqjTEWCXHOBuKwBmOoDMPQB6nyI8SMpOEh4m5acJD9RQHCgUNZRnCpUN1bFCeUN9slDjMNKXPKz+ANnEAbMbA+hQBdTpCK72Sw5wtxUAMx1A5h4ALW43YMubDeDqVgO6OFAoaizPFCobq2OF8qb6ZKHGKdCXPK3+ANnEAbMbA+hQBdTpCLBLDnC3FQAzHTDU5B4ALW43YMubDeDqVgO6HhcAb6YF4NthATbUJws1zom+5Hn1B2PmJg6Y3RhAhyqgTkeAXXKAu60AmOkAMvcAaHG7AVvebDDTV7ca0PW4AHgzLQDfDguwoRnESWOa6EtOqz9ANnHA7MYAOlTB36nTEWCXHOBuKwBmOoDMPQBa3G7AljcbwNWtBnQ9LgDeTAv0v7adFmhHM4rjf9xe+KevXx0Ss9kjaPdG1GGMsNMVcZclAm8/9IiQiSE0N0JscdURXN5zRFeXHOH1+EB8Mz7QhnZ8oB3NbI5C16cIeuFZTRKzKSRod0fUIY2w0xZxlyYCbz9EZmIIzY0QW9x99JBW3ntEV3ce4fU8QXwzT9CGdp6gHe3THgld3yYIWU0SsykkaHdHz5mHNMJOW8Rdmgi8/RCZiSE0N0JscfcRXN57RFd3HuH1gEEvys18QRva8YJ2tG99JHR9rCBkNUnMppCg3R1RhzTCTlvEXZroAf/2Q2QmhtDcCLHF3Udwee8RXd15hNcDBvHNfEEb2vGCdrSPfyQ0ciGM3AhDNFTCEC2dMERTKQzR1gpDNNbCEK29MERzMQzR0QyTJxomVzVMvmyYnN0wecNhcpfD5E+HydAODfEwGephWCz5MCymfhgWW0AMi7EghsWaEMNibohhsUfEsDgqYlg8GTEsro6o3hcS1TtLonpvSlTvbonqMSaq55qo3pAT1Vt6onpTUFRvK4oKxqSoYG2KCuaoqGCvigqOrKjg6YoKrrCo4CuLCs60qOBti5I7LkpYFyXOi5KhL0qWwCiZCqNkS4ySsTFK1sgomSujBntm1ODojBo8oVGDqzRq8KVGDc7WqMEbGzW4a6MGzI0auDdqNARHjZbiqNGUHDXamqNGY3TUaK2OGs3ZUaO9O2p0hEeNnvKoyZUeNfnaoyZnfNTkrY+a3PlRE/ZHTRwgNRkKpCZLgtRkapCabRFSs7FCarZmSM3mDqnZHiI1O0qkZk+K1OxqkZp9MVKzs0YqemukortGKmKNVOQaqWiokYqWGqloqpGKthqpaKyRitYaqWSukUr2GqnkqJFKnhqp5KqRSr4aqeSskUreGqnkrpFKWCO1cI3UYqiRWiw1UoupRmqx1UgtxhqpxVojtZhrpBZ7jVT5jPHpf+R6sZXVMQAA';
// 40 lines, compressed by the zstd command-line tool at level 19.
const ZST = 'KLUv/WSgBG0BAEQCenN0ZCBmaXh0dXJlIGZyb20gdGhlIHJlZmVyZW5jZSBDTEkKAQDM6/zqCeOBzQk=';

function corpusText() { // ~200 KB of word-like deterministic text
  const words = ['arm64', 'wine', 'qemu', 'portable', 'executable', 'loader', 'thread', 'socket', 'deflate', 'window', 'kernel', 'registry'];
  let x = 12345, out = [];
  for (let i = 0; i < 30000; i++) { x = (x * 1103515245 + 12345) >>> 0; out.push(words[(x >>> 16) % words.length]); if (i % 13 === 12) out.push('\n'); }
  return Buffer.from(out.join(' '));
}

async function main() {
  const fx = zlib.gunzipSync(Buffer.from(GZ, 'base64'));
  check('gunzip python fixture', [fx.length, sha(fx)], [12757, '02f56185d66ddd6a895557fcffecae18097f9baa9319bbacbf41936238439378']);
  if (typeof zlib.zstdDecompressSync === 'function') {
    const z = zlib.zstdDecompressSync(Buffer.from(ZST, 'base64'));
    check('zstd cli fixture', [z.length, sha(z)], [1440, '34a78182d378411256378feab2e8e5fc597b28af427ec067e1057adf6837bc0e']);
  } else { check('zstd available', false, true); }
  check('crc32 "123456789"', (zlib.crc32('123456789') >>> 0).toString(16), 'cbf43926');

  const text = corpusText();
  const h = sha(text);
  check('input text', [text.length, h], [223980, 'aeb85753b62cffe282fcb4e2494212d037e6c8c305aa8f47fe185b9acf80ce90']);
  const rt = [
    ['gzip level 9', (b) => zlib.gzipSync(b, { level: 9 }), zlib.gunzipSync],
    ['deflate level 1', (b) => zlib.deflateSync(b, { level: 1 }), zlib.inflateSync],
    ['deflateRaw', zlib.deflateRawSync, zlib.inflateRawSync],
    ['brotli q11', (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }), zlib.brotliDecompressSync],
  ];
  if (typeof zlib.zstdCompressSync === 'function') rt.push(['zstd', zlib.zstdCompressSync, zlib.zstdDecompressSync]);
  for (const [name, comp, decomp] of rt) {
    const c = comp(text);
    const d = decomp(c);
    check(`${name} round trip`, [d.length, sha(d) === h, c.length < text.length / 3], [text.length, true, true]);
  }
  const ag = await promisify(zlib.gzip)(text);
  check('async gzip -> gunzip', sha(await promisify(zlib.gunzip)(ag)), h);
  check('unzip autodetects', sha(zlib.unzipSync(zlib.deflateSync(text))), h);

  // Streaming: 64 KiB pieces through createGzip -> createGunzip.
  const pieces = []; for (let i = 0; i < text.length; i += 65536) pieces.push(text.subarray(i, i + 65536));
  const outChunks = [];
  await pipeline(Readable.from(pieces), zlib.createGzip(), zlib.createGunzip(), new Writable({ write(c, e, cb) { outChunks.push(c); cb(); } }));
  check('stream gzip|gunzip', sha(Buffer.concat(outChunks)), h);
  const bOut = [];
  await pipeline(Readable.from(pieces), zlib.createBrotliCompress(), zlib.createBrotliDecompress(), new Writable({ write(c, e, cb) { bOut.push(c); cb(); } }));
  check('stream brotli', sha(Buffer.concat(bOut)), h);

  // Corrupt input must fail cleanly.
  const broken = Buffer.from(zlib.gzipSync(text)); broken[broken.length - 6] ^= 0xff;
  check('corrupt gzip rejected', (() => { try { zlib.gunzipSync(broken); return 'accepted'; } catch (e) { return e.code; } })(), 'Z_DATA_ERROR');

  finish('zlib');
}
main().catch((e) => { check('no exception', String(e && e.stack || e), 'none'); finish('exception'); });
