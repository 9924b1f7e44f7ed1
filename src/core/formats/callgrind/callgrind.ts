import { ProfileFormatError } from '../../errors';
import type { CallGraph, Frame, FunctionStats, ImportOptions, Profile, WeightUnit } from '../../model';
import { GRAPH_TREE_CUTOFF, treeFromGraph } from '../../tree/fromGraph';
import { inclusiveCosts } from './inclusive';
import { Scanner } from './scan';
import { checkedTotal } from './total';
import { wantLines } from '../../source/wantLines';

/**
 * Callgrind profiles: valgrind's callgrind (and cachegrind), pyprof2calltree (from cProfile) and
 * Xdebug's cachegrind.out. callgrind/scan.ts sums the file into self cost per function and
 * caller -> callee edges with call counts and inclusive costs, in one pass over the bytes (its
 * fast reader takes nearly every line; general.ts reads the rest and judges errors; names.ts and
 * tables.ts are its lookups); callgrind/inclusive.ts derives inclusive costs and the tree's roots;
 * this file puts the Profile together.
 *
 * Self cost and the program total are exactly what callgrind_annotate prints (but for a total
 * below what one function costs, which only a broken file has: total.ts). Inclusive cost is
 * its too for every function outside recursion; inside recursion callgrind_annotate counts nested
 * activations again (its `fib` can exceed the program total) and we bound it instead (see
 * inclusive.ts). callgrind names recursive activations `fib'2`, `fib'3`: those stay distinct
 * functions, as the file writes them.
 *
 * The file has no stacks, so the tree is rebuilt from the graph (see treeFromGraph): an average
 * picture of where cost went, not real call paths.
 */

export function importCallgrind(bytes: Uint8Array, options: ImportOptions = {}): Profile {
  try {
    return build(bytes, options);
  } catch (e) {
    if (e instanceof ProfileFormatError) throw e;
    // a safety net (out of memory on a huge file, a bug): the page only knows ProfileFormatError
    throw new ProfileFormatError('callgrind', `cannot read the file: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function build(bytes: Uint8Array, options: ImportOptions): Profile {
  const event = options.event ?? 0;
  const rootFrame = 0;
  const frames: Frame[] = [{ name: '(root)', file: '', line: 0, column: 0 }];
  const scan = new Scanner(bytes, event, frames, wantLines(options, bytes.length)).run(options.onProgress);
  const { caller, callee, edgeCount, self } = scan;
  const frameCount = frames.length;

  const ncalls = new Float64Array(frameCount);
  for (let e = 0; e < edgeCount; e++) ncalls[callee[e]] += scan.ncalls[e];
  const inclusiveFor = (programTotal: number) => inclusiveCosts(self, caller, callee, scan.ncalls, scan.edgeTotal, edgeCount, programTotal, rootFrame);
  let inclusive = inclusiveFor(scan.total);
  const checked = checkedTotal(scan.total, scan.totalFrom, self, inclusive.total, frames);
  // a cycle's inclusive cost is bounded by the program total: again with the total taken instead
  if (checked.total !== scan.total) inclusive = inclusiveFor(checked.total);
  const programTotal = checked.total;
  const warnings = [...scan.warnings, ...checked.warnings];
  const total = inclusive.total;

  const graph: CallGraph = {
    size: edgeCount,
    caller,
    callee,
    ncalls: scan.ncalls,
    primcalls: null,
    self: null,
    total: scan.edgeTotal,
  };
  const functions: FunctionStats = { ncalls, primcalls: null, self, total };
  const minWeight = Math.abs(programTotal) * GRAPH_TREE_CUTOFF;
  const tree = treeFromGraph({
    graph,
    frameCount,
    inclusive: inclusive.share,
    roots: inclusive.roots,
    rootWeights: inclusive.rootWeights,
    rootFrame,
    total: programTotal,
    minWeight,
  });
  options.onProgress?.(1);
  const name = scan.events[event];
  return {
    format: 'callgrind',
    name: options.name ?? (scan.cmd || 'callgrind'),
    unit: unitForEvent(name, scan.eventLongNames.get(name)),
    total: programTotal,
    frames,
    tree,
    functions,
    graph,
    events: scan.events,
    event,
    graphTree: { inclusive: inclusive.share, minWeight },
    ...(scan.lines !== null && scan.lines.size > 0 ? { lines: scan.lines } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

const TIME_SCALE = new Map<string, number>([
  ['ns', 1e-9], ['nsec', 1e-9], ['nanoseconds', 1e-9],
  ['us', 1e-6], ['µs', 1e-6], ['usec', 1e-6], ['microseconds', 1e-6],
  ['ms', 1e-3], ['msec', 1e-3], ['milliseconds', 1e-3],
  ['s', 1], ['sec', 1], ['seconds', 1],
]);

/** The seconds a unit matched as (scale, unit word) stands for, e.g. ("10", "ns") 1e-8; null for no time unit. */
function secondsOf(match: RegExpExecArray | null): number | null {
  const scale = match === null ? undefined : TIME_SCALE.get(match[2].toLowerCase());
  return scale === undefined ? null : Number(match![1] ?? 1) * scale;
}

/**
 * What an event counts: a unit its `event:` line's long name gives in parentheses (valgrind's
 * --collect-systime: `sysTime (elapsed ns)`, `sysCpuTime (system cpu ns)`, or us, ms), else
 * `ns` (pyprof2calltree), `Time_(10ns)` (Xdebug 3), `Memory_(bytes)`, else a count (`Ir`).
 */
export function unitForEvent(name: string, longName = ''): WeightUnit {
  const seconds = secondsOf(/\((?:[^()]*\s)?(\d+(?:\.\d+)?)?([a-zµ]+)\)\s*$/i.exec(longName)) // sysTime (elapsed ns)
    ?? secondsOf(/\(\s*(\d+(?:\.\d+)?)?\s*([a-zµ]+)\s*\)/i.exec(name)); // Time_(10ns)
  if (seconds !== null) return { name, kind: 'time', seconds };
  const plain = TIME_SCALE.get(name.toLowerCase());
  if (plain !== undefined) return { name, kind: 'time', seconds: plain };
  if (/bytes|memory/i.test(name)) return { name, kind: 'bytes', seconds: 0 };
  // Xdebug 2 wrote `events: Time Memory` with times in microseconds
  if (/time/i.test(name)) return { name, kind: 'time', seconds: 1e-6 };
  return { name, kind: 'count', seconds: 0 };
}
