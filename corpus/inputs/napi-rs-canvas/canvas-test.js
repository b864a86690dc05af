'use strict';
// Loads @napi-rs/canvas's native module (Skia; the .node in ./package) and checks what it draws.
//   node canvas-test.js draw : rectangles, clearRect, paths (nonzero/evenodd), arcs, Path2D from SVG
//       path data, transforms, strokes, clipping, gradients, alpha and blend modes, drawImage with
//       nearest-neighbour scaling, putImageData; pixels read back with getImageData at known points
//   node canvas-test.js png  : PNG encoding (sync, async, data URL) checked by a PNG decoder in this
//       script (zlib + unfiltering), decoding through the module's Image, JPEG markers and colours
// No text is drawn, so no font is needed. Expected pixel values are fixed by the drawing: inside a
// shape, away from its anti-aliased edges, the colour painted there; gradients within ±3 levels.
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const skia = require(path.resolve('package', file));
const { CanvasElement, Path, Image } = skia;

const { check, attempt, finish } = require('./tap.js');
const px = (ctx, x, y) => Array.from(ctx.getImageData(x, y, 1, 1).data);
const pxs = (ctx, pts) => pts.map(([x, y]) => px(ctx, x, y));
const canvas = (w, h) => { const c = new CanvasElement(w, h); return [c, c.getContext('2d')]; };
const T = [0, 0, 0, 0];

function pngDecode(buf) { // RGBA 8-bit, non-interlaced only: what the encoder is expected to write
  const sig = buf.subarray(0, 8).toString('hex');
  let off = 8; const chunks = []; const idat = []; let ihdr = null; let crcOk = true;
  while (off < buf.length) {
    const len = buf.readUInt32BE(off); const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len); const crc = buf.readUInt32BE(off + 8 + len);
    if ((zlib.crc32(buf.subarray(off + 4, off + 8 + len)) >>> 0) !== crc) crcOk = false;
    chunks.push(type);
    if (type === 'IHDR') ihdr = { w: data.readUInt32BE(0), h: data.readUInt32BE(4), depth: data[8], colour: data[9], interlace: data[12] };
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const { w, h } = ihdr; const bpp = 4; const stride = w * bpp; const out = Buffer.alloc(w * h * bpp);
  for (let y = 0; y < h; y++) {
    const f = raw[y * (stride + 1)]; const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[y * stride + i - bpp] : 0; const b = y > 0 ? out[(y - 1) * stride + i] : 0;
      const c = i >= bpp && y > 0 ? out[(y - 1) * stride + i - bpp] : 0;
      let p;
      switch (f) {
        case 0: p = 0; break; case 1: p = a; break; case 2: p = b; break; case 3: p = (a + b) >> 1; break;
        case 4: { const q = a + b - c, pa = Math.abs(q - a), pb = Math.abs(q - b), pc = Math.abs(q - c); p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c; break; }
        default: throw new Error(`bad PNG filter ${f}`);
      }
      out[y * stride + i] = (line[i] + p) & 0xff;
    }
  }
  return { sig, chunks, ihdr, crcOk, pixels: out };
}

// A 64x48 picture: four opaque quadrants, a grey ramp row, a half-transparent band.
function scene() {
  const [c, ctx] = canvas(64, 48);
  const q = [['#e01010', 0, 0], ['#10e010', 32, 0], ['#1010e0', 0, 24], ['#f0c030', 32, 24]];
  for (const [col, x, y] of q) { ctx.fillStyle = col; ctx.fillRect(x, y, 32, 24); }
  for (let x = 0; x < 64; x++) { ctx.fillStyle = `rgb(${x * 4},${x * 4},${x * 4})`; ctx.fillRect(x, 20, 1, 1); }
  ctx.clearRect(0, 40, 64, 8); ctx.fillStyle = 'rgba(0,0,255,0.5)'; ctx.fillRect(0, 40, 64, 4);
  return [c, ctx];
}

(async () => {
  const mode = process.argv[2];
  if (mode === 'draw') {
    { // rectangles on pixel boundaries, clearRect
      const [, ctx] = canvas(100, 60);
      ctx.fillStyle = '#3366cc'; ctx.fillRect(10, 10, 40, 30);
      check('fillRect inside / corners / outside', pxs(ctx, [[20, 20], [10, 10], [49, 39], [9, 10], [50, 39], [10, 40]]), [[51, 102, 204, 255], [51, 102, 204, 255], [51, 102, 204, 255], T, T, T]);
      ctx.clearRect(20, 15, 10, 10);
      check('clearRect hole', pxs(ctx, [[25, 20], [20, 15], [29, 24], [19, 20], [30, 20]]), [T, T, T, [51, 102, 204, 255], [51, 102, 204, 255]]);
      ctx.strokeStyle = '#ff8000'; ctx.lineWidth = 4; ctx.strokeRect(60, 10, 30, 40); // the line covers 58..62 around x=60
      check('strokeRect lineWidth 4: edge pixels painted, inside empty', pxs(ctx, [[58, 30], [61, 30], [75, 8], [75, 51], [88, 30], [91, 30], [75, 30], [57, 30], [63, 30]]), [...Array(6).fill([255, 128, 0, 255]), T, T, T]);
    }
    { // a five-pointed star: the centre pentagon is wound twice, so nonzero fills it and evenodd does not
      const star = (ctx) => { ctx.beginPath(); for (let k = 0; k < 5; k++) { const a = (-90 + k * 144) * Math.PI / 180; const x = 50 + 40 * Math.cos(a), y = 50 + 40 * Math.sin(a); if (k) ctx.lineTo(x, y); else ctx.moveTo(x, y); } ctx.closePath(); };
      const [, a] = canvas(100, 100); star(a); a.fillStyle = '#00ff00'; a.fill();
      const [, b] = canvas(100, 100); star(b); b.fillStyle = '#00ff00'; b.fill('evenodd');
      const pts = [[50, 50], [50, 20], [20, 40], [5, 5], [50, 95]];
      const G = [0, 255, 0, 255];
      check('star nonzero: centre, top arm, left arm, outside x2', pxs(a, pts), [G, G, G, T, T]);
      check('star evenodd: centre empty, arms filled', pxs(b, pts), [T, G, G, T, T]);
      check('isPointInPath nonzero vs evenodd at the centre', [a.isPointInPath(50, 50), b.isPointInPath(50, 50, 'evenodd'), a.isPointInPath(50, 20), a.isPointInPath(5, 5)], [true, false, true, false]);
    }
    { // arcs and Path2D from SVG path data
      const [, ctx] = canvas(100, 100);
      ctx.beginPath(); ctx.arc(50, 50, 30, 0, Math.PI * 2); ctx.fillStyle = '#800080'; ctx.fill();
      const P = [128, 0, 128, 255];
      check('arc: centre, near the rim inside, outside the circle, the bounding box corner', pxs(ctx, [[50, 50], [50, 22], [77, 50], [50, 82], [75, 75], [21, 21]]), [P, P, P, T, T, T]);
      const p = new Path('M 5 5 h 20 v 10 h -20 Z M 10 8 h 5 v 4 h -5 Z');
      ctx.fillStyle = '#ffff00'; ctx.fill(p, 'evenodd');
      check('Path2D from SVG path data, evenodd hole', pxs(ctx, [[6, 6], [24, 14], [12, 10], [26, 10]]), [[255, 255, 0, 255], [255, 255, 0, 255], T, T]);
      check('isPointInPath(Path2D)', [ctx.isPointInPath(p, 6, 6), ctx.isPointInPath(p, 12, 10, 'evenodd'), ctx.isPointInPath(p, 12, 10, 'nonzero')], [true, false, true]);
    }
    { // transforms and clipping
      const [, ctx] = canvas(120, 100);
      ctx.save(); ctx.translate(100, 50); ctx.rotate(Math.PI / 2); ctx.fillStyle = '#00ffff'; ctx.fillRect(0, 0, 20, 10); ctx.restore();
      const C = [0, 255, 255, 255];
      check('translate + rotate 90deg: the 20x10 rect lies at x 90..100, y 50..70', pxs(ctx, [[95, 60], [91, 51], [99, 69], [95, 45], [101, 60], [95, 71], [85, 60]]), [C, C, C, T, T, T, T]);
      ctx.save(); ctx.scale(2, 3); ctx.fillStyle = '#ff00ff'; ctx.fillRect(2, 2, 5, 5); ctx.restore(); // -> x 4..14, y 6..21
      check('scale(2,3)', pxs(ctx, [[4, 6], [13, 20], [14, 10], [10, 21], [3, 10]]), [[255, 0, 255, 255], [255, 0, 255, 255], T, T, T]);
      ctx.save(); ctx.beginPath(); ctx.rect(30, 30, 20, 20); ctx.clip(); ctx.fillStyle = '#000080'; ctx.fillRect(0, 0, 120, 100); ctx.restore();
      const N = [0, 0, 128, 255];
      check('clip to a rect, then fill everything', pxs(ctx, [[30, 30], [49, 49], [40, 40], [29, 40], [50, 40], [40, 29], [40, 50]]), [N, N, N, T, T, T, T]);
      const t = ctx.getTransform();
      check('getTransform after restore is the identity', [t.a, t.b, t.c, t.d, t.e, t.f], [1, 0, 0, 1, 0, 0]);
    }
    { // gradients (Skia dithers them: ±3 levels)
      const [, ctx] = canvas(256, 4);
      const g = ctx.createLinearGradient(0, 0, 256, 0); g.addColorStop(0, '#000000'); g.addColorStop(1, '#ffffff');
      ctx.fillStyle = g; ctx.fillRect(0, 0, 256, 4);
      const d = ctx.getImageData(0, 0, 256, 4).data; const bad = [];
      for (let y = 0; y < 4; y++) for (let x = 0; x < 256; x++) { const i = (y * 256 + x) * 4; const want = (x + 0.5) * 255 / 256; if (Math.abs(d[i] - want) > 3 || d[i] !== d[i + 1] || d[i] !== d[i + 2] || d[i + 3] !== 255) bad.push([x, y, d[i], d[i + 1], d[i + 2], d[i + 3]]); }
      check('linear black-to-white ramp: grey, opaque, within 3 levels of 255*(x+0.5)/256', bad.slice(0, 5), []);
      check('ramp ends', [d[0] <= 3, d[255 * 4] >= 252], [true, true]);
      const [, r] = canvas(100, 100);
      const rg = r.createRadialGradient(50, 50, 0, 50, 50, 40); rg.addColorStop(0, '#ff0000'); rg.addColorStop(1, '#0000ff');
      r.fillStyle = rg; r.fillRect(0, 0, 100, 100);
      const near = (p, q) => p.every((v, i) => Math.abs(v - q[i]) <= 3);
      // t = distance of the pixel's centre from (50,50) / 40, clamped: red 255(1-t), blue 255t
      const radial = (x, y) => { const t = Math.min(1, Math.hypot(x + 0.5 - 50, y + 0.5 - 50) / 40); return [255 * (1 - t), 0, 255 * t, 255]; };
      const rpts = [[50, 50], [70, 50], [50, 30], [60, 60], [2, 2], [97, 50]];
      check('radial red-to-blue: centre, along the radius, padded beyond it (within 3 levels)', rpts.map(([x, y]) => near(px(r, x, y), radial(x, y))), rpts.map(() => true));
    }
    { // alpha and compositing (8-bit rounding: ±1)
      const [, ctx] = canvas(60, 20);
      const near1 = (p, q) => p.every((v, i) => Math.abs(v - q[i]) <= 1);
      ctx.fillStyle = '#0000ff'; ctx.fillRect(0, 0, 10, 10); ctx.globalAlpha = 0.5; ctx.fillStyle = '#ff0000'; ctx.fillRect(0, 0, 10, 10); ctx.globalAlpha = 1;
      check('globalAlpha 0.5 red over blue', near1(px(ctx, 5, 5), [128, 0, 127, 255]), true);
      ctx.fillStyle = 'rgba(255,0,0,0.5)'; ctx.fillRect(20, 0, 10, 10);
      check('rgba(255,0,0,0.5) on transparent', near1(px(ctx, 25, 5), [255, 0, 0, 128]), true);
      ctx.fillStyle = '#8080ff'; ctx.fillRect(40, 0, 10, 10); ctx.globalCompositeOperation = 'multiply'; ctx.fillStyle = '#ff8000'; ctx.fillRect(40, 0, 10, 10);
      check('multiply #ff8000 over #8080ff', near1(px(ctx, 45, 5), [128, 64, 0, 255]), true);
      ctx.globalCompositeOperation = 'destination-out'; ctx.fillRect(0, 0, 5, 20); ctx.globalCompositeOperation = 'source-over';
      check('destination-out erases', [px(ctx, 2, 5), near1(px(ctx, 7, 5), [128, 0, 127, 255])], [T, true]);
      check('globalCompositeOperation round trip', ctx.globalCompositeOperation, 'source-over');
    }
    { // drawImage of a 2x2 canvas scaled to 20x20 without smoothing; putImageData/getImageData
      const [src, s] = canvas(2, 2);
      const cols = [[255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255], [255, 255, 255, 255]];
      const id = s.createImageData(2, 2); cols.forEach((c, i) => id.data.set(c, i * 4)); s.putImageData(id, 0, 0);
      check('putImageData then getImageData (opaque)', Array.from(s.getImageData(0, 0, 2, 2).data), cols.flat());
      const [, ctx] = canvas(40, 40); ctx.imageSmoothingEnabled = false; ctx.drawImage(src, 10, 10, 20, 20);
      check('drawImage 2x2 -> 20x20, nearest neighbour', pxs(ctx, [[10, 10], [19, 19], [20, 10], [29, 19], [10, 20], [19, 29], [20, 20], [29, 29], [9, 9], [30, 30]]), [cols[0], cols[0], cols[1], cols[1], cols[2], cols[2], cols[3], cols[3], T, T]);
      const big = Buffer.alloc(37 * 23 * 4); for (let i = 0; i < big.length; i += 4) { big[i] = (i * 7) & 255; big[i + 1] = (i * 13) & 255; big[i + 2] = (i >> 4) & 255; big[i + 3] = 255; }
      const [, t] = canvas(50, 30); const im = t.createImageData(37, 23); im.data.set(big); t.putImageData(im, 5, 4);
      check('putImageData 37x23 at (5,4) round trip', Buffer.from(t.getImageData(5, 4, 37, 23).data.buffer).equals(big), true);
      check('outside the put region stays transparent', [px(t, 4, 4), px(t, 42, 26)], [T, T]);
    }
  } else if (mode === 'png') {
    const [c, ctx] = scene();
    const want = Buffer.from(ctx.getImageData(0, 0, 64, 48).data.buffer);
    check('scene pixels by construction', [px(ctx, 0, 0), px(ctx, 40, 5), px(ctx, 5, 30), px(ctx, 63, 39), px(ctx, 10, 20), px(ctx, 50, 20), px(ctx, 5, 45)], [[224, 16, 16, 255], [16, 224, 16, 255], [16, 16, 224, 255], [240, 192, 48, 255], [40, 40, 40, 255], [200, 200, 200, 255], T]);
    const band = px(ctx, 5, 41);
    check('half-transparent band', band[0] === 0 && band[1] === 0 && Math.abs(band[2] - 255) <= 1 && Math.abs(band[3] - 128) <= 1, true);
    const png = c.encodeSync('png');
    const dec = pngDecode(png);
    check('PNG signature, chunk order, CRCs', [dec.sig, dec.chunks[0], dec.chunks[dec.chunks.length - 1], dec.crcOk], ['89504e470d0a1a0a', 'IHDR', 'IEND', true]);
    check('PNG IHDR: 64x48, 8-bit RGBA, not interlaced', dec.ihdr, { w: 64, h: 48, depth: 8, colour: 6, interlace: 0 });
    check('PNG pixels (decoded by this script) == getImageData', dec.pixels.equals(want), true);
    const pngAsync = await c.encode('png');
    check('encode() (async) == encodeSync()', Buffer.compare(pngAsync, png), 0);
    check('toBuffer("image/png") == encodeSync()', Buffer.compare(c.toBuffer('image/png'), png), 0);
    const url = c.toDataURL('image/png');
    check('toDataURL is the same PNG in base64', [url.slice(0, 22), Buffer.from(url.slice(22), 'base64').equals(png)], ['data:image/png;base64,', true]);
    fs.writeFileSync('scene.png', png);
    await attempt('Image decodes the PNG file: size and pixels after drawImage', [64, 48, true], async () => {
      const img = new Image(); img.src = fs.readFileSync('scene.png');
      const [, d] = canvas(64, 48); d.drawImage(img, 0, 0);
      const got = Buffer.from(d.getImageData(0, 0, 64, 48).data.buffer);
      // opaque pixels exactly; the 50% band to within one level (premultiplied storage)
      let ok = true; for (let i = 0; i < got.length; i++) if (Math.abs(got[i] - want[i]) > (want[i - (i % 4) + 3] === 255 ? 0 : 1)) ok = false;
      return [img.width, img.height, ok];
    });
    const jpg = c.encodeSync('jpeg', 95);
    const sof = jpg.indexOf(Buffer.from([0xff, 0xc0]));
    check('JPEG: SOI, EOI, SOF0 64x48 with 3 components', [jpg.subarray(0, 2).toString('hex'), jpg.subarray(-2).toString('hex'), sof > 0 && [jpg.readUInt16BE(sof + 5), jpg.readUInt16BE(sof + 7), jpg[sof + 9]]], ['ffd8', 'ffd9', [48, 64, 3]]);
    const ji = new Image(); ji.src = jpg; const [, jd] = canvas(64, 48); jd.drawImage(ji, 0, 0);
    const close = (p, q, e) => p.every((v, i) => Math.abs(v - q[i]) <= e);
    check('JPEG decoded: quadrant centres within 12 levels', [close(px(jd, 16, 10), [224, 16, 16, 255], 12), close(px(jd, 48, 10), [16, 224, 16, 255], 12), close(px(jd, 16, 32), [16, 16, 224, 255], 12), close(px(jd, 48, 32), [240, 192, 48, 255], 12)], [true, true, true, true]);
  } else { console.log('usage: canvas-test.js draw|png'); process.exit(2); }
  finish(`canvas ${mode}`);
})();
