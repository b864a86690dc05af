'use strict';
// Loads resvg-js's native module (the .node in ./package) and renders the committed shapes.svg.
//   node resvg-test.js render : pixels at known points, zoom/fit-to-width/background options, the PNG
//       (decoded by this script with zlib), a crisp-edged SVG against the image built here, renderAsync
//   node resvg-test.js bbox   : getBBox/innerBBox, cropByBBox, the usvg tree it writes back, parse errors
// The native constructor takes the options as JSON text (resvg-js's index.js only adds JSON.stringify).
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const crypto = require('node:crypto');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const { Resvg, renderAsync } = require(path.resolve('package', file));

const { check, attempt, finish } = require('./tap.js');
const svg = fs.readFileSync('shapes.svg');
const opts = (o = {}) => JSON.stringify({ font: { loadSystemFonts: false }, ...o });
const at = (img, x, y) => { const p = img.pixels; const i = (y * img.width + x) * 4; return Array.from(p.subarray(i, i + 4)); };
const near = (p, q, e) => p.every((v, i) => Math.abs(v - q[i]) <= e);
const T = [0, 0, 0, 0];

function pngDecode(buf) { // 8-bit RGBA, not interlaced
  let off = 8; const idat = []; let ihdr = null; let crcOk = true;
  while (off < buf.length) {
    const len = buf.readUInt32BE(off); const type = buf.toString('latin1', off + 4, off + 8); const data = buf.subarray(off + 8, off + 8 + len);
    if ((zlib.crc32(buf.subarray(off + 4, off + 8 + len)) >>> 0) !== buf.readUInt32BE(off + 8 + len)) crcOk = false;
    if (type === 'IHDR') ihdr = { w: data.readUInt32BE(0), h: data.readUInt32BE(4), depth: data[8], colour: data[9], interlace: data[12] };
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat)); const { w, h } = ihdr; const stride = w * 4; const out = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    const f = raw[y * (stride + 1)]; const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? out[y * stride + i - 4] : 0; const b = y ? out[(y - 1) * stride + i] : 0; const c = i >= 4 && y ? out[(y - 1) * stride + i - 4] : 0;
      const q = a + b - c, pa = Math.abs(q - a), pb = Math.abs(q - b), pc = Math.abs(q - c);
      const p = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][f];
      if (p === undefined) throw new Error(`bad PNG filter ${f}`);
      out[y * stride + i] = (line[i] + p) & 0xff;
    }
  }
  return { sig: buf.subarray(0, 8).toString('hex'), ihdr, crcOk, pixels: out };
}

(async () => {
  const mode = process.argv[2];
  if (mode === 'render') {
    const r = new Resvg(svg, opts());
    const img = r.render();
    check('size 100x80, RGBA buffer', [r.width, r.height, img.width, img.height, img.pixels.length], [100, 80, 100, 80, 32000]);
    // By construction: the red rect 10..40 x 10..30, the circle clipped at x=70, the blue half-opacity
    // square (premultiplied: 0,0,128,128), the magenta <use> tile 88..96 x 4..12, the 3-wide orange line.
    check('solid shapes at known points', [[20, 20], [39, 29], [60, 30], [69, 30], [75, 30], [90, 6], [95, 11], [20, 40], [5, 5], [45, 20], [20, 37]].map(([x, y]) => at(img, x, y)),
      [[255, 0, 0, 255], [255, 0, 0, 255], [0, 255, 0, 255], [0, 255, 0, 255], T, [255, 0, 255, 255], [255, 0, 255, 255], [255, 165, 0, 255], T, T, T]);
    check('fill-opacity 0.5 blue (premultiplied pixels)', near(at(img, 20, 60), [0, 0, 128, 128], 1), true);
    const ramp = [51, 60, 70, 80, 89].map((x) => { const want = Math.round(255 * (x + 0.5 - 50) / 40); const p = at(img, x, 65); return near(p, [want, want, want, 255], 2); });
    check('linear gradient 50..90: grey level 255*(x+0.5-50)/40 within 2', ramp, [true, true, true, true, true]);
    const png = img.asPng(); const dec = pngDecode(png);
    check('PNG: signature, CRCs, IHDR 100x80 8-bit RGBA', [dec.sig, dec.crcOk, dec.ihdr], ['89504e470d0a1a0a', true, { w: 100, h: 80, depth: 8, colour: 6, interlace: 0 }]);
    let mism = 0; // PNG stores straight alpha: opaque and empty pixels equal the premultiplied buffer
    const pix = img.pixels; // (the getter copies the buffer)
    for (let i = 0; i < pix.length; i += 4) { const a = pix[i + 3]; if ((a === 255 || a === 0) && !pix.subarray(i, i + 4).equals(dec.pixels.subarray(i, i + 4))) mism++; }
    check('PNG pixels == render pixels where opaque or empty', mism, 0);
    check('PNG straight alpha of the half-opacity blue', near(Array.from(dec.pixels.subarray((60 * 100 + 20) * 4, (60 * 100 + 20) * 4 + 4)), [0, 0, 255, 128], 1), true);
    const z = new Resvg(svg, opts({ fitTo: { mode: 'zoom', value: 2 }, background: '#ffffff' })).render();
    check('zoom 2 with a white background', [z.width, z.height, at(z, 0, 0), at(z, 40, 40), at(z, 180, 10), at(z, 130, 60), at(z, 150, 60)], [200, 160, [255, 255, 255, 255], [255, 0, 0, 255], [255, 0, 255, 255], [0, 255, 0, 255], [255, 255, 255, 255]]);
    const w = new Resvg(svg, opts({ fitTo: { mode: 'width', value: 250 } })).render();
    check('fitTo width 250', [w.width, w.height, at(w, 62, 50)], [250, 200, [255, 0, 0, 255]]);
    // A crisp-edged (no anti-aliasing) picture of integer rectangles: every pixel is known.
    const rects = [[2, 3, 10, 7, [255, 0, 0]], [8, 6, 12, 10, [0, 0, 255]], [25, 0, 5, 20, [0, 128, 0]], [0, 18, 30, 2, [255, 255, 0]]];
    const crisp = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="24" shape-rendering="crispEdges">${rects.map(([x, y, rw, rh, [cr, cg, cb]]) => `<rect x="${x}" y="${y}" width="${rw}" height="${rh}" fill="rgb(${cr},${cg},${cb})"/>`).join('')}</svg>`;
    const ci = new Resvg(crisp, opts()).render();
    const want = Buffer.alloc(32 * 24 * 4);
    for (const [x, y, rw, rh, c] of rects) for (let j = y; j < y + rh; j++) for (let i = x; i < x + rw; i++) want.set([...c, 255], (j * 32 + i) * 4);
    const cpix = ci.pixels; let diff = 0; for (let i = 0; i < want.length; i++) if (want[i] !== cpix[i]) diff++;
    check('crispEdges rectangles: every pixel as painted here', [ci.width, ci.height, diff], [32, 24, 0]);
    await attempt('renderAsync gives the same pixels as render()', true, async () => (await renderAsync(svg, opts())).pixels.equals(img.pixels));
    await attempt('renderAsync of broken SVG rejects', 'rejected', () => renderAsync('<svg xmlns="http://www.w3.org/2000/svg"><rect', opts()).then(() => 'resolved', () => 'rejected'));
  } else if (mode === 'bbox') {
    const r = new Resvg(svg, opts());
    const b = (o) => o && [o.x, o.y, o.width, o.height];
    // Geometry by construction: shapes span x 10..96 (the <use> tile ends at 96), y 4..75; the
    // orange line's 3-wide stroke adds 1.5 on its left (x 8.5).
    check('innerBBox: the shapes\' geometry', b(r.innerBBox()), [10, 4, 86, 71]);
    check('getBBox: with the line\'s stroke', b(r.getBBox()), [8.5, 4, 87.5, 71]);
    const solo = new Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50"><g transform="translate(5 7) scale(2)"><rect x="3" y="4" width="10" height="6" fill="red"/></g></svg>', opts());
    check('getBBox applies transforms', b(solo.getBBox()), [11, 15, 20, 12]);
    check('empty SVG has no bbox', new Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', opts()).getBBox() ?? null, null);
    r.cropByBBox(r.innerBBox());
    const c = r.render();
    check('cropByBBox(innerBBox) then render: 86x71, red rect moved to 0..30 x 6..26', [r.width, r.height, c.width, c.height, at(c, 0, 6), at(c, 29, 25), at(c, 0, 30)], [86, 71, 86, 71, [255, 0, 0, 255], [255, 0, 0, 255], [0, 0, 0, 0]]);
    const s = new Resvg(svg, opts()).toString();
    console.log(s);
    check('toString: usvg tree with the clip path and gradient', ['<svg width="100" height="80"', '<linearGradient id="ramp"', '<clipPath id="half"'].map((k) => s.includes(k)), [true, true, true]);
    check('toString sha256 (this version\'s serialisation)', crypto.createHash('sha256').update(s).digest('hex'), '9a28da10309bde8403501ddddba3272ce6eaac7d8d4612443979661dc198254b');
    let err = null; try { new Resvg('<svg', opts()); } catch (e) { err = e.message; }
    check('unparsable SVG throws', err, 'SVG data parsing failed cause the document does not have a root node');
  } else { console.log('usage: resvg-test.js render|bbox'); process.exit(2); }
  finish(`resvg ${mode}`);
})();
