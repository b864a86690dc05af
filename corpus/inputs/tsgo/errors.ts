export interface Point {
  x: number;
  y: number;
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

const start: Point = { x: 0, y: 0, z: 0 };
const d: string = distance(start, { x: 3, y: "4" });
let maybe: number | undefined;
console.log(maybe.toFixed(2), d.toUpperCase(), undefinedName);
