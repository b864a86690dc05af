'use strict';
// The checks of every node test program, printed as TAP (the manifest says "output": "tap"),
// so that woa reads each check as a sub-test:
//   const { check, attempt, finish } = require('./tap.js');
//   check(name, got, want)        passes when got and want are the same JSON
//   await attempt(name, want, fn) checks what fn returns, or "threw Name: message"
//   finish(what)                  the plan; exit code 1 when any check failed
// A check prints "ok N - name" or "not ok N - name", then "# got ..." (", want ..." when it
// failed): names stay the same from run to run, and a failure still says what came out.
const json = (v) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
let count = 0;
let failed = 0;

function check(name, got, want) {
  const ok = json(got) === json(want);
  // The header on the first check: a child process that only loads this file prints nothing.
  if (count++ === 0) console.log('TAP version 13');
  if (!ok) failed++;
  console.log(`${ok ? 'ok' : 'not ok'} ${count} - ${name}`);
  console.log(`# got ${json(got)}${ok ? '' : `, want ${json(want)}`}`);
  return ok;
}

async function attempt(name, want, fn) {
  try {
    return check(name, await fn(), want);
  } catch (e) {
    return check(name, `threw ${e && e.name}: ${e && e.message}`, want);
  }
}

function finish(what) {
  console.log(`1..${count}`);
  if (failed) {
    console.log(`# ${failed} check(s) failed`);
    process.exit(1);
  }
  console.log(`# all ${what} checks passed`);
}

module.exports = { check, attempt, finish };
