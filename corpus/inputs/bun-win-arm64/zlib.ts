// Compression under bun: Bun.gzipSync/deflateSync/zstd, node:zlib (gzip, brotli, streams), CompressionStream; fixtures from other tools.
import { check, finish, sha256 } from "./check.ts";
import * as zlib from "node:zlib";

const GZ = "H4sIAAAAAAACA5WZWY4cNxAF/3WKuoCB4quFrL7NaGZkjyFbhiFDhk9v1c4F6Mjkd/Cno0hkM358e/nl9dsff7187/77+vG5+/Lx7/d//n7vvn78+d71j+7Tj2dAeHSfnxN6dK+vz5Hh0b29vT1nxkf3/nM9h6ZH92Vdz6n50f26redYfHS/7es5lx7dx7Geg8uj+/1c8Kv+/N1frgXsquBeAG827gX0LuZegB+O7gX8qetesOEydy/YEfEDXvUBsomDr3w3BtChCqjTEWCXHOBuKwBmOoDMPQB6nyI8SMpOEh4m5acJD9RQHCgUNZRnCpUN1bFCeUN9slDjMNKXPKz+ANnEAbMbA+hQBdTpCK72Sw5wtxUAMx1A5h4ALW43YMubDeDqVgO6OFAoaizPFCobq2OF8qb6ZKHGKdCXPK3+ANnEAbMbA+hQBdTpCLBLDnC3FQAzHTDU5B4ALW43YMubDeDqVgO6HhcAb6YF4NthATbUJws1zom+5Hn1B2PmJg6Y3RhAhyqgTkeAXXKAu60AmOkAMvcAaHG7AVvebDDTV7ca0PW4AHgzLQDfDguwoRnESWOa6EtOqz9ANnHA7MYAOlTB36nTEWCXHOBuKwBmOoDMPQBa3G7AljcbwNWtBnQ9LgDeTAv0v7adFmhHM4rjf9xe+KevXx0Ss9kjaPdG1GGMsNMVcZclAm8/9IiQiSE0N0JscdURXN5zRFeXHOH1+EB8Mz7QhnZ8oB3NbI5C16cIeuFZTRKzKSRod0fUIY2w0xZxlyYCbz9EZmIIzY0QW9x99JBW3ntEV3ce4fU8QXwzT9CGdp6gHe3THgld3yYIWU0SsykkaHdHz5mHNMJOW8Rdmgi8/RCZiSE0N0JscfcRXN57RFd3HuH1gEEvys18QRva8YJ2tG99JHR9rCBkNUnMppCg3R1RhzTCTlvEXZroAf/2Q2QmhtDcCLHF3Udwee8RXd15hNcDBvHNfEEb2vGCdrSPfyQ0ciGM3AhDNFTCEC2dMERTKQzR1gpDNNbCEK29MERzMQzR0QyTJxomVzVMvmyYnN0wecNhcpfD5E+HydAODfEwGephWCz5MCymfhgWW0AMi7EghsWaEMNibohhsUfEsDgqYlg8GTEsro6o3hcS1TtLonpvSlTvbonqMSaq55qo3pAT1Vt6onpTUFRvK4oKxqSoYG2KCuaoqGCvigqOrKjg6YoKrrCo4CuLCs60qOBti5I7LkpYFyXOi5KhL0qWwCiZCqNkS4ySsTFK1sgomSujBntm1ODojBo8oVGDqzRq8KVGDc7WqMEbGzW4a6MGzI0auDdqNARHjZbiqNGUHDXamqNGY3TUaK2OGs3ZUaO9O2p0hEeNnvKoyZUeNfnaoyZnfNTkrY+a3PlRE/ZHTRwgNRkKpCZLgtRkapCabRFSs7FCarZmSM3mDqnZHiI1O0qkZk+K1OxqkZp9MVKzs0YqemukortGKmKNVOQaqWiokYqWGqloqpGKthqpaKyRitYaqWSukUr2GqnkqJFKnhqp5KqRSr4aqeSskUreGqnkrpFKWCO1cI3UYqiRWiw1UoupRmqx1UgtxhqpxVojtZhrpBZ7jVT5jPHpf+R6sZXVMQAA";
const ZST = "KLUv/WSgBG0BAEQCenN0ZCBmaXh0dXJlIGZyb20gdGhlIHJlZmVyZW5jZSBDTEkKAQDM6/zqCeOBzQk=";
const b64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

const fx = Bun.gunzipSync(b64(GZ));
check("Bun.gunzipSync python fixture", [fx.length, sha256(fx)], [12757, "02f56185d66ddd6a895557fcffecae18097f9baa9319bbacbf41936238439378"]);
const z = Bun.zstdDecompressSync(b64(ZST));
check("Bun.zstdDecompressSync cli fixture", [z.length, sha256(z)], [1440, "34a78182d378411256378feab2e8e5fc597b28af427ec067e1057adf6837bc0e"]);

const words = ["arm64", "wine", "qemu", "portable", "executable", "loader", "thread", "socket", "deflate", "window", "kernel", "registry"];
let x = 12345; const out: string[] = [];
for (let i = 0; i < 30000; i++) { x = (x * 1103515245 + 12345) >>> 0; out.push(words[(x >>> 16) % words.length]); if (i % 13 === 12) out.push("\n"); }
const text = new TextEncoder().encode(out.join(" "));
const h = sha256(text);
check("input text", [text.length, h], [223980, "aeb85753b62cffe282fcb4e2494212d037e6c8c305aa8f47fe185b9acf80ce90"]);
const rt: [string, (b: Uint8Array) => Uint8Array, (b: Uint8Array) => Uint8Array][] = [
  ["Bun.gzipSync level 9", (b) => Bun.gzipSync(b, { level: 9 }), (b) => Bun.gunzipSync(b)],
  ["Bun.deflateSync", (b) => Bun.deflateSync(b), (b) => Bun.inflateSync(b)],
  ["Bun.zstdCompressSync", (b) => Bun.zstdCompressSync(b), (b) => Bun.zstdDecompressSync(b)],
  ["node brotli q11", (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }), (b) => zlib.brotliDecompressSync(b)],
  ["node gzip -> Bun.gunzip", (b) => zlib.gzipSync(b), (b) => Bun.gunzipSync(b)],
  ["Bun.gzip -> node gunzip", (b) => Bun.gzipSync(b), (b) => zlib.gunzipSync(b)],
];
for (const [name, comp, decomp] of rt) { const c = comp(text); const d = decomp(c); check(`${name} round trip`, [d.length, sha256(d) === h, c.length < text.length / 3], [text.length, true, true]); }
check("crc32", Bun.hash.crc32("123456789").toString(16), "cbf43926");
const cs = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip")).pipeThrough(new DecompressionStream("gzip"));
check("CompressionStream gzip", sha256(new Uint8Array(await new Response(cs).arrayBuffer())), h);
const broken = Bun.gzipSync(text); broken[broken.length - 6] ^= 0xff;
check("corrupt gzip rejected", (() => { try { zlib.gunzipSync(broken); return "accepted"; } catch (e: any) { return e.code; } })(), "Z_DATA_ERROR");
finish("bun zlib");
