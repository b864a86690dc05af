// Bun file I/O: Bun.write/Bun.file, node:fs sync and promises, streams, Unicode names, errors.
import { check, finish, pattern, sha256 } from "./check.ts";
import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import * as path from "node:path";

const root = "bun-fs-work";
fs.rmSync(root, { recursive: true, force: true });
fs.mkdirSync(path.join(root, "a", "b"), { recursive: true });
const big = pattern(1 << 20, 2463534242);
check("Bun.write returns bytes", await Bun.write(path.join(root, "a", "b", "big.bin"), big), 1 << 20);
const f = Bun.file(path.join(root, "a", "b", "big.bin"));
check("Bun.file size + exists", [f.size, await f.exists(), await Bun.file(path.join(root, "nope")).exists()], [1048576, true, false]);
check("Bun.file sha256", sha256(new Uint8Array(await f.arrayBuffer())), "7974191283d321758e3dbd7133d003e368d762a29503941c0911730d8678029c");
await Bun.write(path.join(root, "text.txt"), "line1\nline2\n\u00e9\u4e16\n");
check("Bun.file text", await Bun.file(path.join(root, "text.txt")).text(), "line1\nline2\n\u00e9\u4e16\n");
await Bun.write(path.join(root, "data.json"), JSON.stringify({ a: [1, 2, 3], b: "x" }));
check("Bun.file json", await Bun.file(path.join(root, "data.json")).json(), { a: [1, 2, 3], b: "x" });
await Bun.write(path.join(root, "copy.bin"), Bun.file(path.join(root, "a", "b", "big.bin")));
check("Bun.write(file) copies", fs.statSync(path.join(root, "copy.bin")).size, 1048576);

// Incremental writer, then streaming read.
const w = Bun.file(path.join(root, "lines.txt")).writer();
for (let i = 0; i < 5000; i++) w.write(`line ${i} ${(i * 7919) % 10007}\n`);
await w.end();
let bytes = 0; let sum = 0; let rest = "";
for await (const chunk of Bun.file(path.join(root, "lines.txt")).stream()) {
  bytes += chunk.length; const s = rest + new TextDecoder().decode(chunk); const parts = s.split("\n"); rest = parts.pop()!;
  for (const l of parts) sum += Number(l.split(" ")[2]);
}
check("writer + stream", [bytes, sum], [73340, 25031078]);

// node:fs compatibility.
const fd = fs.openSync(path.join(root, "fd.bin"), "w+");
fs.writeSync(fd, Buffer.from("0123456789"), 0, 10, 0); fs.writeSync(fd, Buffer.from("ABC"), 0, 3, 20);
const rb = Buffer.alloc(23); fs.readSync(fd, rb, 0, 23, 0); fs.closeSync(fd);
check("positional write", rb.toString("hex"), "30313233343536373839" + "00".repeat(10) + "414243");
fs.renameSync(path.join(root, "text.txt"), path.join(root, "renamed.txt"));
const when = new Date(Date.UTC(2001, 1, 3, 4, 5, 6)); fs.utimesSync(path.join(root, "renamed.txt"), when, when);
check("utimes", fs.statSync(path.join(root, "renamed.txt")).mtime.toISOString(), "2001-02-03T04:05:06.000Z");
const uname = "h\u00e9llo-\u4e16\u754c-\u{1F600}.txt";
await Bun.write(path.join(root, uname), "u");
check("unicode name", fs.readdirSync(root).includes(uname), true);
await fsp.mkdir(path.join(root, "many"));
await Promise.all(Array.from({ length: 64 }, (_, i) => Bun.write(path.join(root, "many", `f${String(i).padStart(2, "0")}.txt`), `file ${i}\n`.repeat(i + 1))));
const attempt = async (name: string, want: unknown, fn: () => unknown) => { try { check(name, await fn(), want); } catch (e: any) { check(name, `threw ${e.code ?? e}`, want); } };
await attempt("readdir nested relative folder (64 files)", [64, "f00.txt", "f63.txt", 16585], async () => {
  const names = (await fsp.readdir(path.join(root, "many"))).sort();
  let total = 0; for (const n of names) total += Bun.file(path.join(root, "many", n)).size;
  return [names.length, names[0], names[63], total];
});
await attempt("readdirSync of the current folder", true, () => fs.readdirSync(".").includes(root));
await attempt("readdirSync absolute path", 64, () => fs.readdirSync(path.resolve(root, "many")).length);
await attempt("recursive tree", ["a", "a/b", "a/b/big.bin", "copy.bin", "data.json", "fd.bin", uname, "lines.txt", "many", "renamed.txt"].sort(),
  () => fs.readdirSync(root, { recursive: true }).map((p) => String(p).split(path.sep).join("/")).filter((p) => !p.startsWith("many/")).sort());
const code = (fn: () => unknown) => { try { fn(); return "no error"; } catch (e: any) { return e.code; } };
check("ENOENT", code(() => fs.readFileSync(path.join(root, "missing"))), "ENOENT");
check("EEXIST", code(() => fs.mkdirSync(path.join(root, "a"))), "EEXIST");
check("ENOTEMPTY", code(() => fs.rmdirSync(path.join(root, "a"))), "ENOTEMPTY");
fs.rmSync(root, { recursive: true });
check("removed", fs.existsSync(root), false);
finish("bun fs");
