"use strict";
// A webpack-style chunk, as next's MinifyPlugin sees it: a module table and a tiny runtime.
(self.webpackChunk_N_E = self.webpackChunk_N_E || []).push([[405], {
  1001: function (module, exports, require) {
    var formatPrice = function formatPrice(cents, currency) {
      var units = Math.floor(cents / 100), rest = String(cents % 100).padStart(2, "0");
      if (process.env.__NEXT_PRIVATE_MINIMIZE_MACRO_FALSE) { console.log("never", cents); }
      return currency + " " + units + "." + rest;
    };
    exports.formatPrice = formatPrice;
  },
  1002: function (module, exports, require) {
    var price = require(1001);
    function ShoppingCart(items) { this.items = items.slice(); }
    ShoppingCart.prototype.total = function () {
      var sum = 0;
      for (var index = 0; index < this.items.length; index++) sum += this.items[index].cents * this.items[index].quantity;
      return sum;
    };
    ShoppingCart.prototype.describe = function (currency) {
      var lines = this.items.map(function (item) { return item.name + " x" + item.quantity + " = " + price.formatPrice(item.cents * item.quantity, currency); });
      lines.push("total " + price.formatPrice(this.total(), currency));
      return lines.join("\n");
    };
    var signal = typeof AbortSignal === "function" ? "has AbortSignal" : "no AbortSignal";
    module.exports = { ShoppingCart: ShoppingCart, signal: signal };
  }
}]);
