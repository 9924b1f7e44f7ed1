import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { CORPUS } from '../support/corpus';
import { drawnNodes, openPage, useBrowser } from './browser';

// Issue 16 in the page: the context menu, the keys and the `?` panel, the chips (go back,
// remove), the note of a drop, the table's menu, and a copied link that reopens the same stack.

const browser = useBrowser();
const base = () => inject('baseUrl');
const corpusUrl = (file: string) => new URL(`../corpus/${file}`, base()).href;
const canvas = (page: Page) => page.locator('canvas.chart-main');
const treeSize = async (page: Page) => Number(await canvas(page).getAttribute('data-tree-size'));
const chips = (page: Page) => page.locator('.transform-chips .chip[data-transform]');
const transformsInHash = (page: Page) => new URL(page.url()).hash.match(/transforms=([^&]*)/)?.[1] ?? '';

async function open(hash = ''): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser(), `${base()}#url=${encodeURIComponent(corpusUrl('cpuprofile/medium.cpuprofile'))}&chart=icicle${hash}`);
  await opened.page.locator('.stats-table tbody tr').first().waitFor();
  await drawnNodes(opened.page);
  return opened;
}

/** Right-clicks the icicle at a share of its width on a row (rows are 28 px at the default depth). */
async function rightClick(page: Page, share: number, row: number): Promise<void> {
  const box = (await canvas(page).boundingBox())!;
  await page.mouse.click(box.x + box.width * share, box.y + 28 * row + 14, { button: 'right' });
}

describe('transforms in the page', () => {
  it('the context menu merges a node\'s function; the chip goes back; a copied link reopens the stack', async () => {
    const { page, errors } = await open();
    const before = await treeSize(page);
    await rightClick(page, 0.5, 2);
    const menu = page.getByRole('menu');
    await menu.waitFor();
    expect(await menu.getByRole('menuitem').count()).toBeGreaterThan(5);
    await menu.getByRole('menuitem', { name: /Merge function/ }).click();
    await expect.poll(() => chips(page).count()).toBe(1);
    await expect.poll(() => treeSize(page)).toBeLessThan(before);
    await expect.poll(() => transformsInHash(page)).toMatch(/^mf-[0-9a-z]+$/);

    // a second one, by key on the chart's focused node: drop, with its note
    await canvas(page).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('d');
    await expect.poll(() => chips(page).count()).toBe(2);
    await expect.poll(() => page.locator('.transform-notes').textContent()).toMatch(/dropped .* \(\d+(\.\d+)?% of the total\)/);
    const twoSize = await treeSize(page);
    const link = page.url();
    expect(transformsInHash(page)).toMatch(/^mf-[0-9a-z]+~df-[0-9a-z]+$/);

    // the link in a fresh page: the same stack, the same tree
    const again = await openPage(browser(), link);
    await again.page.locator('.stats-table tbody tr').first().waitFor();
    await expect.poll(() => chips(again.page).count()).toBe(2);
    await expect.poll(() => treeSize(again.page)).toBe(twoSize);
    expect(again.errors).toEqual([]);
    await again.page.close();

    // the first chip goes back to one transform; × removes it; Back in history restores it
    await chips(page).first().locator('.chip-go').click();
    await expect.poll(() => chips(page).count()).toBe(1);
    await chips(page).first().locator('.chip-remove').click();
    await expect.poll(() => chips(page).count()).toBe(0);
    await expect.poll(() => treeSize(page)).toBe(before);
    expect(transformsInHash(page)).toBe('');
    await page.goBack();
    await expect.poll(() => chips(page).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists the keys in the ? panel; only my code and undo by key; the table row menu focuses a function', async () => {
    const { page, errors } = await open();
    await page.locator('body').press('?');
    const help = page.getByRole('dialog', { name: 'Keys' });
    await help.waitFor();
    for (const label of ['Focus on subtree', 'Merge function', 'Drop samples with this function', 'Collapse recursion', 'Only my code', 'Undo the last transform']) {
      await help.getByText(label, { exact: true }).waitFor();
    }
    await help.getByRole('button', { name: 'Close' }).click();

    await page.locator('body').press('o');
    await expect.poll(() => chips(page).count()).toBe(1);
    expect(await chips(page).first().getAttribute('data-transform')).toBe('only-my-code');
    await page.locator('body').press('u');
    await expect.poll(() => chips(page).count()).toBe(0);

    const row = page.locator('.stats-table tbody tr').nth(3);
    await row.click({ button: 'right' });
    await page.getByRole('menuitem', { name: /Focus on function/ }).click();
    await expect.poll(() => chips(page).count()).toBe(1);
    expect(transformsInHash(page)).toMatch(/^ff-/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a link naming a function the profile lacks says so and shows the rest', async () => {
    const { page, errors } = await open('&transforms=mf-zzzz~omc');
    await expect.poll(() => chips(page).count()).toBe(2);
    await expect.poll(() => page.locator('.chip.skipped').count()).toBe(1);
    await expect.poll(() => page.locator('.transform-notes').textContent()).toMatch(/skipped: that function is not in the profile/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the Libraries panel shows what only-my-code counts as library code, edits the list and applies it into the link', async () => {
    const { page, errors } = await open();
    // the functions of Node's own modules, from the raw file: distinct call frames with a node: url
    const raw = JSON.parse(readFileSync(join(CORPUS, 'cpuprofile/medium.cpuprofile'), 'utf8')) as { nodes: { callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[] };
    const nodeFns = new Set(raw.nodes.map((n) => n.callFrame).filter((f) => f.url.startsWith('node:')).map((f) => `${f.functionName}|${f.url}|${f.lineNumber}|${f.columnNumber}`));
    expect(nodeFns.size).toBeGreaterThan(0);
    const countText = () => page.locator('.stats-count').textContent();
    const before = await countText();

    await page.getByRole('button', { name: 'Libraries…' }).click();
    const panel = page.getByRole('dialog', { name: 'Library code' });
    const rowOf = (prefix: string) => panel.locator('tbody tr', { has: page.locator('td.fn', { hasText: new RegExp(`^${prefix}$`) }) });
    await expect.poll(() => rowOf('node:').locator('td').nth(1).textContent()).toBe(String(nodeFns.size));
    // only Node's modules count as library code now: the table follows the edit
    await panel.getByLabel('Library path prefixes, one per line').fill('node:');
    await expect.poll(() => panel.locator('tbody tr').count()).toBe(2);
    await panel.getByRole('button', { name: 'Apply only my code' }).click();
    await expect.poll(() => chips(page).count()).toBe(1);
    expect(await chips(page).first().getAttribute('data-transform')).toBe('only-my-code');
    await expect.poll(() => transformsInHash(page)).toMatch(/^omc-[^,~]+$/);
    await expect.poll(countText).not.toBe(before);
    // the o key uses the edited list too (kept in this browser)
    await page.locator('body').press('u');
    await expect.poll(() => chips(page).count()).toBe(0);
    await page.locator('body').press('o');
    await expect.poll(() => transformsInHash(page)).toMatch(/^omc-[^,~]+$/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
