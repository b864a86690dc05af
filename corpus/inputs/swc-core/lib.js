// Plain modern JavaScript for the minifier: dead code, constant folding, inlinable
// helpers, long local names to mangle, a class, a generator, destructuring, template literals.
const DEBUG = false;
const LIMIT = 6 * 7;
function unusedHelper(a) { return a * 2; }
function square(value) { return value * value; }
export class Matrix {
  constructor(rows, columns, fill = 0) {
    this.rows = rows; this.columns = columns;
    this.cells = Array.from({ length: rows * columns }, () => fill);
  }
  at(row, column) { return this.cells[row * this.columns + column]; }
  set(row, column, value) { this.cells[row * this.columns + column] = value; return this; }
  multiply(other) {
    if (this.columns !== other.rows) throw new RangeError(`cannot multiply ${this.rows}x${this.columns} by ${other.rows}x${other.columns}`);
    const result = new Matrix(this.rows, other.columns);
    for (let row = 0; row < this.rows; row++)
      for (let column = 0; column < other.columns; column++) {
        let accumulator = 0;
        for (let k = 0; k < this.columns; k++) accumulator += this.at(row, k) * other.at(k, column);
        result.set(row, column, accumulator);
      }
    return result;
  }
}
export function* fibonacci(count) {
  let [previous, current] = [0, 1];
  for (let index = 0; index < count; index++) { yield previous; [previous, current] = [current, previous + current]; }
}
export function report(numbers) {
  if (DEBUG) { console.log('debugging', numbers); }
  const { length, 0: firstValue = -1 } = numbers;
  const squares = numbers.map(square).filter((value) => value < LIMIT * 100);
  const total = squares.reduce((sum, value) => sum + value, 0);
  return `n=${length} first=${firstValue} sum-of-squares=${total} limit=${LIMIT}`;
}
