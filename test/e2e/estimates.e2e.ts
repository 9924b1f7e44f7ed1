import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { importPstats } from '../../src/core/formats/pstats/pstats';
import { framePath } from '../../src/core/tree/framePath';
import { subtreeSizes } from '../../src/core/tree/grow';
import { CORPUS } from '../support/corpus';
import { drawnNodes, openPage, useBrowser } from './browser';

// Issue 17, item 3: nodes of a tree rebuilt from a call graph whose weight is an estimate are
// drawn hatched, explained in the legend and the tooltip; the table says it is exact; trees of
// real stacks get none of it.

const browser = useBrowser();
const base = () => inject('baseUrl');
const corpusUrl = (file: string) => new URL(`../corpus/${file}`, base()).href;
const canvas = (page: Page) => page.locator('canvas.chart-main');
const LEGEND = 'hatched: estimated from the call graph';
const TOOLTIP = 'estimated: this profile records callers, not stacks';

async function open(file: string, chart: 'sunburst' | 'icicle'): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser(), `${base()}#url=${encodeURIComponent(corpusUrl(file))}&chart=${chart}`);
  await opened.page.locator('.toolbar .summary', { hasText: file.split('/').pop()! }).waitFor();
  await opened.page.locator('.stats-table tbody tr').first().waitFor();
  await drawnNodes(opened.page);
  await opened.page.waitForFunction(() => document.querySelector('canvas.chart-main')?.getAttribute('data-animating') === 'false');
  return opened;
}

const hatched = async (page: Page) => Number(await canvas(page).getAttribute('data-estimated-drawn'));

/** The tooltip's text over the icicle's row `row` (28 px rows) at `share` of the width. */
async function tooltipAt(page: Page, share: number, row: number): Promise<string> {
  const box = (await canvas(page).boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + 2); // off any node first, so the tooltip is the new one's
  await page.mouse.move(box.x + box.width * share, box.y + 28 * row + 14);
  const tip = page.getByRole('tooltip');
  await tip.waitFor();
  return (await tip.textContent()) ?? '';
}

describe('estimates shown as estimates', () => {
  it('hatches a .prof\'s estimated nodes, says so in the legend, the tooltip and the table note', async () => {
    const { page, errors } = await open('python/medium.prof', 'icicle');
    expect(await hatched(page)).toBeGreaterThan(10);
    await expect(page.locator('.chart-footer .legend').textContent()).resolves.toContain(LEGEND);
    await expect(page.locator('.table-note').textContent()).resolves.toBe('The table is exact: it reads the recorded per-function totals; the chart’s hatched nodes are estimates.');
    expect(await canvas(page).getAttribute('aria-label')).toContain('Hatched nodes are estimated from the call graph');
    // the root's child: builtins.exec, called from outside and from imports inside the profile
    const tip = await tooltipAt(page, 0.5, 1);
    expect(tip).toContain('exec');
    expect(tip).toContain(TOOLTIP);

    // the sunburst draws the same marks
    await page.getByRole('button', { name: 'Sunburst' }).click();
    await expect.poll(() => canvas(page).getAttribute('data-chart')).toBe('sunburst');
    await expect.poll(() => hatched(page)).toBeGreaterThan(10);
    expect(errors).toEqual([]);
  });

  it('leaves a node whose weight is exact unmarked (a request\'s one path from the top)', async () => {
    const { page, errors } = await open('requests/GET.root.0ms.1796324291.758972.prof', 'icicle');
    const drawn = await drawnNodes(page);
    const marked = await hatched(page);
    expect(marked).toBeGreaterThan(0);
    expect(marked).toBeLessThan(drawn - 1); // exact nodes are drawn plain
    // runapp, under the root, and wsgi under it: each called from one place only
    for (const row of [1, 2, 3]) {
      const tip = await tooltipAt(page, 0.5, row);
      expect(tip).not.toContain('estimated');
    }
    expect(errors).toEqual([]);
  });

  it('keeps the marks on a subtree rebuilt finer on zoom', async () => {
    // a node small enough that zooming into it rebuilds its subtree (state/refine.ts)
    const profile = importPstats(readFileSync(join(CORPUS, 'python/large.prof')));
    const { tree } = profile;
    const sizes = subtreeSizes(tree);
    let node = 1;
    while (node < tree.size && !(tree.total[node] < profile.total / 20 && tree.total[node] > profile.total / 2000 && sizes[node] > 3)) node++;
    expect(node).toBeLessThan(tree.size);
    const url = `${base()}#url=${encodeURIComponent(corpusUrl('python/large.prof'))}&chart=icicle&zoom=${framePath(tree, node).join('.')}`;
    const { page, errors } = await openPage(browser(), url);
    await drawnNodes(page);
    await expect.poll(async () => Number(await canvas(page).getAttribute('data-tree-size'))).toBeGreaterThan(tree.size);
    await page.waitForFunction(() => document.querySelector('canvas.chart-main')?.getAttribute('data-animating') === 'false');
    // everything under builtins.exec is shared out (exec is also called by imports): the rebuilt
    // nodes are hatched (those wide enough for stripes) and say so
    const timing = () => page.evaluate(() => (window as unknown as { __profburstTiming: { drawnNodes: number; hatchedNodes: number } }).__profburstTiming);
    await expect.poll(async () => (await timing()).drawnNodes).toBeGreaterThan(3);
    expect((await timing()).hatchedNodes).toBeGreaterThan(3);
    expect(await hatched(page)).toBe((await timing()).hatchedNodes);
    for (const row of [0, 1, 2]) expect(await tooltipAt(page, 0.1, row)).toContain(TOOLTIP);
    expect(errors).toEqual([]);
  });

  it('marks nothing in a profile of real stacks: no hatching, no legend entry, no note', async () => {
    for (const chart of ['icicle', 'sunburst'] as const) {
      const { page, errors } = await open('cpuprofile/medium.cpuprofile', chart);
      expect(await drawnNodes(page)).toBeGreaterThan(10);
      expect(await hatched(page)).toBe(0);
      await expect(page.locator('.chart-footer .legend').textContent()).resolves.not.toContain('hatched');
      expect(await page.locator('.table-note').count()).toBe(0);
      if (chart === 'icicle') expect(await tooltipAt(page, 0.5, 1)).not.toContain('estimated');
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
