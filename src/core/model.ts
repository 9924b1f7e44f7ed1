// The profile model shared by every importer, the worker, the CLI and the page.
// Sizes that grow with the profile (call tree nodes, graph edges, per-function stats) are
// struct-of-arrays over typed arrays: a node or a function is an index, never an object, so a
// million-node tree stays a few tens of MB and crosses the worker boundary as transferables.

export type FormatId =
  | 'cpuprofile'
  | 'chrome-trace'
  | 'callgrind'
  | 'pstats'
  | 'pprof'
  | 'perf'
  | 'collapsed'
  | 'speedscope'
  | 'gecko';

/** What one unit of weight is. `seconds` converts a time unit to seconds; 0 for counts and bytes. */
export interface WeightUnit {
  name: string;
  kind: 'time' | 'count' | 'bytes';
  seconds: number;
}

/** A function as the profile names it. line and column are 1-based; 0 when unknown. */
export interface Frame {
  name: string;
  file: string;
  line: number;
  column: number;
}

/**
 * A call tree in preorder: node 0 is the root, parent[i] < i, and the subtree of node i is the
 * index range [i, i + size of subtree). frame[i] indexes Profile.frames.
 */
export interface CallTree {
  size: number;
  parent: Int32Array;
  frame: Int32Array;
  self: Float64Array;
  total: Float64Array;
  /**
   * Trees rebuilt from a call graph: 1 where the node is a call into a function already on the
   * path, not expanded (recursion or a cycle). Such a leaf's self is the time of that call, not
   * time spent in the function itself; absent in trees of real stacks.
   */
  recursion?: Uint8Array;
  /**
   * Trees rebuilt from a call graph: 1 where the node's weight is an estimate, because it or a
   * node above it is a function whose cost the rebuild shared among several callers (the exact
   * rule, and why, in core/tree/estimated.ts); 0 where it is the profile's own number. Kept by
   * refinement (splice), the bottom-up tree and transforms; absent in trees of real stacks.
   */
  estimated?: Uint8Array;
}

/**
 * Per-function statistics, indexed by frame. total counts a recursive function once per sample
 * (or per outermost activation), as DevTools and pstats do. ncalls/primcalls are null when the
 * format records no call counts (sampled profiles).
 */
export interface FunctionStats {
  ncalls: Float64Array | null;
  primcalls: Float64Array | null;
  self: Float64Array;
  total: Float64Array;
}

/** Caller -> callee edges between frames, for formats that record them (pstats, callgrind). */
export interface CallGraph {
  size: number;
  caller: Int32Array;
  callee: Int32Array;
  ncalls: Float64Array;
  primcalls: Float64Array | null;
  /** self time of the callee spent under this caller (pstats' tt per edge); null when unknown */
  self: Float64Array | null;
  total: Float64Array;
}

export interface Profile {
  format: FormatId;
  name: string;
  unit: WeightUnit;
  /** the program's total in `unit`: what pstats, callgrind_annotate or DevTools call the total */
  total: number;
  frames: Frame[];
  tree: CallTree;
  functions: FunctionStats;
  graph: CallGraph | null;
  /** cost columns the file offers (callgrind events); one entry for single-event formats */
  events: string[];
  /** index into events of the one this profile's weights show */
  event: number;
  /** for a tree rebuilt from the graph (pstats, callgrind): what zooming in rebuilds it finer from */
  graphTree?: GraphTreeCut;
  /**
   * What the importer repaired instead of refusing, in words with a count and the first place
   * ("3 samples name node 99, which does not exist (samples[12])"); absent when nothing was.
   */
  warnings?: string[];
  /** the samples in time order, for formats that record when each was taken (the timeline) */
  samples?: SampleList;
  /**
   * For a file that yields one profile per thread (Chrome traces, perf, Firefox Profiler): which
   * thread or process this one is, and where its sample time 0 lies on the clock the file's
   * profiles share (in `unit`), so that the timeline draws them as lanes on one time axis.
   * Absent for single-thread formats and for a profile of all threads together.
   */
  thread?: { name: string; origin: number };
  /** labels of samples (pprof's key = value tags), for filtering by label; absent when none */
  labels?: SampleLabels;
  /** cost per source line of each function, for formats that record lines; absent when none */
  lines?: LineCosts;
}

/**
 * Per-line costs of functions, as columns: row r says that frame[r], at line[r] of files[file[r]],
 * cost self[r] itself and total[r] with the calls made from that line (callgrind's call costs; the
 * same as self where a format records no call sites, as V8's positionTicks). Rows are sorted by
 * frame, then file, then line, so one function's lines are one range (see core/source/lines.ts).
 * A frame's lines may lie in other files than its own (callgrind's fi=/fe= for inlined code).
 * line is 1-based, 0 when unknown.
 */
export interface LineCosts {
  size: number;
  frame: Int32Array;
  file: Int32Array;
  line: Int32Array;
  self: Float64Array;
  total: Float64Array;
  files: string[];
}

/**
 * Labelled samples and their labels, as columns: labelled sample j ends at tree node
 * samples.node[j] with weight samples.weight[j]; label i belongs to labelled sample sample[i]
 * and says names[key[i]] = names[str[i]] (str -1: a number, num[i], in names[unit[i]] or unitless
 * when -1). Names are interned, so a million samples tagged with a few keys hold a few strings.
 */
export interface SampleLabels {
  samples: { size: number; node: Int32Array; weight: Float64Array };
  sample: Int32Array;
  key: Int32Array;
  str: Int32Array;
  num: Float64Array;
  unit: Int32Array;
  names: string[];
}

/**
 * Samples in the order they were taken: the call tree node each one's stack ends at, its start
 * (in `unit`, from the profile's start) and its weight. Struct of arrays, as the tree.
 */
export interface SampleList {
  size: number;
  node: Int32Array;
  time: Float64Array;
  weight: Float64Array;
}

/**
 * How a tree was rebuilt from the call graph (see treeFromGraph): the inclusive cost per frame its
 * edges share, and the cut-off under which nodes were not built. Trees of real stacks have none.
 */
export interface GraphTreeCut {
  inclusive: Float64Array;
  minWeight: number;
}

export interface ImportOptions {
  /** the file's name, for messages and the title; never used to guess the format */
  name?: string;
  /** fraction done, 0..1 */
  onProgress?: (fraction: number) => void;
  /** callgrind: which event the weights show (index into the `events:` line) */
  event?: number;
  /** callgrind, pprof: keep per-line costs (Profile.lines); by default only for files up to 32 MB (core/source/wantLines.ts) */
  lines?: boolean;
}

export const MICROSECONDS: WeightUnit = { name: 'microseconds', kind: 'time', seconds: 1e-6 };
export const SECONDS: WeightUnit = { name: 'seconds', kind: 'time', seconds: 1 };
export const NANOSECONDS: WeightUnit = { name: 'nanoseconds', kind: 'time', seconds: 1e-9 };
export const MILLISECONDS: WeightUnit = { name: 'milliseconds', kind: 'time', seconds: 1e-3 };
export const BYTES: WeightUnit = { name: 'bytes', kind: 'bytes', seconds: 0 };
/** a count of something named by the profile (samples, objects, an event such as cycles) */
export function countUnit(name: string): WeightUnit {
  return { name, kind: 'count', seconds: 0 };
}
