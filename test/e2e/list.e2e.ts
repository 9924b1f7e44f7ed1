import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { pageUrl } from '../../src/cli/serve';
import { startServer, type RunningServer } from '../../src/cli/server';
import { CORPUS, CORPUS_TOOLS, corpusFiles } from '../support/corpus';
import type { PstatsOracle } from '../support/pstatsOracle';
import { drawnNodes, openPage, useBrowser } from './browser';

// The profile list in the page: a folder of per-request profiles served by the CLI, filtered,
// merged and compared; and a real bottle app under werkzeug's ProfilerMiddleware, followed live.
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const browser = useBrowser();
let server: RunningServer | null = null;
let app: ChildProcess | null = null;
afterAll(async () => {
  app?.kill();
  await server?.close();
});

const listRows = (page: Page) => page.locator('.list-table tbody tr[data-id]');
const count = (page: Page) => page.locator('.list-count');
/** the ncalls cell of a function's row in the stats table, found through the search box */
async function ncallsOf(page: Page, name: string): Promise<string> {
  await page.getByRole('searchbox', { name: 'Search functions' }).fill(name);
  const row = page.locator('.stats-table tbody tr', { has: page.locator('.fn-name', { hasText: new RegExp(`^${name}$`) }) }).first();
  await row.waitFor();
  return (await row.locator('td').first().textContent()) ?? '';
}

describe('the profile list', () => {
  it('lists a folder of requests (a broken one named), filters, merges, and compares two groups', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'profburst-list-'));
    const requests = corpusFiles('requests', '.prof');
    for (const f of requests) copyFileSync(f, join(dir, basename(f)));
    writeFileSync(join(dir, 'GET.broken.1ms.1.prof'), readFileSync(requests[0]).subarray(0, 60));
    server = await startServer({ distRoot: dist, sourceRoots: [], dir, watch: false });
    const { page, errors } = await openPage(browser(), pageUrl(server.origin, server.profileUrls, { watch: false, dir: true }));
    await count(page).filter({ hasText: '22 of 22 shown' }).waitFor({ timeout: 20_000 });
    await count(page).filter({ hasText: '1 unreadable' }).waitFor();
    await expect(page.locator('.list-table tr.broken').textContent()).resolves.toContain('GET.broken');

    // all readable ones merged: what pstats.Stats reads from the 21 (fib's calls, over all of them)
    const oracle = JSON.parse(readFileSync(join(CORPUS, 'requests.merged.pstats.json'), 'utf8')) as PstatsOracle;
    const fib = oracle.functions.find((f) => f.name === 'fib')!;
    await page.locator('.list-shown', { hasText: 'showing 21 merged' }).waitFor({ timeout: 20_000 });
    expect(await ncallsOf(page, 'fib')).toBe(`${fib.ncalls}/${fib.primcalls}`);
    expect(await drawnNodes(page)).toBeGreaterThan(3);
    await page.getByRole('searchbox', { name: 'Search functions' }).fill('');

    // the fast requests as the base, the report requests as the new side
    await page.getByRole('searchbox', { name: 'Filter by name' }).fill('GET.root');
    await count(page).filter({ hasText: '11 of 22 shown' }).waitFor();
    await page.getByRole('button', { name: 'Select all matching' }).click();
    await page.getByRole('button', { name: 'Set as base' }).click();
    await page.getByRole('searchbox', { name: 'Filter by name' }).fill('GET.report');
    await count(page).filter({ hasText: '10 of 22 shown' }).waitFor();
    await page.getByRole('button', { name: 'Select all matching' }).click();
    await page.getByRole('button', { name: /Compare with base/ }).click();
    const pane = page.getByRole('region', { name: 'Comparison' });
    await pane.waitFor();
    await expect(pane.locator('.diff-summary').textContent()).resolves.toMatch(/base: 11 profiles.*new: 10/);
    await expect(pane.locator('.diff-note').textContent()).resolves.toContain('estimates');
    // fib runs only in /report: new, and first or near it by |Δ total|
    const fibRow = pane.locator('tr.diff-new', { hasText: 'wsgi_app.py:8(fib)' });
    await fibRow.waitFor();
    expect(await drawnNodes(page)).toBeGreaterThan(3);

    // shift-click picks a range in the order shown
    await page.getByRole('searchbox', { name: 'Filter by name' }).fill('');
    await listRows(page).nth(2).click();
    await listRows(page).nth(5).click({ modifiers: ['Shift'] });
    await count(page).filter({ hasText: '4 selected' }).waitFor();
    expect(errors).toEqual([]);
  });
});

describe('several files picked at once', () => {
  it('reads picked files in the worker: each row its file\'s mtime, broken ones named and left out of the merge', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'profburst-picked-'));
    const requests = corpusFiles('requests', '.prof');
    const files = requests.map((f) => join(dir, basename(f)));
    requests.forEach((f, i) => {
      copyFileSync(f, files[i]);
      utimesSync(files[i], 1_600_000_000 + i, 1_600_000_000 + i);
    });
    // the newest file: first in the list, which is sorted by mtime, newest first
    const newest = files[3];
    utimesSync(newest, 1_700_000_000, 1_700_000_000);
    const truncated = join(dir, 'GET.broken.1ms.1.prof'), empty = join(dir, 'GET.empty.1ms.2.prof');
    writeFileSync(truncated, readFileSync(requests[0]).subarray(0, 60));
    writeFileSync(empty, '');
    for (const f of [truncated, empty]) utimesSync(f, 1_500_000_000, 1_500_000_000);
    const { page, errors } = await openPage(browser(), inject('baseUrl'));
    await page.locator('.toolbar .summary').waitFor();
    await page.locator('input[aria-label="Profile files"]').setInputFiles([files[0], truncated, ...files.slice(1, 10), empty, ...files.slice(10)]);
    await count(page).filter({ hasText: '23 of 23 shown' }).waitFor({ timeout: 20_000 });
    await count(page).filter({ hasText: '2 unreadable' }).waitFor();
    await expect(listRows(page).first().locator('.list-name').textContent()).resolves.toBe(basename(newest));
    // each broken file listed with its error (the rows at the bottom: found through the filter)
    const filter = page.getByRole('searchbox', { name: 'Filter by name' });
    for (const name of ['GET.broken', 'GET.empty']) {
      await filter.fill(name);
      await count(page).filter({ hasText: '1 of 23 shown' }).waitFor();
      await expect(page.locator('.list-table tr.broken .list-name').textContent()).resolves.toContain(name);
      await expect(page.locator('.list-table tr.broken .list-hot').textContent()).resolves.not.toBe('');
    }
    await filter.fill('');

    // the merge of the readable ones is what pstats.Stats reads from the 21
    const oracle = JSON.parse(readFileSync(join(CORPUS, 'requests.merged.pstats.json'), 'utf8')) as PstatsOracle;
    const fib = oracle.functions.find((f) => f.name === 'fib')!;
    await page.locator('.list-shown', { hasText: 'showing 21 merged' }).waitFor({ timeout: 20_000 });
    expect(await ncallsOf(page, 'fib')).toBe(`${fib.ncalls}/${fib.primcalls}`);
    expect(errors).toEqual([]);
  });

  it('merges callgrind files event by event: another event merges them again by its name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'profburst-cg-'));
    const a = join(dir, 'a.callgrind'), b = join(dir, 'b.callgrind');
    copyFileSync(join(CORPUS, 'callgrind/cachesim.callgrind'), a);
    copyFileSync(join(CORPUS, 'callgrind/cachesim.callgrind'), b);
    const { page, errors } = await openPage(browser(), inject('baseUrl'));
    await page.locator('.toolbar .summary').waitFor();
    await page.locator('input[aria-label="Profile files"]').setInputFiles([a, b]);
    await page.locator('.list-shown', { hasText: 'showing 2 merged' }).waitFor({ timeout: 20_000 });
    // summary: lines of the file give each event's program total; twice that in the merge
    const summary = readFileSync(a, 'utf8').split('\n').find((l) => l.startsWith('summary:'))!.split(/\s+/).slice(1).map(Number);
    const total = async () => (await page.locator('.toolbar .summary').textContent()) ?? '';
    await expect.poll(total).toContain((2 * summary[0]).toLocaleString('en-US'));
    await page.getByRole('combobox', { name: 'Event' }).selectOption({ label: 'Dr' });
    await expect.poll(total).toContain((2 * summary[1]).toLocaleString('en-US'));
    expect(errors).toEqual([]);
  });
});

describe('links to many profiles', () => {
  const corpusUrl = (f: string) => `/corpus/requests/${basename(f)}`;
  const requests = corpusFiles('requests', '.prof');
  const root = requests.filter((f) => basename(f).startsWith('GET.root.'));
  const report = requests.filter((f) => basename(f).startsWith('GET.report.'));

  it('#url=A&url=B&merge opens them merged, and the address keeps the link', async () => {
    const hash = `#${report.map((f) => `url=${encodeURIComponent(corpusUrl(f))}`).join('&')}&merge`;
    const { page, errors } = await openPage(browser(), `${inject('baseUrl')}${hash}`);
    await page.locator('.list-shown', { hasText: `showing ${report.length} merged` }).waitFor({ timeout: 20_000 });
    // fib's calls in the 10 report requests: pstats' merge of them all holds every fib call
    const oracle = JSON.parse(readFileSync(join(CORPUS, 'requests.merged.pstats.json'), 'utf8')) as PstatsOracle;
    const fib = oracle.functions.find((f) => f.name === 'fib')!;
    expect(await ncallsOf(page, 'fib')).toBe(`${fib.ncalls}/${fib.primcalls}`);
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/merge=1/);
    expect(errors).toEqual([]);
  });

  it('#url=NEW&base=BASE opens the comparison', async () => {
    const hash = `#${report.map((f) => `url=${encodeURIComponent(corpusUrl(f))}`).join('&')}&${root.map((f) => `base=${encodeURIComponent(corpusUrl(f))}`).join('&')}`;
    const { page, errors } = await openPage(browser(), `${inject('baseUrl')}${hash}`);
    const pane = page.getByRole('region', { name: 'Comparison' });
    await pane.waitFor({ timeout: 20_000 });
    await expect(pane.locator('.diff-summary').textContent()).resolves.toMatch(new RegExp(`base: ${root.length} profiles.*new: ${report.length}`));
    await pane.locator('tr.diff-new', { hasText: 'wsgi_app.py:8(fib)' }).waitFor();
    // normalised: both totals equal, the base scaled to the new side's
    await pane.getByRole('checkbox', { name: /normalise/ }).check();
    await pane.locator('.diff-summary', { hasText: 'normalised to the new total' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('a comparison matches callgrind events across its sides: a side without the chosen event counts 0', async () => {
    const next = join(CORPUS, 'callgrind/cachesim.callgrind'); // Ir Dr Dw ... (the cache simulator)
    const hash = `#url=${encodeURIComponent('/corpus/callgrind/cachesim.callgrind')}&base=${encodeURIComponent('/corpus/callgrind/default.callgrind')}`;
    const { page, errors } = await openPage(browser(), `${inject('baseUrl')}${hash}`);
    const pane = page.getByRole('region', { name: 'Comparison' });
    await pane.waitFor({ timeout: 20_000 });
    // valgrind's own totals line, one column per event
    const text = readFileSync(next, 'utf8');
    const events = /^events: (.*)$/m.exec(text)![1].split(' ');
    const totals = /^totals: (.*)$/m.exec(text)![1].split(' ').map(Number);
    await page.getByRole('combobox', { name: 'Event' }).selectOption({ label: 'Dr' });
    const summary = pane.locator('.diff-summary', { hasText: totals[events.indexOf('Dr')].toLocaleString('en-US') });
    await summary.waitFor({ timeout: 20_000 });
    await expect(summary.textContent()).resolves.toMatch(/base: .*\b0 Dr/);
    expect(await page.locator('.banner.error').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('a transform on a comparison is replayed on both sides: a function both sides call leaves the diff', async () => {
    const hash = `#${report.map((f) => `url=${encodeURIComponent(corpusUrl(f))}`).join('&')}&${root.map((f) => `base=${encodeURIComponent(corpusUrl(f))}`).join('&')}`;
    const { page, errors } = await openPage(browser(), `${inject('baseUrl')}${hash}`);
    const pane = page.getByRole('region', { name: 'Comparison' });
    await pane.waitFor({ timeout: 20_000 });
    // bottle's _cast runs in every request of both groups: a row of the diff with both sides
    const cast = pane.locator('tbody tr', { hasText: 'bottle.py:893(_cast)' });
    await cast.first().waitFor();
    const hide = async (pattern: string) => {
      await page.locator('body').press('h');
      await page.getByLabel('Hide functions matching').fill(pattern);
      await page.getByRole('button', { name: 'Hide', exact: true }).click();
    };
    await hide('^_cast$');
    await expect.poll(() => page.locator('.transform-chips .chip[data-transform]').count()).toBe(1);
    // merged away on the new side and on the base: not "gone", simply not there; still a comparison
    await expect.poll(() => cast.count()).toBe(0);
    await pane.locator('tr.diff-new', { hasText: 'wsgi_app.py:8(fib)' }).waitFor();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/transforms=h-/);
    // back to the original: the row returns
    await page.locator('.transform-chips').getByRole('button', { name: 'Original' }).click();
    await cast.first().waitFor();
    expect(errors).toEqual([]);
  });
});

const debianPython = '/usr/bin/python3';
const hasBottle = spawnSync(debianPython, ['-c', 'import bottle, werkzeug']).status === 0;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(!hasBottle)('a bottle app under ProfilerMiddleware, followed with --watch', () => {
  it('lists each request as it is written, and the merged handler ncalls are N times one request\'s', async () => {
    await server?.close();
    const dir = mkdtempSync(join(tmpdir(), 'profburst-app-'));
    const port = await freePort();
    app = spawn(debianPython, [join(CORPUS_TOOLS, 'wsgi_app.py'), String(port), dir], { stdio: 'ignore' });
    const get = async (path: string) => {
      for (let i = 0; i < 50; i++) {
        try {
          return await (await fetch(`http://127.0.0.1:${port}${path}`)).text();
        } catch {
          await new Promise((ok) => setTimeout(ok, 100));
        }
      }
      throw new Error('the app did not answer');
    };
    await get('/report');
    server = await startServer({ distRoot: dist, sourceRoots: [], dir, watch: true, debounceMs: 50, pollMs: 200 });
    const { page, errors } = await openPage(browser(), pageUrl(server.origin, server.profileUrls, { watch: true, dir: true }));
    await count(page).filter({ hasText: '1 of 1 shown' }).waitFor({ timeout: 20_000 });
    await page.locator('.list-shown', { hasText: 'showing 1 merged' }).waitFor({ timeout: 20_000 });
    const one = await ncallsOf(page, 'report');

    const n = 5;
    for (let i = 1; i < n; i++) await get('/report');
    await count(page).filter({ hasText: `${n} of ${n} shown` }).waitFor({ timeout: 20_000 });
    await page.locator('.list-shown', { hasText: `showing ${n} merged` }).waitFor({ timeout: 20_000 });
    expect(readdirSync(dir).filter((f) => f.endsWith('.prof')).length).toBe(n);
    expect(Number(await ncallsOf(page, 'report'))).toBe(n * Number(one));
    expect(Number(one)).toBe(1);
    expect(errors).toEqual([]);
  });
});
