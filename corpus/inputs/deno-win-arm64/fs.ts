// Deno file-system APIs: Deno.writeFile/readFile, mkdir, readDir, stat, open/seek, rename, link, utime, Unicode, errors; plus node:fs.
import { attempt, check, finish, pattern, sha256 } from "./check.ts";
import * as nodefs from "node:fs";

const root = "deno-fs-work";
await Deno.remove(root, { recursive: true }).catch(() => {});
await Deno.mkdir(`${root}/a/b/c`, { recursive: true });
const big = pattern(1 << 20, 2463534242);
await Deno.writeFile(`${root}/a/b/c/big.bin`, big);
await Deno.writeTextFile(`${root}/a/one.txt`, "x");
await Deno.writeFile(`${root}/empty.bin`, new Uint8Array());
check("big sha256", await sha256(await Deno.readFile(`${root}/a/b/c/big.bin`)), "7974191283d321758e3dbd7133d003e368d762a29503941c0911730d8678029c");
async function walk(dir: string, pre = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const p = pre + e.name;
    if (e.isDirectory) { out.push(p + "/"); out.push(...await walk(`${dir}/${e.name}`, p + "/")); }
    else out.push(`${p}=${(await Deno.stat(`${dir}/${e.name}`)).size}`);
  }
  return out.sort();
}
await attempt("tree via Deno.readDir", ["a/", "a/b/", "a/b/c/", "a/b/c/big.bin=1048576", "a/one.txt=1", "empty.bin=0"], () => walk(root));
const f = await Deno.open(`${root}/fd.bin`, { read: true, write: true, create: true });
await f.write(new TextEncoder().encode("0123456789"));
await f.seek(20, Deno.SeekMode.Start); await f.write(new TextEncoder().encode("ABC"));
await f.seek(0, Deno.SeekMode.Start); const rb = new Uint8Array(23); let n = 0; while (n < 23) { const r = await f.read(rb.subarray(n)); if (r === null) break; n += r; }
check("seek + write + read", Array.from(rb, (x) => x.toString(16).padStart(2, "0")).join(""), "30313233343536373839" + "00".repeat(10) + "414243");
await f.truncate(5); check("truncate", (await f.stat()).size, 5); f.close();
await Deno.writeTextFile(`${root}/fd.bin`, "tail", { append: true });
check("append", await Deno.readTextFile(`${root}/fd.bin`), "01234tail");
await Deno.rename(`${root}/a/one.txt`, `${root}/renamed.txt`);
await Deno.copyFile(`${root}/a/b/c/big.bin`, `${root}/copy.bin`);
await attempt("hard link", 2, async () => { await Deno.link(`${root}/copy.bin`, `${root}/link.bin`); return (await Deno.stat(`${root}/copy.bin`)).nlink ?? "nlink not reported"; });
const when = new Date(Date.UTC(2001, 1, 3, 4, 5, 6));
await Deno.utime(`${root}/copy.bin`, when, when);
check("utime", (await Deno.stat(`${root}/copy.bin`)).mtime?.toISOString(), "2001-02-03T04:05:06.000Z");
const uname = "h\u00e9llo-\u4e16\u754c-\u{1F600}.txt";
await Deno.writeTextFile(`${root}/${uname}`, "unicode \u00e9\u4e16");
const names: string[] = []; for await (const e of Deno.readDir(root)) names.push(e.name);
check("unicode name listed + content", [names.includes(uname), await Deno.readTextFile(`${root}/${uname}`)], [true, "unicode \u00e9\u4e16"]);
await Deno.mkdir(`${root}/many`);
await Promise.all(Array.from({ length: 64 }, (_, i) => Deno.writeTextFile(`${root}/many/f${String(i).padStart(2, "0")}.txt`, `file ${i}\n`.repeat(i + 1))));
let cnt = 0, total = 0; for await (const e of Deno.readDir(`${root}/many`)) { cnt++; total += (await Deno.stat(`${root}/many/${e.name}`)).size; }
check("64 concurrent writes", [cnt, total], [64, 16585]);
const err = async (fn: () => Promise<unknown>) => { try { await fn(); return "no error"; } catch (e) { return (e as Error).name; } };
check("NotFound", await err(() => Deno.readFile(`${root}/missing`)), "NotFound");
check("AlreadyExists", await err(() => Deno.mkdir(`${root}/a`)), "AlreadyExists");
check("node:fs readdirSync recursive", nodefs.readdirSync(`${root}/a`, { recursive: true }).map((p) => String(p).replaceAll("\\", "/")).sort(), ["b", "b/c", "b/c/big.bin"]);
const tmp = await Deno.makeTempDir({ dir: root, prefix: "tmp-" });
await Deno.writeTextFile(`${tmp}/x`, "y");
await Deno.remove(root, { recursive: true });
check("removed", await err(() => Deno.stat(root)), "NotFound");
finish("deno fs");
