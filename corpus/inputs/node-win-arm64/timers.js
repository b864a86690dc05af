'use strict';
// Timers and the event loop: ordering of sync code, nextTick, microtasks, immediates and
// timeouts; timeouts scheduled out of order; intervals; cancellation; timers/promises with
// AbortController; unref; elapsed-time sanity. Prints only orderings; exits 1 on a wrong one.
const fs = require('node:fs');
const tp = require('node:timers/promises');
const { performance } = require('node:perf_hooks');

const { check, finish } = require('./tap.js');

async function main() {
  // Inside an I/O callback setImmediate always runs before setTimeout(0).
  const order = await new Promise((resolve) => {
    fs.readFile(__filename, () => {
      const ev = [];
      setTimeout(() => { ev.push('timeout0'); resolve(ev); }, 0);
      setImmediate(() => ev.push('immediate'));
      Promise.resolve().then(() => ev.push('promise'));
      queueMicrotask(() => ev.push('microtask'));
      process.nextTick(() => ev.push('nextTick'));
      ev.push('sync');
    });
  });
  check('event-loop phases', order, ['sync', 'nextTick', 'promise', 'microtask', 'immediate', 'timeout0']);

  // Scheduled in a scrambled order, fire sorted by delay.
  const fired = await new Promise((resolve) => {
    const got = [];
    for (const d of [160, 40, 120, 0, 80, 200]) setTimeout(() => { got.push(d); if (got.length === 6) resolve(got); }, d);
  });
  check('timeouts fire by delay', fired, [0, 40, 80, 120, 160, 200]);

  // Same delay: FIFO.
  const fifo = await new Promise((resolve) => {
    const got = []; for (let i = 0; i < 10; i++) setTimeout(() => { got.push(i); if (i === 9) resolve(got); }, 20);
  });
  check('same-delay FIFO', fifo, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

  // Interval runs exactly 5 times then is cleared; a cleared timeout never fires.
  const ticks = await new Promise((resolve) => {
    let n = 0; const cleared = setTimeout(() => { n += 1000; }, 30); clearTimeout(cleared);
    const t = setInterval(() => { if (++n === 5) { clearInterval(t); setTimeout(() => resolve(n), 100); } }, 10);
  });
  check('interval x5, cleared timeout', ticks, 5);

  // Elapsed time is at least the delay (with 1 ms of timer rounding) and not absurd.
  const t0 = performance.now(); await tp.setTimeout(250); const dt = performance.now() - t0;
  check('250 ms sleep lower bound', dt >= 249, true);
  check('250 ms sleep upper bound (< 10 s)', dt < 10000, true);
  const d0 = Date.now(); await tp.setTimeout(100); const dd = Date.now() - d0;
  check('Date.now advances with the sleep', dd >= 99 && dd < 10000, true);

  check('timers/promises value', await tp.setTimeout(5, 'payload'), 'payload');
  const ac = new AbortController();
  const aborted = tp.setTimeout(60000, null, { signal: ac.signal }).then(() => 'fired', (e) => e.name);
  setTimeout(() => ac.abort(), 20);
  check('abort a 60 s sleep', await aborted, 'AbortError');
  const it = []; for await (const v of tp.setInterval(10, 'x')) { it.push(v); if (it.length === 3) break; }
  check('async interval iterator', it, ['x', 'x', 'x']);

  // refresh() pushes a timeout back.
  const refreshed = await new Promise((resolve) => {
    const ev = []; const t = setTimeout(() => { ev.push('A'); resolve(ev); }, 150);
    setTimeout(() => { t.refresh(); ev.push('refresh'); }, 100);
    setTimeout(() => ev.push('B@200'), 200);
  });
  check('refresh reorders', refreshed, ['refresh', 'B@200', 'A']);

  // An unref'd timer must not keep the process alive; exit happens right after this.
  setTimeout(() => { check('an unref timer lets the process exit', 'still running after 30 s', 'exited'); finish('timer'); }, 30000).unref();
  finish('timer');
}
main().catch((e) => { check('no exception', String(e && e.stack || e), 'none'); finish('exception'); });
