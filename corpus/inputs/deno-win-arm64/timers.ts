// Timers and the event loop under deno: microtasks before timers, ordered timeouts, FIFO, intervals, abort, elapsed time, unref.
import { check, finish } from "./check.ts";

const ev: string[] = [];
await new Promise<void>((resolve) => { setTimeout(() => { ev.push("timeout0"); resolve(); }, 0); Promise.resolve().then(() => ev.push("promise")); queueMicrotask(() => ev.push("microtask")); ev.push("sync"); });
check("sync, microtasks, then timers", ev, ["sync", "promise", "microtask", "timeout0"]);
const fired = await new Promise<number[]>((resolve) => { const g: number[] = []; for (const d of [160, 40, 120, 0, 80, 200]) setTimeout(() => { g.push(d); if (g.length === 6) resolve(g); }, d); });
check("timeouts fire by delay", fired, [0, 40, 80, 120, 160, 200]);
const fifo = await new Promise<number[]>((resolve) => { const g: number[] = []; for (let i = 0; i < 10; i++) setTimeout(() => { g.push(i); if (i === 9) resolve(g); }, 20); });
check("same-delay FIFO", fifo, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
const ticks = await new Promise<number>((resolve) => { let n = 0; const cl = setTimeout(() => { n += 1000; }, 30); clearTimeout(cl); const t = setInterval(() => { if (++n === 5) { clearInterval(t); setTimeout(() => resolve(n), 100); } }, 10); });
check("interval x5, cleared timeout", ticks, 5);
const t0 = performance.now(); await new Promise((r) => setTimeout(r, 250)); const dt = performance.now() - t0;
check("250 ms lower bound", dt >= 249, true);
check("250 ms upper bound (< 10 s)", dt < 10000, true);
check("AbortSignal.timeout", await new Promise((resolve) => { const s = AbortSignal.timeout(30); s.addEventListener("abort", () => resolve((s.reason as Error)?.name)); }), "TimeoutError");
const ac = new AbortController(); setTimeout(() => ac.abort(), 20);
check("AbortController", await new Promise((resolve) => ac.signal.addEventListener("abort", () => resolve((ac.signal.reason as Error)?.name))), "AbortError");
const t = setTimeout(() => { check("an unref timer lets the process exit", "still running after 30 s", "exited"); finish("timer"); }, 30000); Deno.unrefTimer(t);
finish("deno timers");
