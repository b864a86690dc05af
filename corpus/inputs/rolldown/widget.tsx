// TypeScript + JSX for oxc's transform, minifier and parser (rolldown's binding).
import { h, Fragment } from './jsx.mjs';
import type { Theme } from './theme';

export enum Size { Small = 'sm', Large = 'lg' }

export interface Props<T> { items: T[]; render: (item: T, index: number) => string; size?: Size; theme?: Theme }

export abstract class Shape {
  constructor(public readonly name: string, protected sides: number) {}
  abstract area(): number;
  describe(): string { return `${this.name} with ${this.sides} sides, area ${this.area().toFixed(2)}`; }
}

export class Rect extends Shape {
  static count = 0;
  #w: number; #h: number;
  constructor(w: number, h: number) { super('rect', 4); this.#w = w; this.#h = h; Rect.count++; }
  area(): number { return this.#w * this.#h; }
}

export function List<T>({ items, render, size = Size.Small }: Props<T>) {
  const visible = items.filter((x): x is NonNullable<T> => x != null);
  return (
    <>
      <ul class={`list list-${size}`}>
        {visible.map((item, i) => <li data-i={i}>{render(item, i)}</li>)}
      </ul>
      {visible.length === 0 && <p>empty</p>}
    </>
  );
}

export const stats = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return { min: sorted.at(0) ?? NaN, max: sorted.at(-1) ?? NaN, mean, median } as const;
};
