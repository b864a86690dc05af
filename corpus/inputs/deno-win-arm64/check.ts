// Shared by the deno test programs: prints one line per check and counts failures.
export let failed = 0;
export function check(name: string, got: unknown, want: unknown): void {
  const ok = JSON.stringify(got, (_k, v) => typeof v === "bigint" ? v.toString() : v) === JSON.stringify(want, (_k, v) => typeof v === "bigint" ? v.toString() : v);
  console.log(`${ok ? "ok  " : "FAIL"} ${name}: ${JSON.stringify(got)}${ok ? "" : " (want " + JSON.stringify(want) + ")"}`);
  if (!ok) failed++;
}
export async function attempt(name: string, want: unknown, fn: () => unknown): Promise<void> {
  try { check(name, await fn(), want); } catch (e) { check(name, `threw ${(e as Error)?.name}: ${(e as Error)?.message}`, want); }
}
export function finish(what: string): never {
  if (failed) { console.log(`${failed} check(s) failed`); Deno.exit(1); }
  console.log(`all ${what} checks passed`);
  Deno.exit(0);
}
export function pattern(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n); let x = seed >>> 0;
  for (let i = 0; i < n; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; b[i] = x & 0xff; }
  return b;
}
export const hex = (b: ArrayBuffer | Uint8Array) => Array.from(new Uint8Array(b instanceof Uint8Array ? b : new Uint8Array(b)), (x) => x.toString(16).padStart(2, "0")).join("");
export const sha256 = async (b: Uint8Array | string) => hex(await crypto.subtle.digest("SHA-256", typeof b === "string" ? new TextEncoder().encode(b) : b));
