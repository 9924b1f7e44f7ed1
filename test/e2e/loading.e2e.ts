import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { CORPUS } from '../support/corpus';
import { drawnNodes, openPage, useBrowser } from './browser';

const browser = useBrowser();
const tmp = mkdtempSync(join(tmpdir(), 'profburst-e2e-'));

const base = () => inject('baseUrl');
/** corpus files are served beside the app, on the same origin */
const corpusUrl = (file: string) => new URL(`../corpus/${file}`, base()).href;
const summary = (page: Page) => page.locator('.toolbar .summary');

async function waitForProfile(page: Page, name: string): Promise<void> {
  await summary(page).filter({ hasText: name }).waitFor();
  await page.locator('.stats-table tbody tr').first().waitFor();
}

describe('opening profiles every way a user would', () => {
  it('opens a deep link to a profile on 127.0.0.1, with its title', async () => {
    const { page, errors } = await openPage(browser(), `${base()}#url=${encodeURIComponent(corpusUrl('python/medium.prof'))}&title=handler`);
    await waitForProfile(page, 'handler');
    await expect(page.locator('.stats-table td.fn', { hasText: 'textwrap.py:386(fill)' }).count()).resolves.toBe(1);
    expect(await drawnNodes(page)).toBeGreaterThan(10);
    expect(errors).toEqual([]);
  });

  it('opens a gzipped file by its content, whatever its name', async () => {
    const file = join(tmp, 'profile.bin');
    writeFileSync(file, gzipSync(readFileSync(join(CORPUS, 'cpuprofile/small.cpuprofile'))));
    const { page } = await openPage(browser(), base());
    await waitForProfile(page, 'report.prof');
    await page.locator('input[type=file]').first().setInputFiles(file);
    await waitForProfile(page, 'profile.bin');
    await expect(summary(page).textContent()).resolves.toContain('cpuprofile');
    expect(await drawnNodes(page)).toBeGreaterThan(3);
  });

  it('says what is wrong with a broken file and keeps the profile that was open', async () => {
    const file = join(tmp, 'broken.cpuprofile');
    writeFileSync(file, readFileSync(join(CORPUS, 'cpuprofile/small.cpuprofile')).subarray(0, 5000));
    const { page, errors } = await openPage(browser(), base());
    await waitForProfile(page, 'report.prof');
    await page.locator('input[type=file]').first().setInputFiles(file);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain('broken.cpuprofile');
    expect(text).toContain('cpuprofile');
    expect(text).toMatch(/byte \d+/);
    await expect(summary(page).textContent()).resolves.toContain('report.prof');
    expect(await drawnNodes(page)).toBeGreaterThan(3);
    expect(errors).toEqual([]);
  });

  it('opens several files as a profile list, merged, and shows any one of them alone', async () => {
    const { page } = await openPage(browser(), base());
    await waitForProfile(page, 'report.prof');
    await page.locator('input[type=file]').first().setInputFiles([
      join(CORPUS, 'callgrind/threads-02.callgrind'),
      join(CORPUS, 'callgrind/threads-03.callgrind'),
    ]);
    const rows = page.locator('.list-table tbody tr[data-id]');
    await page.locator('.list-count', { hasText: '2 of 2 shown' }).waitFor();
    await expect(rows.locator('.list-name').allTextContents().then((t) => t.sort())).resolves.toEqual(['threads-02.callgrind', 'threads-03.callgrind']);
    await page.locator('.list-shown', { hasText: 'showing 2 merged' }).waitFor();
    await rows.filter({ hasText: 'threads-03.callgrind' }).click();
    await page.getByRole('button', { name: 'Merge selected' }).click();
    await page.locator('.list-shown', { hasText: 'showing 1 merged' }).waitFor();
    await waitForProfile(page, 'threads-03.callgrind');
    expect(await drawnNodes(page)).toBeGreaterThan(3);
  });

  it('is a static page whose policy allows no inline or remote script', async () => {
    const html = await (await fetch(base())).text();
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).toContain('./assets/');
  });

  it('says which URL failed and how, for a 404', async () => {
    const missing = corpusUrl('python/missing.prof');
    const { page } = await openPage(browser(), `${base()}#url=${encodeURIComponent(missing)}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('404');
    expect(await alert.textContent()).toContain(missing);
    await expect(page.getByRole('button', { name: 'Open profile' }).isEnabled()).resolves.toBe(true);
  });

  it('cancels a download that does not finish and keeps the open profile', async () => {
    const { page } = await openPage(browser(), base());
    await waitForProfile(page, 'report.prof');
    await page.evaluate((url) => { location.hash = `url=${encodeURIComponent(url)}`; }, new URL('../slow/never.cpuprofile', base()).href);
    const status = page.getByRole('status');
    await status.filter({ hasText: 'downloading' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await status.waitFor({ state: 'detached' });
    await expect(summary(page).textContent()).resolves.toContain('report.prof');
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('reopens the same view from a copied link, and back goes through zooms', async () => {
    const { page } = await openPage(browser(), `${base()}#url=${encodeURIComponent(corpusUrl('python/medium.prof'))}`);
    await waitForProfile(page, 'medium.prof');
    await drawnNodes(page);
    await page.getByRole('button', { name: 'Icicle' }).click();
    await page.getByLabel('Fold chains').uncheck(); // one frame a node: the click zooms, a band would open in place
    // zoom into the biggest child of the root: the icicle's second row starts at the left
    const box = (await page.locator('canvas[data-drawn]').boundingBox())!;
    await page.mouse.click(box.x + 20, box.y + 30);
    await expect.poll(() => page.locator('.breadcrumbs button').count()).toBeGreaterThanOrEqual(2);
    await page.getByLabel('Search functions').fill('textwrap');
    await page.locator('.stats-table td.fn', { hasText: 'textwrap.py:386(fill)' }).click();
    const link = page.url();
    const crumbs = await page.locator('.breadcrumbs').textContent();

    const { page: again } = await openPage(browser(), link);
    await waitForProfile(again, 'medium.prof');
    await expect.poll(() => again.locator('.breadcrumbs').textContent()).toBe(crumbs);
    await expect(again.getByLabel('Search functions').inputValue()).resolves.toBe('textwrap');
    await expect(again.getByRole('button', { name: 'Icicle' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(again.locator('.stats-table tr.selected td.fn').textContent()).resolves.toContain('textwrap.py:386(fill)');

    await page.goBack();
    await expect.poll(() => page.locator('.breadcrumbs button').count()).toBe(1);
    await page.goForward();
    await expect.poll(() => page.locator('.breadcrumbs button').count()).toBe(2);
  });

  it('reopens a bottom-up view with its zoom from a copied link', async () => {
    const { page } = await openPage(browser(), `${base()}#url=${encodeURIComponent(corpusUrl('python/medium.prof'))}&chart=icicle`);
    await waitForProfile(page, 'medium.prof');
    await page.getByRole('button', { name: 'Bottom-up', exact: true }).click();
    await expect.poll(() => page.locator('.breadcrumbs').textContent()).toContain('bottom-up');
    await page.getByLabel('Fold chains').uncheck(); // one frame a node: the click zooms, a band would open in place
    await drawnNodes(page);
    const box = (await page.locator('canvas[data-drawn]').boundingBox())!;
    await page.mouse.click(box.x + 20, box.y + 30);
    await expect.poll(() => page.locator('.breadcrumbs button').count()).toBeGreaterThanOrEqual(2);
    expect(page.url()).toContain('view=bottom-up');
    const crumbs = await page.locator('.breadcrumbs').textContent();

    const { page: again } = await openPage(browser(), page.url());
    await waitForProfile(again, 'medium.prof');
    await expect(again.getByRole('button', { name: 'Bottom-up', exact: true }).getAttribute('aria-pressed')).resolves.toBe('true');
    await expect.poll(() => again.locator('.breadcrumbs').textContent()).toBe(crumbs);
  });
});
