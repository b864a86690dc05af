'use strict';
// fs.watch: a plain directory watch, a recursive watch that must see files in a subfolder that
// existed before the watch started and in one created after, and fs.watchFile polling.
// Checks which file names were reported (event types differ between platforms). Exits 1 on a miss.
const fs = require('node:fs');
const path = require('node:path');

const { check, finish } = require('./tap.js');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(pred, ms = 10000) { for (let t = 0; t < ms && !pred(); t += 50) await sleep(50); }

(async () => {
  fs.rmSync('w', { recursive: true, force: true });
  fs.mkdirSync(path.join('w', 'old', 'deeper'), { recursive: true });

  const flat = new Set();
  const w1 = fs.watch('w', (ev, f) => flat.add(String(f)));
  const rec = new Set();
  const w2 = fs.watch('w', { recursive: true }, (ev, f) => rec.add(String(f).split(path.sep).join('/')));
  await sleep(300);
  fs.writeFileSync(path.join('w', 'top.txt'), '1');
  fs.writeFileSync(path.join('w', 'old', 'in-old.txt'), '2');
  fs.writeFileSync(path.join('w', 'old', 'deeper', 'in-deeper.txt'), '3');
  fs.mkdirSync(path.join('w', 'new'));
  await sleep(300);
  fs.writeFileSync(path.join('w', 'new', 'in-new.txt'), '4');
  const want = ['top.txt', 'old/in-old.txt', 'old/deeper/in-deeper.txt', 'new', 'new/in-new.txt'];
  await until(() => want.every((x) => rec.has(x)));
  await until(() => flat.has('top.txt'), 2000);
  check('plain watch saw top.txt', flat.has('top.txt'), true);
  check('recursive watch missed', want.filter((x) => !rec.has(x)), []);
  w1.close(); w2.close();

  const f = path.join('w', 'polled.txt'); fs.writeFileSync(f, 'a');
  const polled = await new Promise((resolve) => {
    const to = setTimeout(() => { fs.unwatchFile(f); resolve('timeout'); }, 10000);
    fs.watchFile(f, { interval: 50 }, (cur, prev) => { clearTimeout(to); fs.unwatchFile(f); resolve([prev.size, cur.size]); });
    setTimeout(() => fs.writeFileSync(f, 'abcdef'), 200);
  });
  check('watchFile size change', polled, [1, 6]);
  finish('fs.watch');
})();
