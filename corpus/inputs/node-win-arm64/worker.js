'use strict';
// worker_threads: CPU work split over 4 workers and checked against the main thread,
// SharedArrayBuffer + Atomics contention, Atomics.wait/notify, transferable buffers,
// MessageChannel between workers, structured clone, exit codes and error propagation.
const { Worker, isMainThread, parentPort, workerData, MessageChannel } = require('node:worker_threads');
const crypto = require('node:crypto');

function chain(seed, rounds) { // sha256 hash chain
  let h = Buffer.from(`seed-${seed}`);
  for (let i = 0; i < rounds; i++) h = crypto.createHash('sha256').update(h).digest();
  return h.toString('hex');
}

if (!isMainThread) {
  const w = workerData;
  if (w.kind === 'chain') parentPort.postMessage({ seed: w.seed, hash: chain(w.seed, w.rounds) });
  else if (w.kind === 'atomics') {
    const a = new Int32Array(w.sab);
    for (let i = 0; i < w.n; i++) Atomics.add(a, 0, 1);
    Atomics.add(a, 1, 1); Atomics.notify(a, 1);
  } else if (w.kind === 'transfer') {
    parentPort.once('message', (buf) => {
      const v = new Uint8Array(buf); let s = 0; for (const x of v) s += x;
      parentPort.postMessage({ len: v.length, sum: s });
    });
  } else if (w.kind === 'port') {
    w.port.on('message', (m) => { if (m === 'stop') w.port.close(); else w.port.postMessage(m * 2); });
  } else if (w.kind === 'clone') {
    const o = w.value;
    parentPort.postMessage([o.map instanceof Map, o.map.get('k'), o.date.toISOString(), typeof o.big, String(o.big + 1n), o.set.size, o.nested.arr[2], o.re.source]);
  } else if (w.kind === 'exit') process.exit(7);
  else if (w.kind === 'throw') throw new RangeError('thrown inside worker');
  return;
}

const { check, finish } = require('./tap.js');
const run = (data, onWorker) => new Promise((resolve, reject) => {
  const w = new Worker(__filename, { workerData: data, transferList: data.port ? [data.port] : [] });
  const msgs = [];
  w.on('message', (m) => msgs.push(m));
  w.on('error', (e) => resolve({ error: `${e.name}: ${e.message}`, msgs }));
  w.on('exit', (code) => resolve({ code, msgs }));
  if (onWorker) onWorker(w);
});

async function main() {
  const rounds = 20000;
  const results = await Promise.all([0, 1, 2, 3].map((seed) => run({ kind: 'chain', seed, rounds })));
  const fromWorkers = results.map((r) => r.msgs[0]).sort((a, b) => a.seed - b.seed).map((m) => m.hash.slice(0, 16));
  check('4 workers sha256 chains', fromWorkers, [0, 1, 2, 3].map((s) => chain(s, rounds).slice(0, 16)));
  check('chain seed 0 value', fromWorkers[0], '8d9f8066d42cbf35');

  const sab = new SharedArrayBuffer(8); const a = new Int32Array(sab);
  const done = Promise.all([0, 1, 2, 3].map(() => run({ kind: 'atomics', sab, n: 50000 })));
  while (Atomics.load(a, 1) < 4) Atomics.wait(a, 1, Atomics.load(a, 1), 100);
  await done;
  check('atomics 4 x 50000', [Atomics.load(a, 0), Atomics.load(a, 1)], [200000, 4]);

  const buf = new ArrayBuffer(1 << 20); new Uint8Array(buf).fill(3);
  const tr = await run({ kind: 'transfer' }, (w) => w.postMessage(buf, [buf]));
  check('transfer 1 MiB', [buf.byteLength, tr.msgs[0]], [0, { len: 1 << 20, sum: 3 << 20 }]);

  const { port1, port2 } = new MessageChannel();
  const doubled = [];
  const pw = run({ kind: 'port', port: port2 });
  await new Promise((resolve) => {
    port1.on('message', (m) => { doubled.push(m); if (doubled.length === 5) { port1.postMessage('stop'); resolve(); } });
    for (let i = 1; i <= 5; i++) port1.postMessage(i);
  });
  port1.close(); await pw;
  check('MessageChannel', doubled, [2, 4, 6, 8, 10]);

  const cl = await run({ kind: 'clone', value: { map: new Map([['k', 'v']]), date: new Date(Date.UTC(2020, 0, 2)), big: 2n ** 70n, set: new Set([1, 2, 3]), nested: { arr: [1, 2, 'three'] }, re: /a+b/g } });
  check('structured clone', cl.msgs[0], [true, 'v', '2020-01-02T00:00:00.000Z', 'bigint', '1180591620717411303425', 3, 'three', 'a+b']);

  check('worker exit code', (await run({ kind: 'exit' })).code, 7);
  check('worker error', (await run({ kind: 'throw' })).error, 'RangeError: thrown inside worker');

  finish('worker');
}
main().catch((e) => { check('no exception', String(e && e.stack || e), 'none'); finish('exception'); });
