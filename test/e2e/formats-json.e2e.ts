import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { CORPUS } from '../support/corpus';
import { drawnNodes, openPage, useBrowser } from './browser';

// speedscope, Firefox Profiler and trace-event files in the page: each opens through the file
// input with a chart and a table (the smallest have one function: a row, and root and it in the chart), files with several
// profiles offer them all, and the repaired ones say what was repaired.

const browser = useBrowser();
const FIXTURES = new URL('../fixtures/trace-event/', import.meta.url).pathname;

const files: [string, number][] = [
  ['others/speedscope/0.0.1-simple.speedscope.json', 1],
  ['others/speedscope/0.1.2-simple-sampled.speedscope.json', 1],
  ['others/speedscope/0.6.0-two-sampled.speedscope.json', 2],
  ['others/speedscope/invalid-incomplete-trace.json', 1],
  ['others/speedscope/invalid-out-of-order-events.json', 1],
  ['others/firefox/59-firefox.json', 1],
  ['others/firefox/61-recursion.json', 1],
  ['others/firefox/63-simple-firefox.json', 1],
  ['others/trace-event/end-event-with-empty-stack.json', 1],
  ['others/trace-event/matching-x.json', 1],
  ['others/trace-event/multi-thread-with-samples.json', 2],
  ['others/trace-event/multiprocess.json', 8],
  ['others/trace-event/only-begin-events.json', 1],
];

describe('speedscope, Firefox Profiler and trace-event files in the page', () => {
  it('open each with a chart and a table, every profile of the file offered, no error', async () => {
    const { page, errors } = await openPage(browser(), inject('baseUrl'));
    await page.locator('.stats-table tbody tr').first().waitFor();
    for (const [file, profiles] of files) {
      const name = file.split('/').pop()!;
      await page.locator('input[type=file]').first().setInputFiles(join(CORPUS, file));
      await page.locator('.toolbar .summary', { hasText: name }).waitFor();
      await page.locator('.stats-table tbody tr').first().waitFor(); // the rows come a render after the profile
      expect(await page.getByRole('alert').count(), file).toBe(0);
      expect(await page.locator('.stats-table tbody tr').count(), file).toBeGreaterThanOrEqual(1); // a tree's own root is no row
      expect(await drawnNodes(page), file).toBeGreaterThanOrEqual(2);
      const picker = page.getByRole('combobox', { name: 'Profile' });
      const offered = (await picker.count()) === 0 ? 1 : await picker.locator('option').count();
      expect(offered, file).toBe(profiles);
    }
    expect(errors).toEqual([]);
  });

  it('a repaired file says what was repaired', async () => {
    const { page, errors } = await openPage(browser(), inject('baseUrl'));
    await page.locator('.stats-table tbody tr').first().waitFor();
    await page.locator('input[type=file]').first().setInputFiles(join(CORPUS, 'others/speedscope/invalid-out-of-order-events.json'));
    const banner = page.locator('.banner.warning');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain('1 close events of frames that were not open: dropped (first at profiles[0].events[7])');
    await page.locator('input[type=file]').first().setInputFiles(join(CORPUS, 'others/speedscope/0.1.2-simple-sampled.speedscope.json'));
    await page.locator('.toolbar .summary', { hasText: '0.1.2-simple-sampled' }).waitFor();
    expect(await banner.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('a real chromium trace, gzipped: its heaviest thread first, all threads offered', async () => {
    const { page, errors } = await openPage(browser(), inject('baseUrl'));
    await page.locator('.stats-table tbody tr').first().waitFor();
    await page.locator('input[type=file]').first().setInputFiles(join(FIXTURES, 'chromium-startup.json.gz'));
    await page.locator('.toolbar .summary', { hasText: 'chromium-startup' }).waitFor();
    // its heaviest thread is a pool worker inside one task the trace never saw end
    expect(await drawnNodes(page)).toBeGreaterThanOrEqual(2);
    expect(await page.getByRole('combobox', { name: 'Profile' }).locator('option').count()).toBeGreaterThan(10);
    expect(errors).toEqual([]);
  });
});
