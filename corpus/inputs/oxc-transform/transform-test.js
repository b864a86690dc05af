'use strict';
// Loads oxc-transform's native module (the .node in ./package) and transforms the committed sources.
//   node transform-test.js typescript : app.ts with types stripped (esnext) and lowered to es2015,
//       exact output, then both outputs are run and must compute the known values; source map,
//       define/inject, a syntax error; lib.ts to a .d.ts (isolatedDeclaration), stripInternal,
//       the TS9007-style errors, the declaration from transformSync
//   node transform-test.js jsx        : view.tsx with the automatic, classic, development and
//       refresh JSX transforms and preserve, exact output; the automatic and classic outputs are
//       run against a small string renderer and must produce the same, known HTML
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { pathToFileURL } = require('node:url');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const oxc = require(path.resolve('package', file));

const { check, attempt, finish } = require('./tap.js');
const sha = (s) => crypto.createHash('sha256').update(s).digest('hex');
const show = (title, code) => console.log(`# --- ${title}\n` + code.replace(/^/gm, '# | '));
const errs = (r) => r.errors.map((e) => [e.severity, e.message, e.labels.map((l) => [l.start, l.end])]);
const out = path.resolve('out');
fs.rmSync(out, { recursive: true, force: true });
function put(rel, text) {
  const p = path.join(out, ...rel.split('/'));
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}
const load = (p) => import(pathToFileURL(p).href);

// The Babel-compatible helpers the es2015 output calls as babelHelpers.* (helpers: External)
globalThis.babelHelpers = {
  defineProperty(o, k, v) { Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true }); return o; },
  classPrivateFieldInitSpec(o, map, v) { if (map.has(o)) throw new TypeError('twice'); map.set(o, v); },
  classPrivateFieldSet2(map, o, v) { if (!map.has(o)) throw new TypeError('no field'); map.set(o, v); return v; },
  classPrivateFieldGet2(map, o) { if (!map.has(o)) throw new TypeError('no field'); return map.get(o); },
  objectSpread2(t, ...srcs) { for (const s of srcs) if (s != null) for (const k of Object.keys(s)) globalThis.babelHelpers.defineProperty(t, k, s[k]); return t; },
};

const mode = process.argv[2];
(async () => {
  if (mode === 'typescript') {
    const src = fs.readFileSync('app.ts', 'utf8');
    put('version.mjs', 'export const version = "1.2.3";\n');
    const want = (retries) => ({ area: 'rect:12', count: 1, retries, total: 285, lv: 4, flag: 'b', picked: 5, mid: 'Mid', v: 'string' });

    const esn = oxc.transformSync('app.ts', src, {});
    show('app.ts, esnext', esn.code);
    check('esnext: no errors, no helpers', [esn.errors, esn.helpersUsed], [[], {}]);
    check('esnext: output sha256', sha(esn.code), '9b30351ee81a19cebaf7d9d2f74b8cd78aef9d317afb74cf237beea0eaa76ec1');
    check('esnext: type-only import removed, value import kept', esn.code.split('\n').filter((l) => l.startsWith('import')), ['import { version } from "./version.mjs";']);
    check('esnext: enum values folded', esn.code.includes('Level[Level["Mid"] = 2] = "Mid";') && esn.code.includes('Level[Level["High"] = 4] = "High";'), true);
    check('esnext: parameter properties assigned', esn.code.includes('this.name = name;\n\t\tthis.sides = sides;'), true);
    check('esnext: no TypeScript left', ['interface', ': number', 'abstract', 'satisfies', ' as number', 'declare', '<T'].filter((s) => esn.code.includes(s)), []);
    const m1 = await load(put('app-esnext.mjs', esn.code));
    check('esnext: runs and computes', [m1.compute(), m1.compute({ retries: 5 }).retries, m1.Level.High, m1.Geometry.area(6)], [want(3), 5, 4, 6]);

    const es5 = oxc.transformSync('app.ts', src, { target: 'es2015', helpers: { mode: 'External' } });
    show('app.ts, es2015', es5.code);
    check('es2015: helpers', Object.keys(es5.helpersUsed).sort(), ['classPrivateFieldGet2', 'classPrivateFieldInitSpec', 'classPrivateFieldSet2', 'defineProperty', 'objectSpread2']);
    check('es2015: output sha256', sha(es5.code), 'baf36c516642999a331040fcfba7cb3e40885716634e3aaebf5df45250ad1866');
    check('es2015: lowered syntax gone', ['??', '?.', '**', '#w', 'static count', '...opts'].filter((s) => es5.code.includes(s)), []);
    check('es2015: Math.pow and WeakMap', [es5.code.includes('Math.pow(i, 2)'), es5.code.includes('var _w = /* @__PURE__ */ new WeakMap();')], [true, true]);
    const m2 = await load(put('app-es2015.mjs', es5.code));
    check('es2015: runs and computes the same', [m2.compute(), m2.compute({ retries: 5 }).retries, Object.keys(new m2.Rect(1, 1))], [want(3), 5, ['name', 'sides']]);

    const sm = oxc.transformSync('app.ts', src, { sourcemap: true });
    check('source map', [sm.map.version, sm.map.sources, sm.map.names.length, sha(sm.map.mappings)], [3, ['app.ts'], 0, '0c58182b00945d0b2d49d349d56e9c6b09e03f0820361f3a7dc4ef6a41dcdbab']);
    check('source map code == without map', sm.code, esn.code);

    const d = oxc.transformSync('env.ts', 'export const mode: string = process.env.NODE_ENV;\nexport const dev = __DEV__ ? "dev" : "prod";\nexport const b = Buffer.from("x");\n',
      { define: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' }, inject: { Buffer: ['buffer', 'Buffer'] } });
    show('define + inject', d.code);
    check('define and inject', d.code, 'import { Buffer } from "buffer";\nexport const mode = "production";\nexport const dev = "prod";\nexport const b = Buffer.from("x");\n');
    const bad = oxc.transformSync('bad.ts', 'let x: = 1;\nclass {}\n', {});
    check('syntax error', [bad.code, errs(bad), bad.errors[0].codeframe], ['', [['Error', 'Unexpected token', [[7, 8]]]], '\n  x Unexpected token\n   ,-[bad.ts:1:8]\n 1 | let x: = 1;\n   :        ^\n 2 | class {}\n   `----\n']);

    const lib = fs.readFileSync('lib.ts', 'utf8');
    const dts = oxc.isolatedDeclarationSync('lib.ts', lib, {});
    show('lib.d.ts', dts.code);
    check('isolatedDeclaration: no errors', dts.errors, []);
    check('isolatedDeclaration: lib.d.ts', dts.code, [
      '/** A tiny event emitter. */',
      'export interface Listener<E> {', '\t(event: E): void;', '}',
      'export type Events = {', '\topen: {', '\t\tid: number;', '\t};', '\tclose: {', '\t\tid: number;', '\t\treason?: string;', '\t};', '};',
      'export declare const DEFAULT_LIMIT = 10;',
      'export declare const names: readonly ["a", "b"];',
      'export declare class Emitter<M extends Record<string, unknown>> {',
      '\t#private;', '\treadonly limit: number;', '\tprivate listeners;', '\tstatic readonly version: string;', '\tconstructor(limit?: number);',
      '\ton<K extends keyof M>(type: K, fn: Listener<M[K]>): () => void;', '\temit<K extends keyof M>(type: K, event: M[K]): number;',
      '\tget size(): number;', '\t/** @internal */', '\tdebugDump(): string;', '}',
      'export declare function createEmitter(limit?: number): Emitter<Events>;',
      'export default function sum(...xs: number[]): number;',
      'export declare namespace Config {', '\tconst mode: "dev" | "prod";', '}', ''].join('\n'));
    const stripped = oxc.isolatedDeclarationSync('lib.ts', lib, { stripInternal: true, sourcemap: true });
    check('stripInternal drops the @internal member', [dts.code.includes('debugDump(): string;'), stripped.code.includes('debugDump'), stripped.code === dts.code.replace('\t/** @internal */\n\tdebugDump(): string;\n', '')], [true, false, true]);
    check('declaration map', [stripped.map.sources, sha(stripped.map.mappings)], [['lib.ts'], 'cfb0df1b2e262a391579616a771cd59a5c302fa884180efc00693e17bda2ddc4']);
    const tsd = oxc.transformSync('lib.ts', lib, { typescript: { declaration: {} } });
    check('transformSync declaration == isolatedDeclaration', tsd.declaration, dts.code);
    const m3 = await load(put('lib.mjs', tsd.code));
    const em = m3.createEmitter(); let seen = [];
    em.on('open', (e) => seen.push(e.id)); em.on('open', (e) => seen.push(-e.id));
    check('lib.ts output runs', [em.emit('open', { id: 7 }), em.emit('close', { id: 1 }), seen, em.size, em.limit, m3.default(1, 2, 3), m3.Emitter.version], [2, 0, [7, -7], 1, 10, 6, '1.0']);
    const miss = oxc.isolatedDeclarationSync('bad.ts', 'export function f(a) { return a + 1; }\nexport const x = Math.random();\nexport class C { m() { return 1; } }\n', {});
    check('isolatedDeclaration errors', [miss.code, errs(miss)], ['export declare function f(a);\nexport declare const x: unknown;\nexport declare class C {\n\tm(): number;\n}\n', [
      ['Error', 'TS9007: Function must have an explicit return type annotation with --isolatedDeclarations.', [[16, 17]]],
      ['Error', 'TS9011: Parameter must have an explicit type annotation with --isolatedDeclarations.', [[18, 19]]],
      ['Error', 'TS9010: Variable must have an explicit type annotation with --isolatedDeclarations.', [[52, 53]]]]]);
    await attempt('async isolatedDeclaration == sync', dts.code, async () => (await oxc.isolatedDeclaration('lib.ts', lib, {})).code);
  } else if (mode === 'jsx') {
    const src = fs.readFileSync('view.tsx', 'utf8');
    // a renderer to HTML strings, for both runtimes
    // elements render to { html }, text is escaped
    const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const Fragment = Symbol('Fragment');
    const kids = (c) => (Array.isArray(c) ? c.map(kids).join('') : c === false || c == null ? '' : typeof c === 'object' ? c.html : esc(c));
    function el(type, props, children) {
      if (type === Fragment) return { html: kids(children) };
      const attrs = Object.entries(props || {}).filter(([k]) => k !== 'children' && k !== 'key').map(([k, v]) => ` ${k === 'className' ? 'class' : k}="${esc(v)}"`).join('');
      const inner = kids(children);
      return { html: inner === '' && type === 'br' ? `<${type}${attrs}/>` : `<${type}${attrs}>${inner}</${type}>` };
    }
    globalThis.__render = { el, Fragment };
    put('node_modules/react/package.json', JSON.stringify({ name: 'react', exports: { '.': './index.mjs', './jsx-runtime': './jsx-runtime.mjs' } }));
    put('node_modules/react/index.mjs', 'export function useState(v) { return [v, () => {}]; }\n');
    put('node_modules/react/jsx-runtime.mjs', 'const { el, Fragment } = globalThis.__render;\nexport { Fragment };\nexport function jsx(type, props, key) { return el(type, props, props.children); }\nexport const jsxs = jsx;\n');
    globalThis.h = (type, props, ...children) => el(type, props, children);
    globalThis.Fragment = Fragment;
    const html = '<section class="list" data-count="2"><h2>List</h2><ul><li id="i0">a &amp; b</li><li id="i1">&lt;c&gt;</li></ul><br/>text &amp; more</section>';

    const auto = oxc.transformSync('view.tsx', src, {});
    show('automatic runtime', auto.code);
    check('automatic: no errors', auto.errors, []);
    check('automatic: output sha256', sha(auto.code), 'ddc22ef589071514102e75a5e6da733d1825783a008978977ae40ac38b189fc9');
    check('automatic: imports react/jsx-runtime', auto.code.split('\n').filter((l) => l.startsWith('import')), ['import { useState } from "react";', 'import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "react/jsx-runtime";']);
    const ma = await load(put('view-auto.mjs', auto.code));
    check('automatic: renders', ma.List({ items: ['a & b', '<c>'] }).html, html);

    const classic = oxc.transformSync('view.tsx', src, { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } });
    show('classic runtime', classic.code);
    check('classic: output sha256', sha(classic.code), 'cfd17ba525983f392a7fdf3a277881654749aa8a9feadc0e489d13ac45069628');
    check('classic: h() calls, no runtime import', [classic.code.includes('/* @__PURE__ */ h("section", {'), classic.code.includes('jsx-runtime')], [true, false]);
    const mc = await load(put('view-classic.mjs', classic.code));
    check('classic: renders the same', mc.List({ items: ['a & b', '<c>'] }).html, html);
    check('classic: default title overridden', mc.List({ items: [], title: 'T' }).html, '<section class="list" data-count="0"><h2>T</h2><ul></ul><br/>text &amp; more</section>');

    const dev = oxc.transformSync('view.tsx', src, { jsx: { development: true } });
    check('development: output sha256', sha(dev.code), 'e0c9203120be81924a1ebbfb368c515b33995231fa5291121931d88237adeac9');
    check('development: source positions', [...dev.code.matchAll(/lineNumber: (\d+),\s+columnNumber: (\d+)/g)].map((m) => `${m[1]}:${m[2]}`), ['9:7', '10:42', '10:16', '12:9', '11:7', '8:5']);
    check('development: file name', dev.code.includes('var _jsxFileName = "view.tsx";'), true);
    const refresh = oxc.transformSync('view.tsx', src, { jsx: { refresh: true } });
    check('refresh: registration and hook signature', refresh.code.split('\n').filter((l) => /\$Refresh|^_s\(|^_c/.test(l)), ['var _s = $RefreshSig$();', '_s(List, "8/iIyjEUBpd5FUiOpruKyyVK21A=");', '_c = List;', '$RefreshReg$(_c, "List");']);
    const keep = oxc.transformSync('view.tsx', src, { jsx: 'preserve' });
    check('preserve: JSX kept, types gone', [keep.code.includes('<li key={i} {...{ id: `i${i}` }}>{it}</li>'), keep.code.includes('Props'), keep.code.includes('useState(true)')], [true, false, true]);
    const ns = oxc.transformSync('ns.jsx', 'const a = <svg:rect width="1" />;\n', {});
    check('namespaced tag is an error by default', errs(ns).map((e) => e[1]), ["Namespace tags are not supported by default. React's JSX doesn't support namespace tags. You can set `throwIfNamespace: false` to bypass this warning."]);
    await attempt('async transform == sync', auto.code, async () => (await oxc.transform('view.tsx', src, {})).code);
  } else { console.log('usage: transform-test.js typescript|jsx'); process.exit(2); }
  fs.rmSync(out, { recursive: true, force: true });
  finish(`oxc-transform ${mode}`);
})();
