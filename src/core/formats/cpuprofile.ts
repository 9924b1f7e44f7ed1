import { ProfileFormatError } from '../errors';
import { FrameTable } from '../frames';
import { MICROSECONDS, type FormatId, type ImportOptions, type Profile } from '../model';
import { functionStatsFromTree } from '../stats/fromTree';
import { treeFromParents } from '../tree/fromParents';
import { parseJson } from './json';

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
  timeDeltas: unknown[];
  startTime: number;
  endTime: number;
}

export function importCpuProfile(bytes: Uint8Array, options: ImportOptions = {}): Profile {
  const json = parseJson(bytes, 'cpuprofile');
  if (!isObject(json) || !Array.isArray(json.nodes)) {
    throw new ProfileFormatError('cpuprofile', 'no "nodes" array at the top level', 'byte 0');
  }
  options.onProgress?.(0.5);
  const samples = Array.isArray(json.samples) ? json.samples : [];
  const data: V8ProfileData = {
    nodes: json.nodes,
    samples,
    timeDeltas: Array.isArray(json.timeDeltas) ? json.timeDeltas : [],
    startTime: finite(json.startTime, 0),
    endTime: finite(json.endTime, 0),
  };
  return profileFromV8(data, 'cpuprofile', options.name ?? 'profile.cpuprofile');
}

export function profileFromV8(data: V8ProfileData, format: FormatId, name: string): Profile {
  const { nodes } = data;
  const n = nodes.length;
  const indexOfId = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    if (!isObject(node) || typeof node.id !== 'number') {
      throw new ProfileFormatError(format, `node ${i} has no numeric "id"`, `nodes[${i}]`);
    }
    if (indexOfId.has(node.id)) {
      throw new ProfileFormatError(format, `node id ${node.id} appears twice`, `nodes[${i}]`);
    }
    indexOfId.set(node.id, i);
  }

  const frames = new FrameTable();
  const rootFrame = frames.intern('(root)', '', 0, 0);
  const parentOf = new Int32Array(n).fill(-1);
  const frameOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const node = nodes[i] as Record<string, unknown>;
    frameOf[i] = internCallFrame(frames, node.callFrame);
    if (Array.isArray(node.children)) {
      for (const id of node.children) {
        const c = typeof id === 'number' ? indexOfId.get(id) : undefined;
        // a node can have one parent; later claims (cycles, shared children) are ignored
        if (c !== undefined && c !== i && parentOf[c] === -1) parentOf[c] = i;
      }
    }
    if (typeof node.parent === 'number' && parentOf[i] === -1) {
      const p = indexOfId.get(node.parent);
      if (p !== undefined && p !== i) parentOf[i] = p;
    }
  }
  breakParentCycles(parentOf);

  const selfOf = new Float64Array(n);
  const total = addSampleWeights(data, indexOfId, selfOf);
  const { tree } = treeFromParents(parentOf, frameOf, selfOf, rootFrame);
  const functions = functionStatsFromTree(tree, frames.frames.length);
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
  };
}

/** Sample i weighs the time to sample i + 1; the last sample the time to endTime. */
function addSampleWeights(data: V8ProfileData, indexOfId: Map<number, number>, selfOf: Float64Array): number {
  const { samples, timeDeltas } = data;
  const count = samples.length;
  const times = new Float64Array(count);
  let t = data.startTime;
  for (let i = 0; i < count; i++) {
    t += finite(timeDeltas[i], 0);
    times[i] = t;
  }
  let total = 0;
  for (let i = 0; i < count; i++) {
    const end = i + 1 < count ? times[i + 1] : data.endTime;
    const weight = end - times[i];
    if (!(weight > 0)) continue;
    const id = samples[i];
    const node = typeof id === 'number' ? indexOfId.get(id) : undefined;
    if (node === undefined) continue;
    selfOf[node] += weight;
    total += weight;
  }
  return total;
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

/** Cuts parent chains that loop back on themselves, so every node is either a root's descendant or a root. */
function breakParentCycles(parentOf: Int32Array): void {
  const state = new Uint8Array(parentOf.length); // 0 unseen, 1 on the current walk, 2 done
  const walk: number[] = [];
  for (let start = 0; start < parentOf.length; start++) {
    let v = start;
    while (v >= 0 && state[v] === 0) {
      state[v] = 1;
      walk.push(v);
      v = parentOf[v];
    }
    if (v >= 0 && state[v] === 1) parentOf[v] = -1; // v closes a loop: make it a root
    for (const w of walk) state[w] = 2;
    walk.length = 0;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finite(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
