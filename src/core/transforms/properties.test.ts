import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameTable } from '../frames';
import { MICROSECONDS, type Profile } from '../model';
import { StackTreeBuilder } from '../tree/fromStacks';
import { applyOne, applyTransforms } from './apply';
import type { Transform } from './types';

// Properties over random sampled profiles: stacks over six functions (so recursion, direct and
// not, is common), whole-number weights so that every sum is exact.

const FUNCS = 6;

function profileOf(stacks: { frames: number[]; weight: number }[]): Profile {
  const table = new FrameTable();
  const builder = new StackTreeBuilder(table);
  const ids = Array.from({ length: FUNCS }, (_, i) => table.intern(`f${i}`, i % 2 ? `node_modules/lib${i}.js` : `app${i}.js`, i + 1, 1));
  let t = 0;
  for (const s of stacks) {
    const node = builder.addStack(s.frames.map((f) => ids[f]), s.frames.length, s.weight);
    builder.sample(node, t, s.weight);
    t += s.weight;
  }
  const { tree, functions, samples } = builder.finish();
  return { format: 'collapsed', name: 'random', unit: MICROSECONDS, total: tree.total[0], frames: table.frames, tree, functions, graph: null, events: ['samples'], event: 0, samples: samples! };
}

const stacksArb = fc.array(
  fc.record({ frames: fc.array(fc.integer({ min: 0, max: FUNCS - 1 }), { minLength: 1, maxLength: 8 }), weight: fc.integer({ min: 1, max: 1000 }) }),
  { minLength: 1, maxLength: 40 },
);
const funcArb = fc.integer({ min: 1, max: FUNCS }); // frame 0 is the root

/** Every array of the profile's tree, table and samples, bit for bit. */
function bits(p: Profile): unknown {
  const b = (a: ArrayBufferView | null | undefined) => (a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex') : null);
  return {
    total: p.total, frames: p.frames.length,
    tree: [p.tree.size, b(p.tree.parent), b(p.tree.frame), b(p.tree.self), b(p.tree.total)],
    functions: [b(p.functions.self), b(p.functions.total)],
    samples: p.samples ? [b(p.samples.node), b(p.samples.time), b(p.samples.weight)] : null,
  };
}

const transformArb: fc.Arbitrary<Transform> = fc.oneof(
  funcArb.map((f): Transform => ({ type: 'merge-function', funcs: [f] })),
  funcArb.map((f): Transform => ({ type: 'drop-function', funcs: [f] })),
  funcArb.map((f): Transform => ({ type: 'focus-function', funcs: [f] })),
  funcArb.map((f): Transform => ({ type: 'collapse-recursion', func: f })),
  funcArb.map((f): Transform => ({ type: 'collapse-direct-recursion', func: f })),
  fc.constant<Transform>({ type: 'collapse-lib', prefix: 'node_modules/' }),
  fc.constant<Transform>({ type: 'only-my-code', libs: null }),
  fc.constant<Transform>({ type: 'hide', pattern: 'f[13]' }),
);

describe('transform properties', () => {
  it('merge keeps the total and every other function\'s total', () => {
    fc.assert(fc.property(stacksArb, funcArb, (stacks, f) => {
      const p = profileOf(stacks);
      const q = applyTransforms(p, [{ type: 'merge-function', funcs: [f] }]).profile;
      expect(q.total).toBe(p.total);
      // frame 0, the tree's own root, is no function: its total is the weight left on it (a
      // merged function called from the root leaves its self there)
      for (let g = 1; g < p.frames.length; g++) if (g !== f) expect(q.functions.total[g]).toBe(p.functions.total[g]);
      expect(q.functions.total[f]).toBe(0);
      expect(q.functions.total[0]).toBe(q.tree.self[0]);
    }));
  });

  it('drop removes exactly the function\'s total', () => {
    fc.assert(fc.property(stacksArb, funcArb, (stacks, f) => {
      const p = profileOf(stacks);
      const { profile: q, notes } = applyTransforms(p, [{ type: 'drop-function', funcs: [f] }]);
      if (notes[0].skipped) {
        expect(p.functions.total[f]).toBe(0);
        return;
      }
      expect(q.total).toBe(p.total - p.functions.total[f]);
      expect(notes[0].removed ?? 0).toBe(p.functions.total[f]);
      expect(q.samples!.size).toBe(q.samples!.weight.length);
      expect(q.samples!.weight.reduce((a, b) => a + b, 0)).toBe(q.total);
    }));
  });

  it('only my code keeps the total', () => {
    fc.assert(fc.property(stacksArb, (stacks) => {
      const p = profileOf(stacks);
      expect(applyTransforms(p, [{ type: 'only-my-code', libs: null }]).profile.total).toBe(p.total);
    }));
  });

  it('focus on F and merging G (not F) commute', () => {
    fc.assert(fc.property(stacksArb, funcArb, funcArb, (stacks, f, g) => {
      fc.pre(f !== g);
      const p = profileOf(stacks);
      const focus: Transform = { type: 'focus-function', funcs: [f] };
      const merge: Transform = { type: 'merge-function', funcs: [g] };
      const a = applyTransforms(p, [focus, merge]);
      const b = applyTransforms(p, [merge, focus]);
      fc.pre(!a.notes.some((n) => n.skipped) && !b.notes.some((n) => n.skipped));
      expect([...a.profile.functions.self]).toEqual([...b.profile.functions.self]);
      expect([...a.profile.functions.total]).toEqual([...b.profile.functions.total]);
      expect(a.profile.tree.size).toBe(b.profile.tree.size);
    }));
  });

  it('undo (the stack without its tail, from the original) restores the profile bit for bit', () => {
    fc.assert(fc.property(stacksArb, fc.array(transformArb, { minLength: 1, maxLength: 6 }), fc.nat(), (stacks, stack, cut) => {
      const p = profileOf(stacks);
      const k = cut % (stack.length + 1);
      // the profile as it was with k transforms, built step by step as the page adds them
      let stepwise = p;
      for (const t of stack.slice(0, k)) {
        const r = applyOne(stepwise, t);
        if (typeof r !== 'string') stepwise = r;
      }
      applyTransforms(p, stack); // all of them, then undone down to k
      const undone = applyTransforms(p, stack.slice(0, k)).profile;
      expect(bits(undone)).toEqual(bits(stepwise));
      expect(bits(applyTransforms(p, []).profile)).toEqual(bits(p));
    }));
  });

  it('a transform naming a function the profile lacks is skipped and said so', () => {
    const p = profileOf([{ frames: [0, 1], weight: 5 }]);
    const { profile, notes } = applyTransforms(p, [{ type: 'merge-function', funcs: [999] }, { type: 'drop-function', funcs: [5] }, { type: 'hide', pattern: '(a+)+$' }]);
    expect(profile).toBe(p);
    expect(notes.map((n) => n.skipped)).toEqual([
      'that function is not in the profile',
      'that function is not in the profile',
      expect.stringContaining('repeated group'),
    ]);
  });
});

describe('deep stacks', () => {
  it('rewrites a 100 000-deep recursive stack without recursion', () => {
    const frames = Array.from({ length: 100_000 }, (_, i) => (i % 3 === 2 ? 2 : i % 3));
    const p = profileOf([{ frames, weight: 7 }, { frames: frames.slice(0, 500), weight: 3 }]);
    for (const t of [
      { type: 'collapse-recursion', func: 2 },
      { type: 'merge-function', funcs: [1] },
      { type: 'collapse-direct-recursion', func: 1 },
      { type: 'focus-function', funcs: [3] },
      { type: 'only-my-code', libs: null },
    ] as Transform[]) {
      const q = applyTransforms(p, [t]).profile;
      expect(q.total).toBe(10);
    }
    const collapsed = applyTransforms(p, [{ type: 'collapse-recursion', func: 1 }]).profile;
    expect(collapsed.tree.size).toBeLessThan(10);
  });
});
