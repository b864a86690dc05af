// Shared by the bun test programs: prints one line per check and counts failures.
export let failed = 0;
export function check(name: string, got: unknown, want: unknown): void {
  const ok = JSON.stringify(got) === JSON.stringify(want);
  console.log(`${ok ? "ok  " : "FAIL"} ${name}: ${JSON.stringify(got)}${ok ? "" : " (want " + JSON.stringify(want) + ")"}`);
  if (!ok) failed++;
}
export function finish(what: string): never {
  if (failed) { console.log(`${failed} check(s) failed`); process.exit(1); }
  console.log(`all ${what} checks passed`);
  process.exit(0);
}
export function pattern(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n); let x = seed >>> 0;
  for (let i = 0; i < n; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; b[i] = x & 0xff; }
  return b;
}
export const sha256 = (b: string | Uint8Array | ArrayBuffer) => new Bun.CryptoHasher("sha256").update(b).digest("hex");
