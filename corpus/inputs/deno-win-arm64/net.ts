// Loopback networking under deno: Deno.listen/Deno.connect TCP, Deno.serve + fetch, refused connections, UDP (Deno.listenDatagram, unstable), node:net.
import { attempt, check, finish, pattern, sha256 } from "./check.ts";
import * as net from "node:net";

const data = pattern(1 << 20, 7);
const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
const port = (l.addr as Deno.NetAddr).port;
(async () => { for await (const c of l) { (async () => { await c.readable.pipeTo(c.writable).catch(() => {}); })(); } })();
const c = await Deno.connect({ hostname: "127.0.0.1", port });
const writer = (async () => { let off = 0; while (off < data.length) off += await c.write(data.subarray(off, off + 65536)); await c.closeWrite(); })();
const got = new Uint8Array(data.length); let n = 0; const buf = new Uint8Array(65536);
while (n < data.length) { const r = await c.read(buf); if (r === null) break; got.set(buf.subarray(0, r), n); n += r; }
await writer; c.close(); l.close();
check("Deno.listen/connect echo 1 MiB", [n, await sha256(got)], [1048576, "ce604872403e9df504c9b62b5514c35879b686fbb39927238c9c48a9ef7ece74"]);

const ac = new AbortController();
const srv = Deno.serve({ hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen() {} }, async (req) => {
  const u = new URL(req.url);
  if (u.pathname === "/json" && req.method === "POST") { const o = await req.json(); return Response.json({ sum: o.nums.reduce((a: number, b: number) => a + b, 0), h: req.headers.get("x-test") }); }
  if (u.pathname === "/stream") return new Response(new ReadableStream({ async start(ct) { for (let i = 0; i < 5; i++) { ct.enqueue(new TextEncoder().encode(`chunk${i}\n`)); await new Promise((r) => setTimeout(r, 5)); } ct.close(); } }));
  return new Response("nope", { status: 404 });
});
const base = `http://127.0.0.1:${srv.addr.port}`;
const r1 = await fetch(`${base}/json`, { method: "POST", headers: { "x-test": "woa", "content-type": "application/json" }, body: JSON.stringify({ nums: Array.from({ length: 1000 }, (_, i) => i) }) });
check("Deno.serve POST json", [r1.status, await r1.json()], [200, { sum: 499500, h: "woa" }]);
const r2 = await fetch(`${base}/stream`);
check("streamed response", [r2.status, await r2.text()], [200, "chunk0\nchunk1\nchunk2\nchunk3\nchunk4\n"]);
const r3 = await fetch(`${base}/x`); check("404", [r3.status, await r3.text()], [404, "nope"]);
ac.abort(); await srv.finished;

await attempt("connection refused", "ConnectionRefused", async () => { try { (await Deno.connect({ hostname: "127.0.0.1", port })).close(); return "connected?!"; } catch (e) { return (e as Error).name; } });

const ns = net.createServer((s) => { let k = 0; s.on("data", (d) => { k += d.length; }); s.on("end", () => s.end(String(k))); });
await new Promise<void>((r) => ns.listen(0, "127.0.0.1", () => r()));
const np = (ns.address() as net.AddressInfo).port;
const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => new Promise<string>((resolve, reject) => {
  const s = net.connect(np, "127.0.0.1", () => s.end(pattern(65536 + i * 1000, 100 + i)));
  let r = ""; s.on("data", (d) => { r += d; }); s.on("end", () => resolve(r)); s.on("error", reject);
})));
await new Promise((r) => ns.close(r));
check("node:net 8 clients", replies, Array.from({ length: 8 }, (_, i) => String(65536 + i * 1000)));
finish("deno net");
