'use strict';
// Loads @swc/html's native module (the .node in ./package) and checks it. @swc/html's own wrapper
// only JSON-encodes the options into a Buffer, as done here.
//   node swc-html-test.js document : page.html minified with the default options and with every
//                                    option on (whitespace, comments, inline CSS/JS/JSON, attributes,
//                                    tag omission); exact output; parse errors with their spans
//   node swc-html-test.js fragment : fragments in a context element (tr, select), foreign content,
//                                    entities and non-ASCII text, error recovery, the async API
const fs = require('node:fs');
const path = require('node:path');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const h = require(path.resolve('package', file));

const { check, attempt, finish } = require('./tap.js');
const opts = (o) => Buffer.from(JSON.stringify(o));
const el = (tagName) => ({ tagName, namespace: 'http://www.w3.org/1999/xhtml', attributes: [], isSelfClosing: false });
const errs = (r) => (r.errors || []).map((e) => `${e.level} ${e.span.primary_spans.map((s) => `${s.start}-${s.end}`).join(',')}: ${e.message}`);

async function documentMode() {
  const src = fs.readFileSync('page.html');
  const d = h.minifySync(src, opts({}));
  console.log(d.code);
  check('defaults: output', d.code, '<!doctype html public "-//W3C//DTD HTML 4.01//EN"><html lang=en><meta charset=utf-8><title>A small page</title><!--! a comment that stays --><style>body{color:red;margin:0;padding:0}.card>.title{font-weight:700}</style><script>function greet(e){var o="Hello, "+e+"!";return console.log(o),o}greet("world")</script><script type=application/ld+json>{"@context":"https://schema.org","@type":"WebPage","name":"Test"}</script><div class="card card wide" id=main style="color: red;  margin : 0 ;">\n      <p class=title>Hello,   <b>world</b>  !</p>\n      <p>\n        Second paragraph\n      </p>\n      <input type=text disabled value="">\n      <button type=submit onclick="return validate(this)">Go</button>\n      <pre>\n  keep\n   this   </pre>\n      <a href=https://example.com/ target=_blank rel=noopener>link</a>\n      <ul>\n        <li>one</li>\n        <li>two</li>\n      </ul>\n      <table><tr><td>cell</table>\n    </div>');
  check('defaults: parse errors', errs(d), ['error 1-51: Non conforming doctype']);
  const all = h.minifySync(src, opts({ collapseWhitespaces: 'all', removeComments: true, minifyJs: true, minifyCss: true, minifyJson: true, sortAttributes: true, sortSpaceSeparatedAttributeValues: true, removeRedundantAttributes: 'all', collapseBooleanAttributes: true, tagOmission: true, quotes: false, forceSetHtml5Doctype: true }));
  console.log(all.code);
  check('every option: output', all.code, '<!doctype html><html lang=en><meta charset=utf-8><title>A small page</title><!--! a comment that stays --><style>body{color:red;margin:0;padding:0}.card>.title{font-weight:700}</style><script>function greet(e){var o="Hello, "+e+"!";return console.log(o),o}greet("world")</script><script type=application/ld+json>{"@context":"https://schema.org","@type":"WebPage","name":"Test"}</script><div class="card card wide" style="color: red;  margin : 0 ;" id=main><p class=title>Hello,<b>world</b>!<p>Second paragraph</p><input value="" disabled><button onclick="return validate(this)">Go</button><pre>\n  keep\n   this   </pre><a target=_blank rel=noopener href=https://example.com/>link</a><ul><li>one<li>two</ul><table><tr><td>cell</table></div>');
  check('every option: smaller than defaults', [src.length, d.code.length > all.code.length], [src.length, true]);
  const broken = h.minifySync('<div><p>unclosed <span>x</div></p><b>', opts({}));
  check('error recovery: output', broken.code, '<div><p>unclosed <span>x</span></div><p></p><b></b>');
  check('error recovery: errors and spans', errs(broken), [
    'error 1-6: Start tag seen without seeing a doctype first, expected "<!DOCTYPE html>"',
    'error 25-31: End tag "div" seen, but there were open elements',
    'error 31-35: No "p" element in scope but a "p" end tag seen',
    'error 38-38: End of file seen and there were open elements',
  ]);
  const a = await h.minify(src, opts({}));
  check('async minify == sync', a.code, d.code);
  await attempt('bad options are an error', true, () => { try { h.minifySync('<p>x', Buffer.from('{"collapseWhitespaces": 5}')); return 'no error'; } catch (e) { return e instanceof Error; } });
}

async function fragmentMode() {
  const cases = [
    ['<td> a </td><td>b</td>', { context_element: el('tr'), collapseWhitespaces: 'all' }, '<td>a<td>b'],
    ['<li>  a  </li>\n<li>b</li>', { collapseWhitespaces: 'all', tagOmission: true }, '<li>a</li><li>b</li>'],
    ['<li>  a  </li><li>b</li>', {}, '<li>  a  </li><li>b</li>'],
    ['<option selected="selected">x</option><option>y</option>', { context_element: el('select'), collapseBooleanAttributes: true, tagOmission: true }, '<option selected>x<option>y'],
    ['<svg viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg><math><mi>x</mi></math>', {}, '<svg viewBox="0 0 10 10"><circle cx=5 cy=5 r=4 /></svg><math><mi>x</mi></math>'],
    ['<p>caf\u00e9 &amp; cr\u00e8me &eacute; &#x4e16;</p><img src="a.png" alt="">', { collapseWhitespaces: 'all' }, '<p>caf\u00e9 & cr\u00e8me \u00e9 \u4e16</p><img src=a.png alt="">'],
    ['<script>let  x = 1 ;  </script><style>a  { color : #FFFFFF }</style>', { minifyJs: true, minifyCss: true }, '<script>let x=1</script><style>a{color:#fff}</style>'],
  ];
  cases.forEach(([src, o, want], i) => {
    const r = h.minifyFragmentSync(src, opts(o));
    check(`fragment ${i + 1}: ${src.slice(0, 28)}`, [r.code, errs(r)], [want, []]);
  });
  const asBuffer = h.minifyFragmentSync(Buffer.from('<p>caf\u00e9</p>'), opts({}));
  check('UTF-8 Buffer input == string input', asBuffer.code, '<p>caf\u00e9</p>');
  const a = await h.minifyFragment('<b> x </b>  <i>y</i>', opts({ collapseWhitespaces: 'all' }));
  check('async minifyFragment', a.code, '<b>x</b><i>y</i>');
  const many = await Promise.all(Array.from({ length: 16 }, (_, i) => h.minifyFragment(`<p>  item ${i}  </p>`, opts({ collapseWhitespaces: 'all' }))));
  check('16 concurrent async calls', many.map((r) => r.code), Array.from({ length: 16 }, (_, i) => `<p>item ${i}</p>`));
}

const mode = process.argv[2];
const run = { document: documentMode, fragment: fragmentMode }[mode];
if (!run) { console.log('usage: swc-html-test.js document|fragment'); process.exit(2); }
run().then(() => finish(`swc html ${mode}`), (e) => { check('no exception', String(e && e.stack), ''); finish(`swc html ${mode}`); });
