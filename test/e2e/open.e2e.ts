import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CORPUS } from '../support/corpus';
import { drawnNodes, openPage, useBrowser } from './browser';

const browser = useBrowser();

describe('opening profiles in the page', () => {
  it('opens the example profile at start', async () => {
    const { page, errors } = await openPage(browser(), inject('baseUrl'));
    await page.locator('.stats-table tbody tr').first().waitFor();
    expect(await drawnNodes(page)).toBeGreaterThan(5);
    await expect(page.locator('.toolbar .summary').textContent()).resolves.toContain('report.prof');
    expect(errors).toEqual([]);
  });

  it.each([
    ['cpuprofile/small.cpuprofile', 'roundTrip'],
    ['cpuprofile/deep.cpuprofile', 'fib'],
    ['chrome/Chrome-65-sucrase.cpuprofile', 'processRegion'], // high by self time: the table's first order
  ])('loads %s through the file input and shows rows and a chart', async (file, expectedFunction) => {
    const { page, errors } = await openPage(browser(), inject('baseUrl'));
    await page.locator('.stats-table tbody tr').first().waitFor();
    await page.locator('input[type=file]').first().setInputFiles(join(CORPUS, file));
    await page.locator('.toolbar .summary', { hasText: file.split('/').pop()! }).waitFor();
    await page.locator('.stats-table tbody tr').first().waitFor(); // the rows come a render after the profile
    await expect(page.locator('.stats-table td.fn', { hasText: expectedFunction }).count()).resolves.toBeGreaterThan(0);
    expect(await page.locator('.stats-table tbody tr').count()).toBeGreaterThan(5);
    expect(await drawnNodes(page)).toBeGreaterThan(5);
    expect(errors).toEqual([]);
  });
});

/** every profile of the corpus (not the oracles beside them) */
const profiles = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(prof|cpuprofile|callgrind|log|json|out)$/.test(f) && !/\.(oracle|annotate|pstats)\.json$/.test(f))
  .sort();

describe('every corpus profile in the page', () => {
  it('has them all', () => {
    expect(profiles.length).toBeGreaterThanOrEqual(25);
  });

  it('opens each one with a chart and a table, and no error', async () => {
    const { page, errors } = await openPage(browser(), inject('baseUrl'));
    await page.locator('.stats-table tbody tr').first().waitFor();
    for (const file of profiles) {
      const name = file.split('/').pop()!;
      await page.locator('input[type=file]').first().setInputFiles(join(CORPUS, file));
      await page.locator('.toolbar .summary', { hasText: name }).waitFor();
      await page.locator('.stats-table tbody tr').first().waitFor(); // the rows come a render after the profile
      expect(await page.getByRole('alert').count(), file).toBe(0);
      // the smallest (speedscope's samples) hold one function: a row for it (a tree's own root is
      // no row), and in the chart the root and it
      expect(await page.locator('.stats-table tbody tr').count(), file).toBeGreaterThanOrEqual(1);
      expect(await drawnNodes(page), file).toBeGreaterThanOrEqual(2);
    }
    expect(errors).toEqual([]);
  });
});

describe('the function table of a big profile', () => {
  it('keeps only the rows in view in the page, and reaches every function by scrolling', async () => {
    const file = join(CORPUS, 'python/large.prof');
    const functions = (JSON.parse(readFileSync(`${file}.pstats.json`, 'utf8')) as { functions: unknown[] }).functions.length;
    const { page } = await openPage(browser(), inject('baseUrl'));
    await page.locator('.stats-table tbody tr').first().waitFor();
    await page.locator('input[type=file]').first().setInputFiles(file);
    await page.locator('.stats-count', { hasText: `${functions.toLocaleString('en-US')} functions` }).waitFor();
    await page.locator('.stats-table tbody tr').first().waitFor(); // the rows come a render after the profile
    const inPage = await page.locator('.stats-table tbody tr:not(.spacer)').count();
    expect(inPage).toBeGreaterThan(10);
    expect(inPage).toBeLessThan(functions / 4);
    // the last function by cumtime is the smallest: scroll to the end and it is there
    await page.locator('.stats').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await expect.poll(async () => Number(await page.locator('.stats-table tbody tr:not(.spacer)').last().getAttribute('data-index'))).toBe(functions - 1);
  });

  it('sorts a table of 25 000 functions by name in the order worker, as pstats sorts stdname', async () => {
    // a real cProfile profile of 25 000 functions (more than the page sorts on its own thread)
    const dir = mkdtempSync(join(tmpdir(), 'profburst-sort-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'many.prof');
    const made = spawnSync('python3', [fileURLToPath(new URL('../fixtures/python/many-functions.py', import.meta.url)), file, '25000'], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    // pstats' own order of the labels (func_std_string), A to Z: the first and last ten
    const { count, first, last } = JSON.parse(made.stdout) as { count: number; first: string[]; last: string[] };
    const workers: string[] = [];
    const { page, errors } = await openPage(browser(), inject('baseUrl'), (p) => p.on('worker', (w) => workers.push(w.url())));
    await page.locator('.stats-table tbody tr').first().waitFor();
    await page.locator('input[type=file]').first().setInputFiles(file);
    await page.locator('.stats-count', { hasText: `${count.toLocaleString('en-US')} functions` }).waitFor();
    // the table's first ten rows (it scrolls to the selected function after a sort: back to the top)
    const labels = async () => {
      await page.locator('.stats').evaluate((el) => { el.scrollTop = 0; });
      return page.locator('.stats-table tbody tr:not(.spacer)').evaluateAll((trs) => trs
        .filter((tr) => Number(tr.getAttribute('data-index')) < 10)
        .map((tr) => tr.querySelector('.fn-label')!.textContent));
    };
    const header = page.locator('.stats-table th.fn button');
    await header.click();
    await expect.poll(labels).toEqual(first);
    await expect(header.getAttribute('aria-busy')).resolves.toBe('false');
    await header.click();
    await expect.poll(labels).toEqual([...last].reverse());
    // sorted there, not on the page's thread
    expect(workers.filter((url) => /\/assets\/order\.worker-[^/]*\.js$/.test(url))).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
