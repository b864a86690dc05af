'use strict';
// Loads @parcel/watcher's native module (package/watcher.node, C++) and checks it.
//   node watcher-test.js snapshot  : writeSnapshot, change a tree, getEventsSince lists exactly the changes
//   node watcher-test.js subscribe : live subscription; creates, updates, deletes and a rename are reported
const fs = require('node:fs');
const path = require('node:path');
const w = require(path.resolve('package', 'watcher.node'));

const { check, finish } = require('./tap.js');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const dir = path.resolve('watched');
const rel = (p) => path.relative(dir, p).split(path.sep).join('/');
const norm = (evs) => [...new Set(evs.map((e) => `${e.type} ${rel(e.path)}`))].sort();

(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'keep.txt'), 'keep');
  fs.writeFileSync(path.join(dir, 'change.txt'), 'v1');
  fs.writeFileSync(path.join(dir, 'sub', 'gone.txt'), 'bye');
  const mode = process.argv[2];
  if (mode === 'snapshot') {
    const snap = path.resolve('tree.snapshot');
    const ignoreSub = { ignorePaths: [path.join(dir, 'sub')], ignoreGlobs: [] };
    await w.writeSnapshot(dir, snap, {});
    await w.writeSnapshot(dir, snap + '2', ignoreSub);
    check('snapshot file written', fs.statSync(snap).size > 0, true);
    await sleep(1100); // let mtimes move on
    fs.writeFileSync(path.join(dir, 'change.txt'), 'v2 longer');
    fs.rmSync(path.join(dir, 'sub', 'gone.txt'));
    fs.writeFileSync(path.join(dir, 'sub', 'new.txt'), 'new');
    fs.mkdirSync(path.join(dir, 'newdir'));
    const evs = await w.getEventsSince(dir, snap, {});
    check('events since snapshot', norm(evs), ['create newdir', 'create sub/new.txt', 'delete sub/gone.txt', 'update change.txt']);
    const ign = await w.getEventsSince(dir, snap + '2', ignoreSub);
    check('ignorePaths honoured', norm(ign), ['create newdir', 'update change.txt']);
  } else if (mode === 'subscribe') {
    const seen = [];
    const fn = (err, evs) => { if (err) seen.push({ type: 'error', path: path.join(dir, String(err.message || err)) }); else seen.push(...evs); };
    await w.subscribe(dir, fn, {});
    await sleep(500);
    const waitFor = async (want) => { for (let i = 0; i < 100 && !want.every((x) => norm(seen).includes(x)); i++) await sleep(100); return norm(seen); };
    fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
    fs.writeFileSync(path.join(dir, 'sub', 'b.txt'), 'b');
    const phase1 = ['create a.txt', 'create sub/b.txt'];
    const s1 = await waitFor(phase1);
    check('creates reported (missing)', phase1.filter((x) => !s1.includes(x)), []);
    seen.length = 0;
    fs.appendFileSync(path.join(dir, 'keep.txt'), ' more');
    fs.rmSync(path.join(dir, 'sub', 'gone.txt'));
    fs.renameSync(path.join(dir, 'change.txt'), path.join(dir, 'renamed.txt'));
    const phase2 = ['update keep.txt', 'delete sub/gone.txt', 'delete change.txt', 'create renamed.txt'];
    const s2 = await waitFor(phase2);
    check('update/delete/rename reported', phase2.filter((x) => !s2.includes(x)), []);
    check('no unexpected paths', s2.filter((x) => !phase2.includes(x) && !/^update (renamed\.txt|sub)$/.test(x)), []);
    await w.unsubscribe(dir, fn, {});
    seen.length = 0;
    fs.writeFileSync(path.join(dir, 'after.txt'), 'x');
    await sleep(1000);
    check('nothing after unsubscribe', norm(seen), []);
  } else { console.log('usage: watcher-test.js snapshot|subscribe'); process.exit(2); }
  finish(`watcher ${mode}`);
})().catch((e) => { check('no exception', String(e && e.stack || e), 'none'); finish('exception'); });
