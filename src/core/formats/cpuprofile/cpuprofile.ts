import { ProfileFormatError } from '../../errors';
import { FrameTable } from '../../frames';
import { MICROSECONDS, type FormatId, type ImportOptions, type Profile } from '../../model';
import { functionStatsFromTree } from '../../stats/fromTree';
import { treeFromParents } from '../../tree/fromParents';
import { lineCostsFromTicks } from './lineTicks';
import { scanCpuProfile, type V8Columns } from './scan';
import { guarded } from '../../io/guard';
import { parseJson } from '../../io/json';
import { Repairs } from '../../warnings';

/**
 * V8 CPU profiles: `node --cpu-prof` output and Chrome DevTools' saved .cpuprofile files.
 * A sample lasts until the next one and the last one until endTime, as DevTools counts it; counting
 * hitCount instead would be wrong whenever the sampling interval varies. Negative deltas (seen on
 * some platforms) are clamped to zero rather than trusted.
 */

/** The parts of a V8 profile we read; the trace importer assembles the same from its chunks. */
export interface V8ProfileData {
  nodes: unknown[];
  samples: unknown[];
  /** whether the file has a "samples" array, even an empty one (a trace's profile: taken as yes) */
  samplesArray?: boolean;
  timeDeltas: unknown[];
  startTime: number;
  endTime: number;
}

export function importCpuProfile(bytes: Uint8Array, options: ImportOptions = {}): Profile {
  return guarded('cpuprofile', () => readCpuProfile(bytes, options));
}

function readCpuProfile(bytes: Uint8Array, options: ImportOptions): Profile {
  const name = options.name ?? 'profile.cpuprofile';
  // the fast path: straight from the bytes, no object per node (see cpuprofileScan.ts)
  const frames = new FrameTable();
  const rootFrame = frames.intern('(root)', '', 0, 0);
  const columns = scanCpuProfile(bytes, frames, options.onProgress);
  if (columns) {
    someSamples(columns);
    options.onProgress?.(0.8);
    return profileFromColumns(columns, frames, rootFrame, 'cpuprofile', name);
  }
  // anything unusual (or broken): JSON.parse, which also words the errors
  const json = parseJson(bytes, 'cpuprofile');
  if (!isObject(json) || !Array.isArray(json.nodes)) {
    // any JSON object comes here when no other format claims it: one with none of a
    // .cpuprofile's keys is not a broken .cpuprofile, and the message says what it is not
    if (isObject(json) && !['nodes', 'samples', 'timeDeltas', 'startTime', 'endTime'].some((k) => Object.hasOwn(json, k))) {
      const keys = Object.keys(json);
      const shown = keys.slice(0, 8).map((k) => JSON.stringify(k.length > 40 ? `${k.slice(0, 40)}…` : k)).join(', ');
      throw new ProfileFormatError('unknown format', `this JSON is none of the profile formats profburst reads (a V8 .cpuprofile has "nodes", a Chrome trace "traceEvents", speedscope JSON "$schema", a Firefox Profiler file "meta" and "threads"); its top-level keys are ${keys.length === 0 ? 'none' : shown}${keys.length > 8 ? `, and ${keys.length - 8} more` : ''}`, 'byte 0');
    }
    throw new ProfileFormatError('cpuprofile', 'no "nodes" array at the top level', 'byte 0');
  }
  options.onProgress?.(0.5);
  const samples = Array.isArray(json.samples) ? json.samples : [];
  const data: V8ProfileData = {
    nodes: json.nodes,
    samples,
    samplesArray: Array.isArray(json.samples),
    timeDeltas: Array.isArray(json.timeDeltas) ? json.timeDeltas : [],
    // NaN when absent or not a number: addSampleWeights says what it does instead
    startTime: finite(json.startTime, NaN),
    endTime: finite(json.endTime, NaN),
  };
  return profileFromV8(data, 'cpuprofile', name);
}

/**
 * A .cpuprofile without samples. An empty "samples" array (V8's recording of less than one
 * sampling interval, as of a quick request under profburst/node) opens as an empty profile, as
 * DevTools shows it, and the page and `stats` say it records no cost. Nodes with hitCounts weigh
 * what they count, as DevTools weighs them (weighHitCounts). No "samples" array and no node with a
 * hitCount: nothing was recorded, and the file is refused (DevTools refuses one whose nodes have
 * no hitCount member either). Not asked of a Chrome trace's threads: one may have no samples
 * beside others that do.
 */
function someSamples(c: V8Columns): void {
  if (c.sampleCount > 0 || c.hits) return;
  if (!c.samplesArray) {
    throw new ProfileFormatError('cpuprofile', 'the profile has no "samples" array and no node with a "hitCount" above 0: nothing was recorded', 'samples');
  }
}

/** `thread`: the profile is that thread's of a file with several (a Chrome trace): its lane's name. */
export function profileFromV8(data: V8ProfileData, format: FormatId, name: string, thread?: string): Profile {
  const frames = new FrameTable();
  const rootFrame = frames.intern('(root)', '', 0, 0);
  const columns = columnsFromObjects(data, frames, format);
  if (format === 'cpuprofile') someSamples(columns);
  return profileFromColumns(columns, frames, rootFrame, format, name, thread);
}

/** Parsed JSON nodes to columns, checking ids as the importer always has. */
function columnsFromObjects(data: V8ProfileData, frames: FrameTable, format: FormatId): V8Columns {
  const { nodes } = data;
  const n = nodes.length;
  const ids = new Set<number>();
  const id = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    if (!isObject(node) || typeof node.id !== 'number') {
      throw new ProfileFormatError(format, `node ${i} has no numeric "id"`, `nodes[${i}]`);
    }
    if (ids.has(node.id)) {
      throw new ProfileFormatError(format, `node id ${node.id} appears twice`, `nodes[${i}]`);
    }
    ids.add(node.id);
    id[i] = node.id;
  }
  const frame = new Int32Array(n);
  const parentId = new Float64Array(n);
  const childStart = new Int32Array(n + 1);
  let childCount = 0;
  for (let i = 0; i < n; i++) {
    const kids = (nodes[i] as Record<string, unknown>).children;
    if (Array.isArray(kids)) childCount += kids.length;
  }
  const childIds = new Float64Array(childCount);
  let k = 0;
  const tickNode: number[] = [], tickLine: number[] = [], tickCount: number[] = [];
  const noCallFrame = { count: 0, first: -1 };
  let hitNodes = 0;
  // hitCounts weigh the nodes only in a .cpuprofile without samples (see weighHitCounts); a
  // trace's thread without samples is one that ran no JavaScript
  const hits = format === 'cpuprofile' && data.samples.length === 0 ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const node = nodes[i] as Record<string, unknown>;
    frame[i] = internCallFrame(frames, node.callFrame);
    if (!isObject(node.callFrame) && noCallFrame.count++ === 0) noCallFrame.first = i;
    if (typeof node.hitCount === 'number' && node.hitCount > 0 && Number.isFinite(node.hitCount)) {
      hitNodes++;
      if (hits) hits[i] = node.hitCount;
    }
    childStart[i] = k;
    if (Array.isArray(node.children)) for (const c of node.children) childIds[k++] = typeof c === 'number' ? c : NaN;
    parentId[i] = typeof node.parent === 'number' ? node.parent : NaN;
    if (Array.isArray(node.positionTicks)) {
      for (const t of node.positionTicks) {
        const tick = isObject(t) ? t : {};
        tickNode.push(i);
        tickLine.push(typeof tick.line === 'number' ? tick.line : NaN);
        tickCount.push(typeof tick.ticks === 'number' ? tick.ticks : NaN);
      }
    }
  }
  childStart[n] = k;
  const count = data.samples.length;
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const s = data.samples[i];
    samples[i] = typeof s === 'number' ? s : NaN;
  }
  const deltas = new Float64Array(data.timeDeltas.length);
  for (let i = 0; i < deltas.length; i++) deltas[i] = finite(data.timeDeltas[i], NaN);
  return {
    count: n, id, frame, childStart, childIds, parentId,
    sampleCount: count, samples, deltaCount: deltas.length, deltas,
    startTime: data.startTime, endTime: data.endTime,
    ticks: { size: tickNode.length, node: Float64Array.from(tickNode), line: Float64Array.from(tickLine), ticks: Float64Array.from(tickCount) },
    noCallFrame, hitNodes, samplesArray: data.samplesArray ?? true,
    hits: hitNodes > 0 ? hits : null,
  };
}

/** Node ids to node indexes: a table when ids are small integers (they always are in V8's output), else a Map. */
class IdIndex {
  private readonly table: Int32Array | null = null;
  private readonly map: Map<number, number> | null = null;

  constructor(c: V8Columns, format: FormatId) {
    const n = c.count;
    let max = -1;
    let dense = true;
    for (let i = 0; i < n; i++) {
      const id = c.id[i];
      if (!(id >= 0 && id <= 0x7fffffff && Math.floor(id) === id)) {
        dense = false;
        break;
      }
      if (id > max) max = id;
    }
    if (dense && max < 8 * n + 1024) {
      const table = new Int32Array(max + 1).fill(-1);
      for (let i = 0; i < n; i++) {
        const id = c.id[i];
        if (table[id] !== -1) throw new ProfileFormatError(format, `node id ${id} appears twice`, `nodes[${i}]`);
        table[id] = i;
      }
      this.table = table;
    } else {
      const map = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const id = c.id[i];
        if (map.has(id)) throw new ProfileFormatError(format, `node id ${id} appears twice`, `nodes[${i}]`);
        map.set(id, i);
      }
      this.map = map;
    }
  }

  /** the node's index, or -1 (NaN, unknown ids) */
  get(id: number): number {
    const table = this.table;
    if (table !== null) return id >= 0 && id < table.length && Math.floor(id) === id ? table[id] : -1;
    return this.map!.get(id) ?? -1;
  }
}

function profileFromColumns(c: V8Columns, frames: FrameTable, rootFrame: number, format: FormatId, name: string, thread?: string): Profile {
  const n = c.count;
  const index = new IdIndex(c, format);
  const warnings = new Repairs();
  const parentOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let k = c.childStart[i]; k < c.childStart[i + 1]; k++) {
      const ch = index.get(c.childIds[k]);
      // a node can have one parent; later claims (cycles, shared children) are ignored
      if (ch >= 0 && ch !== i && parentOf[ch] === -1) parentOf[ch] = i;
      else if (ch === i) warnings.note('self-child', `nodes[${i}]`, 'nodes that list themselves as a child: that link ignored');
      else if (ch >= 0) warnings.note('shared', `nodes[${i}]`, 'child links to a node that already has a parent: the first parent kept');
    }
    const pid = c.parentId === null ? NaN : c.parentId[i];
    if (pid === pid && parentOf[i] === -1) {
      const p = index.get(pid);
      if (p >= 0 && p !== i) parentOf[i] = p;
    }
  }
  if (c.noCallFrame.count > 0) {
    // V8 writes one for every node; DevTools would fall back on the node's own functionName and
    // url (a format before callFrame), which profburst does not read
    warnings.note('callFrame', `nodes[${c.noCallFrame.first}]`, 'nodes without a "callFrame": named (anonymous), with no file or line', c.noCallFrame.count);
  }
  const cut = breakParentCycles(parentOf);
  if (cut.count > 0) {
    warnings.note('cycle', `nodes[${cut.first}], node id ${c.id[cut.first]}`, 'parent cycles among the nodes: each cut at one node, which became a root', cut.count);
  }

  const selfOf = new Float64Array(n);
  const weighed = addSampleWeights(c, index, selfOf, format, warnings);
  const { sampleNode, sampleTime, sampleWeight, origin } = weighed;
  const total = c.sampleCount === 0 && c.hits ? weighHitCounts(c, c.hits, selfOf, format) : weighed.total;
  const { tree, indexOf } = treeFromParents(parentOf, c.frame.subarray(0, n), selfOf, rootFrame);
  const functions = functionStatsFromTree(tree, frames.frames.length);
  const lines = lineCostsFromTicks(c, selfOf, frames, warnings);
  for (let s = 0; s < sampleNode.length; s++) sampleNode[s] = indexOf[sampleNode[s]];
  const list = warnings.words();
  if (total === 0 && c.sampleCount > 0 && list.length > 0) {
    throw new ProfileFormatError(format, `nothing is left after repairing the file: ${list.join('; ')}`, 'samples[0]');
  }
  return {
    format,
    name,
    unit: MICROSECONDS,
    total,
    frames: frames.frames,
    tree,
    functions,
    graph: null,
    events: ['time'],
    event: 0,
    samples: { size: sampleNode.length, node: sampleNode, time: sampleTime, weight: sampleWeight },
    // sample times count from `origin` on the trace's clock (µs), shared by its threads
    ...(thread !== undefined ? { thread: { name: thread, origin } } : {}),
    ...(lines ? { lines } : {}),
    ...(list.length > 0 ? { warnings: list } : {}),
  };
}

/**
 * Sample i weighs the time to sample i + 1; the last sample the time to endTime. Samples out of
 * time order (a negative delta: real Chrome traces have a few) are first put in time order, as
 * DevTools' CPU profile model sorts them, so each weighs the time to the next in time. Also
 * returns the samples that weigh something, in time order, for the timeline (their nodes as input
 * indexes, to be renumbered into the tree).
 */
function addSampleWeights(c: V8Columns, index: IdIndex, selfOf: Float64Array, format: FormatId, warnings: Repairs) {
  const count = c.sampleCount;
  // each sample's time, written over its delta (read just before) when every sample has one: the
  // columns are this import's own, and every megabyte of fresh memory is page faults to pay for
  const times = c.deltaCount >= count ? c.deltas : new Float64Array(count);
  // a start that is not a number counts as 0, and then endTime has nothing to be measured
  // against (a real end minus a start of 0 would give the last sample the whole epoch): the last
  // sample ends where it starts, as it does when endTime is no number or comes before it
  const hasStart = Number.isFinite(c.startTime);
  let t = hasStart ? c.startTime : 0;
  let outOfOrder = false;
  for (let i = 0; i < count; i++) {
    let delta = i < c.deltaCount ? c.deltas[i] : 0;
    if (delta !== delta) {
      warnings.note('not a number', `timeDeltas[${i}]`, 'time deltas that are not numbers: taken as 0 µs');
      delta = 0;
    }
    if (delta < 0) {
      warnings.note('negative', `timeDeltas[${i}]`, 'negative time deltas (samples out of time order): each sample weighs the time to the next in time order, as DevTools sorts them');
      outOfOrder = true;
    }
    t += delta;
    times[i] = t;
  }
  if (!Number.isFinite(t)) tooLarge(format, `timeDeltas[${times.findIndex((x) => !Number.isFinite(x))}]`);
  if (c.deltaCount < count) warnings.note('deltas', `timeDeltas[${c.deltaCount}]`, 'samples without a time delta: they count 0 µs', count - c.deltaCount);
  // position k in time order is sample order[k] (stable: equal times keep the file's order)
  const order = outOfOrder ? timeOrder(times, count) : null;
  const last = count > 0 ? times[order === null ? count - 1 : order[count - 1]] : 0;
  const endTime = hasStart && Number.isFinite(c.endTime) ? c.endTime : last;
  if (count > 0 && !hasStart) warnings.note('start', 'startTime', 'startTime that is not a number: the samples count from 0 and the last one 0 µs');
  else if (count > 0 && !Number.isFinite(c.endTime)) warnings.note('end', 'endTime', 'endTime that is not a number: the last sample counts 0 µs');
  else if (endTime < last) warnings.note('end', 'endTime', `endTime before the last sample (${endTime} < ${last}): the last sample counts 0 µs`);
  const first = count > 0 ? times[order === null ? 0 : order[0]] : 0;
  const origin = count > 0 ? Math.min(first, Number.isFinite(c.startTime) ? c.startTime : first) : 0;
  // the samples' nodes first, and how many weigh something: the timeline's columns are then made
  // at their size, not made at the samples' and copied
  const nodeOf = new Int32Array(count);
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const node = index.get(c.samples[i]);
    nodeOf[i] = node;
    if (node < 0) {
      const id = c.samples[i];
      warnings.note('unknown', `samples[${i}], node ${Number.isNaN(id) ? 'with no numeric id' : id}`, 'samples naming a node that does not exist: left out');
    } else if (order === null && (i + 1 < count ? times[i + 1] : endTime) - times[i] > 0) {
      kept++;
    }
  }
  for (let k = 0; order !== null && k < count; k++) {
    const i = order[k];
    if (nodeOf[i] >= 0 && (k + 1 < count ? times[order[k + 1]] : endTime) - times[i] > 0) kept++;
  }
  // in place only when every sample is kept in the file's order
  const sampleNode = kept === count && order === null ? nodeOf : new Int32Array(kept);
  const sampleTime = new Float64Array(kept);
  const sampleWeight = new Float64Array(kept);
  let out = 0;
  let total = 0;
  for (let k = 0; k < count; k++) {
    const i = order === null ? k : order[k];
    const node = nodeOf[i];
    const weight = (k + 1 < count ? times[order === null ? k + 1 : order[k + 1]] : endTime) - times[i];
    if (node < 0 || !(weight > 0)) continue;
    selfOf[node] += weight;
    total += weight;
    sampleNode[out] = node;
    sampleTime[out] = times[i] - origin;
    sampleWeight[out] = weight;
    out++;
  }
  // 1e300 µs is absurd; below it no sum the tree makes can overflow
  if (!(total < 1e300)) tooLarge(format, count > 0 ? `timeDeltas[${count - 1}]` : 'endTime');
  return { total, sampleNode, sampleTime, sampleWeight, origin };
}

/**
 * A profile without samples, whose nodes say how often each was on top of the stack (hitCount):
 * DevTools' CPU profile model spreads endTime - startTime over the hits, each the same share,
 * and so does this. Such a profile has no timeline.
 */
function weighHitCounts(c: V8Columns, hits: Float64Array, selfOf: Float64Array, format: FormatId): number {
  let count = 0;
  for (let i = 0; i < c.count; i++) count += hits[i];
  const duration = c.endTime - c.startTime;
  if (!(duration > 0) || !(duration < 1e300)) {
    throw new ProfileFormatError(format, `the profile holds no samples, only the "hitCount" of ${c.hitNodes} nodes, and its startTime and endTime (${c.startTime}, ${c.endTime}) give them no duration to share`, 'endTime');
  }
  const each = duration / count;
  let total = 0;
  for (let i = 0; i < c.count; i++) {
    selfOf[i] = hits[i] * each;
    total += selfOf[i];
  }
  return total;
}

/**
 * The samples' positions sorted by time, stable. V8's samples are out of order only here and there
 * and by a step or two (its sampler thread and the isolate's clock disagree briefly), so an
 * insertion sort does it in one pass: a comparator sort of the 450 000 samples of a 105 MB profile
 * took ~80 ms where this takes a few. A file far out of order (shuffled, hostile) would make that
 * quadratic: past a budget of moves it gives up for the comparator sort.
 */
function timeOrder(times: Float64Array, count: number): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  let budget = 8 * count + 1024;
  for (let i = 1; i < count; i++) {
    const t = times[i];
    let j = i - 1;
    if (times[order[j]] <= t) continue;
    // times[order[j]] > t: shift the later ones up (equal times keep the file's order)
    while (j >= 0 && times[order[j]] > t) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = i;
    budget -= i - j;
    if (budget < 0) return order.sort((a, b) => times[a] - times[b] || a - b);
  }
  return order;
}

function tooLarge(format: FormatId, where: string): never {
  throw new ProfileFormatError(format, 'the sample times are out of range: they add up to more than 1e300 microseconds', where);
}

function internCallFrame(frames: FrameTable, callFrame: unknown): number {
  const cf = isObject(callFrame) ? callFrame : {};
  const rawName = typeof cf.functionName === 'string' ? cf.functionName : '';
  const url = typeof cf.url === 'string' ? cf.url : '';
  const line = finite(cf.lineNumber, -1);
  const column = finite(cf.columnNumber, -1);
  // V8's lines and columns are 0-based with -1 for unknown; ours are 1-based with 0 for unknown
  return frames.intern(rawName || '(anonymous)', url, line >= 0 ? line + 1 : 0, column >= 0 ? column + 1 : 0);
}

/**
 * Cuts parent chains that loop back on themselves, so every node is either a root's descendant or
 * a root. Returns how many loops were cut and the first node cut.
 */
function breakParentCycles(parentOf: Int32Array): { count: number; first: number } {
  // V8 lists nodes parents first: with every parent before its child no chain can loop
  let ordered = true;
  for (let i = 0; i < parentOf.length && ordered; i++) ordered = parentOf[i] < i;
  if (ordered) return { count: 0, first: -1 };
  let count = 0;
  let first = -1;
  const state = new Uint8Array(parentOf.length); // 0 unseen, 1 on the current walk, 2 done
  const walk: number[] = [];
  for (let start = 0; start < parentOf.length; start++) {
    let v = start;
    while (v >= 0 && state[v] === 0) {
      state[v] = 1;
      walk.push(v);
      v = parentOf[v];
    }
    if (v >= 0 && state[v] === 1) {
      parentOf[v] = -1; // v closes a loop: make it a root
      if (count++ === 0) first = v;
    }
    for (const w of walk) state[w] = 2;
    walk.length = 0;
  }
  return { count, first };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finite(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
