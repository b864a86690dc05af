// End-to-end test of the static site: runs a small real corpus on the trixie target, publishes
// it with `woa publish`, and checks the site in Debian's headless chromium through
// playwright-core (tests/browser/run.sh installs it from package-lock.json and starts this).
//
// Environment: WOA_BINARY (the built woa), WOA_SOURCE_DIR (the repository), WOA_BROWSER_DEPS
// (the folder holding node_modules/playwright-core), WOA_SCREENSHOTS (where the PNGs go),
// WOA_CHROMIUM (default /usr/bin/chromium).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Checks, checkSite, ensureDir } from './site-checks.mjs';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (start this test through tests/browser/run.sh)`);
  return value;
}
const woa = required('WOA_BINARY');
const source = required('WOA_SOURCE_DIR');
const deps = required('WOA_BROWSER_DEPS');
const screenshots = ensureDir(resolve(required('WOA_SCREENSHOTS')));
const executablePath = process.env.WOA_CHROMIUM || '/usr/bin/chromium';
const { chromium } = createRequire(join(deps, 'package.json'))('playwright-core');

// hello.exe prints its arguments, one a line: in browser-hostile/markup, markup.
const hostile = {
  test: 'browser-hostile/markup',
  lines: ['argv[1]: <script>alert(1)</script>', 'argv[2]: "><img src=x onerror=alert(1)>'],
};

function run(args) {
  console.log(`$ woa ${args.join(' ')}`);
  return execFileSync(woa, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
}

const work = mkdtempSync(join(tmpdir(), 'woa-browser-'));
const checks = new Checks();
let finished = false;
try {
  // The corpus: the real probe-hello entry and the test's own browser-hostile entry (both run
  // hello.exe), with the real schema and probe source.
  const corpus = join(work, 'corpus');
  for (const part of ['schema', 'known-issues.json', 'probes/hello.c', 'entries/probe-hello.json'])
    cpSync(join(source, 'corpus', part), join(corpus, part), { recursive: true });
  cpSync(join(source, 'tests/browser/corpus/entries'), join(corpus, 'entries'), { recursive: true });
  mkdirSync(join(corpus, 'inputs'));
  // The references: probe-hello's real ones, and one that makes browser-hostile/wrong-exit fail.
  const references = join(work, 'references');
  for (const part of ['schema', 'probe-hello'])
    cpSync(join(source, 'reference-results', part), join(references, part), { recursive: true });
  cpSync(join(source, 'tests/browser/references'), references, { recursive: true });

  const db = join(work, 'results.db');
  const site = join(work, 'site');
  run(['run', '--corpus', corpus, '--target', 'trixie', '--db', db]);
  const diff = JSON.parse(run(['diff', '--json', '--db', db, '--corpus', corpus, '--references', references]));
  console.log(`woa diff: ${diff.summary_text.join('; ')}`);
  const statuses = new Set(diff.verdicts.map((v) => v.verdict));
  checks.ok(['pass', 'fail', 'no-reference'].every((s) => statuses.has(s)),
    'the run has passes, a failure and a test without reference', [...statuses].join(', '));
  run(['publish', '--out', site, '--db', db, '--corpus', corpus, '--references', references]);

  await checkSite({ chromium, executablePath, site, verdicts: diff.verdicts, hostile, screenshots, checks });
  finished = true;
} catch (error) {
  checks.ok(false, 'the test ran to its end', error.stack || String(error));
} finally {
  if (finished && checks.failed.length === 0) rmSync(work, { recursive: true, force: true });
  else console.log(`kept for a look: ${work}`);
}
console.log(`${checks.passed} passed, ${checks.failed.length} failed`);
process.exit(checks.failed.length === 0 ? 0 : 1);
