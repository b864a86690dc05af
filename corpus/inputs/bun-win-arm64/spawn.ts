// Bun.spawn / Bun.spawnSync and node:child_process under bun: exit codes, pipes, env, argv, the shell, kill.
import { check, finish, sha256 } from "./check.ts";
import * as cp from "node:child_process";

const bun = process.execPath;
if (process.argv[2] === "upper") {
  let n = 0; const parts: string[] = [];
  for await (const chunk of Bun.stdin.stream()) { n += chunk.length; parts.push(new TextDecoder("latin1").decode(chunk).toUpperCase()); }
  // Exit once the pipe has taken every byte: process.exit right after write() can cut it short.
  process.stderr.write(`read ${n}\n`);
  process.stdout.write(parts.join(""), () => process.exit(0));
  await new Promise(() => {});
}
if (process.argv[2] === "sleep") { setInterval(() => {}, 1000); await new Promise(() => {}); }

const s = Bun.spawnSync({ cmd: [bun, "-e", "process.stdout.write(String(6*7)); process.exit(3)"] });
check("spawnSync stdout + exit code", [s.stdout.toString(), s.exitCode], ["42", 3]);
const e = Bun.spawnSync({ cmd: [bun, "-e", "console.log(process.env.WOA_CHILD_VAR + '|' + process.argv.slice(1).join(','))", "a b", 'c"d', ""], env: { ...process.env, WOA_CHILD_VAR: "v\u00e9rt" } });
check("env + argv quoting", e.stdout.toString().trim(), 'v\u00e9rt|a b,c"d,');
const payload = new Uint8Array(256 * 1024); for (let i = 0; i < payload.length; i++) payload[i] = 97 + (i * 31 % 26);
const p = Bun.spawn({ cmd: [bun, import.meta.path, "upper"], stdin: "pipe", stdout: "pipe", stderr: "pipe" });
p.stdin.write(payload); p.stdin.end();
const [out, err, code] = await Promise.all([new Response(p.stdout).arrayBuffer(), new Response(p.stderr).text(), p.exited]);
check("pipe round trip 256 KiB", [code, out.byteLength, sha256(new Uint8Array(out)), err.trim()], [0, 262144, "aa5c61ce498e675cc63131db5ebb1c98c3b30c3d6b60f88a6a62bc8dd360f2de", "read 262144"]);
const k = Bun.spawn({ cmd: [bun, import.meta.path, "sleep"] });
await Bun.sleep(500); k.kill();
await k.exited;
check("kill", [k.killed, k.exitCode === 0], [true, false]);
const par = await Promise.all([0, 1, 2, 3].map(async (i) => { const c = Bun.spawn({ cmd: [bun, "-e", `console.log('child ${i}'); process.exit(${i})`], stdout: "pipe" }); return [await new Response(c.stdout).text(), await c.exited]; }));
check("4 concurrent children", par, [["child 0\n", 0], ["child 1\n", 1], ["child 2\n", 2], ["child 3\n", 3]]);
check("node:child_process execFileSync", cp.execFileSync(bun, ["-e", "process.stdout.write('via node api')"]).toString(), "via node api");
check("node:child_process shell", cp.execSync("echo hello from the shell", { encoding: "utf8" }).trim(), "hello from the shell");
check("missing program", (() => { try { Bun.spawnSync({ cmd: ["woa-no-such-program-xyz"] }); return "no error"; } catch (e: any) { return e.code ?? "threw"; } })(), "ENOENT");
finish("bun spawn");
