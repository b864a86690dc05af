// A checkout module to search with ast-grep's Node-API module.
import { useState, useEffect, useMemo } from './hooks';

interface Item { sku: string; price: number; qty: number; coupon?: { percent: number } }

export function subtotal(items: Item[]): number {
  let sum = 0;
  for (const item of items) {
    if (item.qty == 0) continue;
    sum += item.price * item.qty;
  }
  console.log('subtotal', sum);
  return sum;
}

export async function applyCoupons(items: Item[], fetchRate: (sku: string) => Promise<number>) {
  const rates = await Promise.all(items.map((i) => fetchRate(i.sku)));
  return items.map((item, n) => {
    const percent = item.coupon && item.coupon.percent;
    if (percent != null && rates[n] != 1) console.log('coupon', item.sku, percent);
    return { ...item, price: item.price * (1 - (percent ?? 0) / 100) * rates[n] };
  });
}

export function useCart(initial: Item[]) {
  const [items, setItems] = useState(initial);
  useEffect(() => { console.log('cart changed', items.length); }, [items]);
  const total = useMemo(() => subtotal(items), [items]);
  return { items, setItems, total };
}

export async function checkout(items: Item[], pay: (cents: number) => Promise<string>) {
  const receipt = await pay(Math.round(subtotal(items) * 100));
  return receipt;
}
