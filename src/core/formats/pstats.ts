import { ProfileFormatError } from '../errors';
import { FrameTable } from '../frames';
import { SECONDS, type CallGraph, type ImportOptions, type Profile } from '../model';
import { treeFromGraph } from '../tree/fromGraph';
import { decodeMarshal, type PyDict, type PyValue } from './marshal';

/**
 * cProfile / profile .prof files: one marshalled dict
 *   (filename, lineno, funcname) -> (cc, nc, tt, ct, callers)
 *   callers: caller key -> (nc, cc, tt, ct)   (the first two swapped!), or a plain call count
 * read as Python's pstats reads it. The file has no stacks, only caller -> callee edges, so the
 * tree is rebuilt from the graph the way SnakeViz does (see treeFromGraph), from better roots.
 */

/** A marshalled dict whose first key is a tuple (or an empty dict), with or without FLAG_REF. */
export function looksLikePstats(bytes: Uint8Array): boolean {
  const b0 = bytes[0], b1 = bytes[1];
  return (b0 === 0x7b || b0 === 0xfb) && (b1 === 0x28 || b1 === 0x29 || b1 === 0xa8 || b1 === 0xa9 || b1 === 0x30);
}

export function importPstats(bytes: Uint8Array, options: ImportOptions = {}): Profile {
  const offsets: number[] = []; // key, value, key, value... of the top dict, for error positions
  const stats = decodeMarshal(bytes, offsets);
  if (!(stats instanceof Map)) {
    throw new ProfileFormatError('pstats', 'the file holds no dict of function statistics', 'byte 0');
  }
  if (stats.size === 0) throw new ProfileFormatError('pstats', 'the profile holds no functions', 'byte 0');
  options.onProgress?.(0.5);

  const frames = new FrameTable();
  const rootFrame = frames.intern('(root)', '', 0, 0);
  const frameOf = keyIndex(frames);
  // frame -> entry; a key met twice keeps its first place and its last value, as a Python dict does
  const entryOf = new Map<number, number>();
  const entries: PyValue[][] = [];
  const entryOffsets: number[] = [];
  stats.forEach((value, key) => { // forEach, not for-of: no [key, value] array per entry
    const n = entries.length;
    const at = offsets[2 * n] ?? 0;
    if (!isNumberTuple(value, 4) || !((value as PyValue[])[4] instanceof Map)) {
      throw new ProfileFormatError('pstats', 'a function entry is not (cc, nc, tt, ct, callers)', `byte ${offsets[2 * n + 1] ?? at}`);
    }
    entryOf.set(frameOf(key, at), n);
    entries.push(value as PyValue[]);
    entryOffsets.push(at);
  });

  let edgeCount = 0;
  for (const e of entryOf.values()) edgeCount += (entries[e][4] as PyDict).size;
  const graph = {
    size: edgeCount,
    caller: new Int32Array(edgeCount),
    callee: new Int32Array(edgeCount),
    ncalls: new Float64Array(edgeCount),
    primcalls: new Float64Array(edgeCount),
    self: new Float64Array(edgeCount),
    total: new Float64Array(edgeCount),
  } satisfies CallGraph;
  const roots: number[] = [], rootWeights: number[] = [];
  let total = 0;
  let k = 0; // next edge
  entryOf.forEach((e, frame) => {
    const entry = entries[e];
    const cc = entry[0] as number, nc = entry[1] as number, tt = entry[2] as number, ct = entry[3] as number;
    const callers = entry[4] as PyDict;
    total += tt; // pstats' total_tt, summed in the file's order so the float matches
    let calledFromProfile = 0;
    callers.forEach((cv, ckey) => {
      graph.caller[k] = frameOf(ckey, entryOffsets[e]);
      graph.callee[k] = frame;
      if (isNumberTuple(cv, 4)) {
        const v = cv as number[];
        graph.ncalls[k] = v[0]; graph.primcalls[k] = v[1]; graph.self[k] = v[2]; graph.total[k] = v[3];
      } else if (typeof cv === 'number') {
        // the old profile module kept only a call count per caller: share the callee's times
        // in proportion to calls, an estimate (the file has nothing better) that keeps the tree usable
        const share = nc > 0 ? cv / nc : 0;
        graph.ncalls[k] = cv; graph.primcalls[k] = cv; graph.self[k] = tt * share; graph.total[k] = ct * share;
      } else {
        throw new ProfileFormatError('pstats', 'a caller entry is neither (nc, cc, tt, ct) nor a call count', `byte ${entryOffsets[e]}`);
      }
      calledFromProfile += graph.ncalls[k++];
    });
    // A root is a function called from outside the profiled code: no callers, or more calls than
    // its callers account for. "No callers" alone (SnakeViz's rule) misses the builtins.exec that
    // `python -m cProfile` starts with, since the nested execs of imports and runpy are its callers,
    // and leaves only {method 'disable'} at the top. Such outside calls are outermost, so they
    // are among the cc primitive calls and their time within ct: they get ct's share of them.
    const outside = nc - calledFromProfile;
    if (callers.size === 0 || outside > 0) {
      roots.push(frame);
      rootWeights.push(cc > outside ? ct * (outside / cc) : ct);
    }
  });
  options.onProgress?.(0.8);

  const frameCount = frames.frames.length; // callers may name functions that have no entry
  const functions = {
    ncalls: new Float64Array(frameCount),
    primcalls: new Float64Array(frameCount),
    self: new Float64Array(frameCount),
    total: new Float64Array(frameCount),
  };
  entryOf.forEach((e, f) => {
    const entry = entries[e] as number[];
    functions.primcalls[f] = entry[0]; functions.ncalls[f] = entry[1];
    functions.self[f] = entry[2]; functions.total[f] = entry[3];
  });
  const tree = treeFromGraph({
    graph, frameCount, inclusive: functions.total, roots, rootWeights, rootFrame, total,
  });
  options.onProgress?.(1);
  return {
    format: 'pstats',
    name: options.name ?? 'profile.prof',
    unit: SECONDS,
    total,
    frames: frames.frames,
    tree,
    functions,
    graph,
    events: ['time'],
    event: 0,
  };
}


/**
 * (filename, lineno, funcname) -> frame. Nested Maps on the strings the file already holds
 * (shared through marshal refs, their hashes cached) beat building a joined key per edge.
 */
function keyIndex(frames: FrameTable): (key: PyValue, at: number) => number {
  const byFile = new Map<string, Map<number, Map<string, number>>>();
  return (key, at) => {
    if (!Array.isArray(key) || key.length !== 3 || typeof key[0] !== 'string' || typeof key[1] !== 'number' || typeof key[2] !== 'string') {
      throw new ProfileFormatError('pstats', 'a function key is not (filename, lineno, funcname)', `byte ${at}`);
    }
    const file = key[0], line = key[1], name = key[2];
    let byLine = byFile.get(file);
    if (!byLine) byFile.set(file, (byLine = new Map()));
    let byName = byLine.get(line);
    if (!byName) byLine.set(line, (byName = new Map()));
    let frame = byName.get(name);
    // pstats lines are already 1-based (0 for built-ins); the column is unknown
    if (frame === undefined) byName.set(name, (frame = frames.intern(name, file, line, 0)));
    return frame;
  };
}

/** A tuple whose first `count` items are numbers. */
function isNumberTuple(v: PyValue, count: number): boolean {
  if (!Array.isArray(v) || v.length < count) return false;
  for (let i = 0; i < count; i++) if (typeof v[i] !== 'number') return false;
  return true;
}
