// The worker side of worker.ts.
declare var self: Worker;
self.onmessage = (e: MessageEvent) => {
  const w = e.data;
  if (w.kind === "chain") {
    let h: Uint8Array = new TextEncoder().encode(`seed-${w.seed}`);
    for (let i = 0; i < w.rounds; i++) h = new Bun.CryptoHasher("sha256").update(h).digest() as Uint8Array;
    postMessage({ seed: w.seed, hash: Buffer.from(h).toString("hex") });
  } else if (w.kind === "atomics") {
    const a = new Int32Array(w.sab); for (let i = 0; i < w.n; i++) Atomics.add(a, 0, 1); Atomics.add(a, 1, 1); postMessage("done");
  } else if (w.kind === "transfer") {
    const v = new Uint8Array(w.buf); let s = 0; for (const x of v) s += x; postMessage({ len: v.length, sum: s });
  } else if (w.kind === "clone") {
    const o = w.value; postMessage([o.map instanceof Map, o.map.get("k"), o.date.toISOString(), String(o.big + 1n), o.set.size, o.re.source]);
  } else if (w.kind === "throw") { throw new RangeError("thrown inside worker"); }
};
