// Compression under deno: CompressionStream/DecompressionStream (gzip, deflate, deflate-raw) and node:zlib (gzip, brotli); a Python-made gzip fixture.
import { check, finish, sha256 } from "./check.ts";
import * as zlib from "node:zlib";

const GZ = "H4sIAAAAAAACA5WZWY4cNxAF/3WKuoCB4quFrL7NaGZkjyFbhiFDhk9v1c4F6Mjkd/Cno0hkM358e/nl9dsff7187/77+vG5+/Lx7/d//n7vvn78+d71j+7Tj2dAeHSfnxN6dK+vz5Hh0b29vT1nxkf3/nM9h6ZH92Vdz6n50f26redYfHS/7es5lx7dx7Geg8uj+/1c8Kv+/N1frgXsquBeAG827gX0LuZegB+O7gX8qetesOEydy/YEfEDXvUBsomDr3w3BtChCqjTEWCXHOBuKwBmOoDMPQB6nyI8SMpOEh4m5acJD9RQHCgUNZRnCpUN1bFCeUN9slDjMNKXPKz+ANnEAbMbA+hQBdTpCK72Sw5wtxUAMx1A5h4ALW43YMubDeDqVgO6OFAoaizPFCobq2OF8qb6ZKHGKdCXPK3+ANnEAbMbA+hQBdTpCLBLDnC3FQAzHTDU5B4ALW43YMubDeDqVgO6HhcAb6YF4NthATbUJws1zom+5Hn1B2PmJg6Y3RhAhyqgTkeAXXKAu60AmOkAMvcAaHG7AVvebDDTV7ca0PW4AHgzLQDfDguwoRnESWOa6EtOqz9ANnHA7MYAOlTB36nTEWCXHOBuKwBmOoDMPQBa3G7AljcbwNWtBnQ9LgDeTAv0v7adFmhHM4rjf9xe+KevXx0Ss9kjaPdG1GGMsNMVcZclAm8/9IiQiSE0N0JscdURXN5zRFeXHOH1+EB8Mz7QhnZ8oB3NbI5C16cIeuFZTRKzKSRod0fUIY2w0xZxlyYCbz9EZmIIzY0QW9x99JBW3ntEV3ce4fU8QXwzT9CGdp6gHe3THgld3yYIWU0SsykkaHdHz5mHNMJOW8Rdmgi8/RCZiSE0N0JscfcRXN57RFd3HuH1gEEvys18QRva8YJ2tG99JHR9rCBkNUnMppCg3R1RhzTCTlvEXZroAf/2Q2QmhtDcCLHF3Udwee8RXd15hNcDBvHNfEEb2vGCdrSPfyQ0ciGM3AhDNFTCEC2dMERTKQzR1gpDNNbCEK29MERzMQzR0QyTJxomVzVMvmyYnN0wecNhcpfD5E+HydAODfEwGephWCz5MCymfhgWW0AMi7EghsWaEMNibohhsUfEsDgqYlg8GTEsro6o3hcS1TtLonpvSlTvbonqMSaq55qo3pAT1Vt6onpTUFRvK4oKxqSoYG2KCuaoqGCvigqOrKjg6YoKrrCo4CuLCs60qOBti5I7LkpYFyXOi5KhL0qWwCiZCqNkS4ySsTFK1sgomSujBntm1ODojBo8oVGDqzRq8KVGDc7WqMEbGzW4a6MGzI0auDdqNARHjZbiqNGUHDXamqNGY3TUaK2OGs3ZUaO9O2p0hEeNnvKoyZUeNfnaoyZnfNTkrY+a3PlRE/ZHTRwgNRkKpCZLgtRkapCabRFSs7FCarZmSM3mDqnZHiI1O0qkZk+K1OxqkZp9MVKzs0YqemukortGKmKNVOQaqWiokYqWGqloqpGKthqpaKyRitYaqWSukUr2GqnkqJFKnhqp5KqRSr4aqeSskUreGqnkrpFKWCO1cI3UYqiRWiw1UoupRmqx1UgtxhqpxVojtZhrpBZ7jVT5jPHpf+R6sZXVMQAA";
const b64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const through = async (data: Uint8Array, ...ts: TransformStream[]) => { let s: ReadableStream = new Blob([data]).stream(); for (const t of ts) s = s.pipeThrough(t); return new Uint8Array(await new Response(s).arrayBuffer()); };
const fx = await through(b64(GZ), new DecompressionStream("gzip"));
check("DecompressionStream python fixture", [fx.length, await sha256(fx)], [12757, "02f56185d66ddd6a895557fcffecae18097f9baa9319bbacbf41936238439378"]);
const words = ["arm64", "wine", "qemu", "portable", "executable", "loader", "thread", "socket", "deflate", "window", "kernel", "registry"];
let x = 12345; const out: string[] = [];
for (let i = 0; i < 30000; i++) { x = (x * 1103515245 + 12345) >>> 0; out.push(words[(x >>> 16) % words.length]); if (i % 13 === 12) out.push("\n"); }
const text = new TextEncoder().encode(out.join(" "));
const h = await sha256(text);
check("input text", [text.length, h], [223980, "aeb85753b62cffe282fcb4e2494212d037e6c8c305aa8f47fe185b9acf80ce90"]);
for (const fmt of ["gzip", "deflate", "deflate-raw"] as const) {
  const c = await through(text, new CompressionStream(fmt));
  const d = await through(c, new DecompressionStream(fmt));
  check(`${fmt} stream round trip`, [d.length, await sha256(d) === h, c.length < text.length / 3], [text.length, true, true]);
}
const bz = zlib.brotliCompressSync(text, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
check("node:zlib brotli round trip", await sha256(new Uint8Array(zlib.brotliDecompressSync(bz))) === h, true);
check("web gzip -> node gunzip", await sha256(new Uint8Array(zlib.gunzipSync(await through(text, new CompressionStream("gzip"))))) === h, true);
check("node gzip -> web gunzip", await sha256(await through(new Uint8Array(zlib.gzipSync(text)), new DecompressionStream("gzip"))) === h, true);
const broken = new Uint8Array(zlib.gzipSync(text)); broken[broken.length - 6] ^= 0xff;
check("corrupt gzip rejected", await through(broken, new DecompressionStream("gzip")).then(() => "accepted", (e) => e.name), "TypeError");
finish("deno compress");
