'use strict';
// Loads rolldown's native binding (the .node in ./package) and uses it directly, without
// rolldown's JS wrapper: BindingBundler with a minimal options object of the binding's own
// fields (input, cwd, plugins, logLevel, onLog; format, dir, file names), and the oxc utilities.
//   node rolldown-test.js bundle    : a module graph the script writes (TypeScript, JSON, CommonJS,
//       a dynamic import, a cycle, dead code) bundled to ESM on disk with code splitting and to
//       CommonJS in memory; exact chunks, then both bundles are run; an unresolved import's error
//   node rolldown-test.js transform : oxc transform of TypeScript + JSX, minify and parse (module
//       record); exact output, then the transformed and minified code is run
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { pathToFileURL } = require('node:url');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const binding = require(path.resolve('package', file));

const { check, attempt, finish } = require('./tap.js');
const sha = (s) => crypto.createHash('sha256').update(s).digest('hex');

const GRAPH = {
  'main.ts': `import { total, type Line } from './cart';
import { formatPrice } from './format';
import config from './config.json';
import legacy from './legacy.cjs';
import { isEven } from './cycle-a';

export interface Receipt { lines: string[]; total: string }

export function receipt(lines: Line[]): Receipt {
  return {
    lines: lines.map((l) => \`\${l.name.padEnd(8)}\${formatPrice(l.cents * l.qty, config.currency)}\`),
    total: formatPrice(total(lines), config.currency),
  };
}

export const legacyAnswer: number = legacy.answer(6);
export const parity = [isEven(10), isEven(7)];
export async function loadTax(cents: number): Promise<number> {
  const { tax } = await import('./tax');
  return tax(cents, config.taxPercent);
}
`,
  'cart.ts': `export interface Line { name: string; cents: number; qty: number }
export const total = (lines: Line[]): number => lines.reduce((s, l) => s + l.cents * l.qty, 0);
export function neverUsed(): string { return 'TREE-SHAKEN-AWAY'; }
`,
  'format.ts': `const enum Sep { Dot = '.' }
export function formatPrice(cents: number, currency: string): string {
  return \`\${currency} \${Math.floor(cents / 100)}\${Sep.Dot}\${String(cents % 100).padStart(2, '0')}\`;
}
`,
  'config.json': '{ "currency": "EUR", "taxPercent": 19, "unusedKey": "ALSO-GONE?" }\n',
  'legacy.cjs': `'use strict';
exports.answer = function (n) { return n * 7; };
`,
  'cycle-a.js': `import { isOdd } from './cycle-b.js';
export function isEven(n) { return n === 0 ? true : isOdd(n - 1); }
`,
  'cycle-b.js': `import { isEven } from './cycle-a.js';
export function isOdd(n) { return n === 0 ? false : isEven(n - 1); }
`,
  'tax.ts': `export const tax = (cents: number, percent: number): number => Math.round((cents * percent) / 100);
`,
};

function writeGraph() {
  fs.rmSync('src', { recursive: true, force: true });
  fs.mkdirSync('src');
  for (const [name, text] of Object.entries(GRAPH)) fs.writeFileSync(path.join('src', name), text);
}

async function build(outputOptions, write, input = './src/main.ts') {
  const logs = [];
  const bundler = new binding.BindingBundler();
  try {
    const opts = {
      inputOptions: { input: [{ name: 'main', import: input }], plugins: [], cwd: process.cwd(), logLevel: binding.BindingLogLevel.Warn, onLog: (level, log) => { logs.push(`${log.code}: ${log.message}`); } },
      outputOptions: { plugins: [], ...outputOptions },
    };
    const out = write ? await bundler.write(opts) : await bundler.generate(opts);
    if (out.isBindingErrors) return { errors: out.errors.map((e) => (e.type === 'JsError' ? String(e.field0) : [e.field0.kind, e.field0.message])), logs };
    const chunks = out.chunks.map((c) => ({ fileName: c.getFileName(), code: c.getCode(), isEntry: c.getIsEntry(), isDynamicEntry: c.getIsDynamicEntry(), exports: c.getExports(), moduleIds: c.getModuleIds().map((id) => path.relative(process.cwd(), id).split(path.sep).join('/')) }));
    return { chunks, assets: out.assets.length, logs };
  } finally { await bundler.close(); }
}

const LINES = [{ name: 'tea', cents: 450, qty: 3 }, { name: 'cake', cents: 1205, qty: 1 }];
const WANT = { receipt: { lines: ['tea     EUR 13.50', 'cake    EUR 12.05'], total: 'EUR 25.55' }, legacyAnswer: 42, parity: [true, false], tax: 485 };

async function main(mode) {
  if (mode === 'bundle') {
    binding.startAsyncRuntime();
    writeGraph();
    fs.rmSync('dist', { recursive: true, force: true });
    const esm = await build({ format: 'es', dir: 'dist', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' }, true);
    for (const c of esm.chunks || []) console.log(`--- ${c.fileName}\n${c.code}`);
    console.log(JSON.stringify(esm.logs));
    check('ESM chunks', (esm.chunks || []).map((c) => [c.fileName, c.isEntry, c.isDynamicEntry, c.exports, c.moduleIds]), [
      ['main.js', true, false, ['legacyAnswer', 'loadTax', 'parity', 'receipt'], ['\0rolldown/runtime.js', 'src/cart.ts', 'src/format.ts', 'src/config.json', 'src/legacy.cjs', 'src/cycle-b.js', 'src/cycle-a.js', 'src/main.ts']],
      ['tax-lN6Laq_V.js', false, true, ['tax'], ['src/tax.ts']]]);
    check('ESM code sha256', (esm.chunks || []).map((c) => sha(c.code)), ['f900931f5e048c67465344dab11f2a5c77c13255c77717d029e8c41fa1c440fa', '1fcc5c6e2623c0099cf987e0501b8c469b7a642787025a17371a78eada586f63']);
    check('files written = chunks', fs.readdirSync('dist').sort(), (esm.chunks || []).map((c) => c.fileName).sort());
    check('dead code removed', (esm.chunks || []).some((c) => c.code.includes('TREE-SHAKEN-AWAY') || c.code.includes('interface')), false);
    await attempt('ESM bundle runs', WANT, async () => {
      const m = await import(pathToFileURL(path.resolve('dist/main.js')).href);
      return { receipt: m.receipt(LINES), legacyAnswer: m.legacyAnswer, parity: m.parity, tax: await m.loadTax(2555) };
    });
    const cjs = await build({ format: 'cjs', inlineDynamicImports: true }, false);
    const code = cjs.chunks ? cjs.chunks[0].code : '';
    console.log(`--- cjs\n${code}`);
    check('CJS single chunk', cjs.chunks && [cjs.chunks.length, sha(code)], [1, 'e0145a0fa70751f223f46a7320b08558f15917aedf1504741f4c4a4e738e87a5']);
    await attempt('CJS bundle runs', WANT, async () => {
      const module = { exports: {} };
      new Function('module', 'exports', 'require', code)(module, module.exports, require);
      const m = module.exports;
      return { receipt: m.receipt(LINES), legacyAnswer: m.legacyAnswer, parity: m.parity, tax: await m.loadTax(2555) };
    });
    fs.writeFileSync('src/broken.js', "import { nope } from './missing.js';\nexport default nope;\n");
    const bad = await build({ format: 'es' }, false, './src/broken.js');
    console.log(JSON.stringify(bad.errors));
    check('unresolved import is an error', bad.errors && bad.errors.map((e) => [e[0], e[1].split('\n').slice(0, 2)]),
      [['UNRESOLVED_IMPORT', ["[UNRESOLVED_IMPORT] Could not resolve './missing.js' in src/broken.js", '   ╭─[ src/broken.js:1:22 ]']]]);
    binding.shutdownAsyncRuntime();
  } else if (mode === 'transform') {
    const src = fs.readFileSync('widget.tsx', 'utf8');
    const jsx = { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' };
    const low = binding.transformSync('widget.tsx', src, { lang: 'tsx', sourceType: 'module', target: 'es2019', jsx, sourcemap: true });
    console.log(low.code);
    check('es2019 transform sha256', [low.errors, sha(low.code)], [[], '7ff2aa414908b00f71344f9830e672b6c407b827ca9d7e3be486c2349b492430']);
    check('es2019 lowering', [/\binterface\b|abstract|: number/.test(low.code), low.code.includes('new WeakMap()'), low.code.includes('!== void 0 ?'), low.helpersUsed && Object.keys(low.helpersUsed).sort()],
      [false, true, true, ['classPrivateFieldGet2', 'classPrivateFieldInitSpec', 'classPrivateFieldSet2', 'defineProperty']]);
    check('source map', low.map && [low.map.version, low.map.sources, low.map.sourcesContent && low.map.sourcesContent[0] === src, sha(low.map.mappings)], [3, ['widget.tsx'], true, '870e98bdb262c1225770c11603add580faac64dfbaeefdc376701327b0a0e1da']);
    const es22 = binding.transformSync('widget.tsx', src, { lang: 'tsx', sourceType: 'module', target: 'es2022', jsx });
    console.log(es22.code);
    check('es2022 transform sha256', [es22.errors, sha(es22.code)], [[], '92956afb662053a2f062402c3bbceb8604e09cc36e05869cbde064ca11f6807c']);
    const min = binding.minifySync('widget.js', es22.code, { compress: { target: 'es2022' }, mangle: { toplevel: false }, codegen: { removeWhitespace: true } });
    console.log(min.code);
    check('minified sha256', [min.errors, sha(min.code), min.code.length < es22.code.length * 0.7], [[], '746abcf7af5372d54b78b4b2aef1918e93d8c1b9edd9409d49c9e54a4a751bf9', true]);
    // Run both with a tiny JSX runtime next to them.
    fs.writeFileSync('jsx.mjs', `export const Fragment = Symbol('Fragment');
export function h(type, props, ...children) {
  children = children.flat().filter((c) => c !== false && c != null);
  if (type === Fragment) return children.join('');
  const attrs = Object.entries(props || {}).map(([k, v]) => \` \${k}="\${v}"\`).join('');
  return \`<\${type}\${attrs}>\${children.join('')}</\${type}>\`;
}
`);
    const run = async (name, code) => {
      fs.writeFileSync(name, code);
      const m = await import(pathToFileURL(path.resolve(name)).href);
      const shapes = [new m.Rect(2, 3.5), new m.Rect(1, 1)];
      return {
        size: [m.Size.Small, m.Size.Large], rect: shapes[0].describe(), count: m.Rect.count,
        list: m.List({ items: ['a', null, 'b'], render: (x, i) => `${i}:${x}` }),
        empty: m.List({ items: [], render: String, size: m.Size.Large }),
        stats: m.stats([5, 1, 4, 2]),
      };
    };
    const want = { size: ['sm', 'lg'], rect: 'rect with 4 sides, area 7.00', count: 2, list: '<ul class="list list-sm"><li data-i="0">0:a</li><li data-i="1">1:b</li></ul>', empty: '<ul class="list list-lg"></ul><p>empty</p>', stats: { min: 1, max: 5, mean: 3, median: 3 } };
    await attempt('es2022 output runs', want, () => run('widget.mjs', es22.code));
    await attempt('minified output runs', want, () => run('widget.min.mjs', min.code));
    // The parser: module record and the ESTree program (as JSON), and an error's code frame.
    // (the result's getters hand their value over once, so read each once, as oxc-parser's wrap() does)
    const { program, module, errors } = binding.parseSync('widget.tsx', src, { lang: 'tsx' });
    check('parse program sha256', [errors, sha(program)], [[], 'e3cad760d1d33c1f1a7ff2ff10ff327b17ddf1e2c0d40c633dc5b944f4c25274']);
    const { staticImports, staticExports } = module;
    check('static imports', staticImports.map((i) => [i.moduleRequest.value, i.entries.map((e) => [e.importName.name, e.isType])]), [['./jsx.mjs', [['h', false], ['Fragment', false]]], ['./theme', [['Theme', true]]]]);
    check('static exports', staticExports.flatMap((e) => e.entries.map((x) => [x.exportName.name, x.isType])), [['Size', false], ['Props', true], ['Shape', false], ['Rect', false], ['List', false], ['stats', false]]);
    const badErrors = binding.parseSync('bad.ts', 'let ok = 1;\nlet x: = 1;\n', {}).errors;
    console.log(badErrors.map((e) => e.codeframe).join(''));
    check('syntax error', badErrors.map((e) => [e.severity, e.message, e.labels.map((l) => [l.start, l.end]), e.codeframe.split('\n')[2]]), [['Error', 'Unexpected token', [[19, 20]], '   ,-[bad.ts:2:8]']]);
  } else { console.log('usage: rolldown-test.js bundle|transform'); process.exit(2); }
  finish(`rolldown ${mode}`);
}
main(process.argv[2]);
