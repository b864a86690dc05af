'use strict';
// Loads @napi-rs/image's native module (the .node in ./package) and checks it on an image the
// script paints itself (raw RGBA pixels), comparing pixels, never encoded bytes.
//   node image-test.js codecs    : encode/decode PNG, BMP, TIFF, ICO, PAM, lossless WebP (exact
//                                  pixels), JPEG, lossy WebP, AVIF (close to the painted pixels),
//                                  oxipng; PNG and BMP files the script writes, and the module's
//                                  PNG read back by a PNG decoder in this script (node's zlib)
//   node image-test.js transform : resize (nearest, the SIMD fastResize box), filters on a flat
//                                  image, crop, rotate, invert, grayscale, brighten, overlay, blur
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const { Transformer, ResizeFilterType, FastResizeFilter, Orientation, CompressionType, FilterType, losslessCompressPngSync, compressJpegSync } = require(path.resolve('package', file));
const { check, attempt, finish } = require('./tap.js');

// The painted image: 4x4 tiles, each tile's colour from its position; alpha 255 except a band
// of rows 40..47 where it steps with the tile column (so formats must keep alpha).
const W = 64, H = 48;
const tile = (x, y) => [(x >> 2) * 16, (y >> 2) * 20, ((x >> 2) + (y >> 2)) & 1 ? 200 : 30, y >= 40 ? 255 - (x >> 2) * 8 : 255];
function paint(w, h, f) { const b = Buffer.alloc(w * h * 4); for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) b.set(f(x, y), (y * w + x) * 4); return b; }
const P = paint(W, H, tile);
// Opaque tiles (colours wrap at 256) for fastResize, which works on premultiplied alpha, and a
// smooth opaque gradient for the lossy codecs (hard tile edges are what they are allowed to blur).
const tileO = (x, y) => [((x >> 2) * 16) & 255, ((y >> 2) * 20) & 255, ((x >> 2) + (y >> 2)) & 1 ? 200 : 30, 255];
const G = paint(W, H, (x, y) => [x * 4, y * 5, 128, 255]);
const T = () => Transformer.fromRgbaPixels(P, W, H);
const decode = (buf) => { const t = new Transformer(buf); const m = t.metadataSync(); return { w: m.width, h: m.height, format: m.format, px: t.rawPixelsSync(), colorType: m.colorType }; };
const toRgba = (d) => { // L8 (0), La8 (1), Rgb8 (2) or Rgba8 (3) to RGBA
  const n = d.w * d.h, out = Buffer.alloc(n * 4), ch = [1, 2, 3, 4][d.colorType];
  for (let i = 0; i < n; i++) { const s = d.px.subarray(i * ch, i * ch + ch); out.set(ch <= 2 ? [s[0], s[0], s[0], ch === 2 ? s[1] : 255] : [s[0], s[1], s[2], ch === 4 ? s[3] : 255], i * 4); }
  return out;
};
const diffCount = (a, b) => { if (a.length !== b.length) return `length ${a.length} != ${b.length}`; let n = 0; for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++; return n; };
const meanErr = (a, b, opaqueOnly) => { let s = 0, n = 0; for (let i = 0; i < a.length; i += 4) { if (opaqueOnly && b[i + 3] !== 255) continue; for (let k = 0; k < 3; k++) { s += Math.abs(a[i + k] - b[i + k]); n++; } } return s / n; };
const threw = (fn) => { try { return fn(); } catch (e) { return `threw ${e.message}`; } };

// A PNG decoder for 8-bit RGBA, non-interlaced (what the module writes for an RGBA image).
function readPng(buf) {
  if (buf.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  let off = 8, w, h, idat = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off), type = buf.toString('latin1', off + 4, off + 8), data = buf.subarray(off + 8, off + 8 + len);
    if (zlib.crc32(buf.subarray(off + 4, off + 8 + len)) >>> 0 !== buf.readUInt32BE(off + 8 + len)) throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') { w = data.readUInt32BE(0); h = data.readUInt32BE(4); if (data[8] !== 8 || data[9] !== 6 || data[12] !== 0) throw new Error(`IHDR ${data.toString('hex')}`); }
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat)), stride = w * 4, out = Buffer.alloc(h * stride);
  for (let y = 0; y < h; y++) {
    const ft = raw[y * (stride + 1)], line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? out[y * stride + i - 4] : 0, b = y ? out[(y - 1) * stride + i] : 0, c = y && i >= 4 ? out[(y - 1) * stride + i - 4] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][ft];
      out[y * stride + i] = (line[i] + pred) & 255;
    }
  }
  return { w, h, px: out };
}
// A PNG encoder: row filters 0..4 in turn, so the module's decoder meets each of them.
function writePng(px, w, h) {
  const stride = w * 4, rows = [];
  for (let y = 0; y < h; y++) {
    const ft = y % 5, row = Buffer.alloc(stride + 1); row[0] = ft;
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? px[y * stride + i - 4] : 0, b = y ? px[(y - 1) * stride + i] : 0, c = y && i >= 4 ? px[(y - 1) * stride + i - 4] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][ft];
      row[i + 1] = (px[y * stride + i] - pred) & 255;
    }
    rows.push(row);
  }
  const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type, 'latin1'), data]); const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32(td) >>> 0); return Buffer.concat([len, td, crc]); };
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}
// A 24-bit bottom-up BMP (rows padded to 4 bytes; 64*3 needs none, so use a 61-wide crop).
function writeBmp(px, w, h) {
  const stride = (w * 3 + 3) & ~3, size = 54 + stride * h, b = Buffer.alloc(size);
  b.write('BM', 0, 'latin1'); b.writeUInt32LE(size, 2); b.writeUInt32LE(54, 10); b.writeUInt32LE(40, 14);
  b.writeInt32LE(w, 18); b.writeInt32LE(h, 22); b.writeUInt16LE(1, 26); b.writeUInt16LE(24, 28); b.writeUInt32LE(stride * h, 34);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { const s = (y * w + x) * 4, d = 54 + (h - 1 - y) * stride + x * 3; b[d] = px[s + 2]; b[d + 1] = px[s + 1]; b[d + 2] = px[s]; }
  return b;
}

async function main() {
  const mode = process.argv[2];
  if (mode === 'codecs') {
    check('rawPixels of fromRgbaPixels', diffCount(T().rawPixelsSync(), P), 0);
    // Lossless formats: what the module writes, it reads back pixel for pixel.
    for (const [name, enc, format] of [['png', (t) => t.pngSync(), 'png'], ['bmp', (t) => t.bmpSync(), 'bmp'], ['tiff', (t) => t.tiffSync(), 'tiff'],
      ['ico', (t) => t.icoSync(), 'ico'], ['pam', (t) => t.pnmSync(), 'pnm'], ['webp lossless', (t) => t.webpLosslessSync(), 'webp']]) {
      const d = decode(enc(T()));
      check(`${name} round trip`, { w: d.w, h: d.h, format: d.format, differing: diffCount(toRgba(d), P) }, { w: W, h: H, format, differing: 0 });
    }
    for (const [name, o] of [['png best + paeth', { compressionType: CompressionType.Best, filterType: FilterType.Paeth }],
      ['png fast + no filter', { compressionType: CompressionType.Fast, filterType: FilterType.NoFilter }], ['png adaptive', { filterType: FilterType.Adaptive }]]) {
      check(`${name} round trip`, diffCount(decode(T().pngSync(o)).px, P), 0);
    }
    // The module's PNG, read by this script's decoder; this script's PNG and BMP, read by the module.
    const mine = readPng(T().pngSync());
    check('module PNG read by script', { w: mine.w, h: mine.h, differing: diffCount(mine.px, P) }, { w: W, h: H, differing: 0 });
    const theirs = decode(writePng(P, W, H));
    check('script PNG (filters 0-4) read by module', { w: theirs.w, h: theirs.h, format: theirs.format, differing: diffCount(theirs.px, P) }, { w: W, h: H, format: 'png', differing: 0 });
    const Q = paint(61, 40, tile); // opaque rows only; 61*3 = 183 bytes a row, so padded
    const bmp = decode(writeBmp(Q, 61, 40));
    check('script BMP (padded rows) read by module', { w: bmp.w, h: bmp.h, format: bmp.format, differing: diffCount(toRgba(bmp), Q) }, { w: 61, h: 40, format: 'bmp', differing: 0 });
    // oxipng: smaller or equal, same pixels.
    const png = T().pngSync(), opt = losslessCompressPngSync(png);
    check('oxipng keeps pixels', diffCount(toRgba(decode(opt)), P), 0);
    check('oxipng not larger', opt.length <= png.length, true);
    // Lossy formats on the gradient: same size, colours close to the painted ones (mean error per channel).
    const TG = () => Transformer.fromRgbaPixels(G, W, H);
    for (const [name, enc, format] of [['jpeg q90', (t) => t.jpegSync(90), 'jpeg'], ['webp q90', (t) => t.webpSync(90), 'webp'],
      ['avif q90', (t) => t.avifSync({ quality: 90, speed: 10 }), 'avif']]) {
      const d = decode(enc(TG()));
      check(`${name} decodes to the painted size`, { w: d.w, h: d.h, format: d.format }, { w: W, h: H, format });
      check(`${name} mean error < 4`, meanErr(toRgba(d), G) < 4, true);
    }
    const jpg = TG().jpegSync(95), small = compressJpegSync(jpg, { quality: 60 });
    const dj = decode(small);
    check('compressJpeg (mozjpeg) size and closeness', { w: dj.w, h: dj.h, smaller: small.length < jpg.length, close: meanErr(toRgba(dj), G) < 6 }, { w: W, h: H, smaller: true, close: true });
    check('garbage is not an image', threw(() => new Transformer(Buffer.from('not an image at all')).metadataSync()).startsWith('threw '), true);
    await attempt('png + rawPixels (async)', 0, async () => diffCount(await new Transformer(await T().png()).rawPixels(), P));
    await attempt('metadata (async)', { width: W, height: H, format: 'webp' }, async () => { const m = await new Transformer(T().webpLosslessSync()).metadata(); return { width: m.width, height: m.height, format: m.format }; });
  } else if (mode === 'transform') {
    const px = (t) => new Transformer(t.pngSync()).rawPixelsSync();
    // Halving 4x4 tiles: every output pixel lies in one tile whatever the sampling position.
    const half = paint(32, 24, (x, y) => tile(2 * x, 2 * y));
    check('resize nearest 64x48 -> 32x24', diffCount(px(T().resize(32, 24, ResizeFilterType.Nearest)), half), 0);
    check('resize options object, width only', (() => { const t = new Transformer(T().resize({ width: 32, filter: ResizeFilterType.Nearest }).pngSync()).metadataSync(); return [t.width, t.height]; })(), [32, 24]);
    check('fastResize box 64x48 -> 32x24', diffCount(px(Transformer.fromRgbaPixels(paint(W, H, tileO), W, H).fastResize({ width: 32, height: 24, filter: FastResizeFilter.Box })), paint(32, 24, (x, y) => tileO(2 * x, 2 * y))), 0);
    const bigW = 1024, bigH = 768, big = paint(bigW, bigH, tileO);
    check('fastResize box 1024x768 -> 512x384', diffCount(px(Transformer.fromRgbaPixels(big, bigW, bigH).fastResize({ width: 512, height: 384, filter: FastResizeFilter.Box })), paint(512, 384, (x, y) => tileO(2 * x, 2 * y))), 0);
    check('resize nearest 1024x768 -> 256x192', diffCount(px(Transformer.fromRgbaPixels(big, bigW, bigH).resize(256, 192, ResizeFilterType.Nearest)), paint(256, 192, (x, y) => tileO(4 * x, 4 * y))), 0);
    // A flat image stays flat under every (normalised) filter kernel.
    const flat = paint(40, 40, () => [200, 100, 50, 255]), flat17 = paint(17, 17, () => [200, 100, 50, 255]);
    const F = () => Transformer.fromRgbaPixels(flat, 40, 40);
    check('resize filters on a flat image', ['Triangle', 'CatmullRom', 'Gaussian', 'Lanczos3'].filter((f) => diffCount(px(F().resize(17, 17, ResizeFilterType[f])), flat17) !== 0), []);
    check('fastResize filters on a flat image', ['Bilinear', 'Hamming', 'CatmullRom', 'Mitchell', 'Lanczos3'].filter((f) => diffCount(px(F().fastResize({ width: 17, height: 17, filter: FastResizeFilter[f] })), flat17) !== 0), []);
    check('blur a flat image', diffCount(px(F().blur(2.5)), flat), 0);
    // Geometry.
    check('crop', diffCount(px(T().crop(4, 8, 16, 12)), paint(16, 12, (x, y) => tile(x + 4, y + 8))), 0);
    check('rotate 90 clockwise', diffCount(px(T().rotate(Orientation.Rotate90Cw)), paint(H, W, (x, y) => tile(y, H - 1 - x))), 0);
    check('rotate 180', diffCount(px(T().rotate(Orientation.Rotate180)), paint(W, H, (x, y) => tile(W - 1 - x, H - 1 - y))), 0);
    check('mirror horizontal', diffCount(px(T().rotate(Orientation.MirrorHorizontal)), paint(W, H, (x, y) => tile(W - 1 - x, y))), 0);
    // Colour operations with a defined result.
    check('invert (alpha kept)', diffCount(px(T().invert()), paint(W, H, (x, y) => { const c = tile(x, y); return [255 - c[0], 255 - c[1], 255 - c[2], c[3]]; })), 0);
    check('brighten +60 (clamped, alpha kept)', diffCount(px(T().brighten(60)), paint(W, H, (x, y) => { const c = tile(x, y); return [Math.min(255, c[0] + 60), Math.min(255, c[1] + 60), Math.min(255, c[2] + 60), c[3]]; })), 0);
    const prim = paint(4, 1, (x) => [[255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255], [255, 255, 255, 255]][x]);
    const g = new Transformer(Transformer.fromRgbaPixels(prim, 4, 1).grayscale().pngSync());
    check('grayscale of red, green, blue, white (Rec. 709 weights)', { colorType: g.metadataSync().colorType, px: Array.from(g.rawPixelsSync()) }, { colorType: 1, px: [54, 255, 182, 255, 18, 255, 255, 255] });
    // overlay an opaque 4x4 red square at (10, 20).
    const red = paint(4, 4, () => [255, 0, 0, 255]);
    check('overlay an opaque square', diffCount(px(T().overlay(Transformer.fromRgbaPixels(red, 4, 4).pngSync(), 10, 20)), paint(W, H, (x, y) => (x >= 10 && x < 14 && y >= 20 && y < 24 ? [255, 0, 0, 255] : tile(x, y)))), 0);
    // Operations run in the module's own order, not the call order: the rotation comes before the crop.
    check('crop + rotate + invert in one transformer', diffCount(px(T().crop(8, 4, 20, 10).rotate(Orientation.Rotate90Cw).invert()),
      paint(20, 10, (x, y) => { const c = tile(y + 4, H - 1 - (x + 8)); return [255 - c[0], 255 - c[1], 255 - c[2], c[3]]; })), 0);
    await attempt('resize + png (async)', 0, async () => diffCount(new Transformer(await T().resize(32, 24, ResizeFilterType.Nearest).png()).rawPixelsSync(), half));
  } else { console.log('usage: image-test.js codecs|transform'); process.exit(2); }
  finish(`image ${mode}`);
}
main();
