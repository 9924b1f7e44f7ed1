import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SampleList } from '../model';
import { StackTreeBuilder } from '../tree/fromStacks';
import { timelineBoxes } from './boxes';
import { profileInRange } from './range';

/** Stacks as frame-name arrays, timed back to back: the input of both the builder and the oracle. */
type Timed = { stack: string[]; start: number; weight: number };

function build(samples: Timed[]) {
  const b = new StackTreeBuilder();
  for (const s of samples) {
    const ids = s.stack.map((n) => b.frames.intern(n, '', 0, 0));
    b.sample(b.addStack(ids, ids.length, s.weight), s.start, s.weight);
  }
  const { tree, functions, samples: list } = b.finish();
  const none: SampleList = { size: 0, node: new Int32Array(0), time: new Float64Array(0), weight: new Float64Array(0) };
  return { tree, functions, samples: list ?? none, frames: b.frames.frames };
}

/**
 * The definition, by brute force: at each depth, a box is a maximal run of consecutive
 * contiguous samples whose stacks agree on every frame down to that depth.
 */
function oracleBoxes(samples: Timed[]): string[] {
  const out: string[] = [];
  const maxDepth = Math.max(0, ...samples.map((s) => s.stack.length));
  for (let d = 0; d < maxDepth; d++) {
    let runStart = -1;
    for (let i = 0; i <= samples.length; i++) {
      const s = samples[i];
      const prev = samples[i - 1];
      const continues = i > 0 && s !== undefined && prev.stack.length > d && s.stack.length > d
        && s.start <= prev.start + prev.weight
        && s.stack.slice(0, d + 1).join(';') === prev.stack.slice(0, d + 1).join(';');
      if (!continues && runStart >= 0) {
        const first = samples[runStart];
        out.push(`${d} ${first.stack.slice(0, d + 1).join(';')} ${first.start} ${prev.start + prev.weight}`);
        runStart = -1;
      }
      if (s !== undefined && s.stack.length > d && runStart < 0) runStart = i;
    }
  }
  return out.sort();
}

function boxesAsText(samples: Timed[]): string[] {
  const { tree, samples: list, frames } = build(samples);
  const boxes = timelineBoxes(tree, list);
  const pathOf = (node: number) => {
    const names: string[] = [];
    for (let v = node; v > 0; v = tree.parent[v]) names.unshift(frames[tree.frame[v]].name);
    return names.join(';');
  };
  const out: string[] = [];
  for (let i = 0; i < boxes.size; i++) out.push(`${boxes.depth[i]} ${pathOf(boxes.node[i])} ${boxes.start[i]} ${boxes.end[i]}`);
  return out.sort();
}

const stacks = fc.array(fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 5 }), { maxLength: 40 });
const timed = (list: string[][], gaps: boolean[]): Timed[] => {
  let t = 0;
  return list.map((stack, i) => {
    if (gaps[i]) t += 3;
    const s = { stack, start: t, weight: 2 };
    t += 2;
    return s;
  });
};

describe('timelineBoxes', () => {
  it('equals the brute-force runs of equal stack prefixes, gaps included', () => {
    fc.assert(fc.property(stacks, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (list, gaps) => {
      const samples = timed(list, gaps);
      expect(boxesAsText(samples)).toEqual(oracleBoxes(samples));
    }), { numRuns: 300 });
  });

  it('keeps a 100 000-deep stack as 100 000 boxes without recursion', () => {
    const stack = Array.from({ length: 100_000 }, (_, i) => `f${i % 3}`);
    const { tree, samples } = build([{ stack, start: 0, weight: 1 }, { stack, start: 1, weight: 1 }]);
    const boxes = timelineBoxes(tree, samples);
    expect(boxes.size).toBe(100_000);
    expect(boxes.rows).toBe(100_000);
    expect(boxes.end[boxes.size - 1]).toBe(2);
  });
});

describe('profileInRange', () => {
  it('equals the profile built from only the samples that start in the range', () => {
    fc.assert(fc.property(stacks, fc.nat(80), fc.nat(80), (list, x, y) => {
      const samples = timed(list, []);
      const [from, to] = [Math.min(x, y), Math.max(x, y)];
      const all = build(samples);
      const cut = profileInRange({
        format: 'collapsed', name: 'x', unit: { name: 'count', kind: 'count', seconds: 0 }, total: all.tree.total[0],
        frames: all.frames, tree: all.tree, functions: all.functions, graph: null, events: ['x'], event: 0, samples: all.samples,
      }, from, to);
      const inside = build(samples.filter((s) => s.start >= from && s.start < to));
      expect(cut.total).toBe(inside.tree.total[0]);
      const byName = (frames: { name: string }[], v: Float64Array) =>
        new Map(frames.map((f, i): [string, number] => [f.name, v[i]]).filter(([, w]) => w > 0));
      expect(byName(all.frames, cut.functions.self)).toEqual(byName(inside.frames, inside.functions.self));
      expect(byName(all.frames, cut.functions.total)).toEqual(byName(inside.frames, inside.functions.total));
      expect(cut.samples!.size).toBe(samples.filter((s) => s.start >= from && s.start < to).length);
      for (let i = 1; i < cut.tree.size; i++) expect(cut.tree.parent[i]).toBeLessThan(i);
    }), { numRuns: 200 });
  });
});
