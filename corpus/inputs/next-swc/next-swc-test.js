'use strict';
// Loads next.js's native SWC binding (the .node in ./package) and calls it the way next.js does
// (next/dist/build/swc/index.js): transform(src, isModule, JSON options Buffer) and
// minify(Buffer, JSON options Buffer), with the options next's webpack loader and MinifyPlugin build.
//   node next-swc-test.js transform : a Pages Router page (client compile: SSG data fetching
//       removed, __N_SSG added) and a 'use server' module (react-server layer: server references);
//       exact output; the page is then imported and rendered with a stub React
//   node next-swc-test.js minify    : a webpack chunk minified with MinifyPlugin's options; exact
//       output; the minified chunk is run and gives the same answers as the original
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { pathToFileURL } = require('node:url');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const binding = require(path.resolve('package', file));

const { check, attempt, finish } = require('./tap.js');
const toBuffer = (t) => Buffer.from(JSON.stringify(t));
const sha = (s) => crypto.createHash('sha256').update(s).digest('hex');

// What next 16.4.6's getLoaderSWCOptions returns (paths fixed under /app, so that the output does
// not depend on where the test runs), plus what next-swc-loader adds (filename, sourceFileName).
const base = (tsx, typeofWindow) => ({
  jsc: {
    externalHelpers: true,
    parser: { syntax: 'typescript', dynamicImport: true, decorators: false, tsx, importAssertions: true },
    experimental: { keepImportAttributes: true, emitAssertForImportAttributes: true, plugins: [], cacheRoot: '/app/.next/cache/swc' },
    transform: {
      legacyDecorator: false, decoratorMetadata: false, useDefineForClassFields: false,
      react: { importSource: 'react', runtime: 'automatic', pragmaFrag: 'React.Fragment', throwIfNamespace: true, development: false, useBuiltins: true, refresh: false },
      optimizer: { simplify: false, globals: { typeofs: { window: typeofWindow }, envs: { NODE_ENV: '"production"' } } },
      regenerator: { importPath: '/app/node_modules/next/dist/compiled/regenerator-runtime/runtime.js' },
    },
  },
  styledJsx: { useLightningcss: false },
  lintCodemodComments: true, debugFunctionName: false,
  cjsRequireOptimizer: { packages: { 'next/server': { transforms: {
    NextRequest: 'next/dist/server/web/spec-extension/request', NextResponse: 'next/dist/server/web/spec-extension/response',
    ImageResponse: 'next/dist/server/web/spec-extension/image-response', userAgentFromString: 'next/dist/server/web/spec-extension/user-agent',
    userAgent: 'next/dist/server/web/spec-extension/user-agent' } } } },
  isDevelopment: false, sourceMaps: false,
});
const browsers = ['chrome 64', 'edge 79', 'firefox 67', 'opera 51', 'safari 12'];
const pageOptions = {
  ...base(true, 'object'), emotion: null, styledComponents: null, preferEsm: false, cssEnv: { targets: browsers },
  fontLoaders: { fontLoaders: ['next/font/local', 'next/font/google'], relativeFilePathFromRoot: 'pages/blog/[slug].tsx' },
  disableNextSsg: false, isServerCompiler: false, pagesDir: '/app/pages', isPageFile: true, env: { targets: browsers },
  filename: '/app/pages/blog/[slug].tsx', sourceFileName: '/app/pages/blog/[slug].tsx',
};
const actionOptions = {
  ...base(false, 'undefined'),
  serverComponents: { isReactServerLayer: true, cacheComponentsEnabled: false, useCacheEnabled: false, taintEnabled: false, pageExtensions: ['tsx', 'ts', 'jsx', 'js'] },
  serverActions: { isReactServerLayer: true, isDevelopment: false, useCacheEnabled: false, hashSalt: '', cacheKinds: ['default', 'remote', 'private'] },
  preferEsm: true, optimizeServerReact: { optimize_use_state: false },
  fontLoaders: { fontLoaders: ['next/font/local', 'next/font/google'], relativeFilePathFromRoot: 'app/actions.ts' },
  disableNextSsg: true, isServerCompiler: true, appDir: '/app/app', isPageFile: false, env: { targets: { node: '20.9.0' } },
  filename: '/app/app/actions.ts', sourceFileName: '/app/app/actions.ts',
};

// A stub React for importing the compiled page: jsx() builds nodes, render() prints HTML.
const STUB_JSX = `export const Fragment = Symbol.for('fragment');
export function jsx(type, props, key) { return { type, props, key }; }
export const jsxs = jsx;
`;
const STUB_REACT = `export function useMemo(f) { return f(); }
export default { useMemo };
`;
function render(n) {
  if (n === null || n === undefined || n === false) return '';
  if (Array.isArray(n)) return n.map(render).join('');
  if (typeof n !== 'object') return String(n);
  if (typeof n.type === 'function') return render(n.type(n.props));
  const { children, ...attrs } = n.props;
  const a = Object.entries(attrs).map(([k, v]) => ` ${k === 'className' ? 'class' : k}="${v}"`).join('');
  return `<${n.type}${a}>${render(children)}</${n.type}>`;
}

async function main(mode) {
  if (mode === 'transform') {
    const page = await binding.transform(fs.readFileSync('page.tsx', 'utf8'), false, toBuffer(pageOptions));
    console.log(page.code);
    check('page client output sha256', sha(page.code), '24ef1f78589e545d817b1ec84b90c6b482d492cbb03885d05137ac9a34d7fa23');
    check('data fetching removed, __N_SSG added', [/function getStatic|readFileSync\(|from 'fs'|from 'path'|POSTS_DIR/.test(page.code), /export var __N_SSG = true|__N_SSG = true/.test(page.code)], [false, true]);
    fs.mkdirSync('node_modules/react', { recursive: true });
    fs.writeFileSync('node_modules/react/package.json', JSON.stringify({ name: 'react', type: 'module', exports: { '.': './index.js', './jsx-runtime': './jsx-runtime.js' } }));
    fs.writeFileSync('node_modules/react/index.js', STUB_REACT);
    fs.writeFileSync('node_modules/react/jsx-runtime.js', STUB_JSX);
    fs.writeFileSync('page.mjs', page.code);
    await attempt('compiled page renders', [true, '<main class="client"><h1>Hello</h1><p data-env="production">7 words</p><ol><li>b: 3</li><li>a: 2</li><li>c: 1</li><li>d: 1</li></ol></main>'], async () => {
      const m = await import(pathToFileURL(path.resolve('page.mjs')).href);
      return [m.__N_SSG, render({ type: m.default, props: { post: { slug: 'hello', title: 'Hello', words: ['b', 'a', 'c', 'b', 'a', 'b', 'd'] } } })];
    });
    const act = binding.transformSync(fs.readFileSync('actions.ts', 'utf8'), false, toBuffer(actionOptions));
    console.log(act.code);
    check('server actions output sha256', sha(act.code), '514c2931ffd2fbab093bf5d1b3525fc6c42c0669c1b0bd98dd3a862e56851618');
    // An action id is a flags byte, then the SHA-1 of salt + file name + ':' + export name.
    const sha1 = (s) => crypto.createHash('sha1').update(s).digest('hex');
    const ids = [...act.code.matchAll(/registerServerReference\((\w+), "([0-9a-f]{2})([0-9a-f]+)"/g)].map((m) => [m[1], m[2], m[3] === sha1(`/app/app/actions.ts:${m[1]}`)]);
    check('server references registered', ids, [['addToCart', '60', true], ['clearCart', '00', true]]);
  } else if (mode === 'minify') {
    const src = fs.readFileSync('chunk.js', 'utf8');
    const r = await binding.minify(Buffer.from(src), toBuffer({
      compress: { inline: 2, global_defs: { 'process.env.__NEXT_PRIVATE_MINIMIZE_MACRO_FALSE': false }, keep_classnames: false, keep_fnames: false },
      mangle: { reserved: ['AbortSignal'], disableCharFreq: false },
      module: 'unknown', output: { comments: false },
    }));
    console.log(r.code);
    check('minified chunk sha256', sha(r.code), '12a7b279f23c65b990ca35bf0574d466cc46728b413df398434cb8f48f4a51f9');
    check('macro branch removed, smaller', [r.code.includes('never'), r.code.length < src.length / 2], [false, true]);
    const run = (code) => {
      const self = {};
      new Function('self', 'process', code)(self, { env: {} });
      const [[ids, modules]] = self.webpackChunk_N_E;
      const cache = {};
      const req = (id) => { if (!cache[id]) { const module = { exports: {} }; cache[id] = module; modules[id](module, module.exports, req); } return cache[id].exports; };
      const { ShoppingCart, signal } = req(1002);
      const cart = new ShoppingCart([{ name: 'tea', cents: 450, quantity: 3 }, { name: 'cake', cents: 1205, quantity: 1 }]);
      return { ids, total: cart.total(), text: cart.describe('EUR'), signal, price: req(1001).formatPrice(7, 'USD') };
    };
    const want = { ids: [405], total: 2555, text: 'tea x3 = EUR 13.50\ncake x1 = EUR 12.05\ntotal EUR 25.55', signal: 'has AbortSignal', price: 'USD 0.07' };
    check('original chunk answers', run(src), want);
    check('minified chunk answers', run(r.code), want);
  } else { console.log('usage: next-swc-test.js transform|minify'); process.exit(2); }
  finish(`next-swc ${mode}`);
}
main(process.argv[2]);
