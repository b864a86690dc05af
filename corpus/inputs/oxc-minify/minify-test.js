'use strict';
// Loads oxc-minify's native module (the .node in ./package) and minifies with it.
//   node minify-test.js calc     : calc.js (an expression parser and evaluator with private class
//       members, generators, BigInt, labels, destructuring) minified four ways, exact output; every
//       minified copy is run and must compute what the original computes; legal comments, source map
//   node minify-test.js compress : small exact cases: constant folding, dead code, dropConsole,
//       dropLabels, keepNames, top-level mangling of scripts, reserved names, property mangling by a
//       RegExp, pure annotations, a syntax error, the async minify
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { pathToFileURL } = require('node:url');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const oxc = require(path.resolve('package', file));

const { check, attempt, finish } = require('./tap.js');
const sha = (s) => crypto.createHash('sha256').update(s).digest('hex');
const show = (title, code) => console.log(`# --- ${title}\n` + code.replace(/^/gm, '# | '));
const out = path.resolve('out');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const load = (name, code) => { const p = path.join(out, name); fs.writeFileSync(p, code); return import(pathToFileURL(p).href); };

// Everything calc.js can compute, as plain JSON (errors as "Name: message", BigInts as strings).
function exercise(m) {
  const tryCalc = (s, scope) => { try { return m.calc(s, scope); } catch (e) { return `${e.name}: ${e.message}${e instanceof m.ParseError ? ` @${e.position}` : ''}`; } };
  let calls = 0;
  const slowSquare = m.memoize((x) => { calls++; return x * x; });
  const memo = [slowSquare(4), slowSquare(4), slowSquare(5), calls];
  return {
    arithmetic: ['1 + 2 * 3', '2 ^ 3 ^ 2', '2 ** 10', '-(2 + 3) * 4', '1.5e3 / 3', '7 % 4 - 10', 'hypot(3, 4) + fact(5)', 'max(1, 9, 4) / min(8, 2)', 'sqrt(2)'].map((s) => tryCalc(s)),
    scoped: tryCalc('x * y - z % 4', { x: 6, y: 7, z: 10 }),
    errors: ['1 +', '2 $ 3', '(1 + 2', 'q + 1', 'nope(1)', '1 2'].map((s) => tryCalc(s)),
    rpn: ['a + b * -c ^ 2', 'max(1, x, 3) - 4 / 2'].map((s) => m.toRpn(m.parse(s))),
    stats: m.stats([5, 1, 4, 2, 3, 9]),
    words: m.wordFrequencies("The cat and the hat; THE cat's hat, déjà vu déjà.", { minLength: 3, top: 4 }),
    fib: [m.fibonacci(0), m.fibonacci(1), m.fibonacci(90)].map(String),
    memo,
    describe: [null, [1, 2], { a: 1, b: 2 }, 42, 'hi', undefined].map(m.describe),
    classes: [new m.ParseError('x', 3).name, new m.ParseError('x', 3).message, m.ParseError.name],
  };
}

const mode = process.argv[2];
(async () => {
  if (mode === 'calc') {
    const src = fs.readFileSync('calc.js', 'utf8');
    const orig = exercise(await load('calc-original.mjs', src));
    // Values known by arithmetic, so that the original's own run is itself checked
    check('original: arithmetic', orig.arithmetic, [7, 512, 1024, -20, 500, -7, 125, 4.5, Math.SQRT2]);
    check('original: scope, errors, bigint', [orig.scoped, orig.errors, orig.fib], [40,
      ['ParseError: Unexpected token at -1 @-1', 'ParseError: Unexpected character at 1 @1', 'ParseError: Expected ")" at -1 @-1', 'ReferenceError: Unknown variable q', 'ReferenceError: Unknown function nope', 'ParseError: Unexpected token at 1 @1'],
      ['0', '1', '2880067194370816120']]);
    check('original: the rest', [orig.rpn, orig.stats, orig.words, orig.memo, orig.describe], [
      ['a b c 2 ^ neg * +', '1 x 3 max/3 4 2 / -'],
      { n: 6, min: 1, max: 9, mean: 4, median: 3.5, stddev: Math.sqrt(40 / 6) },
      [['the', 3], ['déjà', 2], ['hat', 2], ['and', 1]],
      [16, 16, 25, 2],
      ['null', 'array(2)', 'object{a,b}', 'number:42', 'string:hi', 'undefined:undefined']]);
    const variants = [
      ['default', { module: true }, 3799, '96f46f516ee60cdd4748d6194d67130205b4bae8a6c2f5dc6156268f4478ba9a'],
      ['no mangle', { module: true, mangle: false }, 4518, '73628d49cbde11753e4cbc6b95cb47be4a67092c7b9a56355cffb70ab0c6185b'],
      ['keepNames, whitespace kept', { module: true, mangle: { keepNames: true }, compress: { keepNames: { function: true, class: true } }, codegen: { removeWhitespace: false } }, 4941, '614c4b52ad46a7e1e96820e0440984a425edb1de335b263a2b2e75201fa8f220'],
      ['compress only, es2015 target', { module: true, mangle: false, compress: { target: 'es2015', joinVars: false, sequences: false } }, 4581, '19de3054594289e7c7874e5d3f92c8b8c90afdd7b374ca09d96aba3102b4cc98'],
    ];
    for (const [name, opts, size, digest] of variants) {
      const r = oxc.minifySync('calc.js', src, opts);
      if (name === 'default') show(name, r.code);
      check(`${name}: size and sha256`, [r.errors, r.code.length, sha(r.code)], [[], size, digest]);
      check(`${name}: computes the same`, exercise(await load(`calc-${name.replace(/\W+/g, '-')}.mjs`, r.code)), orig);
    }
    const def = oxc.minifySync('calc.js', src, { module: true }).code;
    check('debug code removed', ['DEBUG', 'debugger', 'console', 'tokenized', '/*!'].filter((s) => def.includes(s)), []);
    check('private members kept', ['#tokens', '#index', '#current', '#next()', '#expect(', '#expression(', '#unary()'].filter((s) => !def.includes(s)), []);
    check('exports kept by name', Object.keys(await load('calc-default-again.mjs', def)).sort(), ['ParseError', 'calc', 'describe', 'evaluate', 'fibonacci', 'memoize', 'parse', 'stats', 'toRpn', 'wordFrequencies']);
    const legal = oxc.minifySync('calc.js', src, { module: true, codegen: { legalComments: 'eof' } });
    check('legal comment moved to the end', [legal.code.startsWith('const '), legal.code.endsWith('\n/*! calc.js - a small expression evaluator (MIT) */\n')], [true, true]);
    const ext = oxc.minifySync('calc.js', src, { module: true, codegen: { legalComments: 'external' } });
    check('legal comment extracted', [ext.legalComments, ext.code === def], [['/*! calc.js - a small expression evaluator (MIT) */'], true]);
    const sm = oxc.minifySync('calc.js', src, { module: true, sourcemap: true });
    check('source map', [sm.map.version, sm.map.sources, sm.map.names.length, sha(sm.map.mappings), sm.code === def], [3, ['calc.js'], 48, '1d502c4b89264928881adbef3b26d2aef1e1fc9b52b498f372ada59a4ce4924d', true]);
  } else if (mode === 'compress') {
    const cases = [
      ['constant folding and if/else', 'fold.js', 'export const x = 1 + 2 * 3, s = "a" + "b" + 1, b = !!"x", t = typeof 1, n = [1,2,3].length;\nif (false) { console.log("dead"); }\nexport function f(a) { if (a) { return 1; } else { return 2; } }\n', { module: true },
        'export const x=7,s=`ab1`,b=!0,t=`number`,n=3;export function f(e){return e?1:2}'],
      ['console and debugger kept by default, debugger dropped', 'console.js', 'export function g(x) { console.log("x", x); debugger; return x * 2; }\n', { module: true },
        'export function g(e){return console.log(`x`,e),e*2}'],
      ['dropConsole', 'console.js', 'export function g(x) { console.log("x", x); debugger; return x * 2; }\n', { module: true, compress: { dropConsole: true } },
        'export function g(e){return e*2}'],
      ['dropLabels', 'labels.js', 'export function h() { DEV: { check(); } return 1; }\n', { module: true, compress: { dropLabels: ['DEV'] } },
        'export function h(){return 1}'],
      ['names mangled', 'names.js', 'export const make = () => { function inner() {} class Klass {} return [inner.name, Klass.name]; };\n', { module: true },
        'export const make=()=>{function e(){}class t{}return[e.name,t.name]};'],
      ['keepNames', 'names.js', 'export const make = () => { function inner() {} class Klass {} return [inner.name, Klass.name]; };\n', { module: true, compress: { keepNames: { function: true, class: true } }, mangle: { keepNames: true } },
        'export const make=()=>{function inner(){}class Klass{}return[inner.name,Klass.name]};'],
      ['script: top level kept', 'script.js', 'var counter = 0; function increment(step) { var next = counter + step; counter = next; return next; }\n', {},
        'var counter=0;function increment(e){var t=counter+e;return counter=t,t}'],
      ['script: toplevel mangled', 'script.js', 'var counter = 0; function increment(step) { var next = counter + step; counter = next; return next; }\n', { mangle: { toplevel: true } },
        'var e=0;function t(t){var n=e+t;return e=n,n}'],
      ['reserved name', 'reserved.js', 'export function k(alpha, beta) { const gamma = alpha + beta; return gamma * gamma; }\n', { module: true, mangle: { reserved: ['alpha'] } },
        'export function k(alpha,e){let t=alpha+e;return t*t}'],
      ['pure annotation: unused call dropped', 'pure.js', 'const unused = /* @__PURE__ */ makeThing();\nconst used = sideEffect();\nexport {};\n', { module: true },
        'sideEffect();export{};'],
      ['legal comments inline', 'legal.js', '/*! keep me */\n/** @license MIT */\nexport const v = 1;\n', { module: true, codegen: { legalComments: 'inline' } },
        '/*! keep me */\n/** @license MIT */\nexport const v=1;'],
    ];
    for (const [name, f, s, o, want] of cases) {
      const r = oxc.minifySync(f, s, o);
      check(name, [r.code, r.errors], [want, []]);
    }
    const names = oxc.minifySync('names.js', cases[4][2], { module: true, compress: { keepNames: { function: true, class: true } }, mangle: { keepNames: true } });
    check('keepNames output runs', (await load('names.mjs', names.code)).make(), ['inner', 'Klass']);
    const script = oxc.minifySync('script.js', cases[6][2], { mangle: { toplevel: true } });
    check('mangled script runs', new Function(`${script.code}; return [t(2), t(3), e];`)(), [2, 5, 5]);
    const props = oxc.minifySync('props.js', 'export function p() { const o = { _private: 1, _other: 2, pub: 3 }; return [o._private + o._other + o.pub, Object.keys(o).length]; }\n', { module: true, mangleProps: { include: /^_/ } });
    check('mangleProps by RegExp', [props.code, props.mangleCache], ['export function p(){let e={t:1,e:2,pub:3};return[e.t+e.e+e.pub,Object.keys(e).length]}', { _other: 'e', _private: 't' }]);
    check('mangleProps output runs', (await load('props.mjs', props.code)).p(), [6, 3]);
    const cached = oxc.minifySync('props2.js', 'export const q = (o) => o._private * 10 + o._fresh;\n', { module: true, mangleProps: { include: /^_/, cache: props.mangleCache } });
    check('mangleProps cache reused', [cached.code, cached.mangleCache], ['export const q=e=>e.t*10+e.n;', { _fresh: 'n', _other: 'e', _private: 't' }]);
    const bad = oxc.minifySync('bad.js', 'export const = 1;\n', { module: true });
    check('syntax error', [bad.code, bad.errors.map((e) => [e.severity, e.message, e.labels.map((l) => [l.start, l.end])])], ['', [['Error', 'Unexpected token', [[13, 14]]]]]);
    await attempt('async minify == sync', oxc.minifySync('fold.js', cases[0][2], { module: true }).code, async () => (await oxc.minify('fold.js', cases[0][2], { module: true })).code);
    // a generated 2,000-function module: minified, run, same sums as the original
    let big = '';
    for (let i = 0; i < 2000; i++) big += `export function fn${i}(value, extra = ${i}) { const doubled = value * 2; const label = "item-" + ${i}; if (doubled > ${i}) { return doubled + extra + label.length; } return extra - doubled; }\n`;
    const t0 = process.hrtime.bigint();
    const bm = oxc.minifySync('big.js', big, { module: true });
    console.log(`# minified ${big.length} bytes to ${bm.code.length} in ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1)} ms`);
    const [a, b] = [await load('big-original.mjs', big), await load('big-min.mjs', bm.code)];
    const sum = (m) => { let s = 0; for (let i = 0; i < 2000; i++) s += m[`fn${i}`](i % 97) * (i % 3 ? 1 : -1); return s; };
    check('generated module: size and sha256', [bm.errors, bm.code.length, sha(bm.code)], [[], 130668, 'e79a876c92eec31bc40b5db85e57a7ce89ac20c8eef6a7db42622eeafccad7f9']);
    check('generated module: computes the same', [sum(b), Object.keys(b).length], [sum(a), 2000]);
  } else { console.log('usage: minify-test.js calc|compress'); process.exit(2); }
  fs.rmSync(out, { recursive: true, force: true });
  finish(`oxc-minify ${mode}`);
})();
