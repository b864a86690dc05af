import { fetchCart, applyCoupon } from "./api.js";

export async function checkout(userId, coupon) {
  console.log("checkout start", userId);
  const cart = await fetchCart(userId);
  if (cart.items.length == 0) {
    console.log("empty cart");
    return null;
  }
  let total = 0;
  for (var i = 0; i < cart.items.length; i++) {
    total += cart.items[i].price * cart.items[i].qty;
  }
  if (coupon != null) {
    total = applyCoupon(total, coupon);
  }
  console.log("total", total);
  return { userId, total };
}
