async function upload(name: string): Promise<number> {
  return name.length;
}

export function runAll(names: string[]): void {
  for (const n of names) {
    upload(n);
  }
  const p = upload("summary");
  if (p) {
    console.log("started");
  }
  [1, 2, 3].forEach(async (i) => {
    await upload(String(i));
  });
}

export function total(values: any): number {
  const sum: number = values.reduce((a: number, b: number) => a + b, 0);
  return sum + values.length;
}
