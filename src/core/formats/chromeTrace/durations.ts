import { FrameTable } from '../../frames';
import { MICROSECONDS, countUnit, type ImportOptions, type Profile } from '../../model';
import { IntervalWalker } from '../../tree/fromIntervals';
import { StackTreeBuilder } from '../../tree/fromStacks';
import { profileFromStacks } from '../../tree/stackProfile';
import { isObject, own, withinExactRange } from '../../untrusted';
import { keepLeftOutWarnings, Repairs } from '../../warnings';

/**
 * Trace events without a sampled CPU profile: the call tree of their duration events, one
 * profile per thread (pid, tid), as chrome://tracing, Perfetto's JSON export, viztracer, node's
 * --trace-events-enabled and chromium's --trace-startup write them.
 *
 * - `B`/`E` pairs: per thread, in time order (the file's order among equal times), an E ends the
 *   innermost open B, as the Trace Event Format says; `X` events carry their duration (`dur`).
 * - Nesting: an event lies inside the innermost open event that started before it (at an equal
 *   start, the longer one, then the file's order) and has not ended by its start. A node's total
 *   is its events' durations, its self that minus its children's (IntervalWalker); each event is
 *   a call (ncalls).
 * - Nothing is guessed silently: what does not fit is repaired and said, with a count and the
 *   first event (Profile.warnings): an E with nothing open is dropped; a B never ended ends at
 *   the thread's last time; an E naming another event than the B it ends is still matched by
 *   nesting; an event ending after the one it starts in is cut at that one's end; an X without a
 *   usable `dur` lasts 0; events without a numeric `ts` are skipped. A `ts` or `dur` past
 *   ±(2^53 - 1) µs (285 years) is no usable number: no tracer writes one, and a hostile 1e300
 *   made a total that drowned every other number.
 * - `samples` with `stackFrames` (the format's own sampling, e.g. Hermes): a thread with samples
 *   gets their tree instead, each sample weighing its `weight` (1 when absent), in samples.
 *
 * Threads whose events all last 0 are left out when another thread has time, so the first
 * profile is one with something to show. Profiles are heaviest first, as for CPU profiles.
 */

const FORMAT = 'chrome-trace';

interface Thread {
  key: string;
  pid: string;
  tid: string;
  /** indexes into the events array of this thread's B, E and X events, in file order */
  events: number[];
}

export function durationProfiles(root: unknown, events: unknown[], options: ImportOptions): Profile[] {
  const processNames = new Map<string, string>();
  const threadNames = new Map<string, string>();
  const threads = new Map<string, Thread>();
  const skipped = new Repairs();
  let last: Thread | null = null;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (!isObject(e)) continue;
    const ph = own(e, 'ph');
    const pid = idText(own(e, 'pid'));
    const tid = idText(own(e, 'tid'));
    if (ph === 'M') {
      const args = own(e, 'args');
      const name = isObject(args) ? own(args, 'name') : undefined;
      if (typeof name !== 'string') continue;
      if (own(e, 'name') === 'process_name') processNames.set(pid, name);
      else if (own(e, 'name') === 'thread_name') threadNames.set(`${pid}:${tid}`, name);
      continue;
    }
    if (ph !== 'B' && ph !== 'E' && ph !== 'X') continue;
    const ts = numberOf(own(e, 'ts'));
    if (!Number.isFinite(ts)) {
      skipped.note('ts', `traceEvents[${i}]`, 'duration events without a numeric "ts": skipped');
      continue;
    }
    if (!withinExactRange(ts)) {
      skipped.note('ts range', `traceEvents[${i}]`, 'duration events whose "ts" is beyond ±(2^53 - 1) µs, past what a number holds exactly: skipped');
      continue;
    }
    // runs of events on one thread are the rule: the previous event's thread, without a key
    let t: Thread | undefined = last !== null && last.pid === pid && last.tid === tid ? last : undefined;
    if (!t) {
      const key = `${pid}:${tid}`;
      t = threads.get(key);
      if (!t) {
        t = { key, pid, tid, events: [] };
        threads.set(key, t);
      }
      last = t;
    }
    t.events.push(i);
  }

  const base = options.name ?? 'trace.json';
  const lane = (pid: string, tid: string) => `${processNames.get(pid) ?? `pid ${pid}`} › ${threadNames.get(`${pid}:${tid}`) ?? `tid ${tid}`}`;
  const title = (pid: string, tid: string) => `${base} (${lane(pid, tid)})`;
  const sampled = sampleProfiles(root, title, lane);
  const profiles: Profile[] = [...sampled.values()];
  for (const t of threads.values()) {
    if (sampled.has(t.key)) continue;
    profiles.push(threadProfile(events, t, title(t.pid, t.tid), lane(t.pid, t.tid), skipped));
  }
  const withTime = profiles.filter((p) => p.total > 0);
  const shown = withTime.length > 0 ? withTime : profiles;
  shown.sort((a, b) => b.total - a.total);
  if (shown !== profiles) keepLeftOutWarnings(profiles.filter((p) => p.total === 0), shown[0], 'lasting 0');
  // one thread is no lane of several
  if (shown.length === 1) delete shown[0].thread;
  return shown;
}

/** One thread's duration events as intervals, nested, walked into a tree. */
function threadProfile(events: unknown[], thread: Thread, name: string, laneName: string, skipped: Repairs): Profile {
  const repairs = new Repairs();
  const frames = new FrameTable();
  const builder = new StackTreeBuilder(frames);
  const frameIds = new Map<string, number>();
  const frameOf = (e: Record<string, unknown>): number => {
    const n = own(e, 'name');
    const text = typeof n === 'string' ? n : '(unnamed)';
    let f = frameIds.get(text);
    if (f === undefined) {
      f = frames.intern(text, '', 0, 0);
      frameIds.set(text, f);
    }
    return f;
  };

  const n = thread.events.length;
  const ts = new Float64Array(n);
  for (let k = 0; k < n; k++) ts[k] = numberOf(own(events[thread.events[k]] as Record<string, unknown>, 'ts'));
  // B and E in time order, the file's order among equal times (a stable sort)
  const byTime = sortedIndexes(n, (a, b) => ts[a] - ts[b] || a - b);
  let lastTime = -Infinity;

  // one interval per B or X event at most: typed columns, no array growth per event
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const frame = new Int32Array(n);
  const source = new Int32Array(n);
  let count = 0;
  const open = new Int32Array(n); // intervals of B events not yet ended, innermost last
  let openCount = 0;
  const add = (t: number, e: number, f: number, i: number): number => {
    start[count] = t; end[count] = e; frame[count] = f; source[count] = i;
    return count++;
  };
  for (let q = 0; q < n; q++) {
    const k = byTime[q];
    const i = thread.events[k];
    const e = events[i] as Record<string, unknown>;
    const ph = own(e, 'ph');
    const t = ts[k];
    if (ph === 'X') {
      let dur = numberOf(own(e, 'dur'));
      if (!(dur >= 0) || !Number.isFinite(t + dur)) {
        repairs.note('dur', `traceEvents[${i}]`, 'X events without a usable "dur": taken as lasting 0');
        dur = 0;
      } else if (!withinExactRange(dur)) {
        repairs.note('dur range', `traceEvents[${i}]`, 'X events whose "dur" is beyond 2^53 - 1 µs, past what a number holds exactly: taken as lasting 0');
        dur = 0;
      }
      add(t, t + dur, frameOf(e), i);
      lastTime = Math.max(lastTime, t + dur);
      continue;
    }
    lastTime = Math.max(lastTime, t);
    if (ph === 'B') {
      open[openCount++] = add(t, NaN, frameOf(e), i);
      continue;
    }
    if (openCount === 0) {
      repairs.note('stray', `traceEvents[${i}]`, 'end events (E) with no begin event open on their thread: dropped');
      continue;
    }
    const b = open[--openCount];
    end[b] = t;
    const named = own(e, 'name');
    if (typeof named === 'string' && named !== frames.frames[frame[b]].name) {
      repairs.note('name', `traceEvents[${i}]`, 'end events (E) that name another event than the begin (B) they end: matched by nesting anyway');
    }
  }
  for (let k = 0; k < openCount; k++) end[open[k]] = lastTime;
  if (openCount > 0) {
    repairs.note('open', `traceEvents[${source[open[0]]}]`, `begin events (B) never ended: ended at the thread's last time (${lastTime})`, openCount);
  }

  // nesting: by start, the longer first at an equal start, then the file's order
  const order = sortedIndexes(count, (a, b) => start[a] - start[b] || end[b] - end[a] || source[a] - source[b]);
  const origin = count > 0 ? start[order[0]] : 0;
  const walker = new IntervalWalker(builder, origin);
  const ends = new Float64Array(count);
  let depth = 0;
  for (const k of order) {
    const s = start[k];
    let e = end[k];
    while (depth > 0 && ends[depth - 1] <= s) walker.close(ends[--depth]);
    if (depth > 0 && e > ends[depth - 1]) {
      repairs.note('overlap', `traceEvents[${source[k]}]`, 'events ending after the event they start in: cut at its end');
      e = ends[depth - 1];
    }
    walker.open(frame[k], s);
    ends[depth++] = e;
  }
  while (depth > 0) walker.close(ends[--depth]);

  const warnings = [...skipped.words(), ...repairs.words()];
  return profileFromStacks(builder, {
    format: FORMAT, name, unit: MICROSECONDS, warnings, calls: { ncalls: walker.ncalls, primcalls: walker.primcalls },
    thread: { name: laneName, origin },
  });
}

/**
 * The format's own sampling: `samples` [{pid, tid, ts, sf, weight}] whose `sf` names an entry of
 * `stackFrames` {id: {name, parent}}; one profile per thread that has samples, keyed as threads.
 */
function sampleProfiles(root: unknown, title: (pid: string, tid: string) => string, lane: (pid: string, tid: string) => string): Map<string, Profile> {
  const out = new Map<string, Profile>();
  if (!isObject(root)) return out;
  const samples = own(root, 'samples');
  const stackFrames = own(root, 'stackFrames');
  if (!Array.isArray(samples) || !isObject(stackFrames)) return out;
  const byThread = new Map<string, { pid: string; tid: string; list: number[] }>();
  for (let i = 0; i < samples.length; i++) {
    const s: unknown = samples[i];
    if (!isObject(s)) continue;
    const pid = idText(own(s, 'pid'));
    const tid = idText(own(s, 'tid'));
    const key = `${pid}:${tid}`;
    let t = byThread.get(key);
    if (!t) {
      t = { pid, tid, list: [] };
      byThread.set(key, t);
    }
    t.list.push(i);
  }
  for (const [key, t] of byThread) out.set(key, sampledThread(samples, stackFrames, t.list, title(t.pid, t.tid), lane(t.pid, t.tid)));
  return out;
}

function sampledThread(samples: unknown[], stackFrames: Record<string, unknown>, list: number[], name: string, laneName: string): Profile {
  const repairs = new Repairs();
  const frames = new FrameTable();
  const builder = new StackTreeBuilder(frames);
  const nodeOf = new Map<string, number>(); // stack frame id -> tree node
  const times = list.map((i) => numberOf(own(samples[i] as Record<string, unknown>, 'ts')));
  const origin = times.reduce((a, b) => (b < a ? b : a), Infinity);
  const order = list.map((_, k) => k).sort((a, b) => (times[a] - times[b]) || a - b);
  for (const k of order) {
    const i = list[k];
    const s = samples[i] as Record<string, unknown>;
    // the weight first: a sample skipped for it leaves no frames of its stack in the table
    const w = own(s, 'weight') === undefined ? 1 : numberOf(own(s, 'weight'));
    if (!(w >= 0) || !Number.isFinite(w)) {
      repairs.note('weight', `samples[${i}]`, 'samples without a usable "weight": skipped');
      continue;
    }
    if (!withinExactRange(w)) {
      repairs.note('weight range', `samples[${i}]`, 'samples whose "weight" is beyond 2^53 - 1, past what a number holds exactly: skipped');
      continue;
    }
    const node = stackNode(idText(own(s, 'sf')), stackFrames, builder, nodeOf);
    if (node < 0) {
      repairs.note('sf', `samples[${i}]`, 'samples whose "sf" names no chain of stackFrames to a root: skipped');
      continue;
    }
    builder.addSelf(node, w);
    if (Number.isFinite(times[k])) builder.sample(node, times[k] - origin, w);
  }
  return profileFromStacks(builder, { format: FORMAT, name, unit: countUnit('samples'), warnings: repairs.words(), thread: { name: laneName, origin: Number.isFinite(origin) ? origin : 0 } });
}

/**
 * The tree node of stack frame `id`: its parent's node's child for its name. Iterative: walks up
 * to a frame already placed (or a root), then places the frames on the way back down. -1 for a
 * missing frame or a parent chain that loops.
 */
function stackNode(id: string, stackFrames: Record<string, unknown>, builder: StackTreeBuilder, nodeOf: Map<string, number>): number {
  const path: string[] = [];
  const onPath = new Set<string>();
  let at: string | null = id;
  let node = 0;
  while (at !== null) {
    const known = nodeOf.get(at);
    if (known !== undefined) {
      node = known;
      break;
    }
    if (onPath.has(at)) return -1;
    const f = own(stackFrames, at);
    if (!isObject(f)) return -1;
    path.push(at);
    onPath.add(at);
    const parent = own(f, 'parent');
    at = parent === undefined || parent === null ? null : idText(parent);
  }
  for (let k = path.length - 1; k >= 0; k--) {
    const f = own(stackFrames, path[k]) as Record<string, unknown>;
    const n = own(f, 'name');
    const category = own(f, 'category');
    node = builder.child(node, builder.frames.intern(typeof n === 'string' ? n : '(unnamed)', typeof category === 'string' ? category : '', 0, 0));
    nodeOf.set(path[k], node);
  }
  return node;
}

/**
 * 0..n-1 ordered by `compare`. Tracers write events in time order, nested ones after their
 * parent, so the order usually holds already: checked in one pass, sorted only when it does not
 * (a sort of millions of indexes with a comparator costs seconds).
 */
function sortedIndexes(n: number, compare: (a: number, b: number) => number): Int32Array {
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) out[k] = k;
  for (let k = 1; k < n; k++) if (!(compare(k - 1, k) < 0)) return out.sort(compare);
  return out;
}

/** ts, dur and weight: numbers, or numbers written as strings (Hermes writes "11550183666"). */
function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

/** pid, tid and ids as text: only numbers and strings (an object's own toString is never called). */
function idText(v: unknown): string {
  return typeof v === 'number' || typeof v === 'string' ? String(v) : '';
}
