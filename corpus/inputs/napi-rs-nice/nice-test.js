'use strict';
// Loads @napi-rs/nice's native module (the .node in ./package) and checks its documented semantics,
// which differ by OS (README and index.d.ts of the package):
//   Windows: nice(p) calls SetThreadPriority(GetCurrentThread(), p) for one of the WindowsThreadPriority
//     values and returns p (any other value throws "<p> is not a valid priority on Windows");
//     getCurrentProcessPriority() is GetThreadPriority(GetCurrentThread()).
//   Unix: nice(incr) is nice(2), returning the new nice value (capped at 19); getCurrentProcessPriority()
//     is getpriority(PRIO_PROCESS, 0), which on Linux is the calling thread's nice value.
//   node nice-test.js priority : the calling (main) thread
//   node nice-test.js threads  : a worker thread's priority is its own
const fs = require('node:fs');
const path = require('node:path');
const { Worker, isMainThread, parentPort } = require('node:worker_threads');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const native = require(path.resolve('package', file));
const { nice, getCurrentProcessPriority: get, WindowsThreadPriority: P } = native;
const win = process.platform === 'win32';
const tryIt = (fn) => { try { return fn(); } catch (e) { return `threw: ${e.message}`; } };

if (!isMainThread) { // the worker of "threads": report, change its own priority, report again
  const before = get();
  const set = win ? tryIt(() => nice(P.ThreadPriorityLowest)) : tryIt(() => nice(1));
  parentPort.postMessage({ before, set, after: get() });
  return;
}

const { check, finish } = require('./tap.js');
const mode = process.argv[2];
(async () => {
  // The enum the package documents, exported on every OS
  check('WindowsThreadPriority values (the Win32 THREAD_PRIORITY_* / THREAD_MODE_* constants)', P, { ThreadModeBackgroundBegin: 0x10000, ThreadModeBackgroundEnd: 0x20000, ThreadPriorityAboveNormal: 1, ThreadPriorityBelowNormal: -1, ThreadPriorityHighest: 2, ThreadPriorityIdle: -15, ThreadPriorityLowest: -2, ThreadPriorityNormal: 0, ThreadPriorityTimeCritical: 15 });
  if (mode === 'priority') {
    if (win) {
      check('a new thread runs at THREAD_PRIORITY_NORMAL (0)', get(), 0);
      const seq = [P.ThreadPriorityAboveNormal, P.ThreadPriorityHighest, P.ThreadPriorityBelowNormal, P.ThreadPriorityLowest, P.ThreadPriorityIdle, P.ThreadPriorityTimeCritical, P.ThreadPriorityNormal];
      check('nice(p) returns p and GetThreadPriority reads p back', seq.map((p) => [tryIt(() => nice(p)), get()]), seq.map((p) => [p, p]));
      check('nice(3) is not a Windows priority: throws, priority unchanged', [tryIt(() => nice(3)), get()], ['threw: 3 is not a valid priority on Windows', 0]);
      check('nice() without an argument is THREAD_PRIORITY_NORMAL', [tryIt(() => nice(P.ThreadPriorityHighest)), tryIt(() => nice()), get()], [2, 0, 0]);
      // SetThreadPriority docs: BACKGROUND_BEGIN fails when already in background mode, END when not in it
      const failed = (r) => (typeof r === 'string' && r.startsWith('threw') ? 'failed' : r);
      check('THREAD_MODE_BACKGROUND_BEGIN succeeds on the current thread', tryIt(() => nice(P.ThreadModeBackgroundBegin)), 0x10000);
      check('BACKGROUND_BEGIN again fails (already in background mode)', failed(tryIt(() => nice(P.ThreadModeBackgroundBegin))), 'failed');
      check('THREAD_MODE_BACKGROUND_END succeeds', tryIt(() => nice(P.ThreadModeBackgroundEnd)), 0x20000);
      check('BACKGROUND_END again fails (not in background mode)', failed(tryIt(() => nice(P.ThreadModeBackgroundEnd))), 'failed');
      check('after background mode the priority is NORMAL again', get(), 0);
    } else {
      const p0 = get();
      check('nice(0) returns the current nice value', nice(0), p0);
      check('nice() without an argument adds 0', nice(), p0);
      const want = Math.min(p0 + 1, 19);
      check('nice(1) returns the new value (capped at 19), getpriority agrees', [nice(1), get()], [want, want]);
      check('nice(100) caps at 19', [nice(100), get()], [19, 19]);
    }
  } else if (mode === 'threads') {
    const run = () => new Promise((resolve, reject) => { const w = new Worker(__filename); w.once('message', resolve); w.once('error', reject); });
    if (win) {
      nice(P.ThreadPriorityHighest);
      const r = await run();
      check('worker thread starts at NORMAL, sets LOWEST for itself', r, { before: 0, set: -2, after: -2 });
      check('the main thread keeps HIGHEST', get(), 2);
      nice(P.ThreadPriorityNormal);
      const rs = await Promise.all([run(), run(), run()]);
      check('three more workers, each with its own priority', rs, Array(3).fill({ before: 0, set: -2, after: -2 }));
      check('the main thread is NORMAL again', get(), 0);
    } else {
      const p0 = get();
      const r = await run();
      const want = Math.min(p0 + 1, 19);
      check('worker inherits the nice value, nice(1) changes its own', r, { before: p0, set: want, after: want });
      check('the main thread keeps its nice value', get(), p0);
    }
  } else { console.log('usage: nice-test.js priority|threads'); process.exit(2); }
  finish(`nice ${mode}`);
})();
