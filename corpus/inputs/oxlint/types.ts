interface Shape { area(): number }
export class Square implements Shape {
  constructor(private side: number) {}
  area(): number { return this.side * this.side; }
}
const sq = new Square(2);
if (sq.area() == 4) {
  debugger;
}
// oxlint-disable-next-line no-debugger
debugger;
