export function greet(name) {
  return `hello, ${name}!`;
}

export function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}

export function unused() {
  return "tree-shaken away";
}
