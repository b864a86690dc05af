// A small TSX module: types, an enum, a namespace, a generic class with private and
// static fields, a decorator-free parameter property, optional chaining, nullish
// coalescing, async/await, spread, and JSX with a fragment and keyed children.
import { h, Fragment } from './runtime';

export enum Priority { Low = 1, Medium, High = 10 }

export interface Task {
  id: number;
  title: string;
  priority: Priority;
  done?: boolean;
  tags?: readonly string[];
}

type Filter = (t: Task) => boolean;

export namespace Filters {
  export const open: Filter = (t) => !t.done;
  export const urgent: Filter = (t) => t.priority >= Priority.High;
}

export class Store<T extends { id: number }> {
  #items = new Map<number, T>();
  static created = 0;
  constructor(private readonly name: string) { Store.created++; }
  add(...items: T[]): this { for (const it of items) this.#items.set(it.id, it); return this; }
  get(id: number): T | undefined { return this.#items.get(id); }
  get size(): number { return this.#items.size; }
  all(filter?: (t: T) => boolean): T[] { return [...this.#items.values()].filter(filter ?? (() => true)); }
  label(): string { return `${this.name}(${this.size})`; }
}

export async function summarise(store: Store<Task>, wait: (ms: number) => Promise<void>): Promise<string> {
  await wait(1);
  const open = store.all(Filters.open);
  const first = store.get(2)?.tags?.[0] ?? 'none';
  const byPrio = open.reduce<Record<string, number>>((acc, t) => ({ ...acc, [Priority[t.priority]]: (acc[Priority[t.priority]] ?? 0) + 1 }), {});
  return `${store.label()} open=${open.length} first-tag=${first} ${JSON.stringify(byPrio)}`;
}

export function TaskList({ tasks, title = 'Tasks' }: { tasks: Task[]; title?: string }) {
  return (
    <>
      <h1 className="title">{title}</h1>
      <ul>
        {tasks.map((t) => (
          <li key={t.id} className={t.done ? 'done' : undefined} data-prio={t.priority}>
            {t.title}{t.tags?.length ? <em> [{t.tags.join(', ')}]</em> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
