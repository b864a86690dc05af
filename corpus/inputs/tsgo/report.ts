import { Inventory, type StockItem, type Unit } from "./inventory.js";

const unitLabel: Record<Unit, string> = { kg: "kilograms", l: "litres", pcs: "pieces" };

export function describe(item: StockItem): string {
  return `${item.name}: ${item.quantity} ${unitLabel[item.unit]}`;
}

export function build(): Inventory {
  const inv = new Inventory();
  inv.add({ sku: "F-001", name: "Flour", unit: "kg", quantity: 25, reorderAt: 10 });
  inv.add({ sku: "O-002", name: "Olive oil", unit: "l", quantity: 4, reorderAt: 5 });
  inv.add({ sku: "J-003", name: "Jars", unit: "pcs", quantity: 120 });
  inv.take("F-001", 18);
  return inv;
}

export const lines: string[] = build().needsReorder().map(describe);
