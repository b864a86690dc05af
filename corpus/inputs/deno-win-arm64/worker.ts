// Web Workers under deno: four module workers hash in parallel, SharedArrayBuffer + Atomics, transfer, structured clone, errors.
import { check, finish, hex } from "./check.ts";

const run = (data: any, transfer: Transferable[] = []) => new Promise<any>((resolve) => {
  const w = new Worker(new URL("./worker-child.ts", import.meta.url).href, { type: "module" });
  w.onmessage = (e) => { resolve({ msg: e.data }); w.terminate(); };
  w.onerror = (e) => { e.preventDefault(); resolve({ error: String(e.message) }); w.terminate(); };
  w.postMessage(data, transfer);
});
async function chain(seed: number, rounds: number) { let h = new TextEncoder().encode(`seed-${seed}`); for (let i = 0; i < rounds; i++) h = new Uint8Array(await crypto.subtle.digest("SHA-256", h)); return hex(h); }
const rounds = 5000;
const res = await Promise.all([0, 1, 2, 3].map((seed) => run({ kind: "chain", seed, rounds })));
const got = res.map((r) => r.msg).sort((a, b) => a.seed - b.seed).map((m) => m.hash.slice(0, 16));
check("4 workers sha256 chains", got, await Promise.all([0, 1, 2, 3].map(async (s) => (await chain(s, rounds)).slice(0, 16))));
const sab = new SharedArrayBuffer(8); const a = new Int32Array(sab);
await Promise.all([0, 1, 2, 3].map(() => run({ kind: "atomics", sab, n: 50000 })));
check("atomics 4 x 50000", [Atomics.load(a, 0), Atomics.load(a, 1)], [200000, 4]);
const buf = new ArrayBuffer(1 << 20); new Uint8Array(buf).fill(3);
const tr = await run({ kind: "transfer", buf }, [buf]);
check("transfer 1 MiB", [buf.byteLength, tr.msg], [0, { len: 1 << 20, sum: 3 << 20 }]);
const cl = await run({ kind: "clone", value: { map: new Map([["k", "v"]]), date: new Date(Date.UTC(2020, 0, 2)), big: 2n ** 70n, set: new Set([1, 2, 3]), re: /a+b/g } });
check("structured clone", cl.msg, [true, "v", "2020-01-02T00:00:00.000Z", "1180591620717411303425", 3, "a+b"]);
const er = await run({ kind: "throw" });
check("worker error reaches onerror", String(er.error).includes("thrown inside worker"), true);
finish("deno worker");
