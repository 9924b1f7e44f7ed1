import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { CORPUS } from '../support/corpus';
import { openPage, useBrowser } from './browser';

const browser = useBrowser();
const base = () => inject('baseUrl');
const corpusUrl = (file: string) => new URL(`../corpus/${file}`, base()).href;
const main = (page: Page) => page.locator('canvas.timeline-main');

async function viewOf(page: Page): Promise<[number, number]> {
  const v = (await main(page).getAttribute('data-view')) ?? '';
  const [a, b] = v.split(' ').map(Number);
  return [a, b];
}

interface Raw { nodes: { id: number; callFrame: { functionName: string }; children?: number[] }[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** The function with the most self time among samples starting in [from, to), read from the raw file. */
function hottestInRange(file: string, from: number, to: number): string {
  const raw = JSON.parse(readFileSync(join(CORPUS, file), 'utf8')) as Raw;
  const name = new Map(raw.nodes.map((n) => [n.id, n.callFrame.functionName || '(anonymous)']));
  const times: number[] = [];
  let t = raw.startTime;
  for (const d of raw.timeDeltas) times.push((t += d));
  const self = new Map<string, number>();
  raw.samples.forEach((id, i) => {
    const start = times[i] - raw.startTime;
    const weight = (i + 1 < times.length ? times[i + 1] : raw.endTime) - times[i];
    if (start >= from && start < to && weight > 0) self.set(name.get(id)!, (self.get(name.get(id)!) ?? 0) + weight);
  });
  return [...self].sort((a, b) => b[1] - a[1])[0][0];
}

describe('timeline', () => {
  it('draws a cpuprofile in time order, zooms with the wheel and keys, and a dragged range drives the table and the address', async () => {
    const file = 'cpuprofile/medium.cpuprofile';
    const { page, errors } = await openPage(browser(), `${base()}#url=${encodeURIComponent(corpusUrl(file))}&chart=timeline`);
    await page.waitForFunction(() => Number(document.querySelector('canvas.timeline-main')?.getAttribute('data-drawn') ?? 0) > 0);
    const [start0, end0] = await viewOf(page);
    expect(start0).toBe(0);

    // wheel over the middle zooms in around it
    const box = (await main(page).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 20);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await viewOf(page))[1] - (await viewOf(page))[0]).toBeLessThan(end0 - start0);
    const [a, b] = await viewOf(page);
    expect(a).toBeLessThan(end0 / 2);
    expect(b).toBeGreaterThan(end0 / 2);
    // '0' shows the whole profile again, '+' zooms in
    await main(page).focus();
    await page.keyboard.press('0');
    await expect.poll(() => viewOf(page)).toEqual([start0, end0]);
    await page.keyboard.press('+');
    await expect.poll(async () => (await viewOf(page))[1]).toBeLessThan(end0);
    await page.keyboard.press('0');

    // drag over the axis from 60% to 90% of the width
    const axis = (await page.locator('.timeline-axis').boundingBox())!;
    await page.mouse.move(axis.x + axis.width * 0.6, axis.y + axis.height / 2);
    await page.mouse.down();
    await page.mouse.move(axis.x + axis.width * 0.75, axis.y + axis.height / 2, { steps: 4 });
    await page.mouse.move(axis.x + axis.width * 0.9, axis.y + axis.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/range=[\d.e+-]+-[\d.e+-]+/);
    const m = /range=([\d.e+]+)-([\d.e+]+)/.exec(await page.evaluate(() => location.hash))!;
    const [from, to] = [Number(m[1]), Number(m[2])];
    expect(from).toBeCloseTo(end0 * 0.6, -2);
    expect(to).toBeCloseTo(end0 * 0.9, -2);
    await page.locator('.timeline-range').waitFor();
    if (process.env.SHOT) await page.screenshot({ path: '/tmp/timeline.png' });
    const hot = hottestInRange(file, from, to);
    await expect.poll(() => page.locator('.stats-table tbody tr').first().locator('td.fn').innerText()).toContain(hot);

    // Escape clears the range
    await main(page).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => location.hash)).not.toMatch(/range=/);
    expect(errors).toEqual([]);
  });

  it('says why a call-graph profile has no timeline', async () => {
    const { page, errors } = await openPage(browser(), `${base()}#url=${encodeURIComponent(corpusUrl('seed/report.prof'))}&chart=timeline`);
    await page.locator('.timeline-none', { hasText: 'no samples in time order' }).waitFor();
    expect(errors).toEqual([]);
  });
});
