// A module for rollup's native parser: imports and exports of every kind, classes with private
// members and static blocks, generators, async iteration, destructuring, optional chaining,
// template literals, regular expressions, BigInt, labels, switch, try/catch, and JSX.
import defaultThing, { named as renamed, other } from './dep.js';
import * as everything from './all.js';
import data from './data.json' with { type: 'json' };
export * from './reexported.js';
export * as namespace from './ns.js';
export { renamed as publicName, other };

/*#__PURE__*/ makeRegistry();
const pattern = /^(?<year>\d{4})-(?<month>\d{2})$/u;
const big = 9007199254740993n;
let counter = 0, label = `count: ${counter + 1} of ${data?.items?.length ?? 0}`;

export class Registry extends Map {
  #secret = 42;
  static instances = 0;
  static { Registry.instances = -1; }
  constructor(entries = []) { super(entries); Registry.instances++; }
  get secret() { return this.#secret; }
  set secret(value) { if (#secret in this) this.#secret = value; }
  *keysUpper() { for (const key of this.keys()) yield String(key).toUpperCase(); }
  async *drain(source) { for await (const chunk of source) yield* chunk; }
  static from({ a, b: [first, ...rest] = [], ...others }) { return new Registry([[a, first], ...rest.map((r, i) => [i, r])]); }
}

export default async function run(input, { retries = 3 } = {}) {
  outer: for (let attempt = 0; attempt < retries; attempt++) {
    try {
      switch (typeof input) {
        case 'string': input = input.trim(); break;
        case 'number': continue outer;
        default: throw new TypeError(`bad input: ${input}`);
      }
      const match = pattern.exec(input);
      return match?.groups?.year ?? (await import('./fallback.js')).default(input);
    } catch ({ message }) {
      counter += message.length > 10 ? 1 : 0;
    } finally {
      counter **= 1;
    }
  }
  do { counter--; } while (counter > 0 && !(counter & 1));
  return void 0, big > 0n ? new.target : null;
}

export const View = ({ items, ...props }) => (
  <section {...props} data-count={items.length}>
    <everything.Header title="List" />
    {items.length ? items.map((item) => <Item key={item.id} {...item}>{item.text}</Item>) : <></>}
    <p>Plain &amp; simple text</p>
  </section>
);
function Item({ children }) { return <li>{children}</li>; }
