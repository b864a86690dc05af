'use strict';
// Loads rollup's native module (the .node in ./package), called as rollup's JS calls it:
// parse(code, allowReturnOutsideFunction, jsx) returns the AST as rollup's binary buffer, and
// xxhashBase64Url/xxhashBase36/xxhashBase16(buffer) hash chunks for file names.
//   node rollup-test.js parse  : module.jsx to an AST buffer: its sha256, node counts, names and
//       positions read back from the buffer; syntax errors and their positions; parseAsync
//   node rollup-test.js xxhash : XXH3-128 of known inputs in rollup's three encodings
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const native = require(path.resolve('package', file));

const { check, attempt, finish } = require('./tap.js');
const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');

// The layout of rollup 4.68's AST buffer, from rollup's generated dist/es/shared/parseAst.js
// (nodeConverters, in node-type order): after the type word come start and end, then each
// listed field at its word offset from start: n = node, l = node list, s = string.
const LAYOUT = [
  'PanicError:s2', 'ParseError:s2', 'ArrayExpression:l2', 'ArrayPattern:l2', 'ArrowFunctionExpression:l4,n5',
  'AssignmentExpression:n3,n4', 'AssignmentPattern:n2,n3', 'AwaitExpression:n2', 'BinaryExpression:n3,n4',
  'BlockStatement:l2', 'BreakStatement:n2', 'CallExpression:n4,l5', 'CatchClause:n2,n3',
  'ChainExpression:n2', 'ClassBody:l2', 'ClassDeclaration:l2,n3,n4,n5', 'ClassExpression:l2,n3,n4,n5',
  'ConditionalExpression:n2,n3,n4', 'ContinueStatement:n2', 'DebuggerStatement', 'Decorator:n2',
  'Directive:s2,n3', 'DoWhileStatement:n2,n3', 'EmptyStatement', 'ExportAllDeclaration:n2,n3,l4',
  'ExportDefaultDeclaration:n2', 'ExportNamedDeclaration:l2,n3,l4,n5', 'ExportSpecifier:n2,n3',
  'ExpressionStatement:n2', 'ForInStatement:n2,n3,n4', 'ForOfStatement:n3,n4,n5', 'ForStatement:n2,n3,n4,n5',
  'FunctionDeclaration:n4,l5,n6', 'FunctionExpression:n4,l5,n6', 'Identifier:s2', 'IfStatement:n2,n3,n4',
  'ImportAttribute:n2,n3', 'ImportDeclaration:l2,n3,l4', 'ImportDefaultSpecifier:n2',
  'ImportExpression:n2,n3', 'ImportNamespaceSpecifier:n2', 'ImportSpecifier:n2,n3', 'JSXAttribute:n2,n3',
  'JSXClosingElement:n2', 'JSXClosingFragment', 'JSXElement:n2,l3,n4', 'JSXEmptyExpression',
  'JSXExpressionContainer:n2', 'JSXFragment:n2,l3,n4', 'JSXIdentifier:s2', 'JSXMemberExpression:n2,n3',
  'JSXNamespacedName:n2,n3', 'JSXOpeningElement:n3,l4', 'JSXOpeningFragment', 'JSXSpreadAttribute:n2',
  'JSXSpreadChild:n2', 'JSXText:s2,s3', 'LabeledStatement:n2,n3', 'LiteralBigInt:s2,s3', 'LiteralBoolean', 'LiteralNull',
  'LiteralNumber:s2', 'LiteralRegExp:s2,s3', 'LiteralString:s2,s3', 'LogicalExpression:n3,n4', 'MemberExpression:n3,n4',
  'MetaProperty:n2,n3', 'MethodDefinition:l3,n4,n5', 'NewExpression:n3,l4', 'ObjectExpression:l2',
  'ObjectPattern:l2', 'PrivateIdentifier:s2', 'Program:l2', 'Property:n3,n4', 'PropertyDefinition:l3,n4,n5',
  'RestElement:n2', 'ReturnStatement:n2', 'SequenceExpression:l2', 'SpreadElement:n2', 'StaticBlock:l2',
  'Super', 'SwitchCase:n2,l3', 'SwitchStatement:n2,l3', 'TaggedTemplateExpression:n2,n3',
  'TemplateElement:s3,s4', 'TemplateLiteral:l2,l3', 'ThisExpression', 'ThrowStatement:n2',
  'TryStatement:n2,n3,n4', 'UnaryExpression:n3', 'UpdateExpression:n4', 'VariableDeclaration:l3',
  'VariableDeclarator:n2,n3', 'WhileStatement:n2,n3', 'YieldExpression:n3',
].map((s) => { const [type, f = ''] = s.split(':'); return { type, fields: f ? f.split(',').map((x) => [x[0], +x.slice(1)]) : [] }; });

// Walks the buffer from the Program node; returns every node as {type, start, end, strings}.
// A shorthand property's key and an unrenamed import/export specifier's second name are not
// separate records (rollup's converter copies them), so they are not counted.
function decode(buf) {
  const u32 = new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength >> 2);
  const str = (p) => buf.toString('utf8', (p + 1) << 2, ((p + 1) << 2) + u32[p]);
  const nodes = [];
  const visit = (p) => {
    const t = LAYOUT[u32[p]];
    if (!t) throw new Error(`unknown node type ${u32[p]} at word ${p}`);
    const at = p + 1;
    const node = { type: t.type, start: u32[at], end: u32[at + 1], strings: [] };
    nodes.push(node);
    for (const [kind, off] of t.fields) {
      const q = u32[at + off];
      if (q === 0) continue; // absent node, empty list, no string (or a shorthand property's key)
      if (kind === 'n') visit(q);
      else if (kind === 's') node.strings.push(str(q));
      else for (let i = 0; i < u32[q]; i++) if (u32[q + 1 + i]) visit(u32[q + 1 + i]);
    }
  };
  visit(0);
  return nodes;
}

async function main(mode) {
  if (mode === 'parse') {
    const code = fs.readFileSync('module.jsx', 'utf8');
    const buf = native.parse(code, false, true);
    check('AST buffer sha256', [buf.length, sha(buf)], [10852, '60446bc093c5f6ccd7a5cdfc485db09b1edc69cdb4d532df02175fc91cc76066']);
    const nodes = decode(buf);
    const counts = {};
    for (const n of nodes) counts[n.type] = (counts[n.type] || 0) + 1;
    console.log(JSON.stringify(counts));
    check('node count', nodes.length, 398);
    check('node types', sha(JSON.stringify(Object.entries(counts).sort())), '40841083fc551f7e9705f221e721f090348ca04e27623810c84c456480f4e67b');
    check('selected node counts', ['ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration', 'ClassDeclaration', 'MethodDefinition', 'PropertyDefinition', 'StaticBlock', 'JSXElement', 'JSXFragment', 'LiteralBigInt', 'LiteralRegExp', 'TemplateLiteral', 'SwitchCase', 'LabeledStatement', 'PrivateIdentifier'].map((t) => counts[t] || 0),
      [3, 3, 2, 1, 6, 2, 1, 5, 1, 2, 1, 2, 3, 1, 4]);
    const prog = nodes[0];
    check('Program spans the whole source', [prog.type, prog.start, prog.end], ['Program', 0, Buffer.byteLength(code)]);
    const cls = nodes.find((n) => n.type === 'ClassDeclaration');
    check('class position', [cls.start, cls.end], [code.indexOf('class Registry'), code.indexOf('\n}\n', code.indexOf('class Registry')) + 2]);
    const ids = nodes.filter((n) => n.type === 'Identifier').map((n) => n.strings[0]);
    check('identifier names', [ids.length, sha(ids.join(' '))], [115, 'c095f5f4341f18b6fb3a777bf81073f8781afc5b0d4003f55590c389e8c16c77']);
    check('private names', nodes.filter((n) => n.type === 'PrivateIdentifier').map((n) => n.strings[0]), ['secret', 'secret', 'secret', 'secret']);
    check('strings and regexp', [nodes.filter((n) => n.type === 'LiteralString').map((n) => n.strings[0]).slice(0, 6), nodes.find((n) => n.type === 'LiteralRegExp').strings],
      [['./dep.js', './all.js', './data.json', 'json', './reexported.js', './ns.js'], ['u', '^(?<year>\\d{4})-(?<month>\\d{2})$']]);
    // Errors come back as a ParseError node at the start of the buffer: position and message.
    const err = (src, ret = false, jsx = false) => {
      const n = decode(native.parse(src, ret, jsx))[0];
      return n.type === 'Program' ? 'parsed' : [n.type, n.start, n.strings[0]];
    };
    const e1 = err('const ok = 1;\nlet let = 2;\n');
    console.log(JSON.stringify(e1));
    check('syntax error position', e1 && e1.slice(0, 2), ['ParseError', 18]);
    check('syntax error message', e1 && e1[2], 'Unexpected token `let`. Expected let is reserved in const, let, class declaration');
    check('return outside a function', [err('return 1;')[0], err('return 1;', true)], ['ParseError', 'parsed']);
    const e2 = err('const el = <div>hi</div>;', false, false);
    check('JSX only when asked', [e2[0], e2[1], err('const el = <div>hi</div>;', false, true)], ['ParseError', 11, 'parsed']);
    await attempt('parseAsync gives the same buffer', sha(buf), async () => sha(await native.parseAsync(code, false, true)));
  } else if (mode === 'xxhash') {
    // XXH3-128 digests (canonical, big-endian) from the reference C library (libxxhash 0.8),
    // XXH3_128bits with seed 0; rollup hashes u128::to_le_bytes: base16 is that byte order in hex,
    // base64url and base36 are the digits of that 128-bit big-endian number.
    const pattern = (n) => { const b = Buffer.alloc(n); let x = 12345; for (let i = 0; i < n; i++) { x = (Math.imul(x, 1103515245) + 12345) >>> 0; b[i] = x >>> 24; } return b; };
    const vectors = [
      ['empty', Buffer.alloc(0), '99aa06d3014798d86001c324468d497f'],
      ['a', Buffer.from('a'), 'a96faf705af16834e6c632b61e964e1f'],
      ['abc', Buffer.from('abc'), '06b05ab6733a618578af5f94892f3950'],
      ['hello', Buffer.from('hello'), 'b5e9c1ad071b3e7fc779cfaa5e523818'],
      ['16 bytes', Buffer.from('0123456789abcdef'), 'ccba8085a0434e9e0befb4873dbe58f8'],
      ['fox', Buffer.from('The quick brown fox jumps over the lazy dog'), 'ddd650205ca3e7fa24a1cc2e3a8a7651'],
      ['2 KiB 0..255', Buffer.from(Array.from({ length: 2048 }, (_, i) => i & 255)), 'df73e0768dd183fadd420471ff96bd00'],
      ['1 MiB LCG', pattern(1 << 20), '097435ef1d2157924ab965d5b9af2ab9'],
    ];
    // (base_encode::to_string: a leading zero byte becomes one zero digit)
    const digits = (hexLe, alphabet) => { let x = BigInt('0x' + hexLe), s = ''; const b = BigInt(alphabet.length); while (x > 0n) { s = alphabet[Number(x % b)] + s; x /= b; } return alphabet[0].repeat(hexLe.match(/^(00)*/)[0].length / 2) + s; };
    const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const B36 = 'abcdefghijklmnopqrstuvwxyz0123456789';
    for (const [name, input, canonical] of vectors) {
      const le = Buffer.from(canonical, 'hex').reverse().toString('hex');
      check(`xxh3-128 ${name}`, [native.xxhashBase16(input), native.xxhashBase64Url(input), native.xxhashBase36(input)], [le, digits(le, B64), digits(le, B36)]);
    }
    // rollup's own unit test (rust/xxhash/src/lib.rs): "hello" in base 64, 36 and 16.
    check('rollup unit-test vector "hello"', [native.xxhashBase64Url(Buffer.from('hello')), native.xxhashBase36(Buffer.from('hello')), native.xxhashBase16(Buffer.from('hello'))],
      ['YOFJeqs95x38-Gwetwem1', 'bpwli5k6mqm0gij09mxrh9npj', '1838525eaacf79c77f3e1b07adc1e9b5']);
    const big = pattern(1 << 20); const off = big.subarray(3, 3 + 100000);
    check('unaligned view == copy', native.xxhashBase16(off), native.xxhashBase16(Buffer.from(off)));
  } else { console.log('usage: rollup-test.js parse|xxhash'); process.exit(2); }
  finish(`rollup ${mode}`);
}
main(process.argv[2]);
