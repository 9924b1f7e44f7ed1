import type { CallTree, Frame, Profile } from '../model';
import { functionStatsFromTree, keepsSyntheticRoot } from '../stats/fromTree';
import { carryEstimated } from './estimated';
import { collapseLibraryInGraph, mergeInGraph } from './graph';
import { DEFAULT_LIBRARIES, framesMatching } from './libraries';
import { remapLabels, remapSamples } from './output';
import { safeRegex, testCut } from './pattern';
import * as stacks from './stacks';
import type { Transform, TransformNote } from './types';

/**
 * Applies a stack of transforms in order to a profile and returns the new profile; the input is
 * never changed, so undo is applying a shorter stack to the same original (bit for bit the same
 * result: every step is deterministic). A transform that names a function or path the profile
 * lacks, or a bad pattern, is skipped and said so in its note, never fatal.
 *
 * Trees of real stacks are rewritten as the definitions say (stacks.ts). Trees rebuilt from a call
 * graph (pstats, callgrind) take the merges (merge function, hide, only my code) and collapse a
 * library on the graph (graph.ts); the other transforms need whole stacks, which such files never
 * recorded, so they act on the estimated tree, which then becomes the profile: its table is
 * recomputed from that tree (no call counts, no graph), an estimate as the tree is.
 */
export interface Applied {
  profile: Profile;
  notes: TransformNote[];
}

export function applyTransforms(original: Profile, stack: readonly Transform[]): Applied {
  let profile = original;
  const notes: TransformNote[] = [];
  stack.forEach((transform, index) => {
    const step = applyStep(profile, transform, index);
    profile = step.profile;
    notes.push(step.note);
  });
  return { profile, notes };
}

/** One transform of a stack: the profile after it (the same one when it was skipped) and its note. */
export function applyStep(profile: Profile, transform: Transform, index: number): { profile: Profile; note: TransformNote } {
  const before = profile.total;
  const result = applyOne(profile, transform);
  if (typeof result === 'string') return { profile, note: { index, transform, skipped: result } };
  const note: TransformNote = { index, transform };
  if (result.total !== before) {
    note.removed = before - result.total;
    note.before = before;
  }
  return { profile: result, note };
}

/** The new profile, or why the transform was skipped. */
export function applyOne(profile: Profile, t: Transform): Profile | string {
  const frameCount = profile.frames.length;
  const onGraph = profile.graph !== null && profile.graphTree !== undefined;
  switch (t.type) {
    case 'merge-function':
    case 'hide':
    case 'only-my-code': {
      const merged = t.type === 'merge-function' ? frameSet(frameCount, t.funcs) : t.type === 'hide' ? hidden(profile.frames, t.pattern) : framesMatching(profile.frames, t.libs ?? DEFAULT_LIBRARIES);
      if (typeof merged === 'string') return merged;
      merged[profile.tree.frame[0]] = 0;
      if (!anyPresent(profile, merged)) return missing(t);
      if (onGraph) return mergeInGraph(profile, merged);
      if (t.type === 'only-my-code') return fromStacks(profile, stacks.onlyMyCode(profile.tree, merged));
      return fromStacks(profile, stacks.mergeFunctions(profile.tree, merged));
    }
    case 'collapse-lib': {
      if (t.prefix.trim() === '') return 'an empty library prefix';
      const inLib = framesMatching(profile.frames, [t.prefix]);
      inLib[profile.tree.frame[0]] = 0;
      if (!anyPresent(profile, inLib)) return `no function's file matches "${t.prefix}"`;
      const { frames, libFrame } = withLibraryFrame(profile.frames, t.prefix);
      if (onGraph) return collapseLibraryInGraph(profile, inLib, frames, libFrame);
      return fromStacks({ ...profile, frames }, stacks.collapseLibrary(profile.tree, inLib, libFrame));
    }
    default:
      break;
  }
  // the rest need whole stacks: a graph-built profile becomes its estimated tree first
  const p = onGraph ? materialise(profile) : profile;
  const { tree } = p;
  switch (t.type) {
    case 'focus-subtree':
    case 'merge-call-node': {
      const atPath = nodesAtPath(tree, t.path);
      if (!atPath) return missing(t);
      if (t.type === 'merge-call-node') {
        if (t.path.length < 2) return 'the root cannot be merged';
        return fromStacks(p, stacks.mergeCallNode(tree, atPath));
      }
      return fromStacks(p, stacks.focusSubtree(tree, atPath, t.path[t.path.length - 1]));
    }
    case 'focus-function':
    case 'drop-function': {
      const set = frameSet(frameCount, t.funcs);
      if (!anyPresent(p, set)) return missing(t);
      if (t.type === 'drop-function') {
        if (set[tree.frame[0]]) return 'the root cannot be dropped';
        return fromStacks(p, stacks.dropFunctions(tree, set));
      }
      const present = framesInTree(tree, set);
      return fromStacks(p, stacks.focusFunctions(tree, set, present.length === 1 ? present[0] : -1));
    }
    case 'collapse-recursion':
    case 'collapse-direct-recursion': {
      if (!anyPresent(p, frameSet(frameCount, [t.func]))) return missing(t);
      return fromStacks(p, t.type === 'collapse-recursion' ? stacks.collapseRecursion(tree, t.func) : stacks.collapseDirectRecursion(tree, t.func));
    }
    default:
      return `unknown transform ${String((t as { type: unknown }).type)}`;
  }
}

function fromStacks(profile: Profile, { out, to }: stacks.Rewritten): Profile {
  out.addSelves(to, profile.tree.self);
  const { tree, map } = out.finish(to);
  // a graph-built tree's estimates stay estimates in what is made of them
  const estimated = carryEstimated(profile.tree, map, tree);
  if (estimated) tree.estimated = estimated;
  const next: Profile = {
    ...profile,
    tree,
    total: tree.total[0],
    functions: functionStatsFromTree(tree, profile.frames.length, keepsSyntheticRoot(profile, tree)),
    graph: null,
  };
  delete next.graphTree;
  if (profile.samples) next.samples = remapSamples(profile.samples, map);
  if (profile.labels) next.labels = remapLabels(profile.labels, map);
  return next;
}

/** A graph-built profile as the tree it shows: numbers from the tree, no graph behind it. */
function materialise(profile: Profile): Profile {
  const next: Profile = { ...profile, graph: null, functions: functionStatsFromTree(profile.tree, profile.frames.length, keepsSyntheticRoot(profile, profile.tree)) };
  delete next.graphTree;
  return next;
}

function frameSet(frameCount: number, funcs: readonly number[]): Uint8Array {
  const set = new Uint8Array(frameCount);
  for (const f of funcs) if (Number.isInteger(f) && f >= 0 && f < frameCount) set[f] = 1;
  return set;
}

function hidden(frames: Frame[], pattern: string): Uint8Array | string {
  const re = safeRegex(pattern);
  if (typeof re === 'string') return `pattern /${pattern}/: ${re}`;
  const set = new Uint8Array(frames.length);
  for (let f = 0; f < frames.length; f++) if (testCut(re, frames[f].name) || testCut(re, frames[f].file)) set[f] = 1;
  return set;
}

/** Whether a frame of the set has weight or calls in the profile (its tree, or its table for graphs). */
function anyPresent(profile: Profile, set: Uint8Array): boolean {
  const { self, total, ncalls } = profile.functions;
  for (let f = 0; f < set.length; f++) {
    if (set[f] && (self[f] !== 0 || total[f] !== 0 || (ncalls !== null && ncalls[f] > 0))) return true;
  }
  const { frame, size } = profile.tree;
  for (let i = 0; i < size; i++) if (set[frame[i]]) return true;
  return false;
}

/** The frames of the set that some node of the tree has. */
function framesInTree(tree: CallTree, set: Uint8Array): number[] {
  const seen = new Uint8Array(set.length);
  const out: number[] = [];
  for (let i = 0; i < tree.size; i++) {
    const f = tree.frame[i];
    if (set[f] && !seen[f]) { seen[f] = 1; out.push(f); }
  }
  return out;
}

/** Per node, 1 when its path from the root is exactly `path`; null when no node's is. */
function nodesAtPath(tree: CallTree, path: readonly number[]): Uint8Array | null {
  if (path.length === 0) return null;
  const depth = new Int32Array(tree.size);
  const onPath = new Uint8Array(tree.size); // the node's path is a prefix of `path`
  const at = new Uint8Array(tree.size);
  let found = false;
  onPath[0] = tree.frame[0] === path[0] ? 1 : 0;
  if (onPath[0] && path.length === 1) { at[0] = 1; found = true; }
  for (let i = 1; i < tree.size; i++) {
    const p = tree.parent[i];
    if (!onPath[p]) continue;
    const d = (depth[i] = depth[p] + 1);
    if (d >= path.length || tree.frame[i] !== path[d]) continue;
    onPath[i] = 1;
    if (d === path.length - 1) { at[i] = 1; found = true; }
  }
  return found ? at : null;
}

/** The frames with the library's frame appended (or found, when an earlier step made it). */
function withLibraryFrame(frames: Frame[], prefix: string): { frames: Frame[]; libFrame: number } {
  const existing = frames.findIndex((f) => f.name === prefix && f.file === prefix && f.line === 0);
  if (existing >= 0) return { frames, libFrame: existing };
  return { frames: [...frames, { name: prefix, file: prefix, line: 0, column: 0 }], libFrame: frames.length };
}

function missing(t: Transform): string {
  if (t.type === 'hide') return `no function matches /${t.pattern}/`;
  if (t.type === 'only-my-code') return 'no library code in the profile';
  if ('path' in t) return 'that call path is not in the profile';
  return 'that function is not in the profile';
}
