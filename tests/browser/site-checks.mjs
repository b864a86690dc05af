// The checks the browser test makes on a published site (tests/browser/site.test.mjs publishes
// it). Every check relies only on the DOM contract of the site (the generator's README):
// #matrix, #counts, #filters, pre.output, section#target-NAME.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Flags that work as root on a machine with a closed network: without the background-networking
// ones chromium keeps trying to reach Google's hosts.
export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// Collects named results; `failed` is what the exit status reports.
export class Checks {
  constructor() { this.passed = 0; this.failed = []; }
  ok(condition, name, detail = '') {
    if (condition) {
      this.passed++;
      console.log(`ok - ${name}`);
    } else {
      this.failed.push(name);
      console.log(`not ok - ${name}${detail ? `\n    ${detail.replace(/\n/g, '\n    ')}` : ''}`);
    }
    return condition;
  }
  equal(actual, expected, name) {
    const a = JSON.stringify(actual), e = JSON.stringify(expected);
    return this.ok(a === e, name, `expected ${e}\n     got ${a}`);
  }
}

// What a page must never do, whichever page it is: a dialog, a console error, an uncaught
// exception, a request that leaves file://, a resource that fails to load.
function watch(page, problems) {
  page.on('dialog', async (dialog) => {
    problems.push(`dialog (${dialog.type()}): ${dialog.message()} on ${page.url()}`);
    await dialog.dismiss().catch(() => {});
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught exception on ${page.url()}: ${error.message}`));
  page.on('request', (request) => {
    const protocol = new URL(request.url()).protocol;
    if (!['file:', 'data:', 'blob:', 'about:'].includes(protocol))
      problems.push(`request leaves file://: ${request.url()}`);
  });
  page.on('requestfailed', (request) =>
    problems.push(`failed to load ${request.url()}: ${request.failure()?.errorText}`));
}

// The matrix as the browser shows it now.
function readMatrix(page) {
  return page.evaluate(() => {
    const targets = [...document.querySelectorAll('#matrix thead th[data-target]')]
      .map((th) => th.dataset.target).filter((t) => t !== 'reference');
    const rows = [...document.querySelectorAll('#matrix tr[data-test]')].map((tr) => ({
      test: tr.dataset.test,
      tags: (tr.dataset.tags || '').split(/\s+/).filter(Boolean),
      // What free text matches: the test id, the row's text and its cells' reasons.
      text: [tr.dataset.test, tr.textContent, ...[...tr.querySelectorAll('[title]')].map((e) => e.title)]
        .join(' ').toLowerCase(),
      hidden: tr.hidden,
      program: tr.closest('tbody')?.dataset.program,
      cells: [...tr.querySelectorAll('td[data-target][data-status]')]
        .filter((td) => td.dataset.target !== 'reference')
        .map((td) => ({
          target: td.dataset.target, status: td.dataset.status, hidden: td.hidden,
          unreferenced: td.dataset.reference === 'none',
          marked: !!td.querySelector('.mark'),
          href: td.querySelector('a')?.getAttribute('href') ?? null,
          title: td.getAttribute('title'),
        })),
    }));
    const counts = {};
    for (const tr of document.querySelectorAll('#counts tr[data-target]')) {
      counts[tr.dataset.target] = {};
      for (const td of tr.querySelectorAll('td[data-status]'))
        counts[tr.dataset.target][td.dataset.status] = Number(td.textContent.trim());
    }
    return { targets, rows, counts };
  });
}

function countCells(rows, target) {
  const n = {};
  for (const row of rows)
    for (const cell of row.cells)
      if (cell.target === target) n[cell.status] = (n[cell.status] || 0) + 1;
  return n;
}

const nonZero = (counts) => Object.fromEntries(
  Object.entries(counts || {}).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b)));

// Which rows the contract says are shown: text, tag, and one shown cell with a checked status.
// Unchecking "no reference" makes the cells no reference judges count as not shown.
function expectedShown(rows, { statuses, tag = '', text = '', unreferenced = true }) {
  return rows.filter((row) => row.text.includes(text.toLowerCase()) &&
    (tag === '' || row.tags.includes(tag)) &&
    row.cells.some((c) => !c.hidden && statuses.includes(c.status) && (unreferenced || !c.unreferenced)))
    .map((r) => r.test);
}
const shownRows = (matrix) => matrix.rows.filter((r) => !r.hidden).map((r) => r.test);

// A page's escaping: markup a program printed must never become an element or a handler.
async function hostileMarkupLive(page) {
  return page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll('img[onerror]')) found.push(el.outerHTML);
    for (const el of document.querySelectorAll('script'))
      if (el.textContent.includes('alert(1)')) found.push(el.outerHTML.slice(0, 200));
    for (const el of document.querySelectorAll('*'))
      for (const attr of el.attributes)
        if (attr.name.startsWith('on') && attr.value.includes('alert')) found.push(el.outerHTML.slice(0, 200));
    return found;
  });
}

// WCAG AA: every element that shows text has a contrast ratio of at least 4.5:1 between its
// colour and the first opaque background behind it (3:1 for large text).
async function lowContrast(page) {
  return page.evaluate(() => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const luminance = ([r, g, b]) => {
      const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const background = (el) => {
      for (; el; el = el.parentElement) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const low = new Set();
    for (const el of document.querySelectorAll('body *')) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own || el.closest('[hidden]') || el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      const [a, b] = [luminance(rgb(style.color).slice(0, 3)), luminance(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) low.add(`${el.tagName.toLowerCase()}.${el.className} ${ratio.toFixed(2)}:1 "${el.textContent.trim().slice(0, 30)}"`);
    }
    return [...low];
  });
}

// Opens the site's index from file:// and checks the matrix, its filters, its links, the test
// pages and every page reachable from the index.
//   site: the folder `woa publish --out` wrote
//   verdicts: `woa diff --json`'s verdicts for the same run (what the DB says, read apart)
//   hostile: {test, lines}: the test whose program printed markup, and lines it printed
//   screenshots: folder for matrix.png and test-page.png
export async function checkSite({ chromium, executablePath, site, verdicts, hostile, screenshots, checks }) {
  site = resolve(site);
  const problems = [];
  const browser = await chromium.launch({ executablePath, headless: true, args: chromiumArgs });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Anything not file:// is refused before it leaves (and reported by watch()).
    await context.route((url) => !['file:', 'data:', 'blob:', 'about:'].includes(url.protocol),
      (route) => route.abort('blockedbyclient'));
    const page = await context.newPage();
    watch(page, problems);
    const index = pathToFileURL(join(site, 'index.html')).href;
    await page.goto(index);

    // The matrix and its counts.
    const matrix = await readMatrix(page);
    const lowOnMatrix = await lowContrast(page);
    checks.ok(lowOnMatrix.length === 0, 'the matrix page\'s text passes WCAG AA contrast', lowOnMatrix.join('\n'));
    checks.ok(matrix.rows.length > 0, 'the matrix has test rows', `${matrix.rows.length} rows`);
    checks.equal(Object.keys(matrix.counts).sort(), [...matrix.targets].sort(),
      '#counts has one row per target column of #matrix');
    for (const target of matrix.targets)
      checks.equal(nonZero(matrix.counts[target]), nonZero(countCells(matrix.rows, target)),
        `#counts for ${target} equals the cells shown in its column`);
    for (const row of matrix.rows)
      checks.equal(row.cells.map((c) => c.target).sort(), [...matrix.targets].sort(),
        `${row.test} has one cell per target`);

    // The same statuses as the results DB, read apart by `woa diff --json`.
    const judged = new Map(verdicts.map((v) => [`${v.test} ${v.target}`, v.verdict]));
    const verdictTargets = [...new Set(verdicts.map((v) => v.target))].sort();
    checks.ok(verdictTargets.every((t) => matrix.targets.includes(t)),
      'every target of the run has a column', `run: ${verdictTargets}; columns: ${matrix.targets}`);
    for (const target of verdictTargets) {
      const fromDb = {};
      for (const v of verdicts) if (v.target === target) fromDb[v.verdict] = (fromDb[v.verdict] || 0) + 1;
      checks.equal(nonZero(matrix.counts[target]), nonZero(fromDb), `#counts for ${target} equals woa diff's verdicts`);
      const mismatches = [];
      for (const row of matrix.rows)
        for (const cell of row.cells.filter((c) => c.target === target)) {
          const expected = judged.get(`${row.test} ${target}`) ?? 'not-run';
          if (cell.status !== expected) mismatches.push(`${row.test}: ${cell.status}, woa diff says ${expected}`);
        }
      for (const v of verdicts.filter((v) => v.target === target))
        if (!matrix.rows.some((r) => r.test === v.test)) mismatches.push(`${v.test}: no row`);
      checks.ok(mismatches.length === 0, `every ${target} cell has woa diff's verdict`, mismatches.join('\n'));
    }
    checks.ok(matrix.rows.every((r) => r.cells.every((c) => c.title && c.title.trim())),
      'every result cell has a one-line reason (title)');

    const shot = join(screenshots, 'matrix.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`screenshot: ${shot}`);

    // Filters: all rows shown at first; unchecking a status hides exactly the rows left with no
    // shown cell of a checked status.
    const allStatuses = await page.$$eval('#filters input[name=status]', (boxes) => boxes.map((b) => b.value));
    checks.ok(await page.$$eval('#filters input[name=status]', (boxes) => boxes.every((b) => b.checked)),
      'every status filter is checked at first');
    checks.equal(shownRows(matrix), matrix.rows.map((r) => r.test), 'every row is shown at first');
    // The status whose unchecking hides some rows but not all: the filter can be seen to work.
    const candidates = allStatuses.map((status) => ({
      status, shown: expectedShown(matrix.rows, { statuses: allStatuses.filter((s) => s !== status) }),
    })).filter((c) => c.shown.length > 0 && c.shown.length < matrix.rows.length);
    if (checks.ok(candidates.length > 0, 'some status filter hides some rows but not all',
      `statuses ${allStatuses}`)) {
      const { status, shown } = candidates[0];
      const box = page.locator(`#filters input[name=status][value="${status}"]`);
      await box.click();
      checks.equal(shownRows(await readMatrix(page)), shown, `unchecking "${status}" hides exactly its rows`);
      await box.focus();
      await page.keyboard.press('Space'); // the filters are reachable from the keyboard
      checks.equal(shownRows(await readMatrix(page)), matrix.rows.map((r) => r.test),
        `checking "${status}" again (keyboard) shows every row`);
    }

    // The reference mark: every cell without a reference carries it and says what happened
    // (never just "no-reference"); unchecking it hides the rows with only such cells.
    const unjudged = matrix.rows.flatMap((r) => r.cells).filter((c) => c.unreferenced);
    checks.ok(unjudged.length > 0 && unjudged.every((c) => c.marked),
      'cells without a reference carry the "no reference" mark', `${unjudged.length} such cells`);
    const refBox = page.locator('#filters input[name=reference]');
    await refBox.click();
    checks.equal(shownRows(await readMatrix(page)),
      expectedShown(matrix.rows, { statuses: allStatuses, unreferenced: false }),
      'unchecking "no reference" hides exactly the rows no reference judges');
    await refBox.click();
    checks.equal(shownRows(await readMatrix(page)), matrix.rows.map((r) => r.test),
      'checking "no reference" again shows every row');

    // Free text: a test name found in one row's text only.
    const unique = matrix.rows.map((r) => r.test.split('/')[1])
      .find((name) => matrix.rows.filter((r) => r.text.includes(name)).length === 1);
    if (checks.ok(unique !== undefined, 'some test name appears in one row only')) {
      await page.fill('#filter-text', unique);
      const shown = shownRows(await readMatrix(page));
      checks.equal(shown, expectedShown(matrix.rows, { statuses: allStatuses, text: unique }),
        `free text "${unique}" shows only the rows that contain it`);
      checks.equal(shown.length, 1, `free text "${unique}" shows one row`);
      await page.fill('#filter-text', '');
      checks.equal(shownRows(await readMatrix(page)).length, matrix.rows.length, 'clearing the free text shows every row');
    }

    // Tag: one held by some rows but not all.
    const tags = await page.$$eval('#filter-tag option', (options) => options.map((o) => o.value));
    checks.equal(tags[0], '', 'the first tag option is "all"');
    const tag = tags.find((t) => {
      const n = matrix.rows.filter((r) => r.tags.includes(t)).length;
      return t && n > 0 && n < matrix.rows.length;
    });
    if (checks.ok(tag !== undefined, 'some tag is held by some rows but not all', `tags ${tags}`)) {
      await page.selectOption('#filter-tag', tag);
      checks.equal(shownRows(await readMatrix(page)), expectedShown(matrix.rows, { statuses: allStatuses, tag }),
        `tag "${tag}" shows exactly the rows that have it`);
      await page.selectOption('#filter-tag', '');
    }

    // Target: the chosen column stays, the others' cells are hidden.
    const target = matrix.targets[0];
    await page.selectOption('#filter-target', target);
    const byTarget = await readMatrix(page);
    checks.ok(byTarget.rows.every((r) => r.cells.every((c) => c.hidden === (c.target !== target))),
      `target "${target}" hides the other targets' cells only`);
    await page.selectOption('#filter-target', '');

    // A cell's link reaches its test page and the target's section there.
    const row = matrix.rows.find((r) => r.test === hostile.test) ?? matrix.rows[0];
    const cellLink = page.locator(`#matrix tr[data-test="${row.test}"] td[data-target="${target}"] a`);
    await Promise.all([page.waitForURL(/\.html#target-/), cellLink.click()]);
    const reached = new URL(page.url());
    checks.equal(decodeURIComponent(reached.pathname).endsWith(`/tests/${row.test}.html`), true,
      `the ${target} cell of ${row.test} links to tests/${row.test}.html (${reached.pathname})`);
    checks.equal(reached.hash, `#target-${target}`, 'and to the target\'s section');
    checks.equal(await page.evaluate(() => document.querySelector(':target')?.tagName + '#' + document.querySelector(':target')?.id),
      `SECTION#target-${target}`, `section#target-${target} is the page's :target`);

    // The hostile output is text in pre.output of the test page, never markup.
    await page.goto(pathToFileURL(join(site, 'tests', `${hostile.test}.html`)).href);
    const outputs = await page.$$eval('pre.output', (pres) => pres.map((p) => p.textContent));
    for (const line of hostile.lines)
      checks.ok(outputs.some((o) => o.split('\n').includes(line)),
        `pre.output of ${hostile.test} shows the line ${JSON.stringify(line)} as text`,
        `outputs: ${JSON.stringify(outputs).slice(0, 500)}`);
    checks.ok(await page.locator('.reference-origin').count() > 0, `${hostile.test} has a .reference-origin`);
    const lowOnTestPage = await lowContrast(page);
    checks.ok(lowOnTestPage.length === 0, 'the test page\'s text passes WCAG AA contrast', lowOnTestPage.join('\n'));
    const testShot = join(screenshots, 'test-page.png');
    await page.screenshot({ path: testShot, fullPage: true });
    console.log(`screenshot: ${testShot}`);

    // Every page reachable from the index: its links resolve, it escapes, it stays quiet.
    const visited = new Set();
    const queue = [index];
    const broken = [];
    const live = [];
    const idsOf = new Map(); // page path -> its element ids
    const fragments = [];    // [from, link, path, id]
    while (queue.length && visited.size < 500) {
      const url = queue.shift();
      if (visited.has(url)) continue;
      visited.add(url);
      await page.goto(url);
      idsOf.set(fileURLToPath(url), new Set(await page.$$eval('[id]', (els) => els.map((e) => e.id))));
      live.push(...(await hostileMarkupLive(page)).map((h) => `${url}: ${h}`));
      const links = await page.$$eval('a[href], link[href], script[src], img[src]', (els) =>
        els.map((e) => e.href || e.src));
      for (const link of links) {
        const target = new URL(link);
        if (target.protocol !== 'file:') continue;
        const path = fileURLToPath(new URL(target.pathname, target));
        if (!existsSync(path)) { broken.push(`${url} -> ${link}`); continue; }
        if (target.hash) fragments.push([url, link, path, decodeURIComponent(target.hash.slice(1))]);
        target.hash = '';
        if (path.endsWith('.html') && path.startsWith(site) && !visited.has(target.href)) queue.push(target.href);
      }
    }
    for (const [from, link, path, id] of fragments)
      if (idsOf.has(path) && !idsOf.get(path).has(id)) broken.push(`${from} -> ${link} (no #${id})`);
    console.log(`visited ${visited.size} pages`);
    // The data for others: the matrix and one document per test, as JSON.
    const unreadable = [];
    for (const file of ['data/matrix.json', ...matrix.rows.map((r) => `data/tests/${r.test}.json`)]) {
      try { JSON.parse(readFileSync(join(site, file), 'utf8')); } catch (error) { unreadable.push(`${file}: ${error.message}`); }
    }
    checks.ok(unreadable.length === 0, 'data/matrix.json and data/tests/ENTRY/TEST.json parse as JSON', unreadable.join('\n'));
    for (const kind of ['programs', 'tests', 'targets'])
      checks.ok([...visited].some((u) => u.includes(`/${kind}/`)), `a ${kind}/ page is linked`);
    for (const page of ['regressions.html', 'api.html'])
      checks.ok([...visited].some((u) => u.endsWith(`/${page}`)), `${page} is linked`);
    checks.ok(broken.length === 0, 'every link between pages resolves', broken.slice(0, 20).join('\n'));
    checks.ok(live.length === 0, 'no page holds hostile markup as elements or handlers', live.join('\n'));
  } finally {
    await browser.close();
  }
  checks.ok(problems.length === 0, 'no dialog, console error, exception, failed load or request outside file://',
    [...new Set(problems)].slice(0, 20).join('\n'));
}

export function ensureDir(dir) { mkdirSync(dir, { recursive: true }); return dir; }
