export type Unit = "kg" | "l" | "pcs";

export interface StockItem {
  sku: string;
  name: string;
  unit: Unit;
  quantity: number;
  reorderAt?: number;
}

export class Inventory {
  private items = new Map<string, StockItem>();

  add(item: StockItem): void {
    const existing = this.items.get(item.sku);
    if (existing) {
      existing.quantity += item.quantity;
    } else {
      this.items.set(item.sku, { ...item });
    }
  }

  take(sku: string, amount: number): number {
    const item = this.items.get(sku);
    if (!item) throw new Error(`unknown sku ${sku}`);
    const taken = Math.min(item.quantity, amount);
    item.quantity -= taken;
    return taken;
  }

  needsReorder(): StockItem[] {
    return [...this.items.values()].filter(
      (i) => i.reorderAt !== undefined && i.quantity <= i.reorderAt,
    );
  }
}
