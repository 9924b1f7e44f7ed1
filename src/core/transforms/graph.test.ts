import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../test/support/corpus';
import { importCallgrind } from '../formats/callgrind';
import { importPstats } from '../formats/pstats';
import type { Profile } from '../model';
import { applyTransforms } from './apply';

// Merges on graph-built trees: what graph.ts promises. Exact: the profile's total, every other
// function's total and call counts, the sum of self times; pstats: each caller's gain is its
// recorded tottime of F. The tree is rebuilt and stays consistent with the total.

const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));

/** A function with callers and callees and a good share of the time. */
function middle(p: Profile): number {
  const g = p.graph!;
  const ins = new Set(g.callee), outs = new Set(g.caller);
  const cands = [...p.functions.total.keys()].filter((f) => ins.has(f) && outs.has(f) && p.functions.self[f] > 0 && f !== p.tree.frame[0]);
  cands.sort((a, b) => p.functions.total[b] - p.functions.total[a] || a - b);
  return cands[Math.floor(cands.length / 4)];
}

const files: [string, Profile][] = [
  ['python/medium.prof', importPstats(readBytes(join(CORPUS, 'python/medium.prof')))],
  ['callgrind/default.callgrind', importCallgrind(readBytes(join(CORPUS, 'callgrind/default.callgrind')))],
];

describe.each(files.map(([n, p]) => [basename(n), p] as const))('merge on the graph of %s', (_name, p) => {
  it('keeps the total, the sum of self and the other functions\' totals and calls', () => {
    const f = middle(p);
    const { profile: q, notes } = applyTransforms(p, [{ type: 'merge-function', funcs: [f] }]);
    expect(notes[0].skipped).toBeUndefined();
    expect(q.total).toBe(p.total);
    close(sum(q.functions.self), sum(p.functions.self));
    close(q.tree.total[0], p.tree.total[0]);
    expect(q.functions.total[f]).toBe(0);
    for (let g = 0; g < p.frames.length; g++) {
      if (g === f) continue;
      expect(q.functions.total[g]).toBe(p.functions.total[g]);
      if (p.functions.ncalls) expect(q.functions.ncalls![g]).toBe(p.functions.ncalls[g]);
    }
    for (let e = 0; e < q.graph!.size; e++) {
      expect(q.graph!.caller[e]).not.toBe(f);
      expect(q.graph!.callee[e]).not.toBe(f);
    }
    for (let i = 0; i < q.tree.size; i++) expect(q.tree.frame[i]).not.toBe(f);
  });

  it('gives F\'s self to its callers (pstats: each caller its recorded tottime of F)', () => {
    const f = middle(p);
    const q = applyTransforms(p, [{ type: 'merge-function', funcs: [f] }]).profile;
    const g = p.graph!;
    const gain = new Map<number, number>();
    for (let e = 0; e < g.size; e++) if (g.callee[e] === f && g.caller[e] !== f) gain.set(g.caller[e], (gain.get(g.caller[e]) ?? 0) + 1);
    for (const c of gain.keys()) expect(q.functions.self[c]).toBeGreaterThanOrEqual(p.functions.self[c]);
    if (g.self) {
      for (let e = 0; e < g.size; e++) {
        const c = g.caller[e];
        if (g.callee[e] !== f || c === f || gain.get(c) !== 1) continue;
        close(q.functions.self[c] - p.functions.self[c], g.self[e] * (p.functions.self[f] > 0 ? 1 : 0) * (sumSelfIn(p, f) > 0 ? p.functions.self[f] / sumSelfIn(p, f) : 0) + 0);
      }
    }
  });

  it('only my code and hide keep the total; collapsing a library keeps the sum of self', () => {
    for (const t of [{ type: 'only-my-code', libs: null }, { type: 'hide', pattern: '^_' }] as const) {
      const r = applyTransforms(p, [t]);
      if (r.notes[0].skipped) continue;
      expect(r.profile.total).toBe(p.total);
      close(sum(r.profile.functions.self), sum(p.functions.self));
    }
    const file = p.frames.find((fr) => fr.file.includes('/'))?.file ?? '';
    const prefix = file.slice(0, file.lastIndexOf('/') + 1);
    const r = applyTransforms(p, [{ type: 'collapse-lib', prefix }]);
    if (!r.notes[0].skipped) {
      close(sum(r.profile.functions.self), sum(p.functions.self));
      expect(r.profile.frames.length).toBe(p.frames.length + 1);
      expect(r.profile.functions.self[p.frames.length]).toBeGreaterThan(0);
    }
  });

  it('focus and drop act on the estimated tree, whose table they then show', () => {
    const f = middle(p);
    const q = applyTransforms(p, [{ type: 'drop-function', funcs: [f] }]).profile;
    expect(q.graph).toBeNull();
    close(q.total, p.tree.total[0] - totalInTree(p, f));
    const r = applyTransforms(p, [{ type: 'focus-function', funcs: [f] }]).profile;
    close(r.total, totalInTree(p, f));
  });
});

/** F's self shared among callers: pstats' edges record it; the denominator is what they record in all. */
function sumSelfIn(p: Profile, f: number): number {
  const g = p.graph!;
  let s = 0;
  for (let e = 0; e < g.size; e++) if (g.callee[e] === f && g.caller[e] !== f) s += g.self![e];
  const isRoot = p.tree.frame.some((fr, i) => fr === f && p.tree.parent[i] === 0);
  return isRoot ? Math.max(s, p.functions.self[f]) : s;
}

/** F's total in the tree, counted once per outermost node. */
function totalInTree(p: Profile, f: number): number {
  const { parent, frame, total } = p.tree;
  let t = 0;
  const inF = new Uint8Array(p.tree.size);
  for (let i = 0; i < p.tree.size; i++) {
    const above = i > 0 && inF[parent[i]] === 1;
    inF[i] = above || frame[i] === f ? 1 : 0;
    if (frame[i] === f && !above) t += total[i];
  }
  return t;
}
