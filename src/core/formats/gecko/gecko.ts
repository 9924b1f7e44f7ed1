import { ProfileFormatError } from '../../errors';
import { FrameTable } from '../../frames';
import { BYTES, MILLISECONDS, countUnit, type ImportOptions, type Profile, type WeightUnit } from '../../model';
import { StackTreeBuilder } from '../../tree/fromStacks';
import { profileFromStacks } from '../../tree/stackProfile';
import { isObject, own, shown, withinExactRange } from '../../untrusted';
import { guarded } from '../../io/guard';
import { parseJson } from '../../io/json';
import { keepLeftOutWarnings, Repairs } from '../../warnings';
import { Libraries } from './libs';
import { threadColumns, type ThreadColumns } from './tables';

/**
 * Firefox Profiler files, one Profile per thread that has samples:
 * - the raw Gecko profile (what Firefox's profiler hands over: `meta`, `threads` with
 *   schema + data tables and a `stringTable`, child processes nested in `processes`), also inside
 *   Firefox DevTools' saved recordings ({"label", "duration", …, "profile": {…}});
 * - the processed profile (what profiler.firefox.com saves and samply writes: `meta` with
 *   `preprocessedProfileVersion`, threads of column tables, strings in `stringArray`, per thread
 *   or shared).
 * Tables are read by their schema's names, never by position, since versions reorder them
 * (tables.ts). A sample's stack is a chain of stackTable rows (prefix, frame); the function of a
 * frame is its funcTable row (processed) or its location string, "name (file:line:col)" for JS
 * (raw). A sample weighs what the Firefox Profiler's call tree shows as running time: the
 * sampling interval in ms (meta.interval) times its weight; "tracing-ms" weights are ms
 * already and "bytes" weights bytes.
 * Threads are ordered heaviest first; threads without samples are left out when others have some.
 */

const FORMAT = 'gecko';

export function importGeckoAll(bytes: Uint8Array, options: ImportOptions = {}): Profile[] {
  return guarded(FORMAT, () => readGecko(bytes, options));
}

/** A Gecko or processed profile (`meta` and `threads`), or a DevTools recording that holds one. */
export function looksLikeGecko(head: string): boolean {
  const start = head.trimStart();
  if (!start.startsWith('{')) return false;
  if (/^\{\s*"label"\s*:[^]*"duration"\s*:\s*[\d.]+\s*,\s*"markers"\s*:/.test(start)) return true;
  if (/"meta"\s*:\s*\{/.test(head) && /"(interval|preprocessedProfileVersion|startTime|processType)"\s*:/.test(head)) return true;
  return /^\{\s*"libs"\s*:\s*\[/.test(start) && /"(breakpadId|debugName|arch)"\s*:/.test(head);
}

function readGecko(bytes: Uint8Array, options: ImportOptions): Profile[] {
  const json = parseJson(bytes, FORMAT);
  if (!isObject(json)) throw new ProfileFormatError(FORMAT, 'the file is not a JSON object', 'byte 0');
  options.onProgress?.(0.4);
  // a Firefox DevTools recording keeps the Gecko profile under "profile"
  const wrapped = isObject(own(json, 'profile')) && !isObject(own(json, 'meta'));
  const root = wrapped ? (own(json, 'profile') as Record<string, unknown>) : json;
  const rootWhere = wrapped ? 'profile' : '';
  const at = (path: string) => (rootWhere ? `${rootWhere}.${path}` : path);

  const meta = own(root, 'meta');
  if (!isObject(meta)) throw new ProfileFormatError(FORMAT, 'no "meta" object', at('meta'));
  const processed = own(meta, 'preprocessedProfileVersion') !== undefined;
  // strings shared by one (process) profile's threads (newer files), else each thread's own;
  // never another process's: their indexes mean other strings
  const sharedOf = (p: Record<string, unknown>): unknown => {
    const shared = own(p, 'shared');
    const strings = isObject(shared) ? own(shared, 'stringArray') : undefined;
    return Array.isArray(strings) ? strings : undefined;
  };

  // the threads of this profile and of its child processes (raw profiles nest them), breadth first
  // `offset`: where a process's time 0 lies on the first process's clock (ms), from their meta.startTime
  const found: { thread: unknown; where: string; interval: Interval; strings: unknown; offset: number; libs: Libraries; shared: Record<string, unknown> }[] = [];
  const rootStart = startOf(meta);
  const pending: { profile: unknown; where: string; interval: Interval }[] = [{ profile: root, where: rootWhere, interval: intervalOf(meta, at('meta.interval')) }];
  while (pending.length > 0) {
    const { profile, where, interval } = pending.shift()!;
    const p = typeof profile === 'string' ? parseEmbedded(profile, where) : profile;
    if (!isObject(p)) throw new ProfileFormatError(FORMAT, 'a process profile is not an object', where || 'byte 0');
    const threads = own(p, 'threads');
    const path = (k: string) => (where ? `${where}.${k}` : k);
    if (!Array.isArray(threads)) throw new ProfileFormatError(FORMAT, 'no "threads" array', path('threads'));
    const m = own(p, 'meta');
    const ownInterval = isObject(m) ? intervalOf(m, path('meta.interval'), interval) : interval;
    const strings = sharedOf(p);
    const start = isObject(m) ? startOf(m) : NaN;
    const offset = Number.isFinite(start) && Number.isFinite(rootStart) ? start - rootStart : 0;
    const libs = Libraries.of(p); // a process's own: its children map libraries elsewhere
    const shared = own(p, 'shared');
    threads.forEach((t, i) => found.push({ thread: t, where: path(`threads[${i}]`), interval: ownInterval, strings, offset, libs, shared: isObject(shared) ? shared : {} }));
    const processes = own(p, 'processes');
    if (!processed && Array.isArray(processes)) {
      processes.forEach((c, i) => pending.push({ profile: c, where: path(`processes[${i}]`), interval: ownInterval }));
    }
  }
  if (found.length === 0) throw new ProfileFormatError(FORMAT, 'the profile has no threads', at('threads'));

  const base = options.name ?? 'profile.json';
  const profiles: Profile[] = [];
  for (let i = 0; i < found.length; i++) {
    const { where, interval, strings, offset, libs, shared } = found[i];
    const thread = typeof found[i].thread === 'string' ? parseEmbedded(found[i].thread as string, where) : found[i].thread;
    if (!isObject(thread)) throw new ProfileFormatError(FORMAT, 'a thread is not an object', where);
    const columns = threadColumns(thread, where, processed, strings, libs, shared);
    profiles.push(threadProfile(columns, `${base} (${threadTitle(thread)})`, threadTitle(thread), interval, offset));
    options.onProgress?.(0.4 + (0.6 * (i + 1)) / found.length);
  }
  const withSamples = profiles.filter((p) => p.total > 0);
  const shown = withSamples.length > 0 ? withSamples : profiles;
  shown.sort((a, b) => b.total - a.total);
  if (shown !== profiles) keepLeftOutWarnings(profiles.filter((p) => p.total === 0), shown[0], 'weighing 0');
  // one thread is no lane of several
  if (shown.length === 1) delete shown[0].thread;
  return shown;
}

function startOf(meta: Record<string, unknown>): number {
  const v = own(meta, 'startTime');
  return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
}

/** Old Gecko profiles serialise threads and child processes as JSON strings inside the JSON. */
function parseEmbedded(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProfileFormatError(FORMAT, 'an embedded profile string is not valid JSON', where);
  }
}

/** A sampling interval in ms (NaN: none, samples are counted), and where it was looked for when it is none. */
interface Interval {
  ms: number;
  /** the meta.interval that is missing or no number above 0, for the warning: null when fine */
  missing: string | null;
}

/**
 * meta.interval in ms, or `fallback` when it is no number above 0 (then said: the samples are
 * counted, not timed, and the unit shows it). One past ±(2^53 - 1) is refused: each sample weighs
 * it, and a hostile 1e308 made a total of Infinity.
 */
function intervalOf(meta: Record<string, unknown>, where: string, fallback: Interval = { ms: NaN, missing: where }): Interval {
  const v = own(meta, 'interval');
  if (typeof v === 'number' && !withinExactRange(v)) {
    throw new ProfileFormatError(FORMAT, `interval ${shown(v)} ms is beyond 2^53 - 1, past what a number holds exactly: no profiler samples so seldom`, where);
  }
  if (typeof v === 'number' && v > 0) return { ms: v, missing: null };
  // a child process without a usable interval of its own takes its parent's; said only when
  // that leaves none
  return v === undefined ? fallback : { ms: fallback.ms, missing: Number.isNaN(fallback.ms) ? where : null };
}

function threadTitle(thread: Record<string, unknown>): string {
  const text = (k: string) => {
    const v = own(thread, k);
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  };
  const process = text('processName') || text('processType');
  const name = text('name') || 'thread';
  const tid = text('tid');
  return [process, name].filter(Boolean).join(' › ') + (tid ? ` ${tid}` : '');
}

function unitOf(weightType: string, interval: number): { unit: WeightUnit; factor: number } {
  if (weightType === 'bytes') return { unit: BYTES, factor: 1 };
  if (weightType === 'tracing-ms') return { unit: MILLISECONDS, factor: 1 };
  // samples: the Firefox Profiler's running time, interval ms per sample; a count without one
  return Number.isFinite(interval) ? { unit: MILLISECONDS, factor: interval } : { unit: countUnit('samples'), factor: 1 };
}

function threadProfile(c: ThreadColumns, name: string, laneName: string, interval: Interval, offset: number): Profile {
  const frames = new FrameTable();
  const builder = new StackTreeBuilder(frames);
  const { unit, factor } = unitOf(c.weightType, interval.ms);
  // a frame's function, interned on first use so a thread lists only the functions it uses
  const funcOf = new Int32Array(c.funcCount).fill(-1);
  const frameFunc = (frame: number): number => {
    const fn = c.frameFunc[frame];
    let f = funcOf[fn];
    if (f < 0) {
      const k = c.func(fn);
      f = frames.intern(k.name, k.file, k.line, k.column);
      funcOf[fn] = f;
    }
    return f;
  };
  const stackNode = new Int32Array(c.stackCount).fill(-1);
  const path: number[] = [];
  // the timeline needs times in the weight's unit and in order: ms-weighted threads sampled in order
  let timeline = unit === MILLISECONDS;
  let first = NaN;
  let last = -Infinity;
  const repairs = new Repairs();
  if (interval.missing !== null && c.weightType === 'samples' && c.sampleCount > 0) {
    repairs.note('interval', interval.missing, 'meta.interval missing or no number above 0: samples counted, not timed (the unit is samples)');
  }
  for (let i = 0; i < c.sampleCount; i++) {
    const s = c.sampleStack[i];
    if (s < 0) {
      // the thread was idle or its stack not taken: the Firefox Profiler's call tree skips it too
      repairs.note('no stack', c.samplePlace(i), 'samples without a stack: counted nowhere, as the Firefox Profiler\'s call tree leaves them out');
      continue;
    }
    // up the prefix chain to a stack already placed (prefixes are earlier rows: it ends)
    let at = s;
    while (at >= 0 && stackNode[at] < 0) {
      path.push(at);
      at = c.stackPrefix[at];
    }
    let node = at < 0 ? 0 : stackNode[at];
    while (path.length > 0) {
      const row = path.pop()!;
      node = builder.child(node, frameFunc(c.stackFrame[row]));
      stackNode[row] = node;
    }
    const w = c.sampleWeight[i] * factor;
    builder.addSelf(node, w);
    const t = c.sampleTime[i];
    if (!(t >= last)) timeline = false;
    if (timeline) {
      if (Number.isNaN(first)) first = t;
      builder.sample(node, t - first, w);
      last = t;
    }
  }
  return profileFromStacks(builder, {
    format: FORMAT, name, unit, keepSamples: timeline, warnings: repairs.words(),
    thread: { name: laneName, origin: (Number.isNaN(first) ? 0 : first) + offset },
  });
}
