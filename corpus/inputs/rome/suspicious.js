export function total(items) {
  var sum = 0;
  for (var i = 0; i < items.length; i++) {
    if (items[i].price == null) continue;
    sum += items[i].price;
  }
  debugger;
  return sum;
}

export function label(x) {
  if (x = "") {
    return "empty";
  }
  return `item: ${x}`;
}
