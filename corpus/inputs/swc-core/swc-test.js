'use strict';
// Loads @swc/core's native binding (the .node in ./package) and calls it the way @swc/core's
// index.js does: the source as a string or Buffer, the options as a JSON Buffer.
//   node swc-test.js transform : app.tsx (TypeScript + JSX) to ES2015 CommonJS with a source map;
//       exact output, then the output is run; a syntax error's message and position
//   node swc-test.js minify    : lib.js compressed and mangled as an ES module; exact output, then
//       the minified and the original modules are imported and give the same answers
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { pathToFileURL } = require('node:url');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const swc = require(path.resolve('package', file));

const { check, attempt, finish } = require('./tap.js');
const opts = (o) => Buffer.from(JSON.stringify(o));
const sha = (s) => crypto.createHash('sha256').update(s).digest('hex');

// A tiny JSX runtime for the transformed module: h() builds nodes, render() prints HTML.
const Fragment = Symbol('Fragment');
const h = (type, props, ...children) => ({ type, props: props || {}, children: children.flat() });
function render(n) {
  if (n === null || n === undefined || n === false) return '';
  if (typeof n !== 'object') return String(n);
  if (typeof n.type === 'function') return render(n.type({ ...n.props, children: n.children }));
  const inner = n.children.map(render).join('');
  if (n.type === Fragment) return inner;
  const attrs = Object.entries(n.props).filter(([k, v]) => k !== 'key' && v !== undefined)
    .map(([k, v]) => ` ${k === 'className' ? 'class' : k}="${v}"`).join('');
  return `<${n.type}${attrs}>${inner}</${n.type}>`;
}

async function main(mode) {
  if (mode === 'transform') {
    const src = fs.readFileSync('app.tsx', 'utf8');
    const r = swc.transformSync(src, false, opts({
      filename: 'app.tsx', sourceMaps: true, swcrc: false, configFile: false,
      jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2015',
             transform: { react: { pragma: 'h', pragmaFrag: 'Fragment', runtime: 'classic' } } },
      module: { type: 'commonjs' },
    }));
    console.log(r.code);
    check('output sha256', sha(r.code), '51d4687ee9b27cb823c7fca6a9a738b16fd22e4681ec5ff2f8dae35a918be3d3');
    check('types and enum lowered', [/\binterface\b|: Task|readonly /.test(r.code), r.code.includes('Priority[Priority["High"] = 10] = "High"')], [false, true]);
    const map = JSON.parse(r.map);
    check('source map', [map.version, map.sources, map.mappings.length > 100, sha(r.map)], [3, ['app.tsx'], true, 'e8a468d6814ed873e7dda2763cb58e27e3d9f0f297acd4e5900854aa84ec8caa']);
    // Run the CommonJS output with the tiny runtime.
    const module = { exports: {} };
    new Function('require', 'module', 'exports', r.code)((m) => {
      if (m === './runtime') return { h, Fragment };
      throw new Error(`unexpected require ${m}`);
    }, module, module.exports);
    const { Priority, Store, Filters, summarise, TaskList } = module.exports;
    check('enum', [Priority.Low, Priority.Medium, Priority.High, Priority[2]], [1, 2, 10, 'Medium']);
    const tasks = [
      { id: 1, title: 'write tests', priority: Priority.High, tags: ['qa'] },
      { id: 2, title: 'fix <bug>', priority: Priority.Medium, done: true, tags: ['core', 'urgent'] },
      { id: 3, title: 'release', priority: Priority.High },
      { id: 4, title: 'docs', priority: Priority.Low },
    ];
    const store = new Store('inbox').add(...tasks);
    new Store('other');
    check('class with private field, getter, static', [store.size, store.label(), Store.created, store.all(Filters.urgent).map((t) => t.id)], [4, 'inbox(4)', 2, [1, 3]]);
    await attempt('async summarise', 'inbox(4) open=3 first-tag=core {"High":2,"Low":1}', () => summarise(store, (ms) => new Promise((res) => setTimeout(res, ms))));
    check('JSX render', render(h(TaskList, { tasks: tasks.slice(0, 3) })),
      '<h1 class="title">Tasks</h1><ul><li data-prio="10">write tests<em> [qa]</em></li><li class="done" data-prio="2">fix <bug><em> [core, urgent]</em></li><li data-prio="10">release</li></ul>');
    // A syntax error: where it is and what it says.
    let msg = null;
    try { swc.transformSync('const a = {\n  b: 1;\n};\n', false, opts({ filename: 'bad.ts', jsc: { parser: { syntax: 'typescript' } } })); } catch (e) { msg = String(e && e.message).replace(/\x1b\[[0-9;]*m/g, ''); }
    // The diagnostic up to its frame's end (what follows, a Rust backtrace, is not compared).
    const diag = msg && msg.slice(0, msg.indexOf('`----') + 5).split('\n').map((l) => l.trimEnd());
    console.log(diag && diag.join('\n'));
    check('syntax error diagnostic', diag, ["  x Expected ',', got ';'", '   ,-[bad.ts:2:1]', ' 1 | const a = {', ' 2 |   b: 1;', '   :       ^', ' 3 | };', '   `----']);
  } else if (mode === 'minify') {
    const src = fs.readFileSync('lib.js');
    const r = swc.minifySync(src, opts({
      compress: { passes: 2, unused: true, dead_code: true }, mangle: { toplevel: true },
      module: true, sourceMap: true, ecma: 2020, format: { comments: false },
    }), false, {});
    console.log(r.code);
    check('minified sha256', sha(r.code), 'eae748bac50d4aa47ab1af8d102cf91142bac45fa1481c95a1e6e99fcadf0500');
    check('minified is smaller, dead code gone', [r.code.length < src.length / 2, r.code.includes('debugging'), r.code.includes('unusedHelper')], [true, false, false]);
    const map = JSON.parse(r.map);
    check('minify source map', [map.version, sha(r.map)], [3, '6852b3b5b41a5f8959a9181436677a5da945ca416200d29e4c82581a53e3296b']);
    fs.writeFileSync('lib.min.mjs', r.code);
    fs.copyFileSync('lib.js', 'lib.orig.mjs');
    const run = async (f) => {
      const m = await import(pathToFileURL(path.resolve(f)).href);
      const a = new m.Matrix(2, 3); const b = new m.Matrix(3, 2);
      for (let i = 0; i < 6; i++) { a.cells[i] = i + 1; b.cells[i] = 6 - i; }
      let err = null; try { a.multiply(a); } catch (e) { err = `${e.name}: ${e.message}`; }
      return { product: a.multiply(b).cells, fib: [...m.fibonacci(12)], report: m.report([3, 1, 4, 1, 5, 9, 2, 6, 50, 70]), err };
    };
    const want = {
      product: [20, 14, 56, 41], fib: [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89],
      report: 'n=10 first=3 sum-of-squares=2673 limit=42', err: 'RangeError: cannot multiply 2x3 by 2x3',
    };
    check('original module answers', await run('lib.orig.mjs'), want);
    check('minified module answers', await run('lib.min.mjs'), want);
  } else { console.log('usage: swc-test.js transform|minify'); process.exit(2); }
  finish(`swc ${mode}`);
}
main(process.argv[2]);
