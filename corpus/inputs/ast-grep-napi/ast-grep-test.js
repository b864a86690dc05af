'use strict';
// Loads ast-grep's Node-API module (the .node in ./package; @ast-grep/napi's index.js only
// re-exports it) and uses its API as users do: parse, find/findAll with patterns and rule
// objects, metavariables, replace + commitEdits, findInFiles.
//   node ast-grep-test.js search  : patterns, $$$ lists, rule objects (any/has/inside/not),
//       constraints, kinds and fields, ranges, on checkout.ts and a TSX snippet; parse errors
//   node ast-grep-test.js rewrite : legacy.js rewritten (var to let, == to ===, guarded access to
//       ?.); exact text, then old and new code are run; findInFiles over a tree the script writes
const fs = require('node:fs');
const path = require('node:path');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const sg = require(path.resolve('package', file));

const { check, attempt, finish } = require('./tap.js');
const { Lang, parse } = sg;
const at = (n) => { const r = n.range(); return `${r.start.line + 1}:${r.start.column + 1}-${r.end.line + 1}:${r.end.column + 1}`; };

async function main(mode) {
  if (mode === 'search') {
    const src = fs.readFileSync('checkout.ts', 'utf8');
    const root = parse(Lang.TypeScript, src).root();
    check('root kind', [root.kind(), root.text() === src], ['program', true]);
    // Where a piece of the source is, as line:column-line:column (1-based), from the text itself.
    const where = (piece, from = 0) => {
      const i = src.indexOf(piece, from); const lc = (k) => { const before = src.slice(0, k).split('\n'); return `${before.length}:${before[before.length - 1].length + 1}`; };
      return `${lc(i)}-${lc(i + piece.length)}`;
    };
    const logs = root.findAll('console.log($$$ARGS)');
    check('console.log calls', logs.map((n) => [at(n), n.getMultipleMatches('ARGS').filter((a) => a.isNamed()).map((a) => a.text())]),
      [[where("console.log('subtotal', sum)"), ["'subtotal'", 'sum']], [where("console.log('coupon', item.sku, percent)"), ["'coupon'", 'item.sku', 'percent']], [where("console.log('cart changed', items.length)"), ["'cart changed'", 'items.length']]]);
    const loose = root.findAll({ rule: { any: [{ pattern: '$A == $B' }, { pattern: '$A != $B' }] } });
    check('loose equality', loose.map((n) => [n.text(), n.getMatch('A').text(), n.getMatch('B').text()]),
      [['item.qty == 0', 'item.qty', '0'], ['percent != null', 'percent', 'null'], ['rates[n] != 1', 'rates[n]', '1']]);
    const asyncWithAwait = root.findAll({ rule: { kind: 'function_declaration', has: { pattern: 'await $E', stopBy: 'end' } } });
    check('functions that await', asyncWithAwait.map((n) => n.field('name').text()), ['applyCoupons', 'checkout']);
    const hooks = root.findAll({ rule: { pattern: '$HOOK($$$)', inside: { kind: 'function_declaration', stopBy: 'end', has: { field: 'name', regex: '^use' } } }, constraints: { HOOK: { regex: '^use[A-Z]' } } });
    check('hook calls inside a hook', hooks.map((n) => n.getMatch('HOOK').text()), ['useState', 'useEffect', 'useMemo']);
    const notInReturn = root.findAll({ rule: { pattern: 'subtotal($X)', not: { inside: { kind: 'return_statement', stopBy: 'end' } } } });
    check('subtotal( ) calls not in a return', notInReturn.map((n) => [at(n), n.getMatch('X').text()]), [[where('subtotal(items)'), 'items'], [where('subtotal(items)', src.indexOf('subtotal(items)') + 1), 'items']]);
    const iface = root.find({ rule: { kind: 'interface_declaration' } });
    check('interface fields', iface.findAll({ rule: { kind: 'property_signature' } }).map((n) => n.child(0).text()), ['sku', 'price', 'qty', 'coupon', 'percent']);
    const imp = root.find('import { $$$NAMES } from $SRC');
    check('import', [imp.getMatch('SRC').text(), imp.getMultipleMatches('NAMES').filter((n) => n.isNamed()).map((n) => n.text())], ["'./hooks'", ['useState', 'useEffect', 'useMemo']]);
    check('kind ids are numbers', [typeof sg.kind(Lang.TypeScript, 'identifier'), sg.kind(Lang.TypeScript, 'identifier') === sg.kind(Lang.TypeScript, 'identifier')], ['number', true]);
    check('navigation', [root.children().length, root.children().map((n) => n.kind()).filter((k) => k === 'export_statement').length, logs[0].parent().kind(), logs[0].ancestors().length], [7, 4, 'expression_statement', 5]);
    const tsx = parse(Lang.Tsx, 'const el = <List items={rows} onPick={(r) => pick(r.id)}><Item key="a" /></List>;').root();
    check('JSX attributes', tsx.findAll({ rule: { kind: 'jsx_attribute' } }).map((n) => n.text()), ['items={rows}', 'onPick={(r) => pick(r.id)}', 'key="a"']);
    check('JSX element pattern', tsx.findAll('<$T $$$A />').map((n) => n.getMatch('T').text()), ['Item']);
    const broken = parse(Lang.JavaScript, 'function ok() { return 1 }\nfunction bad( { return 2 }\n').root();
    check('syntax errors become ERROR nodes', [broken.findAll({ rule: { kind: 'ERROR' } }).length > 0, broken.find('function ok() { $$$ }') !== null], [true, true]);
    await attempt('parseAsync', ['program', 3], async () => { const r = (await sg.parseAsync(Lang.TypeScript, src)).root(); return [r.kind(), r.findAll('console.log($$$)').length]; });
  } else if (mode === 'rewrite') {
    const src = fs.readFileSync('legacy.js', 'utf8');
    const root = parse(Lang.JavaScript, src).root();
    const edits = [];
    for (const n of root.findAll({ rule: { kind: 'variable_declaration', regex: '^var' } })) edits.push(n.replace(n.text().replace(/^var/, 'let')));
    for (const n of root.findAll('$A == $B')) edits.push(n.replace(`${n.getMatch('A').text()} === ${n.getMatch('B').text()}`));
    for (const n of root.findAll('$A != $B')) edits.push(n.replace(`${n.getMatch('A').text()} !== ${n.getMatch('B').text()}`));
    for (const n of root.findAll('$A && $A.$B')) edits.push(n.replace(`${n.getMatch('A').text()}?.${n.getMatch('B').text()}`));
    check('edit count', edits.length, 11);
    // Edits must not overlap: keep the outer one when two do (the var around a guarded access).
    edits.sort((a, b) => a.startPos - b.startPos || b.endPos - a.endPos);
    const flat = [];
    for (const e of edits) { const last = flat[flat.length - 1]; if (last && e.startPos < last.endPos) continue; flat.push(e); }
    let out = root.commitEdits(flat);
    // A second pass for edits that were inside the outer ones.
    for (let pass = 0; pass < 3; pass++) {
      const r = parse(Lang.JavaScript, out).root();
      const more = [...r.findAll('$A == $B').map((n) => n.replace(`${n.getMatch('A').text()} === ${n.getMatch('B').text()}`)),
        ...r.findAll('$A != $B').map((n) => n.replace(`${n.getMatch('A').text()} !== ${n.getMatch('B').text()}`)),
        ...r.findAll('$A && $A.$B').map((n) => n.replace(`${n.getMatch('A').text()}?.${n.getMatch('B').text()}`))];
      if (more.length === 0) break;
      out = r.commitEdits(more);
    }
    console.log(out);
    check('rewritten source', out.split('\n'), [
      '// Old-style JavaScript for ast-grep to rewrite: var, loose equality, guarded property access.',
      'let TAX = 0.2;',
      'function price(order) {',
      '  let net = 0;',
      '  for (let i = 0; i < order.lines.length; i++) {',
      '    let line = order.lines[i];',
      '    if (line.qty === 0) continue;',
      '    net += line.unit * line.qty;',
      '  }',
      '  let discount = order.coupon?.amount;',
      '  if (discount !== null) net -= discount;',
      '  let label = order.customer?.name;',
      "  return { net: net, gross: Math.round(net * (1 + TAX) * 100) / 100, label: label === undefined ? 'guest' : label };",
      '}',
      'module.exports = { price: price };',
      '',
    ]);
    const run = (code) => {
      const module = { exports: {} };
      new Function('module', code)(module);
      const { price } = module.exports;
      return [
        price({ lines: [{ unit: 10, qty: 2 }, { unit: 5, qty: 0 }], coupon: { amount: 3 }, customer: { name: 'Ada' } }),
        price({ lines: [{ unit: 2.5, qty: 4 }], customer: null, coupon: { amount: null } }),
      ];
    };
    check('old code answers', run(src), [{ net: 17, gross: 20.4, label: 'Ada' }, { net: 10, gross: 12, label: 'guest' }]);
    check('new code answers', run(out), [{ net: 17, gross: 20.4, label: 'Ada' }, { net: 10, gross: 12, label: 'guest' }]);
    // findInFiles over a tree the script writes: the callback runs once per file with matches.
    fs.rmSync('tree', { recursive: true, force: true });
    const files = { 'a.ts': 'console.log(1);\nconsole.log(2);\n', 'b.ts': 'export const x = 1;\n', 'sub/c.ts': 'if (x) { console.log("c"); }\n', 'sub/deep/d.ts': 'console.log(4); console.log(5); console.log(6);\n', 'sub/e.js': 'console.log("js is not TypeScript");\n' };
    for (const [name, text] of Object.entries(files)) { fs.mkdirSync(path.dirname(path.join('tree', name)), { recursive: true }); fs.writeFileSync(path.join('tree', name), text); }
    await attempt('findInFiles', { files: 3, perFile: [['a.ts', 2], ['sub/c.ts', 1], ['sub/deep/d.ts', 3]] }, async () => {
      const perFile = [];
      let wake = null;
      const count = await sg.findInFiles(Lang.TypeScript, { paths: ['tree'], matcher: { rule: { pattern: 'console.log($A)' } } }, (err, nodes) => {
        if (err) { perFile.push(['error', String(err)]); return; }
        perFile.push([path.relative('tree', nodes[0].getRoot().filename()).split(path.sep).join('/'), nodes.length]);
        if (wake) wake();
      });
      // The promise gives the number of files; their callbacks may still be on their way.
      const deadline = Date.now() + 20000;
      while (perFile.length < count && Date.now() < deadline) await new Promise((r) => { wake = r; setTimeout(r, 100); });
      return { files: count, perFile: perFile.sort() };
    });
  } else { console.log('usage: ast-grep-test.js search|rewrite'); process.exit(2); }
  finish(`ast-grep ${mode}`);
}
main(process.argv[2]);
