import { createWriteStream, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CORPUS } from '../support/corpus';
import { drawnNodes, openPage, useBrowser } from './browser';

// Hostile and broken files in the page (issue 9): errors are reported and the open profile stays,
// a dead worker is reported and replaced, a long parse can be cancelled, and profile strings never
// become markup.

const browser = useBrowser();
const tmp = mkdtempSync(join(tmpdir(), 'profburst-hostile-'));
const broken = fileURLToPath(new URL('../fixtures/broken/', import.meta.url));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const base = () => inject('baseUrl');
const summary = (page: Page) => page.locator('.toolbar .summary');
const alert = (page: Page) => page.getByRole('alert');
const loadingBanner = (page: Page) => page.locator('.banner.loading');

async function waitForProfile(page: Page, name: string): Promise<void> {
  await summary(page).filter({ hasText: name }).waitFor();
  await page.locator('.stats-table tbody tr').first().waitFor();
}

async function startWithExample(): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser(), base());
  await waitForProfile(opened.page, 'report.prof');
  return opened;
}

describe('broken files in the page', () => {
  it.each([
    ['perf.data', 'perf.data: this is the binary file perf record writes, which only perf reads'],
    ['not-a-profile.json', 'unknown format: this JSON is none of the profile formats profburst reads'],
    ['nan-time.prof', 'pstats: a function entry holds NaN, not a finite number (at byte 26)'],
    ['bad-checksum.cpuprofile.gz', 'gzip: the file is truncated or corrupt'],
    ['time-overflow.cpuprofile', 'cpuprofile: the sample times are out of range'],
    ['empty.cpuprofile', 'the file is empty'],
  ])('%s: a banner with the message, and the open profile stays', async (file, message) => {
    const { page, errors } = await startWithExample();
    await page.locator('input[type=file]').first().setInputFiles(join(broken, file));
    await alert(page).waitFor();
    const text = await alert(page).textContent();
    expect(text).toContain(file);
    expect(text).toContain(message);
    await expect(summary(page).textContent()).resolves.toContain('report.prof');
    expect(await drawnNodes(page)).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'Dismiss error' }).click();
    await alert(page).waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });
});

describe('a profile with nothing to draw', () => {
  it('a file whose every weight is 0 opens, and the chart says why it is empty', async () => {
    const file = JSON.parse(readFileSync(join(CORPUS, 'others/speedscope/0.1.2-simple-sampled.speedscope.json'), 'utf8')) as { profiles: { unit: string; weights: number[] }[] };
    expect(file.profiles[0].unit).toBe('seconds');
    for (const p of file.profiles) p.weights = p.weights.map(() => 0);
    const idle = join(tmp, 'idle.speedscope.json');
    writeFileSync(idle, JSON.stringify(file));
    const { page, errors } = await startWithExample();
    expect(await page.locator('.chart-empty').count()).toBe(0); // the example has a cost: no note
    await page.locator('input[type=file]').first().setInputFiles(idle);
    await summary(page).filter({ hasText: 'idle.speedscope.json' }).waitFor();
    const note = page.locator('.chart-empty');
    await note.waitFor();
    expect(await note.textContent()).toBe(`Nothing to draw: this profile records no cost (its total is 0 s).`);
    expect(errors).toEqual([]);
  });
});

describe('the import worker', () => {
  it('a worker that crashes is reported and replaced: the next file opens', async () => {
    const crash = join(tmp, 'crash.cpuprofile');
    writeFileSync(crash, 'PROFBURST-TEST-CRASH'); // worker.ts throws an uncaught error for exactly these bytes
    const { page, errors } = await startWithExample();
    await page.locator('input[type=file]').first().setInputFiles(crash);
    await alert(page).waitFor();
    const text = await alert(page).textContent();
    expect(text).toContain('crash.cpuprofile');
    expect(text).toMatch(/import worker crashed .*restarted/);
    await expect(summary(page).textContent()).resolves.toContain('report.prof');
    await expect(loadingBanner(page).count()).resolves.toBe(0);

    await page.locator('input[type=file]').first().setInputFiles(join(CORPUS, 'cpuprofile/small.cpuprofile'));
    await waitForProfile(page, 'small.cpuprofile');
    await expect(alert(page).count()).resolves.toBe(0);
    expect(await drawnNodes(page)).toBeGreaterThan(3);
    expect(errors).toEqual([]);
  });

  it('a worker that stops answering is reported within 2 s; Cancel keeps the open profile and the next file opens', async () => {
    const hang = join(tmp, 'hang.cpuprofile');
    writeFileSync(hang, 'PROFBURST-TEST-HANG!'); // worker.ts spins without a word on exactly these bytes
    const { page, errors } = await startWithExample();
    const t0 = Date.now();
    await page.locator('input[type=file]').first().setInputFiles(hang);
    const quiet = page.locator('.banner.loading .loading-quiet');
    await quiet.waitFor({ timeout: 5000 });
    const waited = Date.now() - t0;
    expect(waited).toBeLessThan(3500); // 2 s of silence, a quarter second's tick, the test's own round trips
    await expect(quiet.textContent()).resolves.toMatch(/no word from the import worker for \d+ s: busy with a long step, or stuck \(it is stopped after 30 s\)/);
    await expect(loadingBanner(page).textContent()).resolves.toContain('hang.cpuprofile');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await loadingBanner(page).waitFor({ state: 'detached', timeout: 2000 });
    await expect(summary(page).textContent()).resolves.toContain('report.prof');
    await page.locator('input[type=file]').first().setInputFiles(join(CORPUS, 'cpuprofile/small.cpuprofile'));
    await waitForProfile(page, 'small.cpuprofile');
    expect(errors).toEqual([]);
  });

  it('a file too large for a tab is refused before it is read, with the reason, and the open profile stays', async () => {
    // 600 MiB, sparse: a real Chrome trace's start and then zeros, never written to disk. Read
    // whole it would pass V8's longest string; the page must refuse from its size and start alone.
    const big = join(tmp, 'huge-trace.json');
    const start = readFileSync(join(CORPUS, 'chrome/Chrome-69-simple.json')).subarray(0, 1 << 16);
    writeFileSync(big, start);
    truncateSync(big, 600 * 2 ** 20);
    const { page, errors } = await startWithExample();
    const t0 = Date.now();
    await page.locator('input[type=file]').first().setInputFiles(big);
    await alert(page).waitFor();
    expect(Date.now() - t0).toBeLessThan(5000); // nothing was read: no 600 MiB pass
    const text = await alert(page).textContent();
    expect(text).toMatch(/^Could not open huge-trace\.json: the file is too large for a browser tab \(600 MiB, Chrome trace\): this format is read as one piece of text, and a browser holds at most 512 MiB of text in one piece, and this file holds more\. Record a shorter trace/);
    await expect(summary(page).textContent()).resolves.toContain('report.prof');
    expect(await drawnNodes(page)).toBeGreaterThan(3);
    expect(errors).toEqual([]);
    rmSync(big);
  });

  it('a long parse is cancelled while it runs: the banner goes, the open profile stays, the next file opens at once', async () => {
    // ~150 MB of callgrind: over ten seconds of parsing, which only terminating the worker stops
    const big = join(tmp, 'big.callgrind');
    await writeBigCallgrind(big, 150e6);
    const { page, errors } = await startWithExample();
    await page.locator('input[type=file]').first().setInputFiles(big);
    await loadingBanner(page).filter({ hasText: 'parsing big.callgrind' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await loadingBanner(page).waitFor({ state: 'detached', timeout: 2000 });
    await expect(summary(page).textContent()).resolves.toContain('report.prof');
    await expect(alert(page).count()).resolves.toBe(0);
    expect(await drawnNodes(page)).toBeGreaterThan(3);

    // a fresh worker: a small file opens without waiting for the cancelled parse to end
    const t0 = Date.now();
    await page.locator('input[type=file]').first().setInputFiles(join(CORPUS, 'callgrind/threads-03.callgrind'));
    await waitForProfile(page, 'threads-03.callgrind');
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(errors).toEqual([]);
    rmSync(big);
  });
});

describe('profile strings stay text', () => {
  const IMG = '<img src=x onerror="window.__pwned=1">';
  const SCRIPT = '<script>window.__pwned=2</script>';

  it('function names and URLs holding markup are shown literally in the table, tooltip and breadcrumbs, and never run', async () => {
    const cf = (functionName: string, url: string) => ({ functionName, scriptId: '1', url, lineNumber: 4, columnNumber: 2 });
    const file = join(tmp, 'xss.cpuprofile');
    writeFileSync(file, JSON.stringify({
      nodes: [
        { id: 1, callFrame: cf('(root)', ''), children: [2] },
        { id: 2, callFrame: cf(IMG, SCRIPT), children: [3] },
        { id: 3, callFrame: cf(SCRIPT, IMG), children: [] },
      ],
      startTime: 0, endTime: 1000, samples: [2, 3, 3, 3], timeDeltas: [0, 100, 100, 100],
    }));
    const { page, errors } = await startWithExample();
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.locator('input[type=file]').first().setInputFiles(file);
    await waitForProfile(page, 'xss.cpuprofile');
    await drawnNodes(page);

    // the table: both names, as text
    const cells = await page.locator('.stats-table td.fn .fn-label').allTextContents();
    expect(cells).toContain(`${SCRIPT}:5(${IMG})`);
    expect(cells).toContain(`${IMG}:5(${SCRIPT})`);

    // select its row (a click on a selected row would unselect it: do it before the chart zooms)
    await page.locator('.stats-table td.fn', { hasText: `(${IMG})` }).click();
    await expect(page.locator('.stats-table tr.selected td.fn .fn-label').textContent()).resolves.toBe(`${SCRIPT}:5(${IMG})`);

    // the tooltip, over the root's only child (the whole second row of the icicle)
    await page.getByRole('button', { name: 'Icicle' }).click();
    const box = (await page.locator('canvas').first().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 30);
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor();
    await expect(tooltip.locator('.tooltip-name').textContent()).resolves.toBe(IMG);
    await expect(tooltip.locator('.tooltip-file').textContent()).resolves.toBe(`${SCRIPT}:5`);
    await expect(tooltip.locator('img, script').count()).resolves.toBe(0);

    // zoom into it (one frame a node: a folded band would open in place): the breadcrumbs name it
    await page.getByLabel('Fold chains').uncheck();
    await page.mouse.click(box.x + box.width / 2, box.y + 30);
    await expect.poll(() => page.locator('.breadcrumbs').textContent()).toContain(IMG);

    // search for it
    await page.getByLabel('Search functions').fill('onerror');
    await expect.poll(() => page.locator('#search-status').textContent()).toMatch(/2 functions match/);
    await page.getByLabel('Search functions').fill('<script>');
    await expect.poll(() => page.locator('#search-status').textContent()).toMatch(/2 functions match/);

    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned,
      images: document.querySelectorAll('img').length,
      inlineScripts: [...document.querySelectorAll('script')].filter((s) => s.textContent?.includes('__pwned')).length,
      markupInTable: document.querySelector('.stats-table')!.innerHTML.includes('<img'),
    }));
    expect(state).toEqual({ pwned: undefined, images: 0, inlineScripts: 0, markupInTable: false });
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });
});

/** A callgrind file of about `bytes` bytes: a long chain of functions, each with a few cost lines and a call. */
async function writeBigCallgrind(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (s: string) => new Promise<void>((ok, fail) => out.write(s, (e) => (e ? fail(e) : ok())));
  await write('# callgrind format\nversion: 1\npositions: line\nevents: Ir\nfl=(1) big.c\n');
  let size = 0;
  for (let i = 0; size < bytes; ) {
    let chunk = '';
    for (let k = 0; k < 10_000; k++, i++) {
      chunk += `fn=(${i}) function_number_${i}_with_a_long_name\n${(i % 97) + 1} ${(i % 13) + 1}\n+1 2\n+1 3\ncfn=(${i + 1}) function_number_${i + 1}_with_a_long_name\ncalls=2 ${i % 50}\n* 7\n`;
    }
    size += chunk.length;
    await write(chunk);
  }
  await new Promise<void>((ok) => out.end(ok));
}
