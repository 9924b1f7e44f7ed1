import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { importPstats } from '../../src/core/formats/pstats/pstats';
import { framePath, nodeAtFramePath } from '../../src/core/tree/framePath';
import { treeFromGraph } from '../../src/core/tree/fromGraph';
import { subtreeSizes } from '../../src/core/tree/grow';
import { CORPUS } from '../support/corpus';
import { drawnNodes, openPage, useBrowser } from './browser';

const browser = useBrowser();

const base = () => inject('baseUrl');

/** python/large.prof as imported, and its tree built whole with a cut-off 1 000 times finer: the oracle */
function largeProf() {
  const profile = importPstats(readFileSync(join(CORPUS, 'python/large.prof')));
  const coarse = profile.tree;
  const roots: number[] = [], weights: number[] = [];
  for (let i = 1; i < coarse.size; i++) if (coarse.parent[i] === 0) { roots.push(coarse.frame[i]); weights.push(coarse.total[i]); }
  const fine = treeFromGraph({ graph: profile.graph!, frameCount: profile.frames.length, inclusive: profile.functions.total, roots, rootWeights: weights, rootFrame: 0, total: profile.total, minWeight: profile.total * 1e-8 });
  return { profile, coarse, fine };
}

describe('a tree rebuilt from a call graph refines as the chart zooms in', () => {
  it('reaches, by deep link, a node the import did not build (cProfile, python/large.prof)', async () => {
    // The oracle: the same file's tree built whole with a cut-off 1 000 times finer than the
    // import's. The target is a node that only that tree has, small against the whole profile
    // but not against the deepest node of the import's tree on its path.
    const { profile, coarse, fine } = largeProf();
    const coarseSizes = subtreeSizes(coarse);
    let target: { path: number[]; name: string } | null = null;
    for (let i = 1; i < fine.size && !target; i++) {
      const path = framePath(fine, i);
      if (path.length < 4 || path.length > 9) continue;
      const deepest = nodeAtFramePath(coarse, coarseSizes, path);
      if (framePath(coarse, deepest).length === path.length) continue; // the import built it
      const above = coarse.total[deepest];
      if (above < profile.total / 20 && fine.total[i] > above * 1e-3) target = { path, name: profile.frames[fine.frame[i]].name };
    }
    expect(target).not.toBeNull();
    const { path, name } = target!;

    const url = new URL('../corpus/python/large.prof', base()).href;
    const { page, errors } = await openPage(browser(), `${base()}#url=${encodeURIComponent(url)}&chart=icicle&zoom=${path.join('.')}`);
    await page.locator('.stats-table tbody tr').first().waitFor();
    await drawnNodes(page);
    // the breadcrumbs end at the target once the subtrees on its path have been rebuilt
    await expect.poll(() => page.locator('.breadcrumbs li').count(), { timeout: 10_000 }).toBe(path.length);
    await expect.poll(() => page.locator('.breadcrumbs li').last().textContent()).toContain(name);
    // and the address still holds the whole path, in the history entry it came with
    expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('zoom')).toBe(path.join('.'));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('rebuilds the subtree of a node zoomed into from the function panel, keeping the zoom on it', async () => {
    // a function whose largest node is small against the total, with callees the import cut
    // (what a whole build 1 000 times finer has under the same path)
    const { profile, coarse, fine } = largeProf();
    const sizes = subtreeSizes(coarse);
    const fineSizes = subtreeSizes(fine);
    const fineNode = new Map<string, number>();
    for (let i = 0; i < fine.size; i++) fineNode.set(framePath(fine, i).join('.'), i);
    let pick: { frame: number; node: number } | null = null;
    for (let f = 1; f < profile.frames.length && !pick; f++) {
      let best = -1;
      for (let i = 0; i < coarse.size; i++) if (coarse.frame[i] === f && (best < 0 || coarse.total[i] > coarse.total[best])) best = i;
      if (best <= 0 || coarse.total[best] >= profile.total / 20) continue;
      const m = fineNode.get(framePath(coarse, best).join('.'));
      if (m !== undefined && fineSizes[m] > sizes[best] + 5) pick = { frame: f, node: best };
    }
    expect(pick).not.toBeNull();
    const { frame, node } = pick!;

    const url = new URL('../corpus/python/large.prof', base()).href;
    const { page, errors } = await openPage(browser(), `${base()}#url=${encodeURIComponent(url)}&chart=icicle&fn=${frame}`);
    await drawnNodes(page);
    const chart = page.locator('canvas.chart-main');
    expect(Number(await chart.getAttribute('data-tree-size'))).toBe(coarse.size);
    await page.getByRole('button', { name: 'Zoom to largest node' }).click();
    await expect.poll(() => chart.getAttribute('data-tree-size')).not.toBe(String(coarse.size));
    expect(Number(await chart.getAttribute('data-tree-size'))).toBeGreaterThan(coarse.size);
    expect(await chart.getAttribute('data-zoom')).toBe(String(node)); // refined in place: the same index
    await expect.poll(() => page.locator('.breadcrumbs li').last().textContent()).toContain(profile.frames[frame].name);
    expect(errors).toEqual([]);
    await page.close();
  });
});
