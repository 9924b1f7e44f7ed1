import { ProfileFormatError } from '../../errors';
import type { ImportOptions, Profile } from '../../model';
import { durationProfiles } from './durations';
import { profileFromV8, type V8ProfileData } from '../cpuprofile/cpuprofile';
import { guarded } from '../../io/guard';
import { parseJson } from '../../io/json';
import { Repairs } from '../../warnings';

/**
 * Chrome performance traces (Trace Event JSON, an array or {traceEvents: [...]}). V8's sampling
 * profile is spread over a `Profile` event and `ProfileChunk` events that share an id within a
 * process; chunks carry nodes (with `parent` ids), samples and timeDeltas, concatenated in order.
 * A trace with several profiled threads yields several profiles; `importChromeTraceAll` returns
 * them all, heaviest first, and `importChromeTrace` the heaviest.
 */

interface Assembled {
  pid: string;
  id: string;
  /** `pid:tid` of its Profile event; '' until one is met */
  thread: string;
  data: V8ProfileData;
  /** what reading its chunks repaired: said with the profile's own warnings */
  repairs: Repairs;
  /** its first ProfileChunk event's index, ts and timeDeltas' sum: a start time when there is no Profile event */
  firstChunk: { index: number; ts: number; span: number };
  /** the last chunk's ts, to tell chunks out of time order */
  lastTs: number;
  chunks: number;
}

export function importChromeTraceAll(bytes: Uint8Array, options: ImportOptions = {}): Profile[] {
  return guarded('chrome-trace', () => readTrace(bytes, options));
}

function readTrace(bytes: Uint8Array, options: ImportOptions): Profile[] {
  const { json, unclosed } = traceJson(bytes);
  const profiles = profilesOf(json, options);
  if (unclosed) for (const p of profiles) p.warnings = [...(p.warnings ?? []), UNCLOSED];
  return profiles;
}

const UNCLOSED = 'the array of trace events has no closing "]" (its writer never wrote one): read as if it had, as the trace viewer reads it';

/**
 * The trace's JSON. An array without its closing `]` (after a trailing comma or not) is read as
 * if it had one, as the trace viewer (catapult's trace_event_importer) reads it: catapult's own
 * py_trace_event never writes that `]` in its default JSON format, since several processes may
 * append to one file, and a tracer stopped early leaves none either. Anything else that fails to
 * parse keeps its own error.
 */
function traceJson(bytes: Uint8Array): { json: unknown; unclosed: boolean } {
  try {
    return { json: parseJson(bytes, 'chrome-trace'), unclosed: false };
  } catch (e) {
    const closed = closedArray(bytes);
    if (closed === null) throw e;
    try {
      return { json: parseJson(closed, 'chrome-trace'), unclosed: true };
    } catch {
      throw e; // cut inside an event: the original error names where
    }
  }
}

/** The bytes of an array that does not end in `]`, up to its last value, then `]`; null for anything else. */
function closedArray(bytes: Uint8Array): Uint8Array | null {
  let start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (start < bytes.length && isSpace(bytes[start])) start++;
  if (bytes[start] !== 0x5b) return null; // [
  let end = bytes.length;
  while (end > start && isSpace(bytes[end - 1])) end--;
  if (bytes[end - 1] === 0x2c) end--; // a trailing comma
  while (end > start && isSpace(bytes[end - 1])) end--;
  if (bytes[end - 1] === 0x5d) return null; // it has its ], so the fault is elsewhere
  const out = new Uint8Array(end + 1);
  out.set(bytes.subarray(0, end));
  out[end] = 0x5d;
  return out;
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function profilesOf(json: unknown, options: ImportOptions): Profile[] {
  const events = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.traceEvents) ? json.traceEvents : null;
  if (!events) throw new ProfileFormatError('chrome-trace', 'neither an array of trace events nor an object with "traceEvents"', 'byte 0');
  options.onProgress?.(0.5);

  const threadNames = new Map<string, string>();
  const byKey = new Map<string, Assembled>();
  for (let i = 0; i < events.length; i++) {
    const e: unknown = events[i];
    if (!isObject(e)) continue;
    if (e.name === 'thread_name' && isObject(e.args) && typeof e.args.name === 'string') {
      threadNames.set(`${idText(e.pid)}:${idText(e.tid)}`, e.args.name);
    }
    if (e.name !== 'Profile' && e.name !== 'ProfileChunk') continue;
    const data = isObject(e.args) && isObject(e.args.data) ? e.args.data : null;
    if (!data) continue;
    const key = `${idText(e.pid)}:${idText(e.id)}`;
    let p = byKey.get(key);
    if (!p) {
      p = {
        pid: idText(e.pid), id: idText(e.id), thread: '', data: { nodes: [], samples: [], timeDeltas: [], startTime: NaN, endTime: NaN },
        repairs: new Repairs(), firstChunk: { index: -1, ts: NaN, span: 0 }, lastTs: -Infinity, chunks: 0,
      };
      byKey.set(key, p);
    }
    if (e.name === 'Profile') {
      p.thread = `${idText(e.pid)}:${idText(e.tid)}`;
      if (typeof data.startTime === 'number') p.data.startTime = data.startTime;
    } else {
      addChunk(p, e, data, i);
    }
  }

  const profiles: Profile[] = [];
  for (const p of byKey.values()) {
    if (p.data.nodes.length === 0) continue;
    if (p.thread === '') withoutProfileEvent(p);
    if (Number.isNaN(p.data.startTime)) p.data.startTime = 0;
    if (Number.isNaN(p.data.endTime)) {
      // no recorded end: the last sample ends where it starts, as it would in DevTools
      let t = p.data.startTime;
      for (const d of p.data.timeDeltas) if (typeof d === 'number' && Number.isFinite(d)) t += d;
      p.data.endTime = t;
    }
    const thread = threadNames.get(p.thread) ?? p.thread;
    const base = options.name ?? 'trace.json';
    const profile = profileFromV8(p.data, 'chrome-trace', thread ? `${base} (${thread})` : base, byKey.size > 1 ? thread : undefined);
    if (p.repairs.size > 0) profile.warnings = [...p.repairs.words(), ...(profile.warnings ?? [])];
    profiles.push(profile);
  }
  if (profiles.length === 0) {
    // no sampled CPU profile: the tree of the duration events (B/E, X) or of `samples`
    // (chromeTrace/durations.ts). A trace that has one keeps it: its duration events time the
    // same work coarsely, and DevTools' numbers are the samples'.
    const durations = durationProfiles(json, events, options);
    if (durations.length > 0) return durations;
    throw new ProfileFormatError('chrome-trace', 'the trace holds no CPU profile (no ProfileChunk events with nodes) and no duration events (B/E or X); record with the JavaScript samples category on', 'byte 0');
  }
  profiles.sort((a, b) => b.total - a.total);
  return profiles;
}

export function importChromeTrace(bytes: Uint8Array, options: ImportOptions = {}): Profile {
  return importChromeTraceAll(bytes, options)[0];
}

/**
 * One ProfileChunk's nodes, samples and deltas, appended in the file's order, as DevTools takes
 * them. A chunk with an earlier ts than the one before it is said: each chunk's deltas go on from
 * the sample before, so its samples are timed after the later chunk's (in DevTools too).
 */
function addChunk(p: Assembled, e: Record<string, unknown>, data: Record<string, unknown>, index: number): void {
  const cpu = isObject(data.cpuProfile) ? data.cpuProfile : {};
  appendAll(p.data.nodes, cpu.nodes);
  appendAll(p.data.samples, cpu.samples);
  appendAll(p.data.timeDeltas, data.timeDeltas);
  if (typeof cpu.startTime === 'number' && Number.isNaN(p.data.startTime)) p.data.startTime = cpu.startTime;
  if (typeof cpu.endTime === 'number') p.data.endTime = cpu.endTime;
  if (typeof data.endTime === 'number') p.data.endTime = data.endTime;
  const ts = typeof e.ts === 'number' ? e.ts : NaN;
  if (p.chunks++ === 0) p.firstChunk = { index, ts, span: deltaSum(data.timeDeltas) };
  if (ts < p.lastTs) {
    p.repairs.note('chunk order', `traceEvents[${index}]`, 'ProfileChunk events with an earlier ts than the chunk before them of their profile: taken in the file\'s order, as DevTools takes them, which times their samples after that chunk\'s');
  }
  if (ts === ts) p.lastTs = ts;
}

/**
 * Chunks whose profile id has no Profile event, which names the sampled thread and the start
 * time. DevTools leaves them out; they are read here, said, and timed from their first chunk's
 * ts less its time deltas (a chunk is written as its last sample is taken: in the corpus traces
 * that lands 45-394 µs after the real start), so such a thread still lines up with the others.
 */
function withoutProfileEvent(p: Assembled): void {
  p.thread = `pid ${p.pid}, profile ${p.id}`;
  const { index, ts, span } = p.firstChunk;
  const estimated = Number.isNaN(p.data.startTime) && Number.isFinite(ts - span);
  if (estimated) p.data.startTime = ts - span;
  p.repairs.note('no Profile', `traceEvents[${index}]`, `ProfileChunk events of a profile id with no Profile event (the sampled thread and start time): read as a thread of its own${estimated ? ', started at its first chunk\'s ts less its time deltas' : ''}, where DevTools leaves them out`, p.chunks);
}

function deltaSum(deltas: unknown): number {
  let sum = 0;
  if (Array.isArray(deltas)) for (const d of deltas) if (typeof d === 'number' && Number.isFinite(d)) sum += d;
  return sum;
}

function appendAll(target: unknown[], source: unknown): void {
  if (!Array.isArray(source)) return;
  for (const item of source) target.push(item);
}

/**
 * pid, tid and id as text for keys and names. Only numbers and strings are ids: a template
 * literal would call an object's own toString/valueOf, and `{"toString": 1}` makes that throw.
 */
function idText(v: unknown): string {
  return typeof v === 'number' || typeof v === 'string' ? String(v) : '';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
