import fs from "fs";
debugger;
var count = 0;
const same = count === count;
if (!!same) {
  count += 1;
}
const arr = [1, 2, 3];
const last = arr[arr.length - 1];
export { count, last, fs };
