/*! calc.js - a small expression evaluator (MIT) */
// Tokenizer, Pratt parser and evaluator for arithmetic with variables and functions,
// plus a few helpers; the test runs it before and after minification.

const DEBUG = false;
const PRECEDENCE = { "+": 10, "-": 10, "*": 20, "/": 20, "%": 20, "^": 30 };
const RIGHT_ASSOC = new Set(["^"]);

export class ParseError extends Error {
  constructor(message, position) {
    super(`${message} at ${position}`);
    this.name = "ParseError";
    this.position = position;
  }
}

function* tokenize(source) {
  const re = /\s*(?:(\d+(?:\.\d+)?(?:e[+-]?\d+)?)|([A-Za-z_]\w*)|(\*\*|[-+*/%^(),]))/gy;
  let match;
  let last = 0;
  while (last < source.length && (match = re.exec(source)) !== null) {
    const [, number, name, op] = match;
    const position = match.index;
    last = re.lastIndex;
    if (number !== undefined) yield { type: "number", value: Number(number), position };
    else if (name !== undefined) yield { type: "name", value: name, position };
    else yield { type: "op", value: op === "**" ? "^" : op, position };
  }
  if (source.slice(last).trim() !== "") throw new ParseError("Unexpected character", last);
  if (DEBUG) console.log("tokenized", source);
}

class Parser {
  #tokens;
  #index = 0;
  constructor(source) { this.#tokens = [...tokenize(source)]; }
  get #current() { return this.#tokens[this.#index]; }
  #next() { return this.#tokens[this.#index++]; }
  #expect(value) {
    const token = this.#next();
    if (token?.value !== value) throw new ParseError(`Expected "${value}"`, token?.position ?? -1);
    return token;
  }
  parse() {
    const node = this.#expression(0);
    if (this.#current !== undefined) throw new ParseError("Unexpected token", this.#current.position);
    return node;
  }
  #expression(minPrecedence) {
    let left = this.#unary();
    for (;;) {
      const token = this.#current;
      if (token?.type !== "op" || !(token.value in PRECEDENCE)) break;
      const precedence = PRECEDENCE[token.value];
      if (precedence < minPrecedence) break;
      this.#next();
      const right = this.#expression(RIGHT_ASSOC.has(token.value) ? precedence : precedence + 1);
      left = { kind: "binary", op: token.value, left, right };
    }
    return left;
  }
  #unary() {
    const token = this.#next();
    switch (token?.type) {
      case "number": return { kind: "number", value: token.value };
      case "name":
        if (this.#current?.value === "(") {
          this.#next();
          const args = [];
          if (this.#current?.value !== ")") {
            do { args.push(this.#expression(0)); } while (this.#current?.value === "," && this.#next());
          }
          this.#expect(")");
          return { kind: "call", name: token.value, args };
        }
        return { kind: "name", name: token.value };
      case "op":
        if (token.value === "-") return { kind: "negate", operand: this.#expression(25) };
        if (token.value === "(") { const inner = this.#expression(0); this.#expect(")"); return inner; }
      // falls through
      default:
        throw new ParseError("Unexpected token", token?.position ?? -1);
    }
  }
}

const FUNCTIONS = {
  max: (...xs) => Math.max(...xs),
  min: (...xs) => Math.min(...xs),
  sqrt: Math.sqrt,
  hypot: (a, b) => Math.sqrt(a * a + b * b),
  fact(n) { let r = 1; for (let i = 2; i <= n; i++) r *= i; return r; },
};

export function evaluate(node, scope = {}) {
  switch (node.kind) {
    case "number": return node.value;
    case "name": {
      if (!Object.hasOwn(scope, node.name)) throw new ReferenceError(`Unknown variable ${node.name}`);
      return scope[node.name];
    }
    case "negate": return -evaluate(node.operand, scope);
    case "call": {
      const fn = FUNCTIONS[node.name];
      if (typeof fn !== "function") throw new ReferenceError(`Unknown function ${node.name}`);
      return fn(...node.args.map((arg) => evaluate(arg, scope)));
    }
    case "binary": {
      const a = evaluate(node.left, scope), b = evaluate(node.right, scope);
      switch (node.op) {
        case "+": return a + b;
        case "-": return a - b;
        case "*": return a * b;
        case "/": return a / b;
        case "%": return a % b;
        case "^": return a ** b;
      }
    }
  }
  throw new TypeError(`Bad node ${JSON.stringify(node)}`);
}

export const calc = (source, scope) => evaluate(new Parser(source).parse(), scope);

export function toRpn(node) {
  return node.kind === "number" ? String(node.value)
    : node.kind === "name" ? node.name
    : node.kind === "negate" ? `${toRpn(node.operand)} neg`
    : node.kind === "call" ? `${node.args.map(toRpn).join(" ")} ${node.name}/${node.args.length}`
    : `${toRpn(node.left)} ${toRpn(node.right)} ${node.op}`;
}
export const parse = (source) => new Parser(source).parse();

export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((s, v) => s + v, 0) / n;
  const median = n % 2 ? sorted[(n - 1) >> 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const variance = sorted.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  return { n, min: sorted[0], max: sorted.at(-1), mean, median, stddev: Math.sqrt(variance) };
}

export function wordFrequencies(text, { minLength = 1, top = Infinity } = {}) {
  const counts = new Map();
  for (const word of text.toLowerCase().match(/[\p{L}']+/gu) ?? []) {
    if (word.length < minLength) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).slice(0, top);
}

export function fibonacci(n) {
  let a = 0n, b = 1n;
  outer: for (let i = 0; ; i++) {
    if (i >= n) break outer;
    [a, b] = [b, a + b];
  }
  return a;
}

export function memoize(fn) {
  const cache = new Map();
  return function memoized(key) {
    if (!cache.has(key)) cache.set(key, fn.call(this, key));
    return cache.get(key);
  };
}

export function describe(value) {
  try {
    if (value === null) return "null";
    if (Array.isArray(value)) return `array(${value.length})`;
    return typeof value === "object" ? `object{${Object.keys(value).join(",")}}` : `${typeof value}:${String(value)}`;
  } finally {
    if (DEBUG) debugger;
  }
}
