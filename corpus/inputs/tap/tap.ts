// The checks of every bun and deno test program, printed as TAP (the manifest says
// "output": "tap"), so that woa reads each check as a sub-test. Written for both runtimes:
// each program's check.ts adds what only its runtime has.
//   check(name, got, want)        passes when got and want are the same JSON
//   await attempt(name, want, fn) checks what fn returns, or "threw Name: message"
//   finish(what)                  the plan; exit code 1 when any check failed, else 0
// A check prints "ok N - name" or "not ok N - name", then "# got ..." (", want ..." when it
// failed): names stay the same from run to run, and a failure still says what came out.
const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
let count = 0;
export let failed = 0;

export function check(name: string, got: unknown, want: unknown): boolean {
  const ok = json(got) === json(want);
  // The header on the first check: a child process that only loads this file prints nothing.
  if (count++ === 0) console.log("TAP version 13");
  if (!ok) failed++;
  console.log(`${ok ? "ok" : "not ok"} ${count} - ${name}`);
  console.log(`# got ${json(got)}${ok ? "" : `, want ${json(want)}`}`);
  return ok;
}

export async function attempt(name: string, want: unknown, fn: () => unknown): Promise<boolean> {
  try {
    return check(name, await fn(), want);
  } catch (e) {
    return check(name, `threw ${(e as Error)?.name}: ${(e as Error)?.message}`, want);
  }
}

// deno has Deno.exit; bun, like node, process.exit.
function exit(code: number): never {
  const g = globalThis as { Deno?: { exit(c: number): never }; process?: { exit(c: number): never } };
  if (g.Deno) g.Deno.exit(code);
  return g.process!.exit(code);
}

export function finish(what: string): never {
  console.log(`1..${count}`);
  if (failed) {
    console.log(`# ${failed} check(s) failed`);
    return exit(1);
  }
  console.log(`# all ${what} checks passed`);
  return exit(0);
}

// Deterministic bytes (xorshift32): the same on every runtime and OS.
export function pattern(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; b[i] = x & 0xff; }
  return b;
}
