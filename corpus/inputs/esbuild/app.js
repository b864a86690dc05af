// A small program with a local module, for esbuild to bundle.
import { greet, sum } from "./lib.js";

const numbers = [1, 2, 3, 4, 5];
console.log(greet("Windows on Arm"));
console.log(`sum of ${numbers.length} numbers: ${sum(numbers)}`);
