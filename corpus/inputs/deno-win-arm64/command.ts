// Deno.Command and node:child_process under deno: output, exit codes, env, argv quoting, stdin piping, kill, concurrency.
import { check, finish, sha256 } from "./check.ts";
import * as cp from "node:child_process";

const deno = Deno.execPath();
if (Deno.args[0] === "upper") {
  let n = 0; const parts: string[] = [];
  for await (const c of Deno.stdin.readable) { n += c.length; parts.push(new TextDecoder("latin1").decode(c).toUpperCase()); }
  await Deno.stdout.write(new TextEncoder().encode(parts.join(""))); await Deno.stderr.write(new TextEncoder().encode(`read ${n}\n`)); Deno.exit(0);
}
if (Deno.args[0] === "sleep") { setInterval(() => {}, 1000); await new Promise(() => {}); }
const td = new TextDecoder();
const o = await new Deno.Command(deno, { args: ["eval", "console.log(6*7); Deno.exit(3)"] }).output();
check("output + exit code", [td.decode(o.stdout).trim(), o.code, o.success], ["42", 3, false]);
const e = await new Deno.Command(deno, { args: ["eval", "console.log(Deno.env.get('WOA_CHILD_VAR') + '|' + Deno.args.join(','))", "a b", 'c"d', ""], env: { WOA_CHILD_VAR: "v\u00e9rt" } }).output();
check("env + argv quoting", td.decode(e.stdout).trim(), 'v\u00e9rt|a b,c"d,');
const payload = new Uint8Array(256 * 1024); for (let i = 0; i < payload.length; i++) payload[i] = 97 + (i * 31 % 26);
const child = new Deno.Command(deno, { args: ["run", "-A", import.meta.filename ?? new URL(import.meta.url).pathname, "upper"], stdin: "piped", stdout: "piped", stderr: "piped" }).spawn();
const w = child.stdin.getWriter(); await w.write(payload); await w.close();
const r = await child.output();
check("pipe round trip 256 KiB", [r.code, r.stdout.length, await sha256(r.stdout), td.decode(r.stderr).trim()], [0, 262144, "aa5c61ce498e675cc63131db5ebb1c98c3b30c3d6b60f88a6a62bc8dd360f2de", "read 262144"]);
const k = new Deno.Command(deno, { args: ["run", "-A", import.meta.filename!, "sleep"] }).spawn();
await new Promise((res) => setTimeout(res, 500)); k.kill(); const ks = await k.status;
check("kill", [ks.success, ks.signal === "SIGTERM" || ks.code === 1], [false, true]);
const par = await Promise.all([0, 1, 2, 3].map(async (i) => { const x = await new Deno.Command(deno, { args: ["eval", `console.log('child ${i}'); Deno.exit(${i})`] }).output(); return [td.decode(x.stdout), x.code]; }));
check("4 concurrent children", par, [["child 0\n", 0], ["child 1\n", 1], ["child 2\n", 2], ["child 3\n", 3]]);
check("node:child_process shell", cp.execSync("echo hello from the shell", { encoding: "utf8" }).trim(), "hello from the shell");
check("missing program", await (async () => { try { await new Deno.Command("woa-no-such-program-xyz").output(); return "ran"; } catch (e) { return (e as Error).name; } })(), "NotFound");
finish("deno command");
