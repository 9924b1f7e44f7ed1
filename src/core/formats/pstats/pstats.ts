import { ProfileFormatError } from '../../errors';
import { FrameTable } from '../../frames';
import { SECONDS, type CallGraph, type Frame, type FunctionStats, type ImportOptions, type Profile } from '../../model';
import { addEntryRoots } from '../../tree/entryPoints';
import { GRAPH_TREE_CUTOFF, treeFromGraph } from '../../tree/fromGraph';
import { guarded } from '../../io/guard';
import { decodeMarshal, type PyDict, type PyValue } from './marshal';
import { scanPstats, type PstatsScan } from './scan';
import { readAll, type ByteSource } from '../../io/source';
import { scratch } from '../../io/scratch';

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

/** From bytes, or from a ByteSource, which the fast path scans through a window without holding the file. */
export function importPstats(input: Uint8Array | ByteSource, options: ImportOptions = {}): Profile {
  return guarded('pstats', () => readPstats(input, options));
}

function readPstats(input: Uint8Array | ByteSource, options: ImportOptions): Profile {
  // the fast path: straight from the bytes into columns (see pstatsScan.ts); anything unusual
  // or broken goes through the general marshal decoder below, which also words the errors
  const scan = scanPstats(input);
  // numbers out of range (NaN, inf, 1e308...) go the general way too, which says where they are
  if (scan && scan.entryCount > 0 && scanInRange(scan)) return profileFromScan(scan, options);
  return importPstatsDecoded(readAll(input), options);
}

/** The same as importPstatsDecoded, from a scan: the same frames in the same order, the same sums. */
function profileFromScan(scan: PstatsScan, options: ImportOptions): Profile {
  options.onProgress?.(0.5);
  const dict = scan.duplicateKeys ? lastOfEachKey(scan) : scan;
  const { frames, frameOfKey, rootFrame } = framesOfKeys(scan, dict);
  const { entryCount, entryKey, entryEdges, edgeCount } = dict;
  // the graph adopts the scan's columns, callers rewritten from key ids to frames in place
  const caller = dict.edgeCaller;
  for (let j = 0; j < edgeCount; j++) caller[j] = frameOfKey[caller[j]];
  const graph = {
    size: edgeCount,
    caller,
    callee: dict.edgeCallee,
    ncalls: dict.edgeNcalls,
    primcalls: dict.edgePrimcalls,
    self: dict.edgeSelf,
    total: dict.edgeTotal,
  } satisfies CallGraph;
  const roots: number[] = [], rootWeights: number[] = [];
  let total = 0;
  for (let e = 0; e < entryCount; e++) {
    const frame = frameOfKey[entryKey[e]];
    const cc = dict.entryPrimcalls[e + 1], nc = dict.entryNcalls[e + 1], tt = dict.entrySelf[e + 1], ct = dict.entryTotal[e + 1];
    total += tt;
    const from = entryEdges[e], to = entryEdges[e + 1];
    graph.callee.fill(frame, from, to);
    if (dict.edgeIsCount) shareCountEdges(graph, dict.edgeIsCount, from, to, nc, tt, ct);
    let calledFromProfile = 0;
    for (let j = from; j < to; j++) calledFromProfile += graph.ncalls[j];
    const outside = nc - calledFromProfile;
    if (to === from || outside > 0) {
      roots.push(frame);
      rootWeights.push(cc > outside ? ct * (outside / cc) : ct);
    }
  }
  options.onProgress?.(0.8);
  const functions = functionsOf(dict, frameOfKey, frames.length);
  return assemble(frames, functions, graph, { roots, rootWeights, rootFrame, total }, options);
}

/** The part of a scan that profileFromScan reads: the dict's entries and their callers. */
type ScannedDict = Pick<PstatsScan,
  'entryCount' | 'entryKey' | 'entryEdges' | 'entryPrimcalls' | 'entryNcalls' | 'entrySelf' | 'entryTotal' |
  'edgeCount' | 'edgeCaller' | 'edgeNcalls' | 'edgePrimcalls' | 'edgeSelf' | 'edgeTotal' | 'edgeIsCount' | 'edgeCallee'>;

/**
 * The dict Python would load from a file that holds a key several times: one entry per key, in
 * the place of its first entry, with the values and callers of its last. Only hostile files
 * have such keys, so this simply copies what is kept.
 */
function lastOfEachKey(scan: PstatsScan): ScannedDict {
  const slotOfKey = new Int32Array(scan.keyCount).fill(-1);
  const entryOfSlot: number[] = [];
  for (let e = 0; e < scan.entryCount; e++) {
    const k = scan.entryKey[e];
    if (slotOfKey[k] < 0) slotOfKey[k] = entryOfSlot.push(e) - 1;
    else entryOfSlot[slotOfKey[k]] = e;
  }
  const entryCount = entryOfSlot.length;
  let edgeCount = 0;
  for (const e of entryOfSlot) edgeCount += scan.entryEdges[e + 1] - scan.entryEdges[e];
  const out: ScannedDict = {
    entryCount,
    entryKey: new Int32Array(entryCount),
    entryEdges: new Int32Array(entryCount + 1),
    entryPrimcalls: new Float64Array(entryCount + 1),
    entryNcalls: new Float64Array(entryCount + 1),
    entrySelf: new Float64Array(entryCount + 1),
    entryTotal: new Float64Array(entryCount + 1),
    edgeCount,
    edgeCaller: new Int32Array(edgeCount),
    edgeNcalls: new Float64Array(edgeCount),
    edgePrimcalls: new Float64Array(edgeCount),
    edgeSelf: new Float64Array(edgeCount),
    edgeTotal: new Float64Array(edgeCount),
    edgeIsCount: scan.edgeIsCount && new Uint8Array(edgeCount),
    edgeCallee: new Int32Array(edgeCount),
  };
  const entryColumns = ['entryPrimcalls', 'entryNcalls', 'entrySelf', 'entryTotal'] as const;
  const edgeColumns = ['edgeCaller', 'edgeNcalls', 'edgePrimcalls', 'edgeSelf', 'edgeTotal', 'edgeIsCount'] as const;
  let k = 0;
  entryOfSlot.forEach((e, slot) => {
    out.entryKey[slot] = scan.entryKey[e];
    for (const c of entryColumns) out[c][slot + 1] = scan[c][e + 1];
    const from = scan.entryEdges[e], to = scan.entryEdges[e + 1];
    for (const c of edgeColumns) out[c]?.set(scan[c]!.subarray(from, to), k);
    k += to - from;
    out.entryEdges[slot + 1] = k;
  });
  return out;
}

/**
 * Frames in FrameTable's order on the general path: the root, the entries' keys in the dict's
 * order, then callers as met. The scan's keys are distinct triples already, so a counter hands
 * out the ids, without FrameTable's joined string per key; the one key that can meet another
 * frame is the root's own triple, which FrameTable maps to the root.
 */
function framesOfKeys(scan: PstatsScan, dict: ScannedDict): { frames: Frame[]; frameOfKey: Int32Array; rootFrame: number } {
  const { strings, keyFile, keyLine, keyName } = scan;
  const rootFrame = 0;
  // as long as it can be, filled in order, then cut: no copies as it grows
  const frames: Frame[] = new Array<Frame>(scan.keyCount + 1);
  frames[rootFrame] = { name: '(root)', file: '', line: 0, column: 0 };
  let count = 1;
  const frameOfKey = scratch('pstats.frameOfKey', Int32Array, scan.keyCount, false).fill(-1);
  for (let k = 0; k < scan.keyCount; k++) {
    if (keyLine[k] === 0 && strings[keyName[k]] === '(root)' && strings[keyFile[k]] === '') frameOfKey[k] = rootFrame;
  }
  const frameOf = (k: number): void => {
    if (frameOfKey[k] >= 0) return;
    frameOfKey[k] = count;
    // pstats lines are already 1-based (0 for built-ins); the column is unknown
    frames[count++] = { name: strings[keyName[k]], file: strings[keyFile[k]], line: keyLine[k], column: 0 };
  };
  for (let e = 0; e < dict.entryCount; e++) frameOf(dict.entryKey[e]);
  for (let j = 0; j < dict.edgeCount; j++) frameOf(dict.edgeCaller[j]);
  frames.length = count;
  return { frames, frameOfKey, rootFrame };
}

/**
 * Per-function stats by frame. Entry e is frame e + 1 unless the root's own key has an entry,
 * and then the stats adopt the scan's entry columns (see PstatsScan); else they are copied.
 */
function functionsOf(dict: ScannedDict, frameOfKey: Int32Array, frameCount: number): FunctionStats {
  let adopt = true;
  for (let e = 0; e < dict.entryCount && adopt; e++) adopt = frameOfKey[dict.entryKey[e]] === e + 1;
  if (adopt) {
    return {
      ncalls: fit(dict.entryNcalls, frameCount),
      primcalls: fit(dict.entryPrimcalls, frameCount),
      self: fit(dict.entrySelf, frameCount),
      total: fit(dict.entryTotal, frameCount),
    };
  }
  const functions = emptyFunctions(frameCount);
  for (let e = 0; e < dict.entryCount; e++) {
    const f = frameOfKey[dict.entryKey[e]];
    functions.primcalls[f] = dict.entryPrimcalls[e + 1]; functions.ncalls[f] = dict.entryNcalls[e + 1];
    functions.self[f] = dict.entrySelf[e + 1]; functions.total[f] = dict.entryTotal[e + 1];
  }
  return functions;
}

/**
 * A column of length n: the column's start when it is long enough (and n at least a quarter of
 * it, as trim in pstatsScan.ts keeps columns), else a copy, with zeros after what the column
 * holds (the functions that only call).
 */
function fit(a: Float64Array, n: number): Float64Array {
  if (a.length >= n && 4 * n >= a.length) return a.subarray(0, n);
  const out = new Float64Array(n);
  out.set(a.length > n ? a.subarray(0, n) : a);
  return out;
}

/**
 * The old profile module kept only a call count per caller: share the callee's times in
 * proportion to calls, an estimate (the file has nothing better) that keeps the tree usable.
 */
function shareCountEdges(graph: CallGraph, isCount: Uint8Array, from: number, to: number, nc: number, tt: number, ct: number): void {
  for (let j = from; j < to; j++) {
    if (isCount[j] === 0) continue;
    const cv = graph.ncalls[j];
    const share = nc > 0 ? Math.max(0, Math.min(1, cv / nc)) : 0; // no caller makes more than all the calls, or fewer than none
    graph.primcalls![j] = cv; graph.self![j] = tt * share; graph.total[j] = ct * share;
  }
}

/** The general path: decodeMarshal, then the dict of Python values. */
export function importPstatsDecoded(bytes: Uint8Array, options: ImportOptions = {}): Profile {
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
    for (let i = 0; i < 4; i++) checkNumber((value as number[])[i], 'a function entry', offsets[2 * n + 1] ?? at);
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
  const edgeOfCaller = new Map<number, number>(); // caller frame -> edge, within one entry
  entryOf.forEach((e, frame) => {
    const entry = entries[e];
    const cc = entry[0] as number, nc = entry[1] as number, tt = entry[2] as number, ct = entry[3] as number;
    const callers = entry[4] as PyDict;
    total += tt; // pstats' total_tt, summed in the file's order so the float matches
    const first = k;
    edgeOfCaller.clear();
    callers.forEach((cv, ckey) => {
      const caller = frameOf(ckey, entryOffsets[e]);
      // two equal caller keys (only a hostile file has them) are one edge with the last value, as
      // in the dict Python loads; tuple keys are distinct arrays here, so compare their frames
      let at = edgeOfCaller.get(caller);
      if (at === undefined) edgeOfCaller.set(caller, (at = k++));
      graph.caller[at] = caller;
      graph.callee[at] = frame;
      if (isNumberTuple(cv, 4)) {
        const v = cv as number[];
        for (let i = 0; i < 4; i++) checkNumber(v[i], 'a caller entry', entryOffsets[e]);
        graph.ncalls[at] = v[0]; graph.primcalls[at] = v[1]; graph.self[at] = v[2]; graph.total[at] = v[3];
      } else if (typeof cv === 'number') {
        checkNumber(cv, 'a caller entry', entryOffsets[e]);
        // the old profile module kept only a call count per caller: share the callee's times
        // in proportion to calls, an estimate (the file has nothing better) that keeps the tree usable
        const share = nc > 0 ? Math.max(0, Math.min(1, cv / nc)) : 0; // no caller makes more than all the calls, or fewer than none
        graph.ncalls[at] = cv; graph.primcalls[at] = cv; graph.self[at] = tt * share; graph.total[at] = ct * share;
      } else {
        throw new ProfileFormatError('pstats', 'a caller entry is neither (nc, cc, tt, ct) nor a call count', `byte ${entryOffsets[e]}`);
      }
    });
    let calledFromProfile = 0;
    for (let j = first; j < k; j++) calledFromProfile += graph.ncalls[j];
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
  if (k < edgeCount) {
    // equal caller keys were merged: the graph is that much smaller
    graph.size = k;
    graph.caller = graph.caller.slice(0, k); graph.callee = graph.callee.slice(0, k);
    graph.ncalls = graph.ncalls.slice(0, k); graph.primcalls = graph.primcalls.slice(0, k);
    graph.self = graph.self.slice(0, k); graph.total = graph.total.slice(0, k);
  }
  options.onProgress?.(0.8);

  const frameCount = frames.frames.length; // callers may name functions that have no entry
  const functions = emptyFunctions(frameCount);
  entryOf.forEach((e, f) => {
    const entry = entries[e] as number[];
    functions.primcalls[f] = entry[0]; functions.ncalls[f] = entry[1];
    functions.self[f] = entry[2]; functions.total[f] = entry[3];
  });
  return assemble(frames.frames, functions, graph, { roots, rootWeights, rootFrame, total }, options);
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
    if (!Number.isFinite(key[1])) throw new ProfileFormatError('pstats', `a function key's line number is ${key[1]}, not a finite number`, `byte ${at}`);
    const file = key[0], line = key[1], name = key[2];
    let byLine = byFile.get(file);
    if (!byLine) byFile.set(file, (byLine = new Map<number, Map<string, number>>()));
    let byName = byLine.get(line);
    if (!byName) byLine.set(line, (byName = new Map<string, number>()));
    let frame = byName.get(name);
    // pstats lines are already 1-based (0 for built-ins); the column is unknown
    if (frame === undefined) byName.set(name, (frame = frames.intern(name, file, line, 0)));
    return frame;
  };
}

/**
 * Times and counts must be finite and below 1e300 (seconds, or calls): every sum the importer and
 * the tree make adds one such number per function or edge, and cannot overflow from below that.
 */
const MAX_VALUE = 1e300;

function checkNumber(v: number, what: string, at: number): void {
  if (Math.abs(v) < MAX_VALUE) return;
  const problem = Number.isFinite(v) ? `${what} holds ${v}, too large a time or count` : `${what} holds ${v}, not a finite number`;
  throw new ProfileFormatError('pstats', problem, `byte ${at}`);
}

/** The fast path's numbers, checked as checkNumber would; false sends the file the general way. */
function scanInRange(scan: PstatsScan): boolean {
  const inRange = (a: Float64Array, count: number): boolean => {
    for (let i = 0; i < count; i++) if (!(Math.abs(a[i]) < MAX_VALUE)) return false;
    return true;
  };
  // a plain count's edge holds zeros in the other three columns
  const edges = scan.edgeCount;
  const entries = scan.entryCount + 1; // from 1, see PstatsScan
  if (!inRange(scan.entryPrimcalls, entries) || !inRange(scan.entryNcalls, entries)) return false;
  if (!inRange(scan.entrySelf, entries) || !inRange(scan.entryTotal, entries)) return false;
  if (!inRange(scan.edgeNcalls, edges) || !inRange(scan.edgePrimcalls, edges)) return false;
  return inRange(scan.edgeSelf, edges) && inRange(scan.edgeTotal, edges); // (the scan refuses lines that are not finite)
}

/** A tuple whose first `count` items are numbers. */
function isNumberTuple(v: PyValue, count: number): boolean {
  if (!Array.isArray(v) || v.length < count) return false;
  for (let i = 0; i < count; i++) if (typeof v[i] !== 'number') return false;
  return true;
}

function emptyFunctions(frameCount: number) {
  return {
    ncalls: new Float64Array(frameCount),
    primcalls: new Float64Array(frameCount),
    self: new Float64Array(frameCount),
    total: new Float64Array(frameCount),
  };
}

/** Both paths end alike: the tree rebuilt from the graph, and the Profile. */
function assemble(
  frames: Frame[],
  functions: FunctionStats,
  graph: CallGraph,
  top: { roots: number[]; rootWeights: number[]; rootFrame: number; total: number },
  options: ImportOptions,
): Profile {
  const negative = clampNegativeTimes(frames, functions, graph, top);
  const minWeight = Math.abs(top.total) * GRAPH_TREE_CUTOFF;
  // parts of the graph no root reaches (a cycle at the top, a merged profile) get roots of their own
  addEntryRoots(graph, frames.length, functions.total, functions.self, top.total, top.roots, top.rootWeights);
  const tree = treeFromGraph({
    graph, frameCount: frames.length, inclusive: functions.total, ...top, minWeight,
  });
  options.onProgress?.(1);
  return {
    format: 'pstats',
    name: options.name ?? 'profile.prof',
    unit: SECONDS,
    total: top.total,
    frames,
    tree,
    functions,
    graph,
    events: ['time'],
    event: 0,
    graphTree: { inclusive: functions.total, minWeight },
    ...(negative ? { warnings: [negative] } : {}),
  };
}

/**
 * No function runs for less than no time, but a file can say so (the pure-Python profile
 * module subtracts a calibrated bias, a hostile file anything): pstats prints such times as they
 * are, and then the total (the sum of tottime) can be negative and the tree has nothing to draw
 * beside a full table. They are counted as 0, in the table, the call edges and the total alike,
 * and the warning says how many and where. Returns that warning, or null.
 */
function clampNegativeTimes(frames: Frame[], functions: FunctionStats, graph: CallGraph, top: { rootWeights: number[]; total: number }): string | null {
  let count = 0, first = -1, removed = 0;
  for (let f = 0; f < frames.length; f++) {
    if (!(functions.self[f] < 0 || functions.total[f] < 0)) continue;
    if (count++ === 0) first = f;
    if (functions.self[f] < 0) removed += functions.self[f];
    functions.self[f] = Math.max(0, functions.self[f]);
    functions.total[f] = Math.max(0, functions.total[f]);
  }
  const { self, total } = graph;
  for (let j = 0; j < graph.size; j++) {
    if (self) self[j] = Math.max(0, self[j]);
    if (total) total[j] = Math.max(0, total[j]);
  }
  for (let r = 0; r < top.rootWeights.length; r++) top.rootWeights[r] = Math.max(0, top.rootWeights[r]);
  if (count === 0) return null;
  top.total -= removed;
  const f = frames[first];
  // the place is a function, not a byte: worded apart from the "(first at WHERE)" of Repairs
  return `${count} function${count === 1 ? ' has' : 's have'} a negative time (tottime or cumtime), the first ${f.file}:${f.line}(${f.name}): counted as 0`;
}
