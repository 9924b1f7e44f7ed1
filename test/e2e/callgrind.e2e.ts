import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { CORPUS, readJson } from '../support/corpus';
import { drawnNodes, openPage, useBrowser } from './browser';

const browser = useBrowser();

describe('a callgrind file with several events', () => {
  it('shows the first event, and the event selector switches chart and table to another', async () => {
    const file = join(CORPUS, 'callgrind/cachesim.callgrind');
    const total = readJson<{ total: number }>(`${file}.annotate.json`).total;
    const { page, errors } = await openPage(browser(), inject('baseUrl'));
    await page.locator('.stats-table tbody tr').first().waitFor();
    await page.locator('input[type=file]').first().setInputFiles(file); // the profile-files input, not the folder picker
    const summary = page.locator('.toolbar .summary');
    // callgrind_annotate's total, with thousands separators and the event's name
    await summary.filter({ hasText: `${total.toLocaleString('en-US')} Ir` }).waitFor();
    const events = page.getByRole('combobox', { name: 'Event' });
    const names = await events.locator('option').allTextContents();
    expect(names.slice(0, 3)).toEqual(['Ir', 'Dr', 'Dw']);
    expect(await drawnNodes(page)).toBeGreaterThan(5);
    const firstCell = () => page.locator('.stats-table tbody tr').first().locator('td').nth(1).textContent(); // self Ir
    expect(await firstCell()).toMatch(/ Ir$/);

    await events.selectOption({ label: 'Dr' });
    await summary.filter({ hasText: ' Dr' }).waitFor();
    await expect.poll(firstCell).toMatch(/ Dr$/);
    expect(await drawnNodes(page)).toBeGreaterThan(5);
    expect(errors).toEqual([]);
  });

  it('read by link, then with another event once the import worker is gone: the page sends the file again', async () => {
    const url = new URL('../corpus/callgrind/cachesim.callgrind', inject('baseUrl')).href;
    const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // the first import worker the page starts is the one that reads the file: when it ends
    const isImport = (w: { url(): string }) => /\/assets\/worker-[^/]*\.js$/.test(w.url());
    let seen = false;
    let ended = false;
    page.on('worker', (w) => {
      if (!isImport(w) || seen) return;
      seen = true;
      w.once('close', () => { ended = true; });
    });
    await page.goto(`${inject('baseUrl')}#url=${encodeURIComponent(url)}`);
    const summary = page.locator('.toolbar .summary');
    await summary.filter({ hasText: ' Ir' }).waitFor();
    // with the table's orders delivered, it has nothing left and is ended (a fresh one, which
    // never saw the file, then waits for the next)
    expect(seen).toBe(true);
    await expect.poll(() => ended, { timeout: 10_000 }).toBe(true);
    await page.getByRole('combobox', { name: 'Event' }).selectOption({ label: 'Dr' });
    // valgrind's own summary line for Dr (events: Ir Dr Dw ...; summary: 11516953 2916144 ...)
    await summary.filter({ hasText: `${(2916144).toLocaleString('en-US')} Dr` }).waitFor();
    expect(await drawnNodes(page)).toBeGreaterThan(5);
    expect(errors).toEqual([]);
  });
});
