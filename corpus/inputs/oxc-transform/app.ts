import type { Options } from "./types";
import { type Helper, version } from "./version.mjs";

export enum Level { Low = 1, Mid = Low * 2, High = Mid * 2 }
export const enum Flag { A = "a", B = "b" }

export namespace Geometry {
  export const unit = 1;
  export function area(w: number, h: number = unit): number { return w * h; }
}

export abstract class Shape<T extends object = {}> {
  declare readonly kind: string;
  constructor(protected readonly name: string, public sides?: number) {}
  abstract area(): number;
  describe(this: Shape<T>): string { return `${this.name}:${this.area()}`; }
}

export class Rect extends Shape {
  #w: number; #h: number;
  static count = 0;
  constructor(w: number, h: number) { super("rect", 4); this.#w = w; this.#h = h; Rect.count++; }
  area(): number { return Geometry.area(this.#w, this.#h); }
}

function first<T>(xs: readonly T[]): T | undefined;
function first(xs: any[]) { return xs[0]; }

export function compute(opts?: Partial<Options>): Record<string, unknown> {
  const r = new Rect(3, 4);
  const conf = { retries: opts?.retries ?? 3, ...opts };
  let total = 0;
  for (let i = 0; i < 10; i++) total += i ** 2;
  const lv = Level.High as number;
  const picked = first([5, 6, 7]) satisfies number | undefined;
  return { area: r.describe(), count: Rect.count, retries: conf.retries, total, lv, flag: Flag.B, picked, mid: Level[2], v: typeof version };
}
