import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { CORPUS, readJson } from '../support/corpus';
import { drawnNodes, openPage, useBrowser } from './browser';

const browser = useBrowser();
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

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
    // the first import worker the page starts is the one that reads the file: when it ends
    const isImport = (w: { url(): string }) => /\/assets\/worker-[^/]*\.js$/.test(w.url());
    let seen = false;
    let ended = false;
    const { page, errors } = await openPage(browser(), `${inject('baseUrl')}#url=${encodeURIComponent(url)}`, (p) => p.on('worker', (w) => {
      if (!isImport(w) || seen) return;
      seen = true;
      w.once('close', () => { ended = true; });
    }));
    const summary = page.locator('.toolbar .summary');
    await summary.filter({ hasText: ' Ir' }).waitFor();
    // with the file read, it has nothing left and is ended (a fresh one, which
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

describe('a perf recording with several events and threads', () => {
  it('another event keeps the thread shown, and the other threads follow', async () => {
    const file = 'perf/events.perf.txt.gz';
    // perf report's totals per event and thread (test/fixtures/perf/make.sh), in nanoseconds
    const byThread = readJson<Record<string, Record<string, { total: number }>>>(join(FIXTURES, 'perf/events.perf.threads.oracle.json'));
    const all = readJson<Record<string, { total: number }>>(join(FIXTURES, 'perf/events.perf.oracle.json'));
    const { page, errors } = await openPage(browser(), `${inject('baseUrl')}#url=${encodeURIComponent(new URL(`../fixtures/${file}`, inject('baseUrl')).href)}`);
    const summary = page.locator('.toolbar .summary');
    const total = (ns: number) => `total ${(ns / 1e6).toLocaleString('en-US')} ms`;
    await summary.filter({ hasText: total(all['cpu-clock'].total) }).waitFor();
    const events = page.getByRole('combobox', { name: 'Event' });
    const picker = page.getByRole('combobox', { name: 'Profile' });
    const pick = async (tid: string) => picker.selectOption({ label: (await picker.locator('option', { hasText: ` ${tid})` }).textContent())! });
    // the lightest thread: its total is neither another thread's nor all threads'
    const [tid, lightest] = Object.entries(byThread['task-clock']).sort((a, b) => a[1].total - b[1].total)[0];
    await pick(tid);
    await summary.filter({ hasText: total(byThread['cpu-clock'][tid].total) }).waitFor();
    // (each thread's total is the same in both events: the event shown says when it is read)
    const eventShown = () => events.locator('option:checked').textContent();
    await events.selectOption({ label: 'task-clock' });
    await expect.poll(eventShown).toBe('task-clock');
    expect(await summary.textContent()).toContain(total(lightest.total));
    expect(await picker.locator('option:checked').textContent()).toContain(` ${tid})`);
    // another thread of the file shows task-clock too
    const other = Object.keys(byThread['task-clock']).find((t) => t !== tid)!;
    await pick(other);
    await summary.filter({ hasText: total(byThread['task-clock'][other].total) }).waitFor();
    expect(await eventShown()).toBe('task-clock');
    expect(errors).toEqual([]);
  });
});
