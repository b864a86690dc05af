'use strict';
// Loads @napi-rs/simple-git's native module (libgit2 through git2-rs; the .node in ./package).
// The script makes a repository with Repository.init, writes three commits' loose objects itself
// (zlib + SHA-1, fixed authors and dates, so every object id is known), then reads and extends it
// through the module.
//   node git-test.js read  : open/discover, HEAD, commits, trees, blobs, rev-walk, last-modified
//                            dates, diff of the tree against the working folder
//   node git-test.js write : commit, lightweight and annotated tags, tag listing and deletion;
//                            every new id recomputed by the script
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const crypto = require('node:crypto');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const git = require(path.resolve('package', file));

const { check, attempt, finish } = require('./tap.js');
const sha1 = (b) => crypto.createHash('sha1').update(b).digest('hex');
const REPO = path.resolve('repo');
const GIT = path.join(REPO, '.git');
const slash = (p) => p.split(path.sep).join('/');
// revWalk() hands back napi-rs's generator object, which lacks RevWalk's methods under this node:
// they are called from RevWalk.prototype on it
const RW = git.RevWalk.prototype;

function object(type, body) {
  body = Buffer.from(body);
  const raw = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
  const id = sha1(raw);
  const p = path.join(GIT, 'objects', id.slice(0, 2), id.slice(2));
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, zlib.deflateSync(raw));
  return id;
}
const blob = (text) => object('blob', text);
// entries: [mode, name, id]; git sorts tree entries by name (directories as if "name/")
function tree(entries) {
  const key = ([mode, name]) => (mode === '40000' ? `${name}/` : name);
  entries = [...entries].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return object('tree', Buffer.concat(entries.map(([mode, name, id]) => Buffer.concat([Buffer.from(`${mode} ${name}\0`), Buffer.from(id, 'hex')]))));
}
const person = (name, email, t) => `${name} <${email}> ${t} +0000`;
const commitBody = (treeId, parents, author, committer, message) => `tree ${treeId}\n${parents.map((p) => `parent ${p}\n`).join('')}author ${author}\ncommitter ${committer}\n\n${message}`;
const commit = (...a) => object('commit', commitBody(...a));

const T1 = 1700000000, T2 = 1700003600, T3 = 1700086400;
const ADA = ['Ada Lovelace', 'ada@example.com'], BOB = ['Bob \u00d6stberg', 'bob@example.org'];
const FILES1 = { 'README.md': '# demo\n', 'src/lib.js': 'module.exports = 1;\n' };
const FILES2 = { 'README.md': '# demo\n\nSecond line.\n', 'src/lib.js': 'module.exports = 1;\n', 'src/util/strings.js': 'exports.up = (s) => s.toUpperCase();\n', 'bin.dat': Buffer.from([0, 1, 2, 255, 0, 10]) };
function treeOf(files) {
  const dirs = {};
  for (const [p, content] of Object.entries(files)) {
    const parts = p.split('/'); let d = dirs;
    for (const part of parts.slice(0, -1)) d = d[part] = d[part] || {};
    d[parts.at(-1)] = content;
  }
  const build = (d) => tree(Object.entries(d).map(([name, v]) => (typeof v === 'string' || Buffer.isBuffer(v) ? ['100644', name, blob(v)] : ['40000', name, build(v)])));
  return build(dirs);
}

function makeRepo() {
  fs.rmSync(REPO, { recursive: true, force: true });
  fs.mkdirSync(REPO);
  const repo = git.Repository.init(REPO);
  const emptyAtInit = [repo.isEmpty(), fs.existsSync(path.join(GIT, 'HEAD')), fs.existsSync(path.join(GIT, 'config'))];
  const t1 = treeOf(FILES1), t2 = treeOf(FILES2);
  const c1 = commit(t1, [], person(...ADA, T1), person(...ADA, T1), 'Initial commit\n');
  const c2 = commit(t2, [c1], person(...BOB, T2), person(...ADA, T2 + 60), 'Add strings helper\n\nAlso a binary file\nand a longer README.\n');
  fs.mkdirSync(path.join(GIT, 'refs', 'heads'), { recursive: true });
  fs.writeFileSync(path.join(GIT, 'refs', 'heads', 'main'), `${c2}\n`);
  fs.writeFileSync(path.join(GIT, 'HEAD'), 'ref: refs/heads/main\n');
  // the working folder: commit 2's files, one changed, one deleted, one new
  for (const [p, content] of Object.entries(FILES2)) { fs.mkdirSync(path.join(REPO, path.dirname(p)), { recursive: true }); fs.writeFileSync(path.join(REPO, p), content); }
  fs.writeFileSync(path.join(REPO, 'README.md'), '# demo, changed\n');
  fs.rmSync(path.join(REPO, 'bin.dat'));
  fs.writeFileSync(path.join(REPO, 'NEW.txt'), 'untracked\n');
  return { emptyAtInit, t1, t2, c1, c2 };
}

function read() {
  const { emptyAtInit, t1, t2, c1, c2 } = makeRepo();
  check('init: empty, .git/HEAD and .git/config written', emptyAtInit, [true, true, true]);
  const repo = new git.Repository(REPO);
  check('open: path, workdir, bare/empty/shallow, state', [slash(path.relative(REPO, repo.path())), slash(path.relative(REPO, repo.workdir())), repo.isEmpty(), repo.isShallow(), repo.state()], ['.git', '', false, false, 0]);
  fs.mkdirSync(path.join(REPO, 'src', 'util', 'deep'), { recursive: true });
  const found = git.Repository.discover(path.join(REPO, 'src', 'util', 'deep'));
  check('discover from a subfolder', slash(path.relative(REPO, found.path())), '.git');
  const head = repo.head();
  check('HEAD', [head.name(), head.shorthand(), head.isBranch(), head.target()], ['refs/heads/main', 'main', true, c2]);
  const c = repo.findCommit(c2);
  check('commit 2: ids', [c.id(), c.treeId(), Number(c.parentCount()), c.parentId(0)], [c2, t2, 1, c1]);
  check('commit 2: message, summary, body', [c.message(), c.summary(), c.body()], ['Add strings helper\n\nAlso a binary file\nand a longer README.\n', 'Add strings helper', 'Also a binary file\nand a longer README.']);
  check('commit 2: author and committer', [c.author().name(), c.author().email(), c.author().when(), c.committer().name(), c.committer().when(), c.time().getTime()], [BOB[0], BOB[1], T2, ADA[0], T2 + 60, (T2 + 60) * 1000]);
  check('commit 2: raw header', c.rawHeader(), commitBody(t2, [c1], person(...BOB, T2), person(...ADA, T2 + 60), '').slice(0, -1));
  const p = c.parent(0);
  check('commit 1 through parent(0)', [p.id(), p.treeId(), Number(p.parentCount()), p.summary()], [c1, t1, 0, 'Initial commit']);
  const tr = c.tree();
  const entries = [...tr.iter()].map((e) => `${e.name()} ${e.id()}`);
  check('tree entries (git order)', entries, [
    `README.md ${sha1(Buffer.from(`blob ${FILES2['README.md'].length}\0${FILES2['README.md']}`))}`,
    `bin.dat ${sha1(Buffer.concat([Buffer.from('blob 6\0'), FILES2['bin.dat']]))}`,
    `src ${tr.getName('src').id()}`,
  ]);
  check('tree length', Number(tr.len()), 3);
  const e = tr.getPath('src/util/strings.js');
  const bl = repo.treeEntryToObject(e).peelToBlob();
  check('blob by path: content, size, binary', [Buffer.from(bl.content()).toString(), Number(bl.size()), bl.isBinary()], [FILES2['src/util/strings.js'], FILES2['src/util/strings.js'].length, false]);
  const bin = repo.treeEntryToObject(tr.getName('bin.dat')).peelToBlob();
  check('binary blob', [Buffer.from(bin.content()).toString('hex'), bin.isBinary()], ['000102ff000a', true]);
  check('missing path / commit', [tr.getPath('src/nope.js'), repo.findCommit('0123456789012345678901234567890123456789')], [null, null]);
  const walk = (sort) => { const w = repo.revWalk(); RW.pushHead.call(w); if (sort !== undefined) RW.setSorting.call(w, sort); return [...w]; };
  check('rev-walk from HEAD', walk(), [c2, c1]);
  check('rev-walk reversed', walk(4), [c1, c2]);
  const w = repo.revWalk(); RW.push.call(w, c2); RW.hide.call(w, c1);
  check('rev-walk c1..c2', [...w], [c2]);
  check('last modified: README.md, src/lib.js, strings.js', [repo.getFileLatestModifiedDate('README.md'), repo.getFileLatestModifiedDate('src/lib.js'), repo.getFileLatestModifiedDate('src/util/strings.js')], [(T2 + 60) * 1000, T1 * 1000, (T2 + 60) * 1000]);
  const deltas = [...repo.diffTreeToWorkdir(tr).deltas()].map((d) => `${d.status()} ${d.oldFile().path()} ${d.newFile().path()}`).sort();
  check('diff of the tree to the working folder: README.md modified, bin.dat deleted', deltas, ['2 bin.dat bin.dat', '3 README.md README.md']);
}

async function write() {
  const { t1, c1, c2 } = makeRepo();
  const repo = new git.Repository(REPO);
  const asyncDate = await repo.getFileLatestModifiedDateAsync('src/lib.js');
  check('async last-modified', asyncDate, T1 * 1000);
  const sig = new git.Signature('Carol', 'carol@example.net', T3);
  check('signature', [sig.name(), sig.email(), sig.when()], ['Carol', 'carol@example.net', T3]);
  const carol = person('Carol', 'carol@example.net', T3);
  const idOf = (type, body) => sha1(Buffer.concat([Buffer.from(`${type} ${Buffer.byteLength(body)}\0`), Buffer.from(body)]));
  // a root commit (this API takes no parents) on a new branch
  const root = repo.commit('refs/heads/orphan', sig, sig, 'Orphan root\n', repo.findTree(t1));
  check('root commit id == script-computed', root, idOf('commit', commitBody(t1, [], carol, carol, 'Orphan root\n')));
  check('branch ref written', fs.readFileSync(path.join(GIT, 'refs', 'heads', 'orphan'), 'utf8'), `${root}\n`);
  check('loose object on disk', fs.existsSync(path.join(GIT, 'objects', root.slice(0, 2), root.slice(2))), true);
  // amend HEAD: same parent, new committer, message and tree
  const c3 = repo.findCommit(c2).amend('HEAD', null, sig, null, 'Add strings helper (amended)\n', repo.findTree(t1));
  check('amended commit id == script-computed', c3, idOf('commit', commitBody(t1, [c1], person(...BOB, T2), carol, 'Add strings helper (amended)\n')));
  check('HEAD moved', [repo.head().target(), fs.readFileSync(path.join(GIT, 'refs', 'heads', 'main'), 'utf8')], [c3, `${c3}\n`]);
  const w = repo.revWalk(); RW.pushHead.call(w);
  check('rev-walk after amend', [...w], [c3, c1]);
  check('last modified after amend (README.md back to commit 1)', [repo.getFileLatestModifiedDate('README.md'), repo.getFileLatestModifiedDate('src/lib.js')], [T1 * 1000, T1 * 1000]);
  await attempt('last modified of a file HEAD no longer has', 'threw Error: Failed to get commit for [src/util/strings.js]', () => repo.getFileLatestModifiedDate('src/util/strings.js'));
  const target = repo.findCommit(c1).asObject();
  const light = repo.tagLightweight('v0.1', target, false);
  check('lightweight tag', [light, fs.readFileSync(path.join(GIT, 'refs', 'tags', 'v0.1'), 'utf8')], [c1, `${c1}\n`]);
  const msg = 'Release 1.0\n';
  const tagId = repo.tag('v1.0', repo.findCommit(c3).asObject(), sig, msg, false);
  const tagBody = `object ${c3}\ntype commit\ntag v1.0\ntagger ${person('Carol', 'carol@example.net', T3)}\n\n${msg}`;
  check('annotated tag id == script-computed', tagId, idOf('tag', tagBody));
  const tg = repo.findTag(tagId);
  check('annotated tag: name, message, peel', [tg.name(), tg.message(), tg.peel().id()], ['v1.0', msg, c3]);
  check('findTagByPrefix', repo.findTagByPrefix(tagId.slice(0, 10)).id(), tagId);
  check('tag names', repo.tagNames(), ['v0.1', 'v1.0']);
  check('tag names matching v1*', repo.tagNames('v1*'), ['v1.0']);
  await attempt('existing tag without force is an error', true, () => { try { repo.tagLightweight('v0.1', target, false); return 'no error'; } catch (e) { return /exists/.test(e.message); } });
  repo.tagDelete('v0.1');
  check('tag deleted', [repo.tagNames(), fs.existsSync(path.join(GIT, 'refs', 'tags', 'v0.1'))], [['v1.0'], false]);
  const r = repo.remote('origin', 'https://example.invalid/demo.git');
  check('remote added (config only)', [r.name(), r.url(), repo.remotes()], ['origin', 'https://example.invalid/demo.git', ['origin']]);
}

const mode = process.argv[2];
const run = { read, write }[mode];
if (!run) { console.log('usage: git-test.js read|write'); process.exit(2); }
Promise.resolve().then(run).then(() => finish(`simple-git ${mode}`), (e) => { check('no exception', String(e && e.stack), ''); finish(`simple-git ${mode}`); });
