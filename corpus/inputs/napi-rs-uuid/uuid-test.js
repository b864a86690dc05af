'use strict';
// Loads @napi-rs/uuid's native module (the .node in ./package): v4() is the uuid crate's
// Uuid::new_v4(), 16 bytes from the OS random source for each UUID (the getrandom crate: on
// Windows the system RNG of advapi32/bcrypt).
//   node uuid-test.js format : the RFC 9562 (ex-RFC 4122) layout of 200,000 UUIDs, no repeats
//   node uuid-test.js bits   : each of the 122 random bits is set about half the time
const fs = require('node:fs');
const path = require('node:path');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const { v4 } = require(path.resolve('package', file));
const { check, finish } = require('./tap.js');

const N = 200000;
const all = new Array(N);
for (let i = 0; i < N; i++) all[i] = v4();
const mode = process.argv[2];
if (mode === 'format') {
  check('returns a string', typeof all[0], 'string');
  // 8-4-4-4-12 lowercase hex; version nibble 4; variant bits 10 (8, 9, a or b).
  const layout = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  check('all match xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx', all.filter((u) => !layout.test(u)).slice(0, 3), []);
  check('no repeats in 200,000', new Set(all).size, N);
  // A burst of 1,000 more: none repeats, none equals one of the first 200,000.
  const burst = Array.from({ length: 1000 }, () => v4());
  check('no repeats in a burst, none shared with earlier ones', new Set([...burst, ...all]).size, N + 1000);
  // The 4 variant values are about equally common (each ~50,000; binomial sigma ~194).
  const variants = { 8: 0, 9: 0, a: 0, b: 0 };
  for (const u of all) variants[u[19]]++;
  check('variant nibble 8/9/a/b each within 6 sigma of N/4', Object.values(variants).every((c) => Math.abs(c - N / 4) < 6 * Math.sqrt(N * 3 / 16)), true);
} else if (mode === 'bits') {
  // The 122 random bits: everything except the version nibble (4) and the 2 variant bits.
  const counts = new Array(128).fill(0);
  for (const u of all) {
    const hex = u.replace(/-/g, '');
    for (let d = 0; d < 32; d++) { const v = parseInt(hex[d], 16); for (let b = 0; b < 4; b++) if (v & (8 >> b)) counts[d * 4 + b]++; }
  }
  const fixed = new Set([48, 49, 50, 51, 64, 65]); // bits 48-51 = 0100, bits 64-65 = 10
  check('version bits are 0100', [counts[48], counts[49], counts[50], counts[51]], [0, N, 0, 0]);
  check('variant bits are 10', [counts[64], counts[65]], [N, 0]);
  // Each free bit: binomial(N, 1/2), sigma = sqrt(N)/2 ~ 224; 6 sigma is ~1,342.
  const sigma = Math.sqrt(N) / 2;
  const off = []; for (let i = 0; i < 128; i++) if (!fixed.has(i) && Math.abs(counts[i] - N / 2) > 6 * sigma) off.push(i);
  check('122 random bits each set 50% +- 6 sigma', off, []);
  // Neighbouring UUIDs are independent: bit 0 of one and of the next agree about half the time.
  let same = 0; for (let i = 1; i < N; i++) if ((parseInt(all[i][0], 16) >> 3) === (parseInt(all[i - 1][0], 16) >> 3)) same++;
  check('consecutive UUIDs independent (first bit agrees 50% +- 6 sigma)', Math.abs(same - (N - 1) / 2) < 6 * Math.sqrt(N - 1) / 2, true);
} else { console.log('usage: uuid-test.js format|bits'); process.exit(2); }
finish(`uuid ${mode}`);
