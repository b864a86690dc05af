'use strict';
// Loads Nx's native module (the .node in ./package) and calls the functions nx itself uses on a
// workspace tree this script creates.
//   node nx-test.js hashing : hashArray, hashFile, WorkspaceContext (walk with .gitignore/.nxignore,
//                             project file map, globs, glob hashes, archive, incremental update, rescan)
//   node nx-test.js imports : findImports over the project file map, expandOutputs, getFilesForOutputsBatch,
//                             matchGlobPaths
const fs = require('node:fs');
const path = require('node:path');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const nx = require(path.resolve('package', file));
const { check, attempt, finish } = require('./tap.js');

const W = path.resolve('ws');
const CACHE = path.resolve('nx-cache');
const slash = (p) => p.split(path.sep).join('/');
const put = (p, c) => { const f = path.join(W, p); fs.mkdirSync(path.dirname(f), { recursive: true }); fs.writeFileSync(f, c); };
function pattern(n, seed) { const b = Buffer.alloc(n); let x = seed; for (let i = 0; i < n; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; b[i] = x; } return b; }

function makeWorkspace() {
  fs.rmSync(W, { recursive: true, force: true });
  put('package.json', '{"name":"ws","private":true}\n');
  put('nx.json', '{"namedInputs":{"default":["{projectRoot}/**/*"]}}\n');
  put('.gitignore', 'dist\n*.log\n/tmp/\n!keep.log\n');
  put('.nxignore', 'libs/b/ignored.ts\n');
  put('apps/app/project.json', '{"name":"app"}\n');
  put('apps/app/src/main.ts', "import { a } from '@ws/a';\nimport('./lazy');\nexport const x = require('lodash');\nexport { y } from \"./y\";\n// import 'not-an-import';\nconst s = 'import(\"nope\")';\n");
  put('apps/app/src/lazy.ts', 'export default 1;\n');
  put('apps/app/src/y.ts', 'export const y = `template ${1}`;\n');
  put('apps/app/src/assets/logo.bin', pattern(1 << 20, 77));
  put('libs/a/project.json', '{"name":"a"}\n');
  put('libs/a/src/index.ts', "export * from './lib';\nimport type { B } from '@ws/b';\nexport const load = () => import('@ws/b/lazy');\n");
  put('libs/a/src/lib.ts', 'export const a = 1;\n');
  put('libs/a/src/caf\u00e9.ts', 'export const caf\u00e9 = "\u00e9";\n');
  put('libs/a/.gitignore', 'generated/\n');
  put('libs/a/generated/out.ts', 'generated\n');
  put('libs/b/project.json', '{"name":"b"}\n');
  put('libs/b/src/index.ts', 'export interface B { n: number }\n');
  put('libs/b/src/lazy.js', "module.exports = require('./index');\n");
  put('libs/b/ignored.ts', 'ignored by .nxignore\n');
  put('libs/b/keep.log', 'kept by !keep.log\n');
  put('dist/out.js', 'built\n');
  put('dist/sub/x.js', 'built too\n');
  put('dist/sub/x.js.map', '{}\n');
  put('debug.log', 'log\n');
  put('tmp/scratch.txt', 'scratch\n');
  put('node_modules/lodash/index.js', 'module.exports = {};\n');
}
const ROOTS = { 'apps/app': 'app', 'libs/a': 'a', 'libs/b': 'b' };
const sortObj = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));

async function hashing() {
  check('hashArray of strings and a null', nx.hashArray(['a', 'b', null, 'c']), '380853340397997038');
  check('hashArray of nothing', nx.hashArray([]), '3244421341483603138');
  check('hashArray of one long string', nx.hashArray(['x'.repeat(100000)]), '15616682717660752961');
  check('hashArray: order matters', nx.hashArray(['b', 'a']) !== nx.hashArray(['a', 'b']), true);
  makeWorkspace();
  check('hashFile package.json', nx.hashFile(path.join(W, 'package.json')), '17878358620522602851');
  check('hashFile 1 MiB binary', nx.hashFile(path.join(W, 'apps/app/src/assets/logo.bin')), '5626075175259353277');
  check('hashFile of a missing file is null', nx.hashFile(path.join(W, 'missing.txt')), null);

  const ctx = new nx.WorkspaceContext(W, CACHE);
  if (ctx.ready) await ctx.ready();
  const files = ctx.getWorkspaceFiles(ROOTS);
  const names = (l) => l.map((f) => f.file);
  check('global files: .gitignore, dist, *.log, /tmp/, node_modules left out', names(files.globalFiles), ['.gitignore', '.nxignore', 'nx.json', 'package.json']);
  check('project file map: which files each project owns', sortObj(Object.fromEntries(Object.entries(files.projectFileMap).map(([p, l]) => [p, names(l)]))), {
    a: ['libs/a/.gitignore', 'libs/a/project.json', 'libs/a/src/caf\u00e9.ts', 'libs/a/src/index.ts', 'libs/a/src/lib.ts'],
    app: ['apps/app/project.json', 'apps/app/src/assets/logo.bin', 'apps/app/src/lazy.ts', 'apps/app/src/main.ts', 'apps/app/src/y.ts'],
    b: ['libs/b/keep.log', 'libs/b/project.json', 'libs/b/src/index.ts', 'libs/b/src/lazy.js'],
  });
  const all = ctx.allFileData();
  const mismatched = all.filter((f) => f.hash !== nx.hashFile(path.join(W, f.file))).map((f) => f.file);
  check('every file hash equals hashFile of that file', mismatched, []);
  check('all file hashes', Object.fromEntries(all.map((f) => [f.file, f.hash])), {
    '.gitignore': '3518640373709021341',
    '.nxignore': '11771378358012651856',
    'apps/app/project.json': '3287454141617188498',
    'apps/app/src/assets/logo.bin': '5626075175259353277',
    'apps/app/src/lazy.ts': '7087405744169996158',
    'apps/app/src/main.ts': '7038083197881142625',
    'apps/app/src/y.ts': '5145536657046861009',
    'libs/a/.gitignore': '48719489118509703',
    'libs/a/project.json': '15165347306148796120',
    'libs/a/src/caf\u00e9.ts': '16067339642469477488',
    'libs/a/src/index.ts': '14446229024131973345',
    'libs/a/src/lib.ts': '17762916286503435604',
    'libs/b/keep.log': '14547828946745122096',
    'libs/b/project.json': '6301040069562377661',
    'libs/b/src/index.ts': '15540212675031331834',
    'libs/b/src/lazy.js': '4519327673245806073',
    'nx.json': '440377682330122751',
    'package.json': '17878358620522602851',
  });
  check('glob **/*.ts', ctx.glob(['**/*.ts']), ['apps/app/src/lazy.ts', 'apps/app/src/main.ts', 'apps/app/src/y.ts', 'libs/a/src/caf\u00e9.ts', 'libs/a/src/index.ts', 'libs/a/src/lib.ts', 'libs/b/src/index.ts']);
  check('glob with exclude', ctx.glob(['libs/**/*.{ts,js}'], ['**/index.*']), ['libs/a/src/caf\u00e9.ts', 'libs/a/src/lib.ts', 'libs/b/src/lazy.js']);
  check('multiGlob keeps the order of the globs', ctx.multiGlob(['libs/*/src/index.ts', 'apps/**', '*.json'], ['**/lazy.ts']), [
    ['libs/a/src/index.ts', 'libs/b/src/index.ts'],
    ['apps/app/project.json', 'apps/app/src/assets/logo.bin', 'apps/app/src/main.ts', 'apps/app/src/y.ts'],
    ['nx.json', 'package.json']]);
  check('hashFilesMatchingGlob libs/**', ctx.hashFilesMatchingGlob(['libs/**']), '17467118879010139212');
  check('hashFilesMatchingGlobs', ctx.hashFilesMatchingGlobs([['libs/**'], ['apps/**/*.ts'], ['**/*.json']]), ['17467118879010139212', '13018988969423882056', '11255889364760125904']);
  check('getFilesInDirectory libs/a', ctx.getFilesInDirectory('libs/a'), ['libs/a/.gitignore', 'libs/a/project.json', 'libs/a/src/caf\u00e9.ts', 'libs/a/src/index.ts', 'libs/a/src/lib.ts']);
  check('trackedFiles: only the files the walk holds', ctx.trackedFiles(['libs/b/ignored.ts', 'libs/b/keep.log', 'dist/out.js', 'nx.json', 'nope.ts']), ['libs/b/keep.log', 'nx.json']);

  const fromArchive = nx.WorkspaceContext.fromArchive(W, CACHE);
  if (fromArchive.ready) await fromArchive.ready();
  check('fromArchive reads the same files and hashes', JSON.stringify(fromArchive.allFileData()) === JSON.stringify(all), true);

  put('libs/a/src/lib.ts', 'export const a = 22;\n');
  fs.rmSync(path.join(W, 'libs/b/src/index.ts'));
  put('libs/b/src/new.ts', 'export const n = 1;\n');
  const batch = ctx.incrementalUpdate(['libs/a/src/lib.ts', 'libs/b/src/new.ts'], ['libs/b/src/index.ts']);
  check('incrementalUpdate reports what changed', [batch.createdFiles, batch.updatedFiles, batch.deletedFiles], [
    [{ file: 'libs/b/src/new.ts', hash: nx.hashFile(path.join(W, 'libs/b/src/new.ts')) }],
    [{ file: 'libs/a/src/lib.ts', hash: nx.hashFile(path.join(W, 'libs/a/src/lib.ts')) }],
    ['libs/b/src/index.ts']]);
  check('glob after the update', ctx.glob(['libs/b/**']), ['libs/b/keep.log', 'libs/b/project.json', 'libs/b/src/lazy.js', 'libs/b/src/new.ts']);
  check('hashFilesMatchingGlob libs/** after the update', ctx.hashFilesMatchingGlob(['libs/**']), '14976236327181166787');
  const none = ctx.rescanAndDiff();
  check('rescanAndDiff with nothing changed', [none.createdFiles, none.updatedFiles, none.deletedFiles], [[], [], []]);
  put('apps/app/src/lazy.ts', 'export default 333;\n');
  fs.rmSync(path.join(W, 'apps/app/src/y.ts'));
  put('apps/app/src/z.ts', 'export const z = 0;\n');
  put('dist/more.js', 'ignored\n');
  const diff = ctx.rescanAndDiff();
  check('rescanAndDiff finds an edit, a removal and a new file, not an ignored one', [diff.createdFiles.map((f) => f.file), diff.updatedFiles, diff.deletedFiles], [
    ['apps/app/src/z.ts'], [{ file: 'apps/app/src/lazy.ts', hash: nx.hashFile(path.join(W, 'apps/app/src/lazy.ts')) }], ['apps/app/src/y.ts']]);
}

async function imports() {
  makeWorkspace();
  const ctx = new nx.WorkspaceContext(W, CACHE);
  if (ctx.ready) await ctx.ready();
  const pfm = {};
  for (const [p, l] of Object.entries(ctx.getWorkspaceFiles(ROOTS).projectFileMap)) pfm[p] = l.filter((f) => /\.[jt]s$/.test(f.file)).map((f) => path.join(W, f.file));
  const found = nx.findImports(pfm).map((r) => [slash(path.relative(W, r.file)), r.sourceProject, r.staticImportExpressions, r.dynamicImportExpressions])
    .sort((x, y) => (x[0] < y[0] ? -1 : 1));
  check('findImports: static and dynamic imports of each file', found, [
    ['apps/app/src/lazy.ts', 'app', [], []],
    ['apps/app/src/main.ts', 'app', ['@ws/a', 'lodash', './y'], ['./lazy']],
    ['apps/app/src/y.ts', 'app', [], []],
    ['libs/a/src/caf\u00e9.ts', 'a', [], []],
    ['libs/a/src/index.ts', 'a', ['./lib', '@ws/b'], ['@ws/b/lazy']],
    ['libs/a/src/lib.ts', 'a', [], []],
    ['libs/b/src/index.ts', 'b', [], []],
    ['libs/b/src/lazy.js', 'b', ['./index'], []],
  ]);
  check('expandOutputs', nx.expandOutputs(W, ['dist/sub', 'dist/**/*.map', 'libs/a/generated']).map(slash).sort(), ['dist/sub/x.js', 'dist/sub/x.js.map', 'libs/a/generated/out.ts']);
  check('getFilesForOutputsBatch', nx.getFilesForOutputsBatch(W, [['dist'], ['dist/sub/*.js', 'libs/a/generated'], ['missing']]).map((l) => l.map(slash).sort()), [['dist/out.js', 'dist/sub/x.js', 'dist/sub/x.js.map'], ['dist/sub/x.js', 'libs/a/generated/out.ts'], []]);
  check('matchGlobPaths', nx.matchGlobPaths(['**/*.ts', '!**/lazy.ts'], ['a/b.ts', 'a/lazy.ts', 'c.js', 'd/e/f.ts']), [true, false, false, true]);
}

const mode = process.argv[2];
(mode === 'hashing' ? hashing() : mode === 'imports' ? imports() : (console.log('usage: nx-test.js hashing|imports'), process.exit(2)))
  .then(() => finish(`nx ${mode}`), (e) => { check('no exception', String(e && e.stack), ''); finish(`nx ${mode}`); });
