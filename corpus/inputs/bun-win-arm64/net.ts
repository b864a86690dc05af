// Loopback networking under bun: Bun.listen/Bun.connect TCP echo, Bun.serve + fetch, node:net, UDP (Bun.udpSocket).
import { check, finish, pattern, sha256 } from "./check.ts";
import * as net from "node:net";

// Bun.listen echo server, Bun.connect client, 1 MiB.
const data = pattern(1 << 20, 7);
const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data(s, d) { s.write(d); } } });
const echoed = await new Promise<Uint8Array>((resolve, reject) => {
  const chunks: Uint8Array[] = []; let n = 0; let off = 0;
  Bun.connect({ hostname: "127.0.0.1", port: server.port, socket: {
    open(s) { const pump = () => { while (off < data.length) { const w = s.write(data.subarray(off, off + 65536)); if (w <= 0) return; off += w; } }; (s as any).pump = pump; pump(); },
    drain(s) { (s as any).pump(); },
    data(s, d) { chunks.push(new Uint8Array(d)); n += d.length; if (n >= data.length) { s.end(); const all = new Uint8Array(n); let o = 0; for (const c of chunks) { all.set(c, o); o += c.length; } resolve(all); } },
    error(s, e) { reject(e); },
  } });
});
server.stop(true);
check("Bun.listen/connect echo 1 MiB", [echoed.length, sha256(echoed)], [1048576, "ce604872403e9df504c9b62b5514c35879b686fbb39927238c9c48a9ef7ece74"]);

// Bun.serve + fetch.
const srv = Bun.serve({ hostname: "127.0.0.1", port: 0, async fetch(req) {
  const u = new URL(req.url);
  if (u.pathname === "/json" && req.method === "POST") { const o = await req.json() as { nums: number[] }; return Response.json({ sum: o.nums.reduce((a, b) => a + b, 0), h: req.headers.get("x-test") }); }
  if (u.pathname === "/stream") return new Response(new ReadableStream({ async start(c) { for (let i = 0; i < 5; i++) { c.enqueue(`chunk${i}\n`); await Bun.sleep(5); } c.close(); } }));
  return new Response("nope", { status: 404 });
} });
const base = `http://127.0.0.1:${srv.port}`;
const r1 = await fetch(`${base}/json`, { method: "POST", headers: { "x-test": "woa", "content-type": "application/json" }, body: JSON.stringify({ nums: Array.from({ length: 1000 }, (_, i) => i) }) });
check("Bun.serve POST json", [r1.status, await r1.json()], [200, { sum: 499500, h: "woa" }]);
const r2 = await fetch(`${base}/stream`);
check("streamed response", [r2.status, await r2.text()], [200, "chunk0\nchunk1\nchunk2\nchunk3\nchunk4\n"]);
const r3 = await fetch(`${base}/x`);
check("404", [r3.status, await r3.text()], [404, "nope"]);
srv.stop(true);

// node:net compatibility: 8 concurrent clients to a node:net server.
const ns = net.createServer((s) => { let n = 0; const h = new Bun.CryptoHasher("sha256"); s.on("data", (d) => { n += d.length; h.update(d); }); s.on("end", () => s.end(`${n}:${h.digest("hex").slice(0, 16)}`)); });
await new Promise<void>((r) => ns.listen(0, "127.0.0.1", () => r()));
const port = (ns.address() as net.AddressInfo).port;
const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => new Promise<string>((resolve, reject) => {
  const c = net.connect(port, "127.0.0.1", () => c.end(Buffer.from(pattern(65536 + i * 1000, 100 + i))));
  let r = ""; c.on("data", (d) => { r += d; }); c.on("end", () => resolve(r)); c.on("error", reject);
})));
await new Promise((r) => ns.close(r));
check("node:net 8 clients", replies, Array.from({ length: 8 }, (_, i) => `${65536 + i * 1000}:${sha256(pattern(65536 + i * 1000, 100 + i)).slice(0, 16)}`));
const refused = await new Promise((resolve) => { const c = net.connect(port, "127.0.0.1"); c.on("connect", () => { c.destroy(); resolve("connected?!"); }); c.on("error", (e: any) => resolve(e.code)); });
check("connection refused", refused, "ECONNREFUSED");

// UDP.
const got: string[] = [];
const a = await Bun.udpSocket({ hostname: "127.0.0.1", socket: { data(sock, buf) { got.push(Buffer.from(buf).toString()); } } });
const b = await Bun.udpSocket({ hostname: "127.0.0.1" });
for (let i = 0; i < 10; i++) b.send(`dgram-${i}`, a.port, "127.0.0.1");
for (let t = 0; t < 200 && got.length < 10; t++) await Bun.sleep(50);
a.close(); b.close();
check("udp 10 datagrams", got.sort(), Array.from({ length: 10 }, (_, i) => `dgram-${i}`).sort());
finish("bun net");
