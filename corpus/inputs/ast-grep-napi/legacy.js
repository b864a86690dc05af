// Old-style JavaScript for ast-grep to rewrite: var, loose equality, guarded property access.
var TAX = 0.2;
function price(order) {
  var net = 0;
  for (var i = 0; i < order.lines.length; i++) {
    var line = order.lines[i];
    if (line.qty == 0) continue;
    net += line.unit * line.qty;
  }
  var discount = order.coupon && order.coupon.amount;
  if (discount != null) net -= discount;
  var label = order.customer && order.customer.name;
  return { net: net, gross: Math.round(net * (1 + TAX) * 100) / 100, label: label == undefined ? 'guest' : label };
}
module.exports = { price: price };
