'use server';
// app/actions.ts: a Server Actions module. In the react-server layer next-swc registers each
// exported async function as a server reference with an id derived from the file and export.
import { cookies } from 'next/headers';

export async function addToCart(productId: string, quantity: number = 1) {
  const jar = await cookies();
  const cart: Record<string, number> = JSON.parse(jar.get('cart')?.value ?? '{}');
  cart[productId] = (cart[productId] ?? 0) + quantity;
  jar.set('cart', JSON.stringify(cart));
  return cart;
}

export async function clearCart() {
  (await cookies()).delete('cart');
}
