// TypeScript for esbuild to strip types from and minify.
interface Shape {
  kind: "circle" | "square";
  size: number;
}

enum Unit {
  Metre = "m",
  Foot = "ft",
}

export function area(shape: Shape): number {
  return shape.kind === "circle" ? Math.PI * shape.size ** 2 : shape.size * shape.size;
}

export const unit: Unit = Unit.Metre;
