import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { CORPUS, readJson } from '../support/corpus';
import { useBrowser } from './browser';

// Issue 20: the first screen tells the truth and shows the hot spot, and reads at every width.

const browser = useBrowser();
const base = () => inject('baseUrl');
const corpusUrl = (file: string) => new URL(`../corpus/${file}`, base()).href;

async function open(file: string, width: number, extra = ''): Promise<{ page: Page; errors: string[] }> {
  const page = await browser().newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base()}#url=${encodeURIComponent(corpusUrl(file))}${extra}`);
  await page.locator('.toolbar .summary', { hasText: file.split('/').pop()! }).waitFor();
  await page.locator('.stats-table tbody tr').first().waitFor();
  await page.waitForFunction(() => Number(document.querySelector('canvas[data-drawn]')?.getAttribute('data-drawn') ?? 0) > 1);
  return { page, errors };
}

/**
 * Every function name drawn in the table: whether it is cut (wider than its box, or past the
 * window's right edge) and whether a line break falls between two letters of a word, found from
 * where each character lands.
 */
function nameProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('.stats-table tbody tr:not(.spacer) .fn-name')) {
      const name = el.textContent ?? '';
      const box = el.getBoundingClientRect();
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`clipped: ${name}`);
      if (box.right > document.documentElement.clientWidth + 1) problems.push(`off-screen: ${name}`);
      // each character's line, across the text nodes (the name has break points after _ . / ' :)
      const range = document.createRange();
      let lastTop = -1;
      let prev = '';
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        const chars = text.textContent ?? '';
        for (let k = 0; k < chars.length; k++) {
          range.setStart(text, k);
          range.setEnd(text, k + 1);
          const r = range.getBoundingClientRect();
          if (r.width === 0) continue;
          // a new line may start after a space or an identifier's joint, never between two letters of a part
          if (lastTop >= 0 && r.top > lastTop + 2 && !/[\s._/':]/.test(prev)) problems.push(`broken mid-word before "${chars.slice(k)}": ${name}`);
          lastTop = r.top;
          prev = chars[k];
        }
      }
    }
    return problems;
  });
}

describe('the first screen', () => {
  it('opens the seed profile on fib: first in the table, selected, outlined in the chart', async () => {
    const oracle = readJson<{ functions: { name: string; tottime: number }[] }>(`${CORPUS}seed/report.prof.pstats.json`);
    const hottest = [...oracle.functions].sort((a, b) => b.tottime - a.tottime)[0].name;
    expect(hottest).toBe('fib');
    const { page, errors } = await open('seed/report.prof', 1400);
    await expect(page.locator('.stats-table tbody tr').first().locator('.fn-name').textContent()).resolves.toBe('fib');
    await expect.poll(() => page.locator('.stats-table tr.selected .fn-name').textContent()).toBe('fib');
    await expect.poll(async () => Number(await page.locator('canvas.chart-main').getAttribute('data-selected-nodes'))).toBeGreaterThan(0);
    // a link that names a function opens on it instead
    const isEven = (await page.locator('.stats-table tr', { hasText: 'is_even' }).first().getAttribute('data-frame'))!;
    const other = await open('seed/report.prof', 1400, `&fn=${isEven}`);
    await expect.poll(() => other.page.locator('.stats-table tr.selected .fn-name').textContent()).toBe('is_even');
    expect([...errors, ...other.errors]).toEqual([]);
  });

  for (const width of [700, 1400, 1920]) {
    it(`shows every function name whole, never broken inside a word, at ${width} px`, async () => {
      for (const file of ['python/large.prof', 'callgrind/cachesim.callgrind']) {
        const { page, errors } = await open(file, width);
        await page.waitForTimeout(200);
        const rows = await page.locator('.stats-table tbody tr:not(.spacer)').count();
        expect(rows).toBeGreaterThan(10);
        expect(await nameProblems(page), `${file} at ${width}px`).toEqual([]);
        // the table is on screen and as wide as the window allows, the chart above it or beside it
        const table = (await page.locator('.stats-table').boundingBox())!;
        expect(table.x + table.width).toBeLessThanOrEqual(width + 1);
        expect(table.width).toBeGreaterThan(width < 1100 ? width * 0.9 : width * 0.3);
        expect(errors).toEqual([]);
        await page.close();
      }
    });
  }

  it('is one tab stop for the table, none for the hidden file input; the keyboard reaches the chart', async () => {
    const { page, errors } = await open('seed/report.prof', 1400);
    for (const input of await page.locator('input[type=file]').all()) expect(await input.getAttribute('tabindex')).toBe('-1');
    expect(await page.locator('.stats-table tbody tr[tabindex="0"]').count()).toBe(1);
    // tab through the page: every stop is a visible control, the chart and one table row among them
    const stops: string[] = [];
    for (let k = 0; k < 40; k++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return 'body';
        if (el.closest('.stats-table tbody')) return 'table row';
        return `${el.tagName.toLowerCase()}${el.classList.contains('chart-main') ? '.chart' : ''}:${el.getAttribute('type') ?? ''}`;
      }));
    }
    expect(stops).not.toContain('input:file');
    expect(stops).toContain('canvas.chart:');
    expect(stops).toContain('table row');
    // one stop for the whole table: Tab leaves it after one row
    expect(stops.some((s, k) => s === 'table row' && stops[k + 1] === 'table row')).toBe(false);
    expect(errors).toEqual([]);
  });

  it('sets (idle) and (program) aside in a browser trace: off the chart, out of the total, named, in the address', async () => {
    const { page, errors } = await open('chrome/Chrome-116-Trace-20230603T221323.json', 1400);
    const count = page.locator('.stats-count');
    await expect(count.textContent()).resolves.not.toContain('without');
    const idleRows = () => page.locator('.stats-table .fn-name', { hasText: /^\(idle\)$/ }).count();
    const before = await idleRows();
    await page.getByLabel('hide (idle), (program)').check();
    await expect.poll(() => count.textContent()).toMatch(/without .*\(idle\).*% of the profile/);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('hide=idle');
    await expect.poll(() => page.locator('.hidden-note').textContent()).toMatch(/\(idle\).* set aside: [\d.]+% of the total/);
    if (before > 0) expect(await idleRows()).toBe(0);
    expect(errors).toEqual([]);
  });
});
