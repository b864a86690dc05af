/** A tiny event emitter. */
export interface Listener<E> { (event: E): void }

export type Events = { open: { id: number }; close: { id: number; reason?: string } };

export const DEFAULT_LIMIT = 10;
export const names = ["a", "b"] as const;

export class Emitter<M extends Record<string, unknown>> {
  private listeners = new Map<keyof M, Set<Listener<any>>>();
  #secret = 1;
  static readonly version: string = "1.0";
  constructor(public readonly limit: number = DEFAULT_LIMIT) {}
  on<K extends keyof M>(type: K, fn: Listener<M[K]>): () => void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(fn);
    this.listeners.set(type, set);
    return () => set.delete(fn);
  }
  emit<K extends keyof M>(type: K, event: M[K]): number {
    let n = 0;
    for (const fn of this.listeners.get(type) ?? []) { fn(event); n++; }
    return n;
  }
  get size(): number { return this.listeners.size; }
  /** @internal */
  debugDump(): string { return String(this.#secret); }
}

export function createEmitter(limit?: number): Emitter<Events> {
  return new Emitter<Events>(limit);
}

export default function sum(...xs: number[]): number { return xs.reduce((a, b) => a + b, 0); }

export declare namespace Config { const mode: "dev" | "prod"; }
