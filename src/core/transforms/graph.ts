import type { CallGraph, FunctionStats, Profile } from '../model';
import { treeFromGraph } from '../tree/fromGraph';

/**
 * Merge transforms on a profile whose tree is rebuilt from a call graph (pstats, callgrind).
 * There are no stacks to rewrite, so the graph itself is rewritten and the tree rebuilt from it
 * with the import's rule (treeFromGraph). Merging F removes F from the graph:
 *  - each caller c of F gets F's self in proportion to what c's calls recorded of it: pstats'
 *    per-caller tottime (exact: cProfile measured F's self under each caller), else (callgrind)
 *    the edge's inclusive cost (an estimate). The share of calls from outside the profile (F a
 *    root) goes to the root;
 *  - each edge F -> d becomes c -> d for every caller c, with cost, calls and self times
 *    the share of F's incoming cost that c's edge carries (an estimate: which caller's calls of F
 *    led to d is not recorded), so every callee keeps its incoming cost exactly;
 *  - the other functions keep their total and call counts, which merging F does not change.
 * Functions are eliminated one at a time in frame order; an edge a caller would gain to itself
 * (a cycle through F) is left out, as the tree cuts recursion anyway.
 * Collapsing a library joins its functions into one: self and calls summed (exact), edges between
 * members dropped, the library's total the cost of calls into it from outside plus its share of
 * the roots (an estimate where the library is re-entered through outside code).
 */

class WorkingGraph {
  caller: number[] = [];
  callee: number[] = [];
  ncalls: number[] = [];
  primcalls: number[] | null;
  self: number[] | null;
  total: number[] = [];
  alive: boolean[] = [];
  private readonly index = new Map<number, number>(); // caller * frameCount + callee -> edge
  readonly ins: number[][];
  readonly outs: number[][];

  constructor(graph: CallGraph, readonly frameCount: number) {
    this.primcalls = graph.primcalls ? [] : null;
    this.self = graph.self ? [] : null;
    this.ins = Array.from({ length: frameCount }, () => []);
    this.outs = Array.from({ length: frameCount }, () => []);
    for (let e = 0; e < graph.size; e++) {
      this.add(graph.caller[e], graph.callee[e], graph.ncalls[e], graph.primcalls?.[e] ?? 0, graph.self?.[e] ?? 0, graph.total[e]);
    }
  }

  /** Adds to the edge caller -> callee, creating it when missing (a file may repeat a pair: summed). */
  add(caller: number, callee: number, ncalls: number, primcalls: number, self: number, total: number): void {
    const key = caller * this.frameCount + callee;
    let e = this.index.get(key);
    if (e === undefined) {
      e = this.caller.length;
      this.index.set(key, e);
      this.caller.push(caller); this.callee.push(callee);
      this.ncalls.push(0); this.primcalls?.push(0); this.self?.push(0); this.total.push(0); this.alive.push(true);
      this.ins[callee].push(e);
      this.outs[caller].push(e);
    }
    this.ncalls[e] += ncalls;
    if (this.primcalls) this.primcalls[e] += primcalls;
    if (this.self) this.self[e] += self;
    this.total[e] += total;
  }

  kill(e: number): void {
    if (!this.alive[e]) return;
    this.alive[e] = false;
    this.index.delete(this.caller[e] * this.frameCount + this.callee[e]);
  }

  live(list: number[]): number[] {
    return list.filter((e) => this.alive[e]);
  }

  finish(): CallGraph {
    const keep: number[] = [];
    for (let e = 0; e < this.caller.length; e++) if (this.alive[e]) keep.push(e);
    const pick = (a: number[]) => Float64Array.from(keep, (e) => a[e]);
    return {
      size: keep.length,
      caller: Int32Array.from(keep, (e) => this.caller[e]),
      callee: Int32Array.from(keep, (e) => this.callee[e]),
      ncalls: pick(this.ncalls),
      primcalls: this.primcalls ? pick(this.primcalls) : null,
      self: this.self ? pick(this.self) : null,
      total: pick(this.total),
    };
  }
}

interface GraphState {
  g: WorkingGraph;
  functions: FunctionStats;
  inclusive: Float64Array;
  /** weight of each root (function called from outside the profile), by frame */
  roots: Map<number, number>;
  rootFrame: number;
  total: number;
}


function stateOf(profile: Profile, frameCount: number): GraphState {
  const { tree } = profile;
  const grow = (a: Float64Array) => { const b = new Float64Array(frameCount); b.set(a.subarray(0, Math.min(a.length, frameCount))); return b; };
  const f = profile.functions;
  const functions: FunctionStats = {
    ncalls: f.ncalls ? grow(f.ncalls) : null,
    primcalls: f.primcalls ? grow(f.primcalls) : null,
    self: grow(f.self),
    total: grow(f.total),
  };
  // the roots and their weights are the tree root's children (treeFromGraph made them so)
  const roots = new Map<number, number>();
  for (let c = 1; c < tree.size; c++) {
    if (tree.parent[c] === 0) roots.set(tree.frame[c], (roots.get(tree.frame[c]) ?? 0) + tree.total[c]);
  }
  return { g: new WorkingGraph(profile.graph!, frameCount), functions, inclusive: grow(profile.graphTree!.inclusive), roots, rootFrame: tree.frame[0], total: profile.total };
}

function eliminate(s: GraphState, f: number): void {
  const { g, functions } = s;
  const ins = g.live(g.ins[f]).filter((e) => g.caller[e] !== f);
  const outs = g.live(g.outs[f]).filter((e) => g.callee[e] !== f);
  const rootWeight = s.roots.get(f) ?? 0;
  let incoming = rootWeight;
  for (const e of ins) incoming += g.total[e];
  // F's self among its callers: by per-caller self where recorded, else by incoming cost
  let selfWeights = 0;
  const selfWeight = (e: number) => (g.self ? g.self[e] : g.total[e]);
  for (const e of ins) selfWeights += selfWeight(e);
  const rootSelf = rootWeight > 0 ? (g.self ? Math.max(0, functions.self[f] - selfWeights) : rootWeight) : 0;
  selfWeights += rootSelf;
  for (const e of ins) {
    const c = g.caller[e];
    const gain = selfWeights > 0 ? functions.self[f] * (selfWeight(e) / selfWeights) : 0;
    const share = incoming > 0 ? g.total[e] / incoming : 0;
    functions.self[c] += gain;
    s.inclusive[c] += gain - g.total[e];
    for (const o of outs) {
      const d = g.callee[o];
      if (d === c) continue;
      const cost = g.total[o] * share;
      g.add(c, d, g.ncalls[o] * share, (g.primcalls?.[o] ?? 0) * share, (g.self?.[o] ?? 0) * share, cost);
      s.inclusive[c] += cost;
    }
  }
  // self no caller takes (calls from outside the profile, or no recorded callers) stays at the root
  const toRoot = selfWeights > 0 ? functions.self[f] * (rootSelf / selfWeights) : functions.self[f];
  if (toRoot !== 0) {
    functions.self[s.rootFrame] += toRoot;
    functions.total[s.rootFrame] = s.total;
  }
  if (rootWeight > 0) {
    s.roots.delete(f);
    const share = incoming > 0 ? rootWeight / incoming : 0;
    for (const o of outs) {
      const d = g.callee[o];
      s.roots.set(d, (s.roots.get(d) ?? 0) + g.total[o] * share);
    }
  }
  for (const e of g.ins[f]) g.kill(e);
  for (const e of g.outs[f]) g.kill(e);
  zero(functions, s.inclusive, f);
}

function zero(functions: FunctionStats, inclusive: Float64Array, f: number): void {
  functions.self[f] = 0;
  functions.total[f] = 0;
  inclusive[f] = 0;
  if (functions.ncalls) functions.ncalls[f] = 0;
  if (functions.primcalls) functions.primcalls[f] = 0;
}

function finish(profile: Profile, s: GraphState, frames: Profile['frames']): Profile {
  const graph = s.g.finish();
  const roots = [...s.roots.keys()].sort((a, b) => a - b);
  const minWeight = profile.graphTree!.minWeight;
  const tree = treeFromGraph({
    graph, frameCount: frames.length, inclusive: s.inclusive,
    roots, rootWeights: roots.map((r) => s.roots.get(r)!), rootFrame: s.rootFrame, total: profile.total, minWeight,
  });
  return { ...profile, frames, graph, tree, functions: s.functions, graphTree: { inclusive: s.inclusive, minWeight } };
}

/** Merges every frame with merged[f] = 1 out of the graph; the root frame never. */
export function mergeInGraph(profile: Profile, merged: Uint8Array): Profile {
  const s = stateOf(profile, profile.frames.length);
  for (let f = 0; f < merged.length; f++) if (merged[f] && f !== s.rootFrame) eliminate(s, f);
  return finish(profile, s, profile.frames);
}

/** Joins every frame with inLib[f] = 1 into the new frame `libFrame` (appended to `frames`). */
export function collapseLibraryInGraph(profile: Profile, inLib: Uint8Array, frames: Profile['frames'], libFrame: number): Profile {
  const s = stateOf(profile, frames.length);
  const { g, functions } = s;
  const to = (f: number) => (f < inLib.length && inLib[f] && f !== s.rootFrame ? libFrame : f);
  const next = new WorkingGraph({ size: 0, caller: new Int32Array(0), callee: new Int32Array(0), ncalls: new Float64Array(0), primcalls: g.primcalls ? new Float64Array(0) : null, self: g.self ? new Float64Array(0) : null, total: new Float64Array(0) }, frames.length);
  let into = 0, calls = 0, outOf = 0;
  for (let e = 0; e < g.caller.length; e++) {
    if (!g.alive[e]) continue;
    const a = to(g.caller[e]), b = to(g.callee[e]);
    if (a === libFrame && b === libFrame) continue;
    if (b === libFrame) { into += g.total[e]; calls += g.ncalls[e]; }
    if (a === libFrame) outOf += g.total[e];
    next.add(a, b, g.ncalls[e], g.primcalls?.[e] ?? 0, g.self?.[e] ?? 0, g.total[e]);
  }
  let self = 0, rootWeight = 0;
  for (let f = 0; f < inLib.length; f++) {
    if (!inLib[f] || f === s.rootFrame) continue;
    self += functions.self[f];
    const r = s.roots.get(f);
    if (r !== undefined) { rootWeight += r; s.roots.delete(f); }
    zero(functions, s.inclusive, f);
  }
  if (rootWeight > 0) s.roots.set(libFrame, rootWeight);
  functions.self[libFrame] = self;
  functions.total[libFrame] = Math.min(into + rootWeight, Math.max(profile.total, self));
  if (functions.ncalls) functions.ncalls[libFrame] = calls;
  if (functions.primcalls) functions.primcalls[libFrame] = calls;
  s.inclusive[libFrame] = self + outOf;
  s.g = next;
  return finish(profile, s, frames);
}
