'use strict';
// Runs the lefthook binary in ./package/bin (lefthook.exe on Windows) on a repository folder this
// script sets up from the committed configs. lefthook asks git for the repository's paths and the
// staged files; the test machine has no git for Windows, so a small stand-in `git` (git.cmd on
// Windows, a shell script elsewhere) that the script writes first on PATH answers those questions:
// `git version`, `git rev-parse ...` (the folder's paths), `git diff --name-only --cached ...`
// (three staged files), and nothing for everything else.
//   node lefthook-test.js config : version, dump (YAML, JSON, TOML) of the merged config
//                                  (extends + lefthook-local.yml), validate good and bad configs
//   node lefthook-test.js run    : run hooks whose jobs lefthook filters by glob, exclude, skip
//                                  without starting a shell; install / uninstall
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { check, finish } = require('./tap.js');

const win = process.platform === 'win32';
const exe = path.resolve('package', 'bin', fs.readdirSync(path.join('package', 'bin')).find((f) => /^lefthook(\.exe)?$/.test(f)));
const ROOT = path.resolve('.');
const REPO = path.join(ROOT, 'repo');
const BIN = path.join(ROOT, 'fake-git');
const fwd = (p) => p.split(path.sep).join('/'); // git prints forward slashes on Windows too

function setup() {
  fs.rmSync(REPO, { recursive: true, force: true });
  for (const d of ['.git/hooks', 'src', 'shared', 'docs']) fs.mkdirSync(path.join(REPO, d), { recursive: true });
  fs.copyFileSync('lefthook.yml', path.join(REPO, 'lefthook.yml'));
  fs.copyFileSync('lefthook-local.yml', path.join(REPO, 'lefthook-local.yml'));
  fs.copyFileSync('lefthook-shared.yml', path.join(REPO, 'shared', 'lefthook-shared.yml'));
  for (const [f, c] of [['src/app.js', 'x\n'], ['src/style.css', 'y\n'], ['README.md', 'z\n']]) fs.writeFileSync(path.join(REPO, f), c);
  fs.mkdirSync(BIN, { recursive: true });
  const r = fwd(REPO), paths = [r, `${r}/.git/hooks`, `${r}/.git/info`, `${r}/.git`, `${r}/.git`];
  const staged = ['src/app.js', 'src/style.css', 'README.md'];
  if (win) {
    // git prints LF-ended lines and lefthook splits on LF: cmd's echo would add CRs, so `type` prints answer files
    fs.writeFileSync(path.join(BIN, 'version.txt'), 'git version 2.47.0\n');
    fs.writeFileSync(path.join(BIN, 'rev-parse.txt'), paths.join('\n') + '\n');
    fs.writeFileSync(path.join(BIN, 'diff.txt'), staged.join('\n') + '\n');
    const answer = (cmd) => `if "%1"=="${cmd}" (type "${path.join(BIN, `${cmd}.txt`)}"& exit /b 0)`;
    fs.writeFileSync(path.join(BIN, 'git.cmd'), ['@echo off', answer('version'), answer('rev-parse'), answer('diff'),
      'if "%1"=="config" exit /b 1', 'exit /b 0', ''].join('\r\n'));
  } else {
    fs.writeFileSync(path.join(BIN, 'git'), ['#!/bin/sh', 'case "$1" in',
      'version) echo "git version 2.47.0";;', `rev-parse) printf '%s\\n' ${paths.map((p) => `'${p}'`).join(' ')};;`,
      `diff) printf '%s\\n' ${staged.join(' ')};;`, 'config) exit 1;;', 'esac', 'exit 0', ''].join('\n'), { mode: 0o755 });
  }
}
const clean = (s) => s.replace(/\x1b\[[0-9;]*m/g, '').replace(/\(done in \d+\.\d+ seconds\)/g, '(done in <t> seconds)').split(/\r?\n/);
function lefthook(args, env = {}) {
  const pathVar = Object.keys(process.env).find((k) => k.toUpperCase() === 'PATH') || 'PATH';
  const opts = { cwd: REPO, encoding: 'utf8', env: { ...process.env, [pathVar]: BIN + path.delimiter + process.env[pathVar], NO_COLOR: '1', ...env } };
  let r = spawnSync(exe, args, opts);
  // ETXTBSY: the binary was copied into this folder a moment ago and some other process still
  // holds it open for writing (seen on Linux hosts running tests in parallel): try again shortly
  for (let i = 0; i < 20 && r.error && r.error.code === 'ETXTBSY'; i++) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250); r = spawnSync(exe, args, opts); }
  return { status: r.status, out: clean(r.stdout || ''), err: clean(r.stderr || ''), error: r.error && String(r.error) };
}

function config() {
  setup();
  check('version', lefthook(['version']), { status: 0, out: ['2.2.2', ''], err: [''], error: undefined });
  check('version --full', lefthook(['version', '--full']).out, ['2.2.2 eb4e504b7c1d1ea6cb1fd29542431cb6d1a93a03', '']);
  const yaml = lefthook(['dump']);
  check('dump: exit 0, nothing on stderr', [yaml.status, yaml.err], [0, ['']]);
  check('dump: the merged config as YAML', yaml.out, [
    'commit-msg:', '  jobs:', '    - name: conventional', '      run: commitlint --edit {1}',
    'extends:', '  - shared/lefthook-shared.yml',
    'pre-commit:', '  jobs:',
    '    - name: lint-go', '      run: golint {staged_files}', '      glob:', "        - '*.go'",
    '    - name: skipped', '      run: exit 1', '      skip: true',
    '    - name: docs-only', '      run: markdownlint {staged_files}', '      glob:', '        - docs/**/*.md',
    '    - name: css', '      run: stylelint {staged_files}', '      glob:', "        - '*.css'", '      exclude:', '        - src/style.css',
    'pre-push:', '  jobs:',
    '    - name: tests', '      run: npm run test:ci', '      tags:', '        - slow', '      skip: true',
    '    - name: audit', '      run: npm audit', '      tags:', '        - security', '']);
  const json = lefthook(['dump', '--format=json']);
  const parsed = (() => { try { return JSON.parse(json.out.join('\n')); } catch (e) { return `not JSON: ${json.out.join('\n').slice(0, 200)}`; } })();
  check('dump --format=json: extends and lefthook-local.yml merged', [json.status, parsed], [0, {
    'commit-msg': { jobs: [{ name: 'conventional', run: 'commitlint --edit {1}' }] },
    extends: ['shared/lefthook-shared.yml'],
    'pre-commit': { jobs: [
      { name: 'lint-go', run: 'golint {staged_files}', glob: ['*.go'] },
      { name: 'skipped', run: 'exit 1', skip: true },
      { name: 'docs-only', run: 'markdownlint {staged_files}', glob: ['docs/**/*.md'] },
      { name: 'css', run: 'stylelint {staged_files}', glob: ['*.css'], exclude: ['src/style.css'] }] },
    'pre-push': { jobs: [
      { name: 'tests', run: 'npm run test:ci', tags: ['slow'], skip: true },
      { name: 'audit', run: 'npm audit', tags: ['security'] }] },
  }]);
  const toml = lefthook(['dump', '-f', 'toml']);
  check('dump -f toml', [toml.status, toml.out.slice(0, 12)], [0, [
    "extends = ['shared/lefthook-shared.yml']", '', '[commit-msg]', '[[commit-msg.jobs]]', "name = 'conventional'", "run = 'commitlint --edit {1}'", '',
    '[pre-commit]', '[[pre-commit.jobs]]', "name = 'lint-go'", "run = 'golint {staged_files}'", "glob = ['*.go']"]]);
  check('validate: All good', lefthook(['validate']), { status: 0, out: ['All good', ''], err: [''], error: undefined });
  const bad = lefthook(['validate'], { LEFTHOOK_CONFIG: path.join(ROOT, 'lefthook-bad.yml') });
  // the problems come out in map order: compared sorted
  check('validate a bad config: exit 1 and each problem', [bad.status, bad.out.slice().sort(), bad.err], [1, [
    '', '      glob: ', "      runn: No values are allowed because the schema is set to 'false'", '    0: ',
    '  jobs: ', '  parallel: Value is string but should be boolean', 'pre-commit: '], ['Error: validation failed for main config', '']]);
  check('lefthook created .git/info', fs.statSync(path.join(REPO, '.git', 'info')).isDirectory(), true);
}

function run() {
  setup();
  const pre = lefthook(['run', 'pre-commit', '--no-tty', '--no-auto-install']);
  check('run pre-commit: exit 0', [pre.status, pre.error], [0, undefined]);
  check('run pre-commit: every job skipped, with the reason', pre.out.filter((l) => l.startsWith('\u2502  ')), [
    '\u2502  lint-go (skip) no files for inspection', '\u2502  skipped (skip) by condition',
    '\u2502  docs-only (skip) no files for inspection', '\u2502  css (skip) no files for inspection']);
  check('run pre-commit: header and summary', [pre.out.find((l) => l.includes('hook:')), pre.out.find((l) => l.startsWith('summary'))], [
    '\u2502 lefthook  v2.2.2   hook:  pre-commit \u2502', 'summary: (done in <t> seconds)']);
  check('run pre-commit: no hooks installed with --no-auto-install', fs.readdirSync(path.join(REPO, '.git', 'hooks')), []);

  const inst = lefthook(['install']);
  const synced = inst.out.filter(Boolean).map((l) => l.replace(/\((.*)\)$/, (_m, list) => `(${list.split(', ').sort().join(', ')})`));
  check('install: exit 0, the three hooks synced', [inst.status, synced], [0, ['sync hooks: \u2714\ufe0f(commit-msg, pre-commit, pre-push)']]);
  const hooks = fs.readdirSync(path.join(REPO, '.git', 'hooks')).sort();
  check('install: one hook script per configured hook', hooks, ['commit-msg', 'pre-commit', 'pre-push']);
  const script = fs.readFileSync(path.join(REPO, '.git', 'hooks', 'pre-commit'), 'utf8').split(/\r?\n/);
  check('install: the hook script starts a shell and calls lefthook run', [script[0], script.filter(Boolean).pop()], ['#!/bin/sh', 'call_lefthook run "pre-commit" "$@"']);
  check('install: the checksum of the config is kept', /^[0-9a-f]{32} \d+/.test(fs.readFileSync(path.join(REPO, '.git', 'info', 'lefthook.checksum'), 'utf8')), true);
  const un = lefthook(['uninstall']);
  check('uninstall: exit 0, hooks gone', [un.status, fs.readdirSync(path.join(REPO, '.git', 'hooks'))], [0, []]);
}

const mode = process.argv[2];
if (mode === 'config') config();
else if (mode === 'run') run();
else { console.log('usage: lefthook-test.js config|run'); process.exit(2); }
finish(`lefthook ${mode}`);
