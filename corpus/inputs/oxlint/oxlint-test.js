'use strict';
// Loads oxlint's Node-API module (the .node in ./package) and runs its lint(args, ...callbacks) the
// way the oxlint package's bin (dist/cli.js) does: the arguments are the command line; the callbacks
// only serve JavaScript plugins and JavaScript config files, which these tests do not use, so the
// workspace callbacks are no-ops and the plugin ones throw.
//   node oxlint-test.js lint : diagnostics of the committed fixtures (JSON and unix formats), config
//                              file, ignore patterns, inline disable comments, exit codes
//   node oxlint-test.js fix  : --fix rewrites a file; exact result
// Each lint runs in a child process (node oxlint-test.js exec ARGS...), as the CLI does: the native
// code writes the report to the process's stdout itself.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const mode = process.argv[2];
if (mode === 'exec') {
  const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
  const { lint } = require(path.resolve('package', file));
  const noPlugins = () => { throw new Error('JavaScript plugins are not used by these tests'); };
  lint(process.argv.slice(3), noPlugins, noPlugins, noPlugins, () => Promise.resolve(), () => {}, noPlugins)
    .then((ok) => { if (!ok) process.exitCode = 1; }, (e) => { console.error(String(e && e.stack)); process.exitCode = 3; });
  return;
}

const { check, finish } = require('./tap.js');
const slash = (s) => s.split('\\').join('/');
function oxlint(...args) {
  const r = spawnSync(process.execPath, [__filename, 'exec', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
function diagnostics(stdout) {
  const doc = JSON.parse(stdout);
  const list = doc.diagnostics.map((d) => [slash(d.filename), d.labels[0].span.line, d.labels[0].span.column, d.code, d.severity])
    .sort((a, b) => (a[0] + String(a[1]).padStart(4) + String(a[2]).padStart(4) + a[3] < b[0] + String(b[1]).padStart(4) + String(b[2]).padStart(4) + b[3] ? -1 : 1));
  return { doc, list };
}

function lintMode() {
  // the committed files, plus a folder the script creates and a vendor/ folder oxlintrc.json ignores
  fs.mkdirSync('src/nested', { recursive: true });
  fs.mkdirSync('vendor', { recursive: true });
  fs.copyFileSync('bad.js', 'src/nested/copy.js');
  fs.copyFileSync('bad.js', 'vendor/lib.js');

  const d = oxlint('--format=json', 'bad.js', 'types.ts', 'clean.js');
  check('defaults: exit 0 (warnings only)', d.status, 0);
  const { doc, list } = diagnostics(d.stdout);
  check('defaults: diagnostics (file, line, column, rule, severity)', list, [
    ['bad.js', 2, 1, 'eslint(no-debugger)', 'warning'],
    ['bad.js', 3, 7, 'eslint(no-unused-vars)', 'warning'],
    ['bad.js', 4, 14, 'eslint(use-isnan)', 'warning'],
    ['bad.js', 7, 17, 'eslint(for-direction)', 'warning'],
    ['bad.js', 8, 17, 'eslint(no-dupe-keys)', 'warning'],
    ['bad.js', 13, 5, 'eslint(no-unsafe-finally)', 'warning'],
    ['bad.js', 16, 5, 'eslint(no-extra-boolean-cast)', 'warning'],
    ['bad.js', 17, 1, 'eslint(no-unused-expressions)', 'warning'],
    ['bad.js', 17, 18, 'eslint(valid-typeof)', 'warning'],
    ['types.ts', 8, 3, 'eslint(no-debugger)', 'warning'],
  ]);
  check('defaults: files and rules counted', [doc.number_of_files, doc.number_of_rules], [3, 91]);
  const nan = doc.diagnostics.find((x) => x.code === 'eslint(use-isnan)');
  check('use-isnan: message, help and span', [nan.message, nan.help, nan.labels[0].span], [
    'Checking equality with NaN will always return false', 'Use the `isNaN` function to compare with NaN.',
    { offset: 119, length: 3, line: 4, column: 14 }]);
  const dir = doc.diagnostics.find((x) => x.code === 'eslint(for-direction)');
  check('for-direction: both labels', dir.labels.map((l) => [l.label, l.span.line, l.span.column, l.span.length]), [
    ['This test moves in the wrong direction', 7, 17, 6], ['with this update', 7, 25, 3]]);

  const c = oxlint('--format=json', '-c', 'oxlintrc.json', 'bad.js', 'types.ts', 'clean.js', 'src', 'vendor');
  check('config: exit 1 (errors)', c.status, 1);
  const cl = diagnostics(c.stdout);
  check('config: files linted (vendor/ ignored) and rules', [cl.doc.number_of_files, cl.doc.number_of_rules], [4, 93]);
  check('config: diagnostics per file', Object.entries(cl.list.reduce((m, x) => ((m[x[0]] = (m[x[0]] || 0) + 1), m), {})), [
    ['bad.js', 11], ['src/nested/copy.js', 11], ['types.ts', 2]]);
  check('config: errors from oxlintrc.json', cl.list.filter((x) => x[4] === 'error'), [
    ['bad.js', 4, 11, 'eslint(eqeqeq)', 'error'],
    ['bad.js', 16, 5, 'eslint(no-extra-boolean-cast)', 'error'],
    ['src/nested/copy.js', 4, 11, 'eslint(eqeqeq)', 'error'],
    ['src/nested/copy.js', 16, 5, 'eslint(no-extra-boolean-cast)', 'error'],
    ['types.ts', 7, 15, 'eslint(eqeqeq)', 'error'],
  ]);
  check('config: the oxlint-disable-next-line comment is honoured', cl.list.filter((x) => x[0] === 'types.ts' && x[1] === 11), []);

  const u = oxlint('--format=unix', '-A', 'all', '-D', 'no-debugger', '-W', 'no-dupe-keys', 'bad.js', 'types.ts');
  check('unix format: exit 1', u.status, 1);
  check('unix format: lines', u.stdout.split(/\r?\n/).map(slash).filter(Boolean).sort(), [
    '3 problems',
    'bad.js:2:1: `debugger` statement is not allowed [Error/eslint(no-debugger)]',
    'bad.js:8:17: Duplicate key \'x\' [Warning/eslint(no-dupe-keys)]',
    'types.ts:8:3: `debugger` statement is not allowed [Error/eslint(no-debugger)]',
  ].sort());

  check('clean file: exit 0, no diagnostics', (() => { const r = oxlint('--format=json', 'clean.js'); return [r.status, JSON.parse(r.stdout).diagnostics]; })(), [0, []]);
  check('--deny-warnings: exit 1 on warnings alone', oxlint('--format=json', '--deny-warnings', 'bad.js').status, 1);
  check('--max-warnings=9 with 9 warnings: exit 0', oxlint('--format=json', '--max-warnings=9', 'bad.js').status, 0);
  const q = oxlint('--format=json', '--quiet', '-c', 'oxlintrc.json', 'bad.js');
  check('--quiet: only the errors', [q.status, diagnostics(q.stdout).list.map((x) => x[3])], [1, ['eslint(eqeqeq)', 'eslint(no-extra-boolean-cast)']]);
}

function fixMode() {
  fs.copyFileSync('fixme.js', 'fixed.js');
  const rules = ['-A', 'all', '-D', 'no-debugger', '-D', 'no-var', '-D', 'no-extra-boolean-cast', '-D', 'unicorn/prefer-node-protocol', '-D', 'unicorn/prefer-at', '-D', 'no-self-compare'];
  const before = oxlint('--format=json', ...rules, 'fixed.js');
  check('before: six problems, exit 1', [before.status, diagnostics(before.stdout).list.map((x) => x[3])], [1, [
    'eslint-plugin-unicorn(prefer-node-protocol)', 'eslint(no-debugger)', 'eslint(no-var)', 'eslint(no-self-compare)',
    'eslint(no-extra-boolean-cast)', 'eslint-plugin-unicorn(prefer-at)']]);
  check('reporting does not touch the file', fs.readFileSync('fixed.js', 'utf8'), fs.readFileSync('fixme.js', 'utf8'));
  const fix = oxlint('--format=json', '--fix', ...rules, 'fixed.js');
  check('--fix: what is left (not safely fixable), exit 1', [fix.status, diagnostics(fix.stdout).list.map((x) => [x[1], x[2], x[3]])], [1, [
    [4, 14, 'eslint(no-self-compare)'], [5, 5, 'eslint(no-extra-boolean-cast)']]]);
  const fixedText = fs.readFileSync('fixed.js', 'utf8');
  check('--fix: the rewritten file', fixedText, [
    'import fs from "node:fs";', '', 'let count = 0;', 'const same = count === count;', 'if (!!same) {', '  count += 1;', '}',
    'const arr = [1, 2, 3];', 'const last = arr.at(-1);', 'export { count, last, fs };', ''].join('\n'));
  const again = oxlint('--format=json', '--fix', ...rules, 'fixed.js');
  check('--fix again: nothing more changes', [again.status, fs.readFileSync('fixed.js', 'utf8') === fixedText], [1, true]);
}

if (mode === 'lint') lintMode();
else if (mode === 'fix') fixMode();
else { console.log('usage: oxlint-test.js lint|fix'); process.exit(2); }
finish(`oxlint ${mode}`);
