import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { formatCalls, formatWeight } from '../../src/core/units';
import { SECONDS } from '../../src/core/model';
import { CORPUS, readJson } from '../support/corpus';
import { drawnNodes, openPage, useBrowser } from './browser';

const browser = useBrowser();

const base = () => inject('baseUrl');
const corpusUrl = (file: string) => new URL(`../corpus/${file}`, base()).href;
const canvas = (page: Page) => page.locator('canvas.chart-main');
const attr = async (page: Page, name: string) => (await canvas(page).getAttribute(name)) ?? '';

/** Opens a corpus file by deep link and waits for its table and chart. */
async function open(file: string, chart: 'sunburst' | 'icicle' = 'icicle'): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser(), `${base()}#url=${encodeURIComponent(corpusUrl(file))}&chart=${chart}`);
  await opened.page.locator('.toolbar .summary', { hasText: file.split('/').pop()! }).waitFor();
  await opened.page.locator('.stats-table tbody tr').first().waitFor();
  await drawnNodes(opened.page);
  return opened;
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('canvas.chart-main')?.getAttribute('data-animating') === 'false');
}

/** A point in the icicle: x as a share of the width, on row `row` (rows are 28 px while 11 levels fit). */
async function icicleClick(page: Page, share: number, row: number): Promise<void> {
  const box = (await canvas(page).boundingBox())!;
  expect(box.height).toBeGreaterThan(28 * 11); // so rowHeight() is its 28 px maximum at depth 10
  await page.mouse.click(box.x + box.width * share, box.y + 28 * row + 14);
}

describe('chart style', () => {
  it('switches to icicle and back, and keeps the choice after a reload', async () => {
    const { page, errors } = await openPage(browser(), base());
    await drawnNodes(page);
    await page.getByRole('button', { name: 'Icicle' }).click();
    await expect.poll(() => attr(page, 'data-chart')).toBe('icicle');
    await page.goto(base());
    await drawnNodes(page);
    expect(await attr(page, 'data-chart')).toBe('icicle');
    await page.getByRole('button', { name: 'Sunburst' }).click();
    await expect.poll(() => attr(page, 'data-chart')).toBe('sunburst');
    await page.goto(base());
    await drawnNodes(page);
    expect(await attr(page, 'data-chart')).toBe('sunburst');
    expect(errors).toEqual([]);
  });
});

describe('zoom', () => {
  it('zooms into a clicked node with an animation, back by breadcrumb, Escape and Backspace', async () => {
    const { page, errors } = await open('python/medium.prof');
    expect(await attr(page, 'data-zoom')).toBe('0');
    await icicleClick(page, 0.02, 1);
    await expect.poll(() => attr(page, 'data-zoom')).not.toBe('0');
    await settled(page);
    expect(await page.evaluate(() => (window as unknown as { __profburstTiming: { animationFrames: number } }).__profburstTiming.animationFrames)).toBeGreaterThan(0);
    const first = await attr(page, 'data-zoom');
    await expect(page.locator('.breadcrumbs li').count()).resolves.toBe(2);

    // deeper, then back to the root by the first breadcrumb
    await icicleClick(page, 0.02, 1);
    await expect.poll(() => attr(page, 'data-zoom')).not.toBe(first);
    await expect(page.locator('.breadcrumbs li').count()).resolves.toBe(3);
    await page.locator('.breadcrumbs button', { hasText: 'all' }).click();
    await expect.poll(() => attr(page, 'data-zoom')).toBe('0');

    // Escape and Backspace go up one level
    await icicleClick(page, 0.02, 1);
    await expect.poll(() => attr(page, 'data-zoom')).toBe(first);
    await icicleClick(page, 0.02, 1);
    await expect.poll(() => attr(page, 'data-zoom')).not.toBe(first);
    await page.keyboard.press('Escape');
    await expect.poll(() => attr(page, 'data-zoom')).toBe(first);
    await page.keyboard.press('Backspace');
    await expect.poll(() => attr(page, 'data-zoom')).toBe('0');

    // Reset goes to the root from anywhere
    await icicleClick(page, 0.02, 1);
    await expect.poll(() => attr(page, 'data-zoom')).not.toBe('0');
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await expect.poll(() => attr(page, 'data-zoom')).toBe('0');
    expect(errors).toEqual([]);
  });
});

describe('folded chains', () => {
  it('unfolds a band in place on click, one frame a level, without zooming', async () => {
    const { page, errors } = await open('chrome/Chrome-65-sucrase.cpuprofile');
    const box = (await canvas(page).boundingBox())!;
    const row1 = { x: box.x + box.width * 0.5, y: box.y + 28 + 14 };
    await page.mouse.move(row1.x, row1.y);
    const tip = page.getByRole('tooltip');
    await tip.waitFor();
    // the note alone: the tooltip's text runs on from a figure without a space
    const folded = /^(\d+) frames folded/.exec((await tip.locator('.tooltip-note').textContent()) ?? '');
    expect(folded).not.toBeNull(); // the module loader's chain is one band under the root
    const before = await drawnNodes(page);
    await page.mouse.click(row1.x, row1.y);
    // every frame of the band now has a node of its own; the zoom is where it was
    await expect.poll(() => drawnNodes(page)).toBeGreaterThanOrEqual(before + Number(folded![1]) - 1);
    expect(await attr(page, 'data-zoom')).toBe('0');
    await page.mouse.move(row1.x, row1.y + 28);
    await page.mouse.move(row1.x, row1.y);
    await expect.poll(async () => (await tip.textContent()) ?? '').not.toMatch(/frames folded/);
    expect(errors).toEqual([]);
  });
});

describe('search', () => {
  it('shows the number of matches and filters the table to them', async () => {
    const { page, errors } = await open('python/medium.prof');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search functions');
    await page.keyboard.type('textwrap');
    const status = page.locator('#search-status');
    await expect.poll(() => status.textContent()).toMatch(/^\d+ functions? match$/);
    const count = Number((await status.textContent())!.split(' ')[0]);
    const labels = await page.locator('.stats-table td.fn').allTextContents();
    expect(count).toBeGreaterThan(3);
    expect(labels).toHaveLength(count);
    for (const label of labels) expect(label.toLowerCase()).toContain('textwrap');

    await page.getByLabel('Search functions').fill('/fill(/');
    await expect.poll(() => page.getByLabel('Search functions').getAttribute('aria-invalid')).toBe('true');
    await expect(status.textContent()).resolves.toContain('bad regex');
    await page.getByLabel('Search functions').fill('/^_?fill$/');
    await expect.poll(() => status.textContent()).toBe('2 functions match');
    expect(await page.getByLabel('Search functions').getAttribute('aria-invalid')).toBeNull();
    expect(errors).toEqual([]);
  });
});

describe('linking the table and the chart', () => {
  it('highlights the nodes of a selected row and zooms to its largest node', async () => {
    const { page, errors } = await open('python/medium.prof');
    // on open the hottest function is selected: the first row, not fill
    await expect.poll(() => page.locator('.stats-table tr.selected').getAttribute('data-index')).toBe('0');
    await page.locator('.stats-table td.fn', { hasText: 'textwrap.py:386(fill)' }).click();
    await expect.poll(() => page.locator('.stats-table tr.selected td.fn .fn-label').textContent()).toContain('textwrap.py:386(fill)');
    await expect.poll(() => attr(page, 'data-selected-nodes').then(Number)).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Zoom to largest node' }).click();
    await expect.poll(() => canvas(page).getAttribute('aria-label')).toContain('fill (/usr/lib/python3.11/textwrap.py:386)');
    expect(await attr(page, 'data-zoom')).not.toBe('0');
    expect(errors).toEqual([]);
  });

  it('selects the row of a clicked node and scrolls it into view', async () => {
    const { page, errors } = await open('python/medium.prof');
    await page.getByLabel('Fold chains').uncheck(); // one frame a node: every click zooms
    // a node at depth 3, then the zoomed node's name is the selected row's function
    await icicleClick(page, 0.02, 1);
    await settled(page);
    await icicleClick(page, 0.02, 1);
    await settled(page);
    await icicleClick(page, 0.02, 1);
    await settled(page);
    const label = (await canvas(page).getAttribute('aria-label'))!;
    const name = /of (.*?) \(/.exec(label)![1];
    const row = page.locator('.stats-table tr.selected');
    await expect(row.count()).resolves.toBe(1);
    expect(await row.locator('td.fn').textContent()).toContain(`(${name})`);
    const rowBox = (await row.boundingBox())!;
    const pane = (await page.locator('.stats').boundingBox())!;
    expect(rowBox.y).toBeGreaterThanOrEqual(pane.y - 1);
    expect(rowBox.y + rowBox.height).toBeLessThanOrEqual(pane.y + pane.height + 1);
    expect(errors).toEqual([]);
  });

  it('lists the callers of a function as pstats recorded them', async () => {
    interface Caller { file: string; line: number; name: string; ncalls: number; primcalls: number; tottime: number; cumtime: number }
    interface Fn extends Caller { callers: Caller[] }
    const oracle = readJson<{ functions: Fn[] }>(join(CORPUS, 'python/medium.prof.pstats.json'));
    const fn = oracle.functions.find((f) => f.name === '_find_and_load' && f.line === 1167)!;
    const label = (c: Caller) => (c.file === '~' && c.line === 0 ? `{${c.name.slice(1, -1)}}` : `${c.file}:${c.line}(${c.name})`);
    const expected = fn.callers
      .map((c) => [label(c), formatCalls(c.ncalls, c.primcalls), formatWeight(c.cumtime, SECONDS)])
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));

    const { page, errors } = await open('python/medium.prof');
    await page.getByLabel('Search functions').fill('_find_and_load');
    await page.locator('.stats-table td.fn', { hasText: ':1167(_find_and_load)' }).click();
    const rows = page.locator('.function-panel .callers tbody tr');
    await rows.first().waitFor();
    const got: string[][] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      got.push([cells[3], cells[0], cells[2]]); // function, ncalls, cumtime (the table's order: ncalls, tottime, cumtime)
    }
    expect(got.sort((a, b) => (a[0] < b[0] ? -1 : 1))).toEqual(expected);
    expect(await page.locator('.function-panel .callees tbody tr').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});

describe('bottom-up view', () => {
  it('has the functions with self time at its root, with their tottime', async () => {
    const { page, errors } = await open('cpuprofile/medium.cpuprofile');
    // the table starts by tottime, biggest first; a sampled profile has no ncalls column: tottime is the first
    await expect(page.locator('.stats-table th[aria-sort="ascending"], .stats-table th[aria-sort="descending"]').textContent()).resolves.toMatch(/^tottime/);
    const top = await page.locator('.stats-table tbody tr').evaluateAll((trs) =>
      trs.slice(0, 5).map((tr) => [tr.querySelector('td.fn .fn-label')!.textContent, tr.children[0].textContent]));

    await page.getByRole('button', { name: 'Bottom-up' }).click();
    await expect.poll(() => attr(page, 'data-inverted')).toBe('true');
    await expect(page.locator('.breadcrumbs').textContent()).resolves.toContain('bottom-up');
    await canvas(page).focus();
    const roots: [string, string][] = [];
    await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 5; i++) {
      const label = (await canvas(page).getAttribute('aria-label'))!;
      const m = /Focused: (.*?)(?: \((.*)\))?, total (.*?), /.exec(label)!;
      roots.push([m[1], m[3]]);
      await page.keyboard.press('ArrowRight');
    }
    // the five largest self times, in order, are the five widest roots
    expect(roots.map((r) => r[1])).toEqual(top.map((t) => t[1]));
    for (const [name, total] of roots) {
      expect(top.some(([fn, tottime]) => fn.includes(name) && tottime === total)).toBe(true);
    }
    // back to the call tree
    await page.getByRole('button', { name: 'Top-down' }).click();
    await expect.poll(() => attr(page, 'data-inverted')).toBe('false');
    expect(errors).toEqual([]);
  });
});

describe('keyboard', () => {
  it('moves a focus with the arrows, zooms with Enter and searches with /', async () => {
    const { page, errors } = await open('python/medium.prof', 'sunburst');
    // one frame a node, so that Enter zooms and Escape goes to the parent frame by frame
    await page.getByLabel('Fold chains').uncheck();
    await canvas(page).focus();
    // down the widest path until a node has a next sibling
    let parent = '0', child = '', sibling = '';
    for (let level = 0; level < 8 && !sibling; level++) {
      parent = child || '0';
      await page.keyboard.press('ArrowDown');
      child = await attr(page, 'data-focused');
      await page.keyboard.press('ArrowRight');
      const next = await attr(page, 'data-focused');
      if (next !== child) sibling = next;
    }
    expect(sibling).not.toBe('');
    // the focused node shows the tooltip a hover shows
    await expect.poll(() => page.getByRole('tooltip').count()).toBe(1);
    expect(await canvas(page).getAttribute('aria-label')).toMatch(/Focused: .+, total .+, [\d.]+% of the zoomed node\./);
    await page.keyboard.press('ArrowLeft');
    expect(await attr(page, 'data-focused')).toBe(child);
    await page.keyboard.press('ArrowUp');
    expect(await attr(page, 'data-focused')).toBe(parent);
    await page.keyboard.press('ArrowDown');
    expect(await attr(page, 'data-focused')).toBe(child);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => attr(page, 'data-zoom')).toBe(sibling);
    await page.keyboard.press('Escape');
    await expect.poll(() => attr(page, 'data-zoom')).toBe(parent);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('search');
    expect(errors).toEqual([]);
  });
});
