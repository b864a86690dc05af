'use strict';
// File-system work: nested folders, sync/async/stream/fd I/O, metadata, renames,
// links, Unicode names, errors. Prints deterministic results; exits 1 on a wrong one.
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const crypto = require('node:crypto');
const readline = require('node:readline');

const { check, finish } = require('./tap.js');
const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');
function pattern(n) { // deterministic bytes
  const b = Buffer.alloc(n); let x = 2463534242;
  for (let i = 0; i < n; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; b[i] = x & 0xff; }
  return b;
}
function errCode(fn) { try { fn(); return 'no error'; } catch (e) { return e.code; } }

async function main() {
  const root = 'fs-work';
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, 'a', 'b', 'c'), { recursive: true });
  const big = pattern(1 << 20);
  fs.writeFileSync(path.join(root, 'empty.bin'), Buffer.alloc(0));
  fs.writeFileSync(path.join(root, 'a', 'one.txt'), 'x');
  fs.writeFileSync(path.join(root, 'a', 'b', 'page.bin'), big.subarray(0, 4096));
  fs.writeFileSync(path.join(root, 'a', 'b', 'c', 'big.bin'), big);
  const listing = fs.readdirSync(root, { recursive: true }).map((p) => p.split(path.sep).join('/')).sort()
    .map((p) => { const st = fs.statSync(path.join(root, p)); return st.isDirectory() ? p + '/' : `${p}=${st.size}`; });
  check('tree', listing, ['a/', 'a/b/', 'a/b/c/', 'a/b/c/big.bin=1048576', 'a/b/page.bin=4096', 'a/one.txt=1', 'empty.bin=0']);
  check('big sha256', sha(fs.readFileSync(path.join(root, 'a', 'b', 'c', 'big.bin'))), '7974191283d321758e3dbd7133d003e368d762a29503941c0911730d8678029c');

  // Streams: write 5000 lines, read them back line by line.
  await new Promise((resolve, reject) => {
    const ws = fs.createWriteStream(path.join(root, 'lines.txt'));
    for (let i = 0; i < 5000; i++) ws.write(`line ${i} ${(i * 7919) % 10007}\n`);
    ws.end(); ws.on('finish', resolve); ws.on('error', reject);
  });
  let count = 0, sum = 0;
  const rl = readline.createInterface({ input: fs.createReadStream(path.join(root, 'lines.txt'), { highWaterMark: 1024 }) });
  for await (const line of rl) { count++; sum += Number(line.split(' ')[2]); }
  check('stream lines', [count, sum], [5000, 25031078]);
  check('lines.txt size', fs.statSync(path.join(root, 'lines.txt')).size, 73340);

  // File descriptors: positional writes and reads, ftruncate, fsync.
  const fd = fs.openSync(path.join(root, 'fd.bin'), 'w+');
  fs.writeSync(fd, Buffer.from('0123456789'), 0, 10, 0);
  fs.writeSync(fd, Buffer.from('ABC'), 0, 3, 20); // leaves a hole of zeros
  fs.fsyncSync(fd);
  const rb = Buffer.alloc(23); fs.readSync(fd, rb, 0, 23, 0);
  check('positional write', rb.toString('hex'), '30313233343536373839' + '00'.repeat(10) + '414243');
  fs.ftruncateSync(fd, 5);
  check('ftruncate', fs.fstatSync(fd).size, 5);
  fs.closeSync(fd);
  fs.appendFileSync(path.join(root, 'fd.bin'), 'tail');
  check('append', fs.readFileSync(path.join(root, 'fd.bin'), 'latin1'), '01234tail');

  // Renames, copies, hard links, timestamps.
  fs.renameSync(path.join(root, 'a', 'one.txt'), path.join(root, 'one-renamed.txt'));
  fs.copyFileSync(path.join(root, 'a', 'b', 'page.bin'), path.join(root, 'page-copy.bin'));
  check('copy sha256', sha(fs.readFileSync(path.join(root, 'page-copy.bin'))), 'fdbe3a6d6ad0efc2c26c62371518c217e5d05e0129ab4c64d81adda3812dbf73');
  fs.linkSync(path.join(root, 'page-copy.bin'), path.join(root, 'page-link.bin'));
  check('hard link nlink', fs.statSync(path.join(root, 'page-copy.bin')).nlink, 2);
  const when = new Date(Date.UTC(2001, 1, 3, 4, 5, 6));
  fs.utimesSync(path.join(root, 'page-copy.bin'), when, when);
  check('utimes mtime', fs.statSync(path.join(root, 'page-copy.bin')).mtime.toISOString(), '2001-02-03T04:05:06.000Z');

  // Unicode names.
  const uname = 'h\u00e9llo-\u4e16\u754c-\u{1F600}.txt';
  fs.writeFileSync(path.join(root, uname), 'unicode \u00e9\u4e16', 'utf8');
  check('unicode name listed', fs.readdirSync(root).includes(uname), true);
  check('unicode content', fs.readFileSync(path.join(root, uname), 'utf8'), 'unicode \u00e9\u4e16');

  // Promises API: 64 concurrent writes then reads.
  await fsp.mkdir(path.join(root, 'many'));
  await Promise.all(Array.from({ length: 64 }, (_, i) => fsp.writeFile(path.join(root, 'many', `f${String(i).padStart(2, '0')}.txt`), `file ${i}\n`.repeat(i + 1))));
  const names = (await fsp.readdir(path.join(root, 'many'))).sort();
  const contents = await Promise.all(names.map((n) => fsp.readFile(path.join(root, 'many', n))));
  check('promises many', [names.length, names[0], names[63], contents.reduce((s, c) => s + c.length, 0)], [64, 'f00.txt', 'f63.txt', 16585]);

  // Error codes a program relies on.
  check('ENOENT', errCode(() => fs.readFileSync(path.join(root, 'missing'))), 'ENOENT');
  check('EEXIST', errCode(() => fs.mkdirSync(path.join(root, 'a'))), 'EEXIST');
  check('ENOTEMPTY', errCode(() => fs.rmdirSync(path.join(root, 'a'))), 'ENOTEMPTY');
  check('ENOTDIR', errCode(() => fs.readdirSync(path.join(root, 'empty.bin'))), 'ENOTDIR');

  // mkdtemp and recursive removal.
  const tmp = fs.mkdtempSync(path.join(root, 'tmp-'));
  fs.writeFileSync(path.join(tmp, 'x'), 'y');
  fs.rmSync(root, { recursive: true });
  check('removed', fs.existsSync(root), false);

  finish('fs');
}
main().catch((e) => { check('no exception', String(e && e.stack || e), 'none'); finish('exception'); });
