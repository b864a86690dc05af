'use strict';
// Loads @rspack/binding's native module (the .node in ./package) and uses what @rspack/core exposes
// from it: the built-in SWC (rspack.experiments.swc transform/minify, options as JSON) and the
// resolver (oxc-resolver's ResolverFactory).
//   node rspack-test.js swc     : TypeScript + JSX lowered to ES2015/CommonJS, exact output, then run;
//                                 a source map; minify with mangling, exact output; syntax errors
//   node rspack-test.js resolve : look-ups on a node_modules tree this script creates: exports
//                                 conditions and patterns, imports (#), main fields, extensions,
//                                 index files, browser field, alias, tsconfig paths, misses
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const crypto = require('node:crypto');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const b = require(path.resolve('package', file));

const { check, attempt, finish } = require('./tap.js');
const sha256 = (s) => crypto.createHash('sha256').update(s).digest('hex');

const APP = `import React from 'react';
enum Color { Red, Green = 'g' }
interface P { name?: string; items: number[] }
export class Box<T> { #secret = 1; static count = 0; constructor(public value: T) { Box.count++; } get twice(): T[] { return [this.value, this.value]; } peek() { return this.#secret; } }
export const App = ({ name = 'world', items }: P) => <ul title={\`hi \${name}\`}>{items.map((i) => <li key={i}>{i ** 2}</li>)}</ul>;
export async function* gen(xs: AsyncIterable<number | null>) { for await (const x of xs) yield x?.toFixed?.(2) ?? Color.Green; }
export const pick = <T extends object, K extends keyof T>(o: T, ...ks: K[]) => Object.fromEntries(ks.map((k) => [k, o[k]])) as Pick<T, K>;
`;

async function swc() {
  check('EXPECTED_RSPACK_CORE_VERSION', b.EXPECTED_RSPACK_CORE_VERSION, '2.3.4');
  const opts = { filename: 'app.tsx', sourceMaps: true, jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2015', transform: { react: { runtime: 'classic' } } }, module: { type: 'commonjs' } };
  const r = b.transformSync(APP, JSON.stringify(opts));
  console.log(r.code);
  check('transform: output sha256', sha256(r.code), '1a7d386319c9c096548b88a155c0f0776c7523e3e1a5a481e5f16375275d56ab');
  check('transform: no diagnostics', r.diagnostics, []);
  check('transform: lowered (no TS, no JSX, no **, no ?., no #private)', ['enum ', 'interface ', '<li', '**', '?.', '#secret'].filter((s) => r.code.includes(s)), []);
  const map = JSON.parse(r.map);
  check('transform: source map', [map.version, map.sources, map.sourcesContent[0] === APP, map.mappings.length > 100], [3, ['app.tsx'], true, true]);
  // run the CommonJS output with a tiny React stand-in
  const React = { createElement: (t, p, ...c) => ({ t, p, c: c.flat() }) };
  const mod = { exports: {} };
  vm.runInNewContext(r.code, { module: mod, exports: mod.exports, require: (n) => (n === 'react' ? React : null), WeakMap, Object, Symbol, Promise, TypeError });
  const { Box, App, gen, pick } = mod.exports;
  const box = new Box(7); new Box('x');
  check('compiled class: twice, #private, static count', [box.twice, box.peek(), Box.count], [[7, 7], 1, 2]);
  check('compiled JSX', App({ items: [2, 3] }), { t: 'ul', p: { title: 'hi world' }, c: [{ t: 'li', p: { key: 2 }, c: [4] }, { t: 'li', p: { key: 3 }, c: [9] }] });
  async function* src() { yield 1.5; yield null; yield 2; }
  const out = []; for await (const v of gen(src())) out.push(v);
  check('compiled async generator + optional chaining + enum', out, ['1.50', 'g', '2.00']);
  check('compiled rest + generics', pick({ a: 1, b: 2, c: 3 }, 'a', 'c'), { a: 1, c: 3 });
  const es5 = b.transformSync('export default async (a, b = 2) => { const { x, ...rest } = await a; return [x, rest, b]; };', JSON.stringify({ filename: 'e.js', jsc: { target: 'es5' }, module: { type: 'commonjs' } }));
  check('es5 output sha256', sha256(es5.code), '9eff749e4875f58d9396b373e0a6305d2439d7b1a6548944813f7fa2e4f61a58');
  check('es5: no arrow, no const, no async', [/=>|\bconst\b|\basync\b|\bawait\b/.test(es5.code)], [false]);
  await attempt('transform syntax error', 'threw Error: Syntax Error: Expression expected', () => b.transformSync('let x = ;', JSON.stringify({ filename: 'bad.js' })));
  const asyncOut = await b.transform('const f = (a?: number) => a ?? 1;', JSON.stringify({ filename: 'x.ts', jsc: { parser: { syntax: 'typescript' }, target: 'es2019' } }));
  check('async transform', asyncOut.code, 'const f = (a)=>a !== null && a !== void 0 ? a : 1;\n');

  const SRC = '/* c */ export function longName(argumentOne, argumentTwo) { const unused = 5; if (argumentOne > argumentTwo) { return argumentOne - argumentTwo; } else { return "equal-" + (argumentTwo - argumentOne); } }\nconsole.log(longName(3, 2));\nfunction dead() { return 1 }\nexport const table = [1, 2, 3].map(function (value) { return value * 2; });';
  const m = b.minifySync(SRC, JSON.stringify({ compress: {}, mangle: {}, module: true, sourceMap: true }));
  console.log(m.code);
  check('minify: exact output', m.code, 'export function longName(n,o){return n>o?n-o:"equal-"+(o-n)}console.log(longName(3,2));export const table=[1,2,3].map(function(n){return 2*n});');
  const mm = JSON.parse(m.map);
  check('minify: source map names', [mm.version, mm.names], [3, ['longName', 'n', 'o', 'console', 'table']]);
  const kept = b.minifySync(SRC, JSON.stringify({ compress: false, mangle: false, module: true, format: { comments: 'all' } }));
  check('minify without compress/mangle keeps names and comments', [kept.code.includes('/* c */'), kept.code.includes('argumentOne'), kept.code.includes('dead')], [true, true, true]);
  const am = await b.minify('var aaaa = 1 + 2; console.log(aaaa);', JSON.stringify({ compress: { toplevel: true }, mangle: { toplevel: true } }));
  check('async minify, toplevel', am.code, 'console.log(3);');
  await attempt('minify syntax error', true, () => { try { b.minifySync('function (', '{}'); return 'no error'; } catch (e) { return /parse error: Expected ident/.test(e.message); } });
}

function write(rel, content) { const p = path.join('fx', rel); fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2)); }

async function resolve() {
  fs.rmSync('fx', { recursive: true, force: true });
  write('package.json', { name: 'app', imports: { '#util': './src/util.js', '#int/*': './src/internal/*.js' } });
  write('src/index.ts', ''); write('src/index.js', ''); write('src/util.js', ''); write('src/internal/deep.js', '');
  write('src/comp/index.tsx', ''); write('src/data.json', '{}'); write('src/lib/x.ts', '');
  write('tsconfig.json', { compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['src/lib/*'] } } });
  write('node_modules/dual/package.json', { name: 'dual', exports: { '.': { import: './esm/index.mjs', require: './cjs/index.cjs' }, './feature': { browser: './feature-browser.js', default: './feature.js' }, './utils/*': './lib/utils/*.js', './package.json': './package.json', './private/*': null } });
  for (const f of ['esm/index.mjs', 'cjs/index.cjs', 'feature.js', 'feature-browser.js', 'lib/utils/a.js', 'lib/utils/b/c.js', 'private/secret.js']) write(`node_modules/dual/${f}`, '');
  write('node_modules/legacy/package.json', { name: 'legacy', main: 'lib/main', module: 'es/main.js', browser: { './lib/main.js': './lib/browser.js', fs: false } });
  for (const f of ['lib/main.js', 'lib/browser.js', 'es/main.js', 'lib/other.json']) write(`node_modules/legacy/${f}`, '');
  write('node_modules/@scope/pkg/package.json', { name: '@scope/pkg', type: 'module' }); write('node_modules/@scope/pkg/index.js', '');
  write('node_modules/@scope/pkg/sub/index.js', '');

  const root = path.resolve('fx');
  const rel = (r) => (r.path ? path.relative(root, r.path).split(path.sep).join('/') : `error: ${r.error.split(root).join('<fx>').split(path.sep).join('/')}`);
  const at = path.join(root, 'src');
  const cjs = new b.ResolverFactory({ conditionNames: ['require', 'node'], extensions: ['.ts', '.tsx', '.js', '.json'] });
  const esm = cjs.cloneWithOptions({ conditionNames: ['import', 'browser'], mainFields: ['browser', 'module', 'main'], aliasFields: ['browser'], extensions: ['.js'] });
  const cases = [
    [cjs, root, 'dual', 'node_modules/dual/cjs/index.cjs'],
    [esm, root, 'dual', 'node_modules/dual/esm/index.mjs'],
    [cjs, at, 'dual/feature', 'node_modules/dual/feature.js'],
    [esm, at, 'dual/feature', 'node_modules/dual/feature-browser.js'],
    [cjs, at, 'dual/utils/a', 'node_modules/dual/lib/utils/a.js'],
    [cjs, at, 'dual/utils/b/c', 'node_modules/dual/lib/utils/b/c.js'],
    [cjs, at, 'dual/package.json', 'node_modules/dual/package.json'],
    [cjs, root, 'legacy', 'node_modules/legacy/lib/main.js'],
    [esm, root, 'legacy', 'node_modules/legacy/es/main.js'],
    [esm, root, 'legacy/lib/main', 'node_modules/legacy/lib/browser.js'],
    [cjs, root, 'legacy/lib/other', 'node_modules/legacy/lib/other.json'],
    [cjs, at, '@scope/pkg', 'node_modules/@scope/pkg/index.js'],
    [cjs, at, '@scope/pkg/sub', 'node_modules/@scope/pkg/sub/index.js'],
    [cjs, root, './src', 'src/index.ts'],
    [esm, root, './src', 'src/index.js'],
    [cjs, at, './comp', 'src/comp/index.tsx'],
    [cjs, at, './data', 'src/data.json'],
    [cjs, at, '../src/util.js', 'src/util.js'],
    [cjs, at, '#util', 'src/util.js'],
    [cjs, at, '#int/deep', 'src/internal/deep.js'],
  ];
  const got = cases.map(([r, dir, req]) => `${req} -> ${rel(r.sync(dir, req))}`);
  check('resolutions (require / import+browser conditions)', got, cases.map(([, , req, want]) => `${req} -> ${want}`));
  const misses = [[cjs, at, 'nope'], [cjs, at, './missing'], [cjs, at, 'dual/private/secret'], [cjs, at, 'dual/not-exported']].map(([r, dir, req]) => `${req} -> ${rel(r.sync(dir, req))}`);
  console.log(misses.join('\n'));
  check('misses are errors', misses.map((m) => m.includes('-> error: ')), [true, true, true, true]);
  check('miss messages', misses, [
    "nope -> error: Cannot find module 'nope'",
    "./missing -> error: Cannot find module './missing'",
    'dual/private/secret -> error: Package subpath \'./private/secret\' is not defined by "exports" in <fx>/node_modules/dual/package.json',
    'dual/not-exported -> error: Package subpath \'./not-exported\' is not defined by "exports" in <fx>/node_modules/dual/package.json',
  ]);
  check('moduleType from package.json "type"', cjs.sync(at, '@scope/pkg').moduleType, 'module');
  check('async resolve', rel(await esm.async(root, 'dual/utils/a')), 'node_modules/dual/lib/utils/a.js');
  const aliased = new b.ResolverFactory({ alias: { '@app': path.join(root, 'src'), 'legacy$': path.join(root, 'node_modules/legacy/es/main.js'), ignored: false }, extensions: ['.js'] });
  check('alias', [rel(aliased.sync(root, '@app/util')), rel(aliased.sync(root, 'legacy')), rel(aliased.sync(root, 'legacy/lib/main'))], ['src/util.js', 'node_modules/legacy/es/main.js', 'node_modules/legacy/lib/main.js']);
  check('alias to false is ignored', aliased.sync(root, 'ignored').path === undefined, true);
  const ts = new b.ResolverFactory({ tsconfig: { configFile: path.join(root, 'tsconfig.json') }, extensions: ['.ts', '.js'] });
  check('tsconfig paths', rel(ts.sync(at, '@lib/x')), 'src/lib/x.ts');
  check('module-level sync()', rel(b.sync(root, './src/util.js')), 'src/util.js');
  // files created after a look-up are found once the cache is cleared
  const before = rel(cjs.sync(at, './late'));
  write('src/late.js', '');
  cjs.clearCache();
  check('clearCache sees a new file', [before.startsWith('error: '), rel(cjs.sync(at, './late'))], [true, 'src/late.js']);
  check('loadBrowserslist', b.loadBrowserslist('chrome 80, firefox 78, safari 13.1', root), ['chrome 80', 'firefox 78', 'safari 13.1']);
}

const mode = process.argv[2];
const run = { swc, resolve }[mode];
if (!run) { console.log('usage: rspack-test.js swc|resolve'); process.exit(2); }
run().then(() => finish(`rspack binding ${mode}`), (e) => { check('no exception', String(e && e.stack), ''); finish(`rspack binding ${mode}`); });
