'use strict';
// Loads Tailwind CSS v4's Oxide scanner (the .node in ./package) and runs it over a project tree
// this script writes into ./proj.
//   node oxide-test.js scan        : automatic source detection (node_modules, .gitignore, binary, lock
//       and CSS files skipped), the files and globs it reports, the exact candidate set, explicit and
//       negated sources
//   node oxide-test.js incremental : scanFiles with changed files and with content, only new candidates,
//       getCandidatesWithPositions offsets
const fs = require('node:fs');
const path = require('node:path');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const { Scanner } = require(path.resolve('package', file));

const { check, finish } = require('./tap.js');
const root = path.resolve('proj');
const rel = (f) => path.relative(root, f).split(path.sep).join('/');
const write = (f, s) => { const p = path.join(root, f); fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, s); };
const sorted = (a) => [...a].sort();

function project() {
  fs.rmSync(root, { recursive: true, force: true });
  write('index.html', '<!doctype html>\n<div class="flex items-center p-4 md:p-8 hover:bg-sky-500/50">\n  <span class="text-[#1da1f2] font-bold">Hi</span>\n</div>\n');
  write('src/App.jsx', 'export default function App({ on }) {\n  return <button className={`rounded-lg ${on ? "bg-red-500" : "bg-blue-500"} px-[13px]`}>go</button>;\n}\n');
  write('src/lib/util.js', 'export const cols = ["grid-cols-3", "gap-2", "lg:grid-cols-[1fr_auto]"];\n');
  write('src/pages/About.vue', '<template>\r\n  <p class="text-sm/6 dark:text-white">\u00e9t\u00e9 \u4e16\u754c</p>\r\n</template>\r\n');
  write('docs/guide.md', '# Guide\n\nUse <kbd class="shadow-md">K</kbd>.\n');
  write('node_modules/some-lib/index.html', '<div class="nm-only-class"></div>');
  write('.gitignore', 'generated/\n*.log\n');
  write('generated/out.html', '<div class="gitignored-only-class"></div>');
  write('debug.log', 'class="log-only-class"');
  write('styles/site.css', '.x { @apply css-only-class; }');
  write('package-lock.json', '{"lockfileVersion": 3, "name": "lock-only-class"}');
  fs.writeFileSync(path.join(root, 'logo.png'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
  write('legacy/old.html', '<b class="legacy-only-class"></b>');
}

const mode = process.argv[2];
project();
if (mode === 'scan') {
  const s = new Scanner({ sources: [{ base: root, pattern: '**/*', negated: false }] });
  const cands = s.scan();
  // files: the six content files and the CSS file (listed, not a source of candidates); not
  // node_modules/, the .gitignore'd folder and *.log, the lock file or the PNG
  check('files found by automatic detection', sorted(s.files.map(rel)), ['docs/guide.md', 'index.html', 'legacy/old.html', 'src/App.jsx', 'src/lib/util.js', 'src/pages/About.vue', 'styles/site.css']);
  const written = ['flex', 'items-center', 'p-4', 'md:p-8', 'hover:bg-sky-500/50', 'text-[#1da1f2]', 'font-bold', 'rounded-lg', 'bg-red-500', 'bg-blue-500', 'px-[13px]', 'grid-cols-3', 'gap-2', 'lg:grid-cols-[1fr_auto]', 'text-sm/6', 'dark:text-white', 'shadow-md', 'legacy-only-class'];
  check('every class written into a scanned file is a candidate', written.filter((c) => !cands.includes(c)), []);
  check('nothing from node_modules, .gitignore\'d paths, logs, CSS, lock files', cands.filter((c) => /(nm|gitignored|log|css|lock)-only-class/.test(c)), []);
  console.log(JSON.stringify(sorted(cands)));
  check('exact candidate set', sorted(cands), ['bg-blue-500', 'bg-red-500', 'class', 'className', 'cols', 'const', 'dark:text-white', 'default', 'export', 'flex', 'font-bold', 'function', 'gap-2', 'go', 'grid-cols-3', 'hover:bg-sky-500/50', 'items-center', 'legacy-only-class', 'lg:grid-cols-[1fr_auto]', 'md:p-8', 'on', 'p-4', 'px-[13px]', 'return', 'rounded-lg', 'shadow-md', 'text-[#1da1f2]', 'text-sm/6']);
  check('globs reported for the watched folders', s.globs.map((g) => [rel(g.base), g.pattern.startsWith('**/*.{') ? '**/*.{extensions}' : g.pattern]).sort(), [['', '*'], ['docs', '**/*.{extensions}'], ['legacy', '**/*.{extensions}'], ['src', '**/*.{extensions}'], ['styles', '**/*.{extensions}']]);
  const ext = (s.globs.find((g) => rel(g.base) === 'src') || { pattern: '' }).pattern.replace(/^\*\*\/\*\.\{|\}$/g, '').split(',');
  check('the folder glob\'s extensions include the fixture\'s', ['html', 'jsx', 'js', 'vue', 'md', 'tsx'].filter((e) => !ext.includes(e)), []);
  check('normalizedSources', s.normalizedSources.map((g) => [rel(g.base), g.pattern]), [['', '**/*']]);
  // explicit sources: only src/**/*.jsx, and everything but legacy/ via a negated source
  const j = new Scanner({ sources: [{ base: path.join(root, 'src'), pattern: '**/*.jsx', negated: false }] });
  const jc = j.scan();
  check('explicit src/**/*.jsx source: files', j.files.map(rel), ['src/App.jsx']);
  check('explicit source: its classes only', [jc.includes('rounded-lg'), jc.includes('px-[13px]'), jc.includes('flex'), jc.includes('grid-cols-3')], [true, true, false, false]);
  const n = new Scanner({ sources: [{ base: root, pattern: '**/*', negated: false }, { base: path.join(root, 'legacy'), pattern: '**/*', negated: true }] });
  const nc = n.scan();
  check('negated source drops legacy/', [sorted(n.files.map(rel)).includes('legacy/old.html'), nc.includes('legacy-only-class'), nc.includes('flex')], [false, false, true]);
  const g = new Scanner({ sources: [{ base: path.join(root, 'node_modules', 'some-lib'), pattern: '**/*.html', negated: false }] });
  const gc = g.scan(); // scan() first: reading .files first scans, and a later scan() returns nothing new
  check('an explicit source inside node_modules is scanned', [g.files.map(rel), gc.includes('nm-only-class')], [['node_modules/some-lib/index.html'], true]);
} else if (mode === 'incremental') {
  const s = new Scanner({ sources: [{ base: root, pattern: '**/*', negated: false }] });
  const first = s.scan();
  check('first scan finds the JSX classes', ['rounded-lg', 'bg-red-500'].every((c) => first.includes(c)), true);
  write('src/New.tsx', 'export const N = () => <div className="ring-2 ring-offset-4 flex" />;\n');
  const added = s.scanFiles([{ file: path.join(root, 'src', 'New.tsx'), extension: 'tsx' }]);
  check('scanFiles(new file): only candidates not seen before', [added.includes('ring-2'), added.includes('ring-offset-4'), added.includes('flex')], [true, true, false]);
  const again = s.scanFiles([{ file: path.join(root, 'src', 'New.tsx'), extension: 'tsx' }]);
  check('scanFiles of the same file again: nothing new', again, []);
  const fromContent = s.scanFiles([{ content: '<i class="italic tracking-[0.2em] flex">', extension: 'html' }]);
  check('scanFiles(content)', sorted(fromContent), ['italic', 'tracking-[0.2em]']);
  check('scan() afterwards includes the new file', [sorted(s.files.map(rel)).includes('src/New.tsx'), s.scan().includes('ring-offset-4')], [true, true]);
  const content = '<a class="underline decoration-2">\n  <b className="w-1/2">x</b></a>';
  const pos = s.getCandidatesWithPositions({ content, extension: 'html' });
  const want = ['underline', 'decoration-2', 'w-1/2'].map((c) => [c, content.indexOf(c)]);
  check('getCandidatesWithPositions: offsets of the class names', want.map(([c]) => { const p = pos.find((x) => x.candidate === c); return p ? [c, p.position] : [c, null]; }), want);
  console.log(JSON.stringify(pos));
  check('getCandidatesWithPositions: whole list', pos.map((p) => [p.candidate, p.position]), [['class', 3], ['underline', 10], ['decoration-2', 20], ['className', 40], ['w-1/2', 51]]);
  const vue = s.getCandidatesWithPositions({ file: path.join(root, 'src', 'pages', 'About.vue'), extension: 'vue' });
  const vtext = fs.readFileSync(path.join(root, 'src', 'pages', 'About.vue'));
  check('positions in a CRLF file with UTF-8 text are byte offsets', ['text-sm/6', 'dark:text-white'].map((c) => { const p = vue.find((x) => x.candidate === c); return p && p.position; }), ['text-sm/6', 'dark:text-white'].map((c) => vtext.indexOf(c)));
} else { console.log('usage: oxide-test.js scan|incremental'); process.exit(2); }
fs.rmSync(root, { recursive: true, force: true });
finish(`oxide ${mode}`);
