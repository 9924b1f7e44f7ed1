import { copyFileSync, mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageUrl } from '../../src/cli/serve';
import { startServer, type RunningServer } from '../../src/cli/server';
import { CORPUS } from '../support/corpus';
import { drawnNodes, launch, openPage } from './browser';

// `profburst FILE --watch`: the CLI's server with the built page (the e2e setup builds dist/).
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
let browser: Browser;
let server: RunningServer | null = null;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await server?.close();
  await browser?.close();
});

const rows = (page: Page) => page.locator('.stats-table td.fn');

describe('the profburst command in a browser', () => {
  it('serves the page that opens the file, and reloads it when it is rewritten, keeping the selection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'profburst-watch-'));
    const file = join(dir, 'handler.prof');
    copyFileSync(join(CORPUS, 'seed/awesome_random_number.prof'), file);
    server = await startServer({ distRoot: dist, sourceRoots: [], files: [file], watch: true, debounceMs: 50, pollMs: 200 });
    const { page, errors } = await openPage(browser, pageUrl(server.origin, server.profileUrls, { watch: true, dir: false }));
    await page.locator('.toolbar .summary', { hasText: 'handler.prof' }).waitFor();
    await expect.poll(() => rows(page).filter({ hasText: 'awesome_random_number' }).count()).toBe(1);
    expect(await drawnNodes(page)).toBeGreaterThan(1);
    // select a function that exists in both profiles
    await rows(page).filter({ hasText: "{method 'disable' of '_lsprof.Profiler' objects}" }).click();
    await expect(page.locator('.stats-table tr.selected td.fn').textContent()).resolves.toContain("'disable'");

    // cProfile rewrites the file on the next request: here, a profile of another handler
    copyFileSync(join(CORPUS, 'seed/report.prof'), join(dir, 'next.tmp'));
    renameSync(join(dir, 'next.tmp'), file);
    // the new profile's functions (the table is virtualised: count them, not their rows)
    const functions = (JSON.parse(readFileSync(join(CORPUS, 'seed/report.prof.pstats.json'), 'utf8')) as { functions: unknown[] }).functions.length;
    await page.locator('.stats-count', { hasText: `${functions} functions` }).waitFor({ timeout: 15_000 });
    await expect(page.locator('.stats-table tr.selected td.fn').textContent()).resolves.toContain("'disable'");
    expect(errors).toEqual([]);
  });

  it('lists a folder newest first, merges it in the profile list, and follows new profiles as they are written', async () => {
    await server?.close();
    const dir = mkdtempSync(join(tmpdir(), 'profburst-dir-'));
    copyFileSync(join(CORPUS, 'seed/report.prof'), join(dir, 'report.prof'));
    await new Promise((ok) => setTimeout(ok, 20));
    copyFileSync(join(CORPUS, 'cpuprofile/small.cpuprofile'), join(dir, 'work.cpuprofile'));
    copyFileSync(join(CORPUS, 'MANIFEST'), join(dir, 'notes.txt'));
    server = await startServer({ distRoot: dist, sourceRoots: [], dir, watch: true, debounceMs: 50, pollMs: 200 });
    const { page, errors } = await openPage(browser, pageUrl(server.origin, server.profileUrls, { watch: true, dir: true }));
    // the folder's profiles merged (issue 14): a .prof's seconds with a .cpuprofile's microseconds
    await page.locator('.list-shown', { hasText: 'showing 2 merged' }).waitFor({ timeout: 15_000 });
    const picker = page.getByRole('combobox', { name: 'Folder profiles' });
    const names = async () => (await picker.locator('option').allTextContents()).map((t) => t.split(' · ')[0]).filter((t) => t !== '(choose)');
    await expect.poll(names).toEqual(['work.cpuprofile', 'report.prof']);
    await picker.selectOption({ label: (await picker.locator('option', { hasText: 'report.prof' }).textContent()) ?? '' });
    await page.locator('.toolbar .summary', { hasText: 'report.prof' }).waitFor();

    copyFileSync(join(CORPUS, 'python/small.prof'), join(dir, 'next.tmp'));
    renameSync(join(dir, 'next.tmp'), join(dir, 'handler.prof'));
    await page.locator('.list-shown', { hasText: 'showing 3 merged' }).waitFor({ timeout: 15_000 });
    expect(await drawnNodes(page)).toBeGreaterThan(3);
    expect(errors).toEqual([]);
  });
});
