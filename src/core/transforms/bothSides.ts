import type { Frame, Profile } from '../model';
import { applyStep, type Applied } from './apply';
import type { Transform } from './types';
import { frameIndexByFunction, frameIndexByKey, frameKey, functionKey } from '../frames';

/**
 * Transforms on a comparison: the stack the user builds on the new side, replayed on both sides,
 * so that the diff compares like with like (merging `render` on one side only would show its
 * whole time as a change). A transform names frames by their index in the new side's frames; the
 * base has its own, so each step is translated by the frames' identity (name, file, line,
 * column), at that step, since steps may append frames (a collapsed library). Between two callgrind
 * sides a function is its file and name, as in their merge and diff (merge/frameMap.ts): each
 * side's line is the first with a cost in its files. A function the base lacks is skipped there,
 * as a link naming a missing function is.
 */
export function applyBothSides(next: Profile, base: Profile, stack: readonly Transform[]): { next: Applied; base: Profile } {
  let n = next;
  let b = base;
  const notes: Applied['notes'] = [];
  const byFunction = next.format === 'callgrind' && base.format === 'callgrind';
  stack.forEach((t, index) => {
    const onBase = remapTransform(t, n.frames, b.frames, byFunction);
    const step = applyStep(n, t, index);
    n = step.profile;
    notes.push(step.note);
    b = applyStep(b, onBase, index).profile;
  });
  return { next: { profile: n, notes }, base: b };
}

/**
 * `t`, its frames (indexes into `from`) replaced by the same frames' indexes in `to`; -1 where `to`
 * lacks one. `byFunction`: a frame not found exactly is found by file and name where exactly one
 * frame of `to` has them (callgrind, see applyBothSides).
 */
export function remapTransform(t: Transform, from: Frame[], to: Frame[], byFunction = false): Transform {
  if (!('funcs' in t) && !('func' in t) && !('path' in t)) return t;
  const index = frameIndexByKey(to);
  const loose = byFunction ? frameIndexByFunction(to) : null;
  const map = (i: number) => {
    if (i < 0 || i >= from.length) return -1;
    const f = from[i];
    return index.get(frameKey(f)) ?? loose?.get(functionKey(f)) ?? -1;
  };
  switch (t.type) {
    case 'focus-function':
    case 'merge-function':
    case 'drop-function':
      return { ...t, funcs: t.funcs.map(map) };
    case 'collapse-recursion':
    case 'collapse-direct-recursion':
      return { ...t, func: map(t.func) };
    case 'focus-subtree':
    case 'merge-call-node':
      return { ...t, path: t.path.map(map) };
    default:
      return t;
  }
}
