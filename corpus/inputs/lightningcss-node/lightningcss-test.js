'use strict';
// Loads lightningcss's native module (the .node in ./package) and checks it.
//   node lightningcss-test.js transform : nesting, oklch/lab/color-mix, range media queries and vendor
//       prefixes lowered for old browsers, minified, with a source map; a syntax error's location
//   node lightningcss-test.js bundle    : bundles main.css and its @imports (read from disk by the module)
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const css = require(path.resolve('package', file));

const { check, finish } = require('./tap.js');
const v = (major, minor = 0) => (major << 16) | (minor << 8);
const targets = { chrome: v(80), safari: v(13, 1), firefox: v(78) };

const mode = process.argv[2];
if (mode === 'transform') {
  const src = fs.readFileSync('buttons.css');
  const r = css.transform({ filename: 'buttons.css', code: src, minify: true, targets, sourceMap: true });
  const out = r.code.toString();
  console.log(out);
  check('minified output sha256', crypto.createHash('sha256').update(out).digest('hex'), '0dc3142a7da4678ae567142f85e598ed2905bd51fa390014de4e8079a323c7b7');
  check('nesting lowered', out.includes('.button.primary{'), true);
  check('-webkit- prefixes added', ['-webkit-user-select:none', '-webkit-backdrop-filter:blur(4px)'].every((s) => out.includes(s)), true);
  const map = JSON.parse(r.map.toString());
  check('source map', [map.version, map.sources], [3, ['buttons.css']]);
  const t2 = css.transform({ filename: 'theme.css', code: fs.readFileSync('theme.css'), minify: false, targets }).code.toString();
  console.log(t2);
  check('theme output sha256', crypto.createHash('sha256').update(t2).digest('hex'), 'b0b73bbac07a02163d3d1da83a736eb5fbe27c958c02412270b8ee1b5f896fae');
  let err = null;
  try { css.transform({ filename: 'bad.css', code: Buffer.from('.a {\n  color: red;\n}\n@media ( {'), minify: true }); } catch (e) { err = e; }
  check('syntax error location', err && [err.message, err.fileName, err.loc && err.loc.line, err.loc && err.loc.column], ['Invalid media query', 'bad.css', 4, 11]);
} else if (mode === 'bundle') {
  const r = css.bundle({ filename: path.resolve('main.css'), minify: true, targets });
  const out = r.code.toString();
  console.log(out);
  check('bundle sha256', crypto.createHash('sha256').update(out).digest('hex'), 'e6d702dddb83b2a9cc59c7b9094ad945ccbec5b25c1fbe050ae1600452404017');
  check('imports inlined', ['.button', '--space', '@layer components'].every((s) => out.includes(s)), true);
  let err = null;
  try { css.bundle({ filename: path.resolve('missing.css') }); } catch (e) { err = e; }
  check('missing file is an error', err !== null, true);
} else { console.log('usage: lightningcss-test.js transform|bundle'); process.exit(2); }
finish(`lightningcss ${mode}`);
