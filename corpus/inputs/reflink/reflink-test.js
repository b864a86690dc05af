'use strict';
// Loads @reflink/reflink's Node-API module (the .node in ./package) and calls reflinkFileSync and
// reflinkFile with absolute paths, as pnpm does. The binding returns 0, or a ReflinkError object
// (message, path, dest, code, errno) that the package's index.js turns into a thrown Error.
//   node reflink-test.js contract : what holds on every OS and filesystem (TAP)
//   node reflink-test.js outcome  : what this OS and filesystem answer, printed as plain text;
//                                   copy-on-write cloning needs ReFS or a Dev Drive on Windows and
//                                   btrfs/XFS on Linux, so this output depends on both
const fs = require('node:fs');
const path = require('node:path');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const { reflinkFileSync, reflinkFile } = require(path.resolve('package', file));

const D = path.resolve('sandbox');
const p = (name) => path.join(D, name);
function pattern(n, seed) { const b = Buffer.alloc(n); let x = seed; for (let i = 0; i < n; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; b[i] = x; } return b; }
function setup() {
  fs.rmSync(D, { recursive: true, force: true });
  fs.mkdirSync(path.join(D, 'folder'), { recursive: true });
  fs.writeFileSync(p('small.txt'), 'Hello World!');
  fs.writeFileSync(p('big.bin'), pattern((1 << 20) + 123, 5));
  fs.writeFileSync(p('existing.txt'), 'keep me');
}
const isError = (r) => r !== null && typeof r === 'object' && typeof r.message === 'string';
const same = (a, b) => fs.existsSync(a) && fs.existsSync(b) && fs.readFileSync(a).equals(fs.readFileSync(b));

async function contract() {
  const { check, finish } = require('./tap.js');
  setup();
  const shape = (r, src, dst) => r === 0 || (isError(r) && r.path === src && r.dest === dst && r.message.endsWith(`, reflink '${src}' -> '${dst}'`));
  // a clone either succeeds with the same bytes or fails; the source never changes
  const small = reflinkFileSync(p('small.txt'), p('small-copy.txt'));
  check('sync clone: 0 or a ReflinkError naming both paths', shape(small, p('small.txt'), p('small-copy.txt')), true);
  check('sync clone: on success the same bytes', small !== 0 || same(p('small.txt'), p('small-copy.txt')), true);
  const big = await reflinkFile(p('big.bin'), p('big-copy.bin'));
  check('async clone of 1 MiB: 0 or a ReflinkError naming both paths', shape(big, p('big.bin'), p('big-copy.bin')), true);
  check('async clone: on success the same bytes', big !== 0 || same(p('big.bin'), p('big-copy.bin')), true);
  check('sync and async agree on this volume', [small === 0, big === 0], [small === 0, small === 0]);
  check('sources unchanged', [fs.readFileSync(p('small.txt'), 'utf8'), fs.readFileSync(p('big.bin')).equals(pattern((1 << 20) + 123, 5))], ['Hello World!', true]);
  // 40 clones at once on the thread pool: all get the same answer
  const many = await Promise.all(Array.from({ length: 40 }, (_, i) => reflinkFile(p('small.txt'), p(`many-${i}.txt`))));
  check('40 concurrent clones: one answer for all', [...new Set(many.map((r) => (r === 0 ? 'ok' : r.message.replace(/many-\d+/, 'many-N'))))].length, 1);
  check('40 concurrent clones: every success has the same bytes', many.every((r, i) => r !== 0 || same(p('small.txt'), p(`many-${i}.txt`))), true);

  // failures every platform reports
  const missing = reflinkFileSync(p('missing.txt'), p('from-missing.txt'));
  check('missing source: a ReflinkError naming both paths', [isError(missing), shape(missing, p('missing.txt'), p('from-missing.txt'))], [true, true]);
  check('missing source: no destination created', fs.existsSync(p('from-missing.txt')), false);
  const asyncMissing = await reflinkFile(p('missing.txt'), p('from-missing2.txt'));
  check('missing source (async): a ReflinkError', [isError(asyncMissing), fs.existsSync(p('from-missing2.txt'))], [true, false]);
  const exists = reflinkFileSync(p('small.txt'), p('existing.txt'));
  check('existing destination: an error, its content kept', [isError(exists), fs.readFileSync(p('existing.txt'), 'utf8')], [true, 'keep me']);
  const onto = reflinkFileSync(p('small.txt'), p('small.txt'));
  check('source onto itself: an error, the file intact', [isError(onto), fs.readFileSync(p('small.txt'), 'utf8')], [true, 'Hello World!']);
  const folder = reflinkFileSync(p('folder'), p('from-folder.txt'));
  check('a folder as source: an error', isError(folder), true);
  const noParent = reflinkFileSync(p('small.txt'), path.join(D, 'no-such-folder', 'x.txt'));
  check('destination folder missing: an error, nothing created', [isError(noParent), fs.existsSync(path.join(D, 'no-such-folder'))], [true, false]);
  finish('reflink contract');
}

async function outcome() {
  setup();
  const show = (r) => (r === 0 ? '0' : `${r.message.split(D + path.sep).join('<dir>/').split(D).join('<dir>')} code=${r.code} errno=${r.errno}`);
  const line = (what, r, dst) => console.log(`${what}: ${show(r)}${dst ? `; destination ${fs.existsSync(dst) ? `exists (${fs.statSync(dst).size} bytes)` : 'absent'}` : ''}`);
  line('clone small.txt', reflinkFileSync(p('small.txt'), p('small-copy.txt')), p('small-copy.txt'));
  line('clone big.bin (async)', await reflinkFile(p('big.bin'), p('big-copy.bin')), p('big-copy.bin'));
  line('missing source', reflinkFileSync(p('missing.txt'), p('from-missing.txt')), p('from-missing.txt'));
  line('existing destination', reflinkFileSync(p('small.txt'), p('existing.txt')));
  line('folder as source', reflinkFileSync(p('folder'), p('from-folder.txt')), p('from-folder.txt'));
  line('destination folder missing', reflinkFileSync(p('small.txt'), path.join(D, 'no-such-folder', 'x.txt')));
  line('relative paths', reflinkFileSync('sandbox/small.txt', 'sandbox/relative-copy.txt'), p('relative-copy.txt'));
}

const mode = process.argv[2];
(mode === 'contract' ? contract() : mode === 'outcome' ? outcome() : (console.log('usage: reflink-test.js contract|outcome'), process.exit(2)))
  .catch((e) => { console.log(`not ok - no exception\n# got ${JSON.stringify(String(e && e.stack))}`); process.exit(1); });
