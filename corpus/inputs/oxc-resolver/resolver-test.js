'use strict';
// Loads the resolver's native module (the .node in ./package) and resolves on a tree it creates.
// Shared by oxc-resolver and unrs-resolver, its fork with the same API.
//   node resolver-test.js node       : node_modules packages (exports conditions and subpaths, main,
//       scoped wildcard exports, package imports, a pnpm-style junction), module types, errors
//   node resolver-test.js typescript : tsconfig paths (with extends and baseUrl), extension order,
//       extensionAlias, alias, resolveFileSync's tsconfig discovery, resolveDtsSync, async == sync
// Paths are reported relative to the tree with / separators, so the expected values hold on every OS.
const fs = require('node:fs');
const path = require('node:path');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const { ResolverFactory } = require(path.resolve('package', file));

const { check, attempt, finish } = require('./tap.js');

const base = fs.realpathSync.native(process.cwd());
const root = path.join(base, 'tree');
fs.rmSync(root, { recursive: true, force: true });
function put(rel, text) {
  const p = path.join(root, ...rel.split('/'));
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, typeof text === 'string' ? text : JSON.stringify(text, null, 2));
}
// Relative to the tree, / separators; anything outside the tree stays as it came.
function rel(p) {
  if (typeof p !== 'string') return p;
  const r = path.relative(root, p);
  return r.startsWith('..') || path.isAbsolute(r) ? p : r.split(path.sep).join('/');
}
// An error message with the tree's absolute path (either separator) replaced by <root>.
function msg(s) {
  if (typeof s !== 'string') return s;
  for (const r of [root, root.split(path.sep).join('/')]) s = s.split(r).join('<root>');
  return s.replace(/<root>[^\s"']*/g, (m) => m.split('\\').join('/'));
}
const out = (r) => (r.error !== undefined ? { error: msg(r.error) } : { path: rel(r.path) });
const dir = (d) => path.join(root, ...d.split('/'));

// The project and its dependencies
put('package.json', { name: 'app', type: 'module', imports: { '#internal/*': './src/internal/*.js', '#config': { node: './src/config.node.js', default: './src/config.js' } } });
put('src/main.js', 'export {};\n');
put('src/internal/log.js', 'export {};\n');
put('src/config.js', 'export {};\n');
put('src/config.node.js', 'export {};\n');
put('src/legacy/package.json', { type: 'commonjs' });
put('src/legacy/old.js', 'module.exports = 1;\n');
put('src/data.json', '{}\n');
put('node_modules/pkg-exports/package.json', {
  name: 'pkg-exports', main: './dist/index.cjs',
  exports: {
    '.': { import: './dist/index.mjs', require: './dist/index.cjs' },
    './feature': { node: './dist/feature-node.js', default: './dist/feature.js' },
    './package.json': './package.json',
    './internal/*': null,
    './*': './dist/*.js',
  },
});
for (const f of ['index.mjs', 'index.cjs', 'feature-node.js', 'feature.js', 'extra.js', 'private.js', 'internal/x.js']) put(`node_modules/pkg-exports/dist/${f}`, '\n');
put('node_modules/pkg-main/package.json', { name: 'pkg-main', main: 'lib/entry' });
put('node_modules/pkg-main/lib/entry.js', '\n');
put('node_modules/pkg-main/lib/other.js', '\n');
put('node_modules/pkg-index/package.json', { name: 'pkg-index' });
put('node_modules/pkg-index/index.js', '\n');
put('node_modules/@scope/tools/package.json', { name: '@scope/tools', type: 'module', exports: { './*': './src/*.js', './*.css': './styles/*.css' } });
put('node_modules/@scope/tools/src/format/date.js', '\n');
put('node_modules/@scope/tools/styles/base.css', '\n');
put('node_modules/pkg-browser/package.json', { name: 'pkg-browser', main: 'node.js', browser: 'browser.js', module: 'esm.js' });
for (const f of ['node.js', 'browser.js', 'esm.js']) put(`node_modules/pkg-browser/${f}`, '\n');
// pnpm layout: node_modules/linked is a junction to .pnpm/linked@1.0.0/node_modules/linked
put('node_modules/.pnpm/linked@1.0.0/node_modules/linked/package.json', { name: 'linked', main: 'main.js' });
put('node_modules/.pnpm/linked@1.0.0/node_modules/linked/main.js', '\n');
// a package nested under src/ shadows the top-level one for files below src/
put('src/node_modules/pkg-main/package.json', { name: 'pkg-main', main: 'nested.js' });
put('src/node_modules/pkg-main/nested.js', '\n');

// TypeScript side
put('tsconfig.base.json', { compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['src/lib/*'], '@shared': ['src/shared/index.ts'], 'multi/*': ['src/missing/*', 'src/fallback/*'] } } });
put('tsconfig.json', { extends: './tsconfig.base.json', compilerOptions: { strict: true }, include: ['src'] });
put('src/lib/util.ts', 'export {};\n');
put('src/lib/util.js', '\n'); // .ts comes first in extensions
put('src/lib/view.tsx', 'export {};\n');
put('src/lib/helpers/index.ts', 'export {};\n');
put('src/shared/index.ts', 'export {};\n');
put('src/fallback/thing.ts', 'export {};\n');
put('src/esm/a.ts', 'export {};\n');
put('src/esm/b.mts', 'export {};\n');
put('src/app/page.ts', 'export {};\n');
put('src/app/tsconfig.json', { compilerOptions: { baseUrl: '.', paths: { '~/*': ['./*'] } } });
put('src/app/widgets/button.ts', 'export {};\n');
put('src/types/thing.d.ts', 'export {};\n');
put('node_modules/typed/package.json', { name: 'typed', types: './types/index.d.ts', main: './lib/index.js' });
put('node_modules/typed/types/index.d.ts', 'export {};\n');
put('node_modules/typed/lib/index.js', '\n');
put('node_modules/@types/untyped/index.d.ts', 'export {};\n');
put('node_modules/untyped/package.json', { name: 'untyped', main: 'index.js' });
put('node_modules/untyped/index.js', '\n');

const mode = process.argv[2];
(async () => {
  if (mode === 'node') {
    const esm = new ResolverFactory({ conditionNames: ['node', 'import'], moduleType: true, builtinModules: true });
    const cjs = new ResolverFactory({ conditionNames: ['node', 'require'], extensions: ['.js', '.json'] });
    const browser = new ResolverFactory({ conditionNames: ['browser', 'import'], mainFields: ['browser', 'module', 'main'], aliasFields: ['browser'] });
    const src = dir('src');
    check('exports "." import condition', out(esm.sync(src, 'pkg-exports')), { path: 'node_modules/pkg-exports/dist/index.mjs' });
    check('exports "." require condition', out(cjs.sync(src, 'pkg-exports')), { path: 'node_modules/pkg-exports/dist/index.cjs' });
    check('exports subpath node condition', out(esm.sync(src, 'pkg-exports/feature')), { path: 'node_modules/pkg-exports/dist/feature-node.js' });
    check('exports subpath default condition', out(browser.sync(src, 'pkg-exports/feature')), { path: 'node_modules/pkg-exports/dist/feature.js' });
    check('exports wildcard subpath', out(esm.sync(src, 'pkg-exports/extra')), { path: 'node_modules/pkg-exports/dist/extra.js' });
    check('exports ./package.json', out(esm.sync(src, 'pkg-exports/package.json')), { path: 'node_modules/pkg-exports/package.json' });
    check('exports null subpath is an error', out(esm.sync(src, 'pkg-exports/internal/x')),
      { error: '"./internal/x" is not exported under the conditions ["node", "import"] from package <root>/node_modules/pkg-exports (see exports field in <root>/node_modules/pkg-exports/package.json)' });
    check('nearest node_modules wins', out(cjs.sync(src, 'pkg-main')), { path: 'src/node_modules/pkg-main/nested.js' });
    check('main field, from the root', out(cjs.sync(root, 'pkg-main')), { path: 'node_modules/pkg-main/lib/entry.js' });
    check('deep file in a package without exports', out(cjs.sync(root, 'pkg-main/lib/other')), { path: 'node_modules/pkg-main/lib/other.js' });
    check('index.js without main', out(cjs.sync(root, 'pkg-index')), { path: 'node_modules/pkg-index/index.js' });
    check('scoped wildcard exports', out(esm.sync(src, '@scope/tools/format/date')), { path: 'node_modules/@scope/tools/src/format/date.js' });
    check('scoped pattern with suffix', out(esm.sync(src, '@scope/tools/base.css')), { path: 'node_modules/@scope/tools/styles/base.css' });
    check('browser main field', out(browser.sync(root, 'pkg-browser')), { path: 'node_modules/pkg-browser/browser.js' });
    check('package imports pattern', out(esm.sync(src, '#internal/log')), { path: 'src/internal/log.js' });
    check('package imports condition', out(esm.sync(src, '#config')), { path: 'src/config.node.js' });
    check('package imports default condition', out(browser.sync(src, '#config')), { path: 'src/config.js' });
    check('relative with extension search', out(cjs.sync(src, './legacy/old')), { path: 'src/legacy/old.js' });
    check('relative json', out(cjs.sync(src, './data')), { path: 'src/data.json' });
    const r = esm.sync(src, 'pkg-exports');
    check('module type of .mjs', r.moduleType, 'module');
    check('packageJsonPath', rel(r.packageJsonPath), 'node_modules/pkg-exports/package.json');
    check('module type from "type": "commonjs"', esm.sync(src, './legacy/old.js').moduleType, 'commonjs');
    check('module type from "type": "module"', esm.sync(root, './src/main.js').moduleType, 'module');
    check('module type json', esm.sync(src, './data.json').moduleType, 'json');
    const b = esm.sync(src, 'node:fs');
    check('builtin node:fs', [b.path, b.builtin], [undefined, { resolved: 'node:fs', isRuntimeModule: true }]);
    check('builtin zlib', esm.sync(src, 'zlib').builtin, { resolved: 'node:zlib', isRuntimeModule: false });
    check('missing package', out(esm.sync(src, 'no-such-package')), { error: "Cannot find module 'no-such-package'" });
    check('missing relative file', out(cjs.sync(src, './nope')), { error: "Cannot find module './nope'" });
    // pnpm-style junction (a directory junction needs no privilege on Windows)
    let linkMade;
    try {
      fs.symlinkSync(dir('node_modules/.pnpm/linked@1.0.0/node_modules/linked'), dir('node_modules/linked'), 'junction');
      linkMade = true;
    } catch (e) { linkMade = `threw ${e.code}`; }
    check('junction created', linkMade, true);
    check('junction resolved to its real path', out(cjs.sync(root, 'linked')), { path: 'node_modules/.pnpm/linked@1.0.0/node_modules/linked/main.js' });
    const keep = new ResolverFactory({ symlinks: false });
    check('junction kept with symlinks: false', out(keep.sync(root, 'linked')), { path: 'node_modules/linked/main.js' });
    await attempt('async == sync', out(cjs.sync(root, 'pkg-main')), async () => out(await cjs.async(root, 'pkg-main')));
  } else if (mode === 'typescript') {
    const opts = { extensions: ['.ts', '.tsx', '.js', '.json'], extensionAlias: { '.js': ['.ts', '.js'], '.mjs': ['.mts', '.mjs'] } };
    const ts = new ResolverFactory({ ...opts, tsconfig: { configFile: path.join(root, 'tsconfig.json') } });
    const src = dir('src');
    check('paths wildcard, .ts before .js', out(ts.sync(src, '@lib/util')), { path: 'src/lib/util.ts' });
    check('paths wildcard, .tsx', out(ts.sync(src, '@lib/view')), { path: 'src/lib/view.tsx' });
    check('paths to a folder index', out(ts.sync(src, '@lib/helpers')), { path: 'src/lib/helpers/index.ts' });
    check('paths exact', out(ts.sync(src, '@shared')), { path: 'src/shared/index.ts' });
    check('paths second target', out(ts.sync(src, 'multi/thing')), { path: 'src/fallback/thing.ts' });
    check('baseUrl', out(ts.sync(root, 'src/esm/a')), { path: 'src/esm/a.ts' });
    check('extensionAlias .js -> .ts', out(ts.sync(src, './esm/a.js')), { path: 'src/esm/a.ts' });
    check('extensionAlias .mjs -> .mts', out(ts.sync(src, './esm/b.mjs')), { path: 'src/esm/b.mts' });
    check('unmatched paths falls back to node_modules', out(ts.sync(src, 'pkg-index')), { path: 'node_modules/pkg-index/index.js' });
    check('missing paths target', out(ts.sync(src, '@lib/absent')), { error: "Cannot find module '@lib/absent'" });
    const plain = new ResolverFactory(opts);
    check('no tsconfig: paths not applied', out(plain.sync(src, '@lib/util')), { error: "Cannot find module '@lib/util'" });
    const auto = new ResolverFactory({ ...opts, tsconfig: 'auto' });
    check('resolveFileSync finds src/app/tsconfig.json', out(auto.resolveFileSync(dir('src/app/page.ts'), '~/widgets/button')), { path: 'src/app/widgets/button.ts' });
    check('resolveFileSync finds the root tsconfig (extends)', out(auto.resolveFileSync(dir('src/esm/a.ts'), '@lib/util')), { path: 'src/lib/util.ts' });
    const aliased = new ResolverFactory({ ...opts, alias: { '@app': [dir('src/app')], 'ignored-mod': [null], 'pkg-main$': [dir('node_modules/pkg-index')] } });
    check('alias to a folder', out(aliased.sync(root, '@app/page')), { path: 'src/app/page.ts' });
    check('alias exact match ($)', out(aliased.sync(root, 'pkg-main')), { path: 'node_modules/pkg-index/index.js' });
    check('alias exact match leaves subpaths', out(aliased.sync(root, 'pkg-main/lib/other')), { path: 'node_modules/pkg-main/lib/other.js' });
    check('alias to false is ignored', out(aliased.sync(root, 'ignored-mod')), { error: 'Path is ignored <root>/ignored-mod' });
    const dts = new ResolverFactory({ tsconfig: { configFile: path.join(root, 'tsconfig.json') } });
    check('resolveDtsSync types field', out(dts.resolveDtsSync(dir('src/main.ts'), 'typed')), { path: 'node_modules/typed/types/index.d.ts' });
    check('resolveDtsSync @types package', out(dts.resolveDtsSync(dir('src/main.ts'), 'untyped')), { path: 'node_modules/@types/untyped/index.d.ts' });
    check('resolveDtsSync relative .d.ts', out(dts.resolveDtsSync(dir('src/main.ts'), './types/thing')), { path: 'src/types/thing.d.ts' });
    const reqs = ['@lib/util', '@lib/helpers', './esm/a.js', 'multi/thing', 'nope'];
    await attempt('async == sync for 5 requests', reqs.map((q) => out(ts.sync(src, q))), async () => (await Promise.all(reqs.map((q) => ts.async(src, q)))).map(out));
    const clone = ts.cloneWithOptions({ ...opts });
    check('cloneWithOptions without tsconfig', out(clone.sync(src, '@lib/util')), { error: "Cannot find module '@lib/util'" });
    ts.clearCache();
    fs.writeFileSync(dir('src/lib/late.ts'), 'export {};\n');
    check('after clearCache a new file is found', out(ts.sync(src, '@lib/late')), { path: 'src/lib/late.ts' });
  } else { console.log('usage: resolver-test.js node|typescript'); process.exit(2); }
  fs.rmSync(root, { recursive: true, force: true });
  finish(`resolver ${mode}`);
})();
