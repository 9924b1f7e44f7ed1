import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../test/support/corpus';
import { importProfiles } from '../formats';
import type { CallTree } from '../model';
import { subtreeSizes, TreeBuilder } from './grow';
import { visibleSubtree } from './visible';

// Folding chains of single-child nodes into bands (issue 20): a Node profile's first ten rings
// were all its module loader, bootstrap_node -> ... -> callAndPauseOnStart.

/** tree depth of a node, by walking up: the brute-force definition */
function depthOf(tree: CallTree, n: number): number {
  let d = 0;
  for (let i = n; tree.parent[i] >= 0; i = tree.parent[i]) d++;
  return d;
}

describe('visibleSubtree with fold', () => {
  it('folds a chain into one band whose children are the chain\'s last node\'s', () => {
    // root -> a -> b -> c -> {d 30, e 20}, root -> f 50
    const bld = new TreeBuilder();
    const root = bld.push(-1, 0, 0);
    const a = bld.push(root, 1, 0);
    const b = bld.push(a, 2, 0);
    const c = bld.push(b, 3, 0);
    bld.push(c, 4, 30);
    bld.push(c, 5, 20);
    bld.push(root, 6, 50);
    const tree = bld.finish();
    const sizes = subtreeSizes(tree);
    const flat = visibleSubtree(tree, sizes, 0, 10, 0);
    expect([...flat.nodes]).toEqual([0, 1, 6, 2, 3, 4, 5]);
    expect(Math.max(...flat.depth)).toBe(4);
    const folded = visibleSubtree(tree, sizes, 0, 10, 0, { fold: true });
    expect([...folded.nodes]).toEqual([0, 1, 6, 4, 5]);
    expect([...folded.ends]).toEqual([0, 3, 6, 4, 5]);
    expect([...folded.depth]).toEqual([0, 1, 1, 2, 2]);
    expect(folded.hiddenNodes).toBe(0);
    // the depth counts bands: two levels show d and e, which four frames deep needed 4 levels
    expect([...visibleSubtree(tree, sizes, 0, 2, 0, { fold: true }).nodes]).toContain(4);
    // a band opened in place (its top and every node down to its bottom) draws one frame a level
    const opened = visibleSubtree(tree, sizes, 0, 10, 0, { fold: true, unfolded: new Set([a, b, c]) });
    expect([...opened.nodes]).toEqual([...flat.nodes]);
    expect([...opened.ends]).toEqual([...flat.nodes]);
    expect([...opened.depth]).toEqual([...flat.depth]);
    // only its top opened: the rest of the chain folds again, under it
    const top = visibleSubtree(tree, sizes, 0, 10, 0, { fold: true, unfolded: new Set([a]) });
    expect([...top.nodes]).toEqual([0, 1, 6, 2, 4, 5]);
    expect([...top.ends]).toEqual([0, 1, 6, 3, 4, 5]);
    // an opened band still counts as one level: two levels show d and e under the opened chain
    const shallow = visibleSubtree(tree, sizes, 0, 2, 0, { fold: true, unfolded: new Set([a, b, c]) });
    expect([...shallow.nodes]).toEqual([...flat.nodes]);
    expect(Math.max(...shallow.depth)).toBe(4);
  });

  it('counts small siblings inside a chain as hidden', () => {
    const bld = new TreeBuilder();
    const root = bld.push(-1, 0, 0);
    const a = bld.push(root, 1, 0);
    bld.push(a, 2, 99.99);
    bld.push(a, 3, 0.01);
    const tree = bld.finish();
    const v = visibleSubtree(tree, subtreeSizes(tree), 0, 10, 0.001, { fold: true });
    expect([...v.nodes]).toEqual([0, 1]);
    expect([...v.ends]).toEqual([0, 2]);
    expect(v.smallNodes).toBe(1);
    expect(v.smallWeight).toBeCloseTo(0.01);
  });

  it('shows where the sucrase profile branches within the first levels', () => {
    const [p] = importProfiles(readBytes(join(CORPUS, 'chrome/Chrome-65-sucrase.cpuprofile')));
    const { tree, frames } = p;
    const sizes = subtreeSizes(tree);
    const flat = visibleSubtree(tree, sizes, 0, 10, 0.001);
    const folded = visibleSubtree(tree, sizes, 0, 10, 0.001, { fold: true });
    const name = (n: number) => frames[tree.frame[n]].name;
    // the module loader's chain, from the first level down past callAndPauseOnStart, is one band
    const chain = (slot: number) => {
      const out: string[] = [];
      for (let n = folded.ends[slot]; n !== tree.parent[folded.nodes[slot]]; n = tree.parent[n]) out.push(name(n));
      return out;
    };
    const band = [...folded.nodes.keys()].find((s) => chain(s).includes('callAndPauseOnStart'))!;
    expect(band).toBeGreaterThan(0);
    expect(folded.depth[band]).toBe(1);
    expect(chain(band).length).toBeGreaterThanOrEqual(10);
    expect(depthOf(tree, folded.ends[band])).toBeGreaterThanOrEqual(10);
    // unfolded, the band's last node's callees lie past the ten levels drawn; folded, they are level 2
    expect([...flat.nodes].some((n) => tree.parent[n] === folded.ends[band])).toBe(false);
    const below = [...folded.parentSlot.keys()].filter((s) => folded.parentSlot[s] === band);
    expect(below.length).toBeGreaterThan(1);
    for (const s of below) expect(folded.depth[s]).toBe(2);
    // every band is a chain: each node down to its end has exactly one child drawn, by brute force
    const minWeight = tree.total[0] * 0.001;
    for (let s = 1; s < folded.count; s++) {
      for (let n = folded.ends[s]; n !== folded.nodes[s]; n = tree.parent[n]) {
        const p0 = tree.parent[n];
        let drawn = 0;
        for (let c = p0 + 1; c < p0 + sizes[p0]; c += sizes[c]) if (tree.total[c] >= minWeight && tree.total[c] > 0) drawn++;
        expect(drawn).toBe(1);
      }
    }
    // and more of the tree is on screen at the same depth: every drawn node is deeper or as deep
    const deepest = (v: typeof folded) => Math.max(...[...v.ends].map((n) => depthOf(tree, n)));
    expect(deepest(folded)).toBeGreaterThan(deepest(flat));
  });
});
