'use strict';
// Loads oxc-parser's native module (the .node in ./package) and parses with it.
//   node parser-test.js ast    : TS/JSX/JS to ESTree; node types, UTF-16 ranges (also after non-ASCII
//       text), BigInt/RegExp literal fixes, the module record, comments, a generated 1,500-function file
//   node parser-test.js errors : syntax and semantic diagnostics with labels and code frames, recovery,
//       script vs module goal, the async parse
// The native parseSync returns the program as JSON ({node, fixes}); the package's wrapper only
// JSON.parses it (and turns the listed BigInt/RegExp literals into values), as ast() does here.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const oxc = require(path.resolve('package', file));

const { check, attempt, finish } = require('./tap.js');
const sha = (s) => crypto.createHash('sha256').update(s).digest('hex');

// Takes every field once (each native getter moves its value out).
function take(r) {
  const json = r.program;
  return { json, module: r.module, comments: r.comments, errors: r.errors, ast: JSON.parse(json) };
}
// Every node (objects with a string "type"), depth first.
function nodes(n, acc = []) {
  if (Array.isArray(n)) { for (const x of n) nodes(x, acc); return acc; }
  if (n && typeof n === 'object') {
    if (typeof n.type === 'string') acc.push(n);
    for (const k of Object.keys(n)) if (k !== 'range') nodes(n[k], acc);
  }
  return acc;
}
const count = (list) => list.reduce((m, n) => ((m[n.type] = (m[n.type] || 0) + 1), m), {});
const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

const TS = [
  'import { readFile as rf, type Stats } from "node:fs";',
  'import * as path from "node:path";',
  '// greet: "héllo wörld" 😀',
  'export interface Greeter<T extends string = "hi"> { greet(name: T): string; readonly id?: number }',
  'export enum Color { Red = 1, Green = Red << 1, Blue = "b" }',
  'type Pair<A, B> = [first: A, second?: B];',
  'const emoji = "😀✓é"; let ü: number = 0x1fn as unknown as number;',
  'export default class Box<T> implements Greeter { #v!: T; constructor(private readonly x: T) {} greet(n: string) { return `${n}!` } }',
  'export const re = /(?<year>\\d{4})-\\d{2}/gu, big = 12345678901234567890n;',
  'export { rf as read, path };',
  'export * from "./other.js";',
  'const lazy = import("./lazy.js"); const here = import.meta.url;',
  'function* gen(): Generator<number> { yield* [1, 2]; }',
  'label: for (const [k, v] of Object.entries({ a: 1 })) { if (v satisfies number) continue label; }',
  '/* tail */',
].join('\n') + '\n';

const JSX = 'const App = () => (\n  <div className="app" data-x={1} {...rest}>\n    <Item key="a">text &amp; more</Item>\n    <>{cond ? <br /> : null}</>\n  </div>\n);\n';

const mode = process.argv[2];
(async () => {
  if (mode === 'ast') {
    const r = take(oxc.parseSync('input.ts', TS, { range: true }));
    check('no errors', r.errors, []);
    const body = r.ast.node.body;
    check('statement types', body.map((s) => s.type), [
      'ImportDeclaration', 'ImportDeclaration', 'ExportNamedDeclaration', 'ExportNamedDeclaration', 'TSTypeAliasDeclaration',
      'VariableDeclaration', 'VariableDeclaration', 'ExportDefaultDeclaration', 'ExportNamedDeclaration', 'ExportNamedDeclaration',
      'ExportAllDeclaration', 'VariableDeclaration', 'VariableDeclaration', 'FunctionDeclaration', 'LabeledStatement']);
    // Ranges are UTF-16 offsets into the JavaScript string: slices give back each statement's text.
    const lines = TS.split('\n');
    const stmtText = body.map((s) => TS.slice(s.start, s.end));
    check('statement ranges slice the source (UTF-16 offsets after non-ASCII text)', stmtText.slice(0, 5).concat(stmtText.slice(7, 11)),
      [lines[0], lines[1], lines[3], lines[4], lines[5], lines[7], lines[8], lines[9], lines[10]]);
    check('range == [start, end] on every node', nodes(r.ast.node).every((n) => !n.range || (n.range[0] === n.start && n.range[1] === n.end)), true);
    const decl = body[5].declarations[0];
    check('string literal after emoji', [decl.init.value, TS.slice(decl.init.start, decl.init.end)], ['😀✓é', '"😀✓é"']);
    const u = body[6].declarations[0];
    check('non-ASCII identifier with type', [u.id.name, u.id.typeAnnotation.typeAnnotation.type, TS.slice(u.id.start, u.id.end)], ['ü', 'TSNumberKeyword', 'ü: number']);
    check('as-expressions', [u.init.type, u.init.expression.type, u.init.expression.expression.raw, u.init.expression.expression.bigint], ['TSAsExpression', 'TSAsExpression', '0x1fn', '31']);
    const fixes = JSON.parse(r.json).fixes.map((f) => f.join('.'));
    check('BigInt/RegExp literals listed for the wrapper', fixes, ['body.6.declarations.0.init.expression.expression', 'body.8.declaration.declarations.0.init', 'body.8.declaration.declarations.1.init']);
    const reLit = body[8].declaration.declarations[0].init;
    check('regex literal', [reLit.regex, new RegExp(reLit.regex.pattern, reLit.regex.flags).exec('on 2024-05-01').groups.year], [{ pattern: '(?<year>\\d{4})-\\d{2}', flags: 'gu' }, '2024']);
    check('bigint literal', body[8].declaration.declarations[1].init.bigint, '12345678901234567890');
    const iface = body[2].declaration;
    check('interface', [iface.type, iface.id.name, iface.typeParameters.params[0].constraint.type, iface.body.body.map((m) => [m.type, m.key.name, !!m.readonly, !!m.optional])],
      ['TSInterfaceDeclaration', 'Greeter', 'TSStringKeyword', [['TSMethodSignature', 'greet', false, false], ['TSPropertySignature', 'id', true, true]]]);
    const en = body[3].declaration;
    check('enum members', [en.type, en.body.members.map((m) => [m.id.name, m.initializer.type])], ['TSEnumDeclaration', [['Red', 'Literal'], ['Green', 'BinaryExpression'], ['Blue', 'Literal']]]);
    const cls = body[7].declaration;
    check('class', [cls.type, cls.id.name, cls.implements[0].expression.name, cls.body.body.map((m) => m.type), cls.body.body[0].key.type, cls.body.body[1].value.params[0].type],
      ['ClassDeclaration', 'Box', 'Greeter', ['PropertyDefinition', 'MethodDefinition', 'MethodDefinition'], 'PrivateIdentifier', 'TSParameterProperty']);
    check('node type counts', sorted(count(nodes(r.ast.node))), {
      ArrayExpression: 1, ArrayPattern: 1, BinaryExpression: 1, BlockStatement: 4, CallExpression: 1, ClassBody: 1, ClassDeclaration: 1, ContinueStatement: 1,
      ExportAllDeclaration: 1, ExportDefaultDeclaration: 1, ExportNamedDeclaration: 4, ExportSpecifier: 2, ExpressionStatement: 1, ForOfStatement: 1,
      FunctionDeclaration: 1, FunctionExpression: 2, Identifier: 56, IfStatement: 1, ImportDeclaration: 2, ImportExpression: 1, ImportNamespaceSpecifier: 1,
      ImportSpecifier: 2, LabeledStatement: 1, Literal: 15, MemberExpression: 2, MetaProperty: 1, MethodDefinition: 2, ObjectExpression: 1, PrivateIdentifier: 1,
      Program: 1, Property: 1, PropertyDefinition: 1, ReturnStatement: 1, TSAsExpression: 2, TSClassImplements: 1, TSEnumBody: 1, TSEnumDeclaration: 1,
      TSEnumMember: 3, TSInterfaceBody: 1, TSInterfaceDeclaration: 1, TSLiteralType: 1, TSMethodSignature: 1, TSNamedTupleMember: 2, TSNumberKeyword: 5,
      TSParameterProperty: 1, TSPropertySignature: 1, TSSatisfiesExpression: 1, TSStringKeyword: 3, TSTupleType: 1, TSTypeAliasDeclaration: 1,
      TSTypeAnnotation: 8, TSTypeParameter: 4, TSTypeParameterDeclaration: 3, TSTypeParameterInstantiation: 1, TSTypeReference: 6, TSUnknownKeyword: 1,
      TemplateElement: 2, TemplateLiteral: 1, VariableDeclaration: 6, VariableDeclarator: 7, YieldExpression: 1,
    });
    check('AST JSON sha256', sha(r.json), '30d4ee7db16e2f57b329e664626fd067e2b187b8ce17cdd8226f09ef8056a53b');
    check('module record: imports', r.module.staticImports.map((i) => [i.moduleRequest.value, i.entries.map((e) => [e.importName.kind, e.importName.name, e.localName.value, e.isType])]),
      [['node:fs', [['Name', 'readFile', 'rf', false], ['Name', 'Stats', 'Stats', true]]], ['node:path', [['NamespaceObject', null, 'path', false]]]]);
    check('module record: exports', r.module.staticExports.flatMap((x) => x.entries.map((e) => [e.exportName.kind, e.exportName.name, e.localName.name, e.importName.kind, e.moduleRequest && e.moduleRequest.value])), [
      ['Name', 'read', null, 'Name', 'node:fs'], ['Name', 'path', null, 'All', 'node:path'], ['Name', 'Greeter', 'Greeter', 'None', null], ['Name', 'Color', 'Color', 'None', null],
      ['Default', null, 'Box', 'None', null], ['Name', 're', 're', 'None', null], ['Name', 'big', 'big', 'None', null], ['None', null, null, 'AllButDefault', './other.js']]);
    check('module record: dynamic import and import.meta', [r.module.dynamicImports.map((d) => TS.slice(d.moduleRequest.start, d.moduleRequest.end)), r.module.importMetas.map((m) => TS.slice(m.start, m.end)), r.module.hasModuleSyntax],
      [['"./lazy.js"'], ['import.meta'], true]);
    check('comments', r.comments.map((c) => [c.type, c.value, TS.slice(c.start, c.end)]), [['Line', ' greet: "héllo wörld" 😀', '// greet: "héllo wörld" 😀'], ['Block', ' tail ', '/* tail */']]);
    const jsAst = take(oxc.parseSync('input.ts', TS, { astType: 'js' }));
    check('astType js drops TS-only fields', [jsAst.ast.node.body[5].declarations[0].id.typeAnnotation, 'typeAnnotation' in jsAst.ast.node.body[6].declarations[0].id], [undefined, false]);
    const jsx = take(oxc.parseSync('app.jsx', JSX, { range: true }));
    const paren = jsx.ast.node.body[0].declarations[0].init.body;
    check('parenthesized expression kept', paren.type, 'ParenthesizedExpression');
    const el = paren.expression;
    check('JSX element', [el.type, el.openingElement.name.name, el.openingElement.attributes.map((a) => a.type === 'JSXAttribute' ? [a.name.name, a.value.type] : [a.type])],
      ['JSXElement', 'div', [['className', 'Literal'], ['data-x', 'JSXExpressionContainer'], ['JSXSpreadAttribute']]]);
    const kids = el.children.filter((c) => c.type !== 'JSXText');
    check('JSX children', [kids.map((c) => c.type), kids[0].children[0].value, kids[0].children[0].raw, JSX.slice(kids[1].start, kids[1].end)],
      [['JSXElement', 'JSXFragment'], 'text &amp; more', 'text &amp; more', '<>{cond ? <br /> : null}</>']);
    // a generated file: 1,500 functions, counts known by construction
    let big = '';
    const N = 1500;
    for (let i = 0; i < N; i++) big += `export function f${i}(a, b = ${i}) { const x = a * b + ${i % 7}; if (x > ${i}) { return [x, "s${i}"]; } return { a, b, x }; }\n`;
    const t0 = process.hrtime.bigint();
    const g = take(oxc.parseSync('big.js', big));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const c = count(nodes(g.ast.node));
    check('generated file: errors', g.errors, []);
    check('generated file: node counts', [c.ExportNamedDeclaration, c.FunctionDeclaration, c.ReturnStatement, c.IfStatement, c.AssignmentPattern, c.ObjectExpression, c.Property, c.ArrayExpression],
      [N, N, 2 * N, N, N, N, 3 * N, N]);
    check('generated file: last function name and end', [g.ast.node.body[N - 1].declaration.id.name, g.ast.node.end], [`f${N - 1}`, big.length]);
    check('generated file: exports in module record', g.module.staticExports.length, N);
    console.log(`# parsed ${big.length} bytes in ${ms.toFixed(1)} ms`);
  } else if (mode === 'errors') {
    const frame = (e) => [e.severity, e.message, e.labels.map((l) => [l.start, l.end, l.message]), e.helpMessage, e.codeframe];
    const s1 = 'let x = ;\nconst ok = 1;\n';
    const r1 = take(oxc.parseSync('bad.js', s1));
    check('syntax error', r1.errors.map(frame), [['Error', 'Unexpected token', [[8, 9, null]], null, '\n  x Unexpected token\n   ,-[bad.js:1:9]\n 1 | let x = ;\n   :         ^\n 2 | const ok = 1;\n   `----\n']]);
    check('error recovery: program still returned', [r1.ast.node.type, r1.ast.node.body.length], ['Program', 0]);
    const s2 = 'const y = 1;\nconst y = 2;\nexport { missing };\n';
    check('semantic errors off by default', take(oxc.parseSync('sem.js', s2)).errors, []);
    check('semantic errors', take(oxc.parseSync('sem.js', s2, { showSemanticErrors: true })).errors.map(frame), [
      ['Error', 'Identifier `y` has already been declared', [[6, 7, '`y` has already been declared here'], [19, 20, 'It can not be redeclared here']], null,
        '\n  x Identifier `y` has already been declared\n   ,-[sem.js:1:7]\n 1 | const y = 1;\n   :       |\n   :       `-- `y` has already been declared here\n 2 | const y = 2;\n   :       |\n   :       `-- It can not be redeclared here\n 3 | export { missing };\n   `----\n'],
      ['Error', "Export 'missing' is not defined", [[35, 42, null]], null, "\n  x Export 'missing' is not defined\n   ,-[sem.js:3:10]\n 2 | const y = 2;\n 3 | export { missing };\n   :          ^^^^^^^\n   `----\n"]]);
    const s3 = 'function f(a: number, b?: string = 1) {}\nlet v = <T,>(x: T) => x;\n';
    check('TypeScript error', take(oxc.parseSync('t.ts', s3)).errors.map(frame), [['Error', 'A parameter cannot have a question mark and an initializer.', [[22, 23, null]], null,
      '\n  x TS(1015): A parameter cannot have a question mark and an initializer.\n   ,-[t.ts:1:23]\n 1 | function f(a: number, b?: string = 1) {}\n   :                       ^\n 2 | let v = <T,>(x: T) => x;\n   `----\n']]);
    const s4 = 'const s = "😀";\nlet = ;\n';
    check('error offsets after an emoji are UTF-16', take(oxc.parseSync('e.js', s4)).errors.map((e) => e.labels.map((l) => s4.slice(l.start, l.end))), [[';']]);
    check('unterminated string', take(oxc.parseSync('u.js', 'const a = "abc\n')).errors.map((e) => e.message), ['Unterminated string']);
    const s5 = 'with (obj) { x; }\n';
    check('with statement in a script', take(oxc.parseSync('w.js', s5, { sourceType: 'script' })).errors, []);
    check('with statement in a module (semantic)', take(oxc.parseSync('w.js', s5, { sourceType: 'module', showSemanticErrors: true })).errors.map((e) => e.message), ["'with' statements are not allowed"]);
    check('top-level await in a script', take(oxc.parseSync('a.js', 'await x;\n', { sourceType: 'script' })).errors.map((e) => e.message), ['`await` is only allowed within async functions and at the top levels of modules']);
    check('top-level await in a module', take(oxc.parseSync('a.mjs', 'await x;\n')).errors, []);
    check('unambiguous: no ESM syntax is a script', take(oxc.parseSync('u.js', 'var a = 1;\n', { sourceType: 'unambiguous' })).ast.node.sourceType, 'script');
    check('unambiguous: import makes a module', take(oxc.parseSync('u.js', 'import a from "a";\n', { sourceType: 'unambiguous' })).ast.node.sourceType, 'module');
    check('dts: declarations only', take(oxc.parseSync('x.d.ts', 'export declare function f(): void;\ndeclare const c: 1;\n')).ast.node.body.map((s) => s.type), ['ExportNamedDeclaration', 'VariableDeclaration']);
    await attempt('async parse == parseSync', take(oxc.parseSync('bad.js', s1)).errors.map(frame), async () => take(await oxc.parse('bad.js', s1)).errors.map(frame));
    await attempt('async parse of 8 files at once', [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ['Program', i + 1]), async () =>
      (await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => oxc.parse(`f${i}.js`, 'x;\n'.repeat(i + 1))))).map((r) => { const t = take(r); return [t.ast.node.type, t.ast.node.body.length]; }));
  } else { console.log('usage: parser-test.js ast|errors'); process.exit(2); }
  finish(`oxc-parser ${mode}`);
})();
