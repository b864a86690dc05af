// Known problems for oxlint's default (correctness) rules and oxlintrc.json.
debugger;
const unused = 1;
if (value == NaN) {
  console.log("never");
}
for (let i = 0; i < 10; i--) {}
const point = { x: 1, x: 2 };
function f() {
  try {
    return 1;
  } finally {
    return 2; // eslint(no-unsafe-finally)
  }
}
if (!!point) f();
typeof point === "strnig";
export { point };
