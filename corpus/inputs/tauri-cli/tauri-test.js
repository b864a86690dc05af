'use strict';
// Loads the Tauri CLI's Node-API module (the .node in ./package) and calls its run(args, binName,
// callback), the way @tauri-apps/cli's tauri.js does.
//   node tauri-test.js cli   : --version (a child process: clap exits), init into a folder, icon -p from an SVG
//   node tauri-test.js icons : the full default icon set from the committed 128x128 PNG
// app-icon.png has four 64x64 quadrants: red (220,40,40), green (40,180,60), blue (30,60,200), transparent.
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { spawnSync } = require('node:child_process');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const { run } = require(path.resolve('package', file));
const { check, attempt, finish } = require('./tap.js');

const tauri = (args) => new Promise((resolve, reject) => run(args, 'tauri', (e, v) => (e ? reject(e) : resolve(v))));

// PNG: 8-bit RGBA, non-interlaced (what the image crate writes)
function decodePng(buf) {
  if (buf.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  let off = 8, w = 0, h = 0, depth = 0, ctype = 0, interlace = 0; const idat = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off), type = buf.toString('latin1', off + 4, off + 8), data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') { w = data.readUInt32BE(0); h = data.readUInt32BE(4); depth = data[8]; ctype = data[9]; interlace = data[12]; }
    if (type === 'IDAT') idat.push(data);
    if ((zlib.crc32(buf.subarray(off + 4, off + 8 + len)) >>> 0) !== buf.readUInt32BE(off + 8 + len)) throw new Error(`bad CRC in ${type}`);
    off += 12 + len;
    if (type === 'IEND') break;
  }
  if (depth !== 8 || ctype !== 6 || interlace !== 0) return { w, h, format: `depth ${depth} colour ${ctype} interlace ${interlace}` };
  const raw = zlib.inflateSync(Buffer.concat(idat)), bpp = 4, stride = w * bpp, px = Buffer.alloc(stride * h);
  for (let y = 0; y < h; y++) {
    const f = raw[y * (stride + 1)], src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)), row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? px[row + x - bpp] : 0, b = y ? px[row - stride + x] : 0, c = x >= bpp && y ? px[row - stride + x - bpp] : 0;
      let v = src[x];
      if (f === 1) v += a; else if (f === 2) v += b; else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c); v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      px[row + x] = v & 0xff;
    }
  }
  return { w, h, format: 'rgba8', px };
}
const pixel = (img, x, y) => Array.from(img.px.subarray((y * img.w + x) * 4, (y * img.w + x) * 4 + 4));
// The colour at the centre of each quadrant (top-left, top-right, bottom-left, bottom-right).
const centres = (img) => [[1, 1], [3, 1], [1, 3], [3, 3]].map(([i, j]) => pixel(img, Math.floor(img.w * i / 4), Math.floor(img.h * j / 4)));
const QUADS = [[220, 40, 40, 255], [40, 180, 60, 255], [30, 60, 200, 255], [0, 0, 0, 0]];
const ON_WHITE = [[220, 40, 40, 255], [40, 180, 60, 255], [30, 60, 200, 255], [255, 255, 255, 255]];

function walk(dir, base = dir) {
  let out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out = out.concat(walk(p, base)); else out.push(path.relative(base, p).split(path.sep).join('/'));
  }
  return out.sort();
}

async function cli() {
  const v = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.resolve('package', file))}).run(['--version'], 'tauri', () => {})`], { encoding: 'utf8' });
  check('--version prints the version and exits 0', [v.stdout.trim(), v.status], ['tauri-cli 2.12.5', 0]);

  await attempt('init --ci resolves true', true, () => tauri(['init', '--ci', '--app-name', 'demo', '--window-title', 'Demo Window',
    '--frontend-dist', '../dist', '--dev-url', 'http://localhost:1420', '--before-dev-command', '', '--before-build-command', '']));
  check('init writes the src-tauri tree', walk('src-tauri').filter((f) => !f.startsWith('icons/')), [
    '.gitignore', 'Cargo.toml', 'build.rs', 'capabilities/default.json', 'src/lib.rs', 'src/main.rs', 'tauri.conf.json']);
  check('init copies the default icons', walk('src-tauri/icons'), ['128x128.png', '128x128@2x.png', '32x32.png', 'Square107x107Logo.png', 'Square142x142Logo.png',
    'Square150x150Logo.png', 'Square284x284Logo.png', 'Square30x30Logo.png', 'Square310x310Logo.png', 'Square44x44Logo.png', 'Square71x71Logo.png',
    'Square89x89Logo.png', 'StoreLogo.png', 'icon.icns', 'icon.ico', 'icon.png']);
  const conf = JSON.parse(fs.readFileSync('src-tauri/tauri.conf.json', 'utf8'));
  check('tauri.conf.json from the options', [conf.productName, conf.version, conf.identifier, conf.build, conf.app.windows[0].title, conf.app.windows[0].width, conf.app.windows[0].height, conf.bundle.icon],
    ['demo', '0.1.0', 'com.tauri.dev', { frontendDist: '../dist', devUrl: 'http://localhost:1420' }, 'Demo Window', 800, 600,
      ['icons/32x32.png', 'icons/128x128.png', 'icons/128x128@2x.png', 'icons/icon.icns', 'icons/icon.ico']]);
  const cargo = fs.readFileSync('src-tauri/Cargo.toml', 'utf8').split(/\r?\n/);
  check('Cargo.toml names the crates', cargo.filter((l) => /^(name|crate-type|tauri|tauri-build|edition) =/.test(l)),
    ['name = "app"', 'edition = "2024"', 'name = "app_lib"', 'crate-type = ["staticlib", "cdylib", "rlib"]', 'tauri-build = { version = "2.7.5" }', 'tauri = { version = "2.12.6" }']);
  check('capabilities/default.json', JSON.parse(fs.readFileSync('src-tauri/capabilities/default.json', 'utf8')).permissions, ['core:default']);
  const i32 = decodePng(fs.readFileSync('src-tauri/icons/32x32.png'));
  check('default 32x32.png decodes', [i32.w, i32.h, i32.format], [32, 32, 'rgba8']);

  // an SVG source is rendered by resvg at each size
  await attempt('icon -p 32,128 from an SVG resolves true', true, () => tauri(['icon', 'app-icon.svg', '-o', 'svg-icons', '-p', '32,128']));
  check('icon -p writes only the asked sizes', walk('svg-icons'), ['128x128.png', '32x32.png']);
  for (const n of [32, 128]) {
    const img = decodePng(fs.readFileSync(`svg-icons/${n}x${n}.png`));
    check(`svg ${n}x${n}: size`, [img.w, img.h, img.format], [n, n, 'rgba8']);
    check(`svg ${n}x${n}: quadrant colours`, centres(img).slice(0, 3), QUADS.slice(0, 3));
    check(`svg ${n}x${n}: corner of the empty quadrant is transparent`, pixel(img, n - 1, n - 1), [0, 0, 0, 0]);
    check(`svg ${n}x${n}: half-transparent black circle at its centre`, pixel(img, n * 3 / 4, n * 3 / 4), [0, 0, 0, 128]);
  }
  await attempt('icon of a missing file fails', 'failed to read and decode source image missing.png: (os error 2)',
    () => tauri(['icon', 'missing.png', '-o', 'none']).then((v) => `resolved ${v}`, (e) => String(e.message).replace(/: .*\(os error/, ': (os error')));
}

const SIZES = {
  '32x32.png': 32, '64x64.png': 64, '128x128.png': 128, '128x128@2x.png': 256, 'icon.png': 512, 'StoreLogo.png': 50,
  'Square30x30Logo.png': 30, 'Square44x44Logo.png': 44, 'Square71x71Logo.png': 71, 'Square89x89Logo.png': 89, 'Square107x107Logo.png': 107,
  'Square142x142Logo.png': 142, 'Square150x150Logo.png': 150, 'Square284x284Logo.png': 284, 'Square310x310Logo.png': 310,
};
const IOS = {
  'AppIcon-20x20@1x.png': 20, 'AppIcon-20x20@2x.png': 40, 'AppIcon-20x20@2x-1.png': 40, 'AppIcon-20x20@3x.png': 60,
  'AppIcon-29x29@1x.png': 29, 'AppIcon-29x29@2x.png': 58, 'AppIcon-29x29@2x-1.png': 58, 'AppIcon-29x29@3x.png': 87,
  'AppIcon-40x40@1x.png': 40, 'AppIcon-40x40@2x.png': 80, 'AppIcon-40x40@2x-1.png': 80, 'AppIcon-40x40@3x.png': 120,
  'AppIcon-60x60@2x.png': 120, 'AppIcon-60x60@3x.png': 180, 'AppIcon-76x76@1x.png': 76, 'AppIcon-76x76@2x.png': 152,
  'AppIcon-83.5x83.5@2x.png': 167, 'AppIcon-512@2x.png': 1024,
};
const ANDROID = { hdpi: [72, 162], mdpi: [48, 108], xhdpi: [96, 216], xxhdpi: [144, 324], xxxhdpi: [192, 432] };

async function icons() {
  await attempt('icon app-icon.png -o icons resolves true', true, () => tauri(['icon', 'app-icon.png', '-o', 'icons']));
  const want = [...Object.keys(SIZES), 'icon.icns', 'icon.ico', ...Object.keys(IOS).map((f) => `ios/${f}`),
    'android/mipmap-anydpi-v26/ic_launcher.xml', 'android/values/ic_launcher_background.xml'];
  for (const d of Object.keys(ANDROID)) for (const f of ['ic_launcher.png', 'ic_launcher_round.png', 'ic_launcher_foreground.png']) want.push(`android/mipmap-${d}/${f}`);
  check('the icon set: every file', walk('icons'), want.sort());

  const bad = [], badColour = [], badIos = [];
  for (const [f, n] of Object.entries(SIZES)) {
    const img = decodePng(fs.readFileSync(`icons/${f}`));
    if (img.w !== n || img.h !== n || img.format !== 'rgba8') bad.push(`${f} ${img.w}x${img.h} ${img.format}`);
    else if (JSON.stringify(centres(img)) !== JSON.stringify(QUADS)) badColour.push(`${f} ${JSON.stringify(centres(img))}`);
  }
  for (const [f, n] of Object.entries(IOS)) {
    const img = decodePng(fs.readFileSync(`icons/ios/${f}`));
    if (img.w !== n || img.h !== n || img.format !== 'rgba8') bad.push(`ios/${f} ${img.w}x${img.h} ${img.format}`);
    else if (JSON.stringify(centres(img)) !== JSON.stringify(ON_WHITE)) badIos.push(`${f} ${JSON.stringify(centres(img))}`);
  }
  for (const [d, [n, fg]] of Object.entries(ANDROID)) {
    for (const [f, s] of [['ic_launcher.png', n], ['ic_launcher_round.png', n], ['ic_launcher_foreground.png', fg]]) {
      const img = decodePng(fs.readFileSync(`icons/android/mipmap-${d}/${f}`));
      if (img.w !== s || img.h !== s || img.format !== 'rgba8') bad.push(`android/mipmap-${d}/${f} ${img.w}x${img.h} ${img.format}`);
    }
  }
  check('every PNG has its size, 8-bit RGBA', bad, []);
  check('desktop and Appx PNGs: the four quadrant colours, transparency kept', badColour, []);
  check('iOS PNGs: quadrant colours on the white --ios-color background', badIos, []);
  check('android background colour file', fs.readFileSync('icons/android/values/ic_launcher_background.xml', 'utf8').includes('<color name="ic_launcher_background">#FFFFFF</color>'), true);

  // icon.ico: ICONDIR, then one ICONDIRENTRY per size, each image a PNG
  const ico = fs.readFileSync('icons/icon.ico');
  check('icon.ico header: type 1, 6 images', [ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)], [0, 1, 6]);
  const frames = [];
  for (let i = 0; i < ico.readUInt16LE(4); i++) {
    const e = 6 + i * 16, w = ico[e] || 256, h = ico[e + 1] || 256, size = ico.readUInt32LE(e + 8), at = ico.readUInt32LE(e + 12);
    const img = decodePng(ico.subarray(at, at + size));
    frames.push({ w, h, bpp: ico.readUInt16LE(e + 6), png: [img.w, img.h, img.format], colours: JSON.stringify(centres(img)) === JSON.stringify(QUADS) });
  }
  check('icon.ico frames', frames.map((f) => [f.w, f.h, f.bpp, ...f.png, f.colours]).sort((a, b) => a[0] - b[0]),
    [16, 24, 32, 48, 64, 256].map((n) => [n, n, 32, n, n, 'rgba8', true]));
  check('icon.ico: frames follow each other to the end of the file', (() => {
    let end = 6 + 16 * frames.length;
    for (let i = 0; i < frames.length; i++) { const e = 6 + i * 16; if (ico.readUInt32LE(e + 12) !== end) return false; end += ico.readUInt32LE(e + 8); }
    return end === ico.length;
  })(), true);

  // icon.icns: 'icns', total length, then (type, length, data) elements
  const icns = fs.readFileSync('icons/icon.icns');
  check('icon.icns header', [icns.toString('latin1', 0, 4), icns.readUInt32BE(4) === icns.length], ['icns', true]);
  const elems = {};
  for (let o = 8; o < icns.length;) {
    const t = icns.toString('latin1', o, o + 4), n = icns.readUInt32BE(o + 4), body = icns.subarray(o + 8, o + n);
    if (body.subarray(0, 4).toString('latin1') === '\x89PNG') {
      const img = decodePng(body);
      elems[t] = `${img.w} ${JSON.stringify(centres(img)) === JSON.stringify(QUADS) ? 'ok' : JSON.stringify(centres(img))}`;
    } else elems[t] = n - 8 > 0 ? 'data' : 'empty';
    o += n;
    if (n < 8) break;
  }
  check('icon.icns elements (PNG width and quadrant colours)', Object.keys(elems).sort().map((t) => `${t} ${elems[t]}`), [
    'ic07 128 ok', 'ic08 256 ok', 'ic09 512 ok', 'ic10 1024 ok', 'ic11 32 ok', 'ic12 64 ok', 'ic13 256 ok', 'ic14 512 ok',
    'il32 data', 'is32 data', 'l8mk data', 's8mk data']);
  // is32: 16x16 RGB, each channel run-length packed; s8mk: the 16x16 alpha mask
  const el = (t) => { for (let o = 8; o < icns.length;) { const n = icns.readUInt32BE(o + 4); if (icns.toString('latin1', o, o + 4) === t) return icns.subarray(o + 8, o + n); o += n; } return null; };
  const unpack = (b, n) => { const out = []; let i = 0; while (out.length < 3 * n && i < b.length) { const c = b[i++]; if (c < 128) { for (let k = 0; k <= c; k++) out.push(b[i++]); } else { const v = b[i++]; for (let k = 0; k < c - 125; k++) out.push(v); } } return out; };
  const rgb = unpack(el('is32'), 256), mask = el('s8mk');
  const at = (x, y) => [rgb[y * 16 + x], rgb[256 + y * 16 + x], rgb[512 + y * 16 + x], mask[y * 16 + x]];
  check('icon.icns is32 + s8mk 16x16: quadrant colours', [[4, 4], [12, 4], [4, 12], [12, 12]].map(([x, y]) => at(x, y)),
    [[220, 40, 40, 255], [40, 180, 60, 255], [30, 60, 200, 255], [0, 0, 0, 0]]);
}

const mode = process.argv[2];
(mode === 'cli' ? cli() : mode === 'icons' ? icons() : (console.log('usage: tauri-test.js cli|icons'), process.exit(2)))
  .then(() => finish(`tauri ${mode}`), (e) => { check('no exception', String(e && e.stack), ''); finish(`tauri ${mode}`); });
