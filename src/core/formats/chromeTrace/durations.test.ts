import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CORPUS, corpusFiles, readBytes } from '../../../../test/support/corpus';
import { assertSaneProfile } from '../../../../test/support/saneProfile';
import type { Profile } from '../../model';
import { importChromeTraceAll } from './chromeTrace';
import { importProfiles } from '../../io/import';

// Trace events with duration events (B/E, X) and the format's own samples, against an
// independent Python reader (test/support/oracles/trace_event_oracle.py) that computes self,
// total (the union of a function's intervals) and calls per thread by the definitions: on
// speedscope's trace-event samples, node's --trace-events-enabled output and chromium's
// --trace-startup (test/fixtures/trace-event/make.sh).

const ORACLE = new URL('../../../../test/support/oracles/trace_event_oracle.py', import.meta.url).pathname;
const FIXTURES = new URL('../../../../test/fixtures/trace-event/', import.meta.url).pathname;

interface OracleFunction { self: number; total: number; calls?: number }
interface OracleThread { total: number; functions: Record<string, OracleFunction>; sampled?: boolean }

const dir = mkdtempSync(join(tmpdir(), 'trace-event-'));

function oracle(file: string): Map<string, OracleThread> {
  const out = JSON.parse(execFileSync('python3', [ORACLE, file], { encoding: 'utf8', maxBuffer: 1 << 28 })) as Record<string, OracleThread>;
  return new Map(Object.entries(out));
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** pid:tid of a profile, from the thread names the importer gives (pid N / tid N when unnamed). */
function checkFile(file: string, bytes = readBytes(file)): Profile[] {
  const ps = importChromeTraceAll(bytes, { name: basename(file) });
  const o = oracle(file);
  // the importer leaves out threads whose events all last 0 when others have time
  const expected = [...o.values()].filter((t) => t.total > 0);
  expect(ps.length, basename(file)).toBe(expected.length > 0 ? expected.length : o.size);
  const unmatched = new Set(o.keys());
  for (const p of ps) {
    assertSaneProfile(p);
    expect(p.format).toBe('chrome-trace');
    // the oracle's thread with the same numbers: threads are told apart by their functions
    const key = [...unmatched].find((k) => sameNumbers(p, o.get(k)!));
    expect(key, `${basename(file)}: no thread of the oracle matches ${p.name}`).toBeDefined();
    unmatched.delete(key!);
  }
  expect(importProfiles(bytes).map((p) => p.total)).toEqual(ps.map((p) => p.total));
  return ps;
}

function sameNumbers(p: Profile, t: OracleThread): boolean {
  if (!close(p.total, t.total)) return false;
  const ours = new Map<string, OracleFunction>();
  p.frames.forEach((f, i) => {
    if (i === p.tree.frame[0]) return;
    const key = t.sampled ? `${f.name}|${f.file}` : f.name;
    ours.set(key, { self: p.functions.self[i], total: p.functions.total[i], ...(p.functions.ncalls ? { calls: p.functions.ncalls[i] } : {}) });
  });
  if (ours.size !== Object.keys(t.functions).length) return false;
  for (const [k, f] of Object.entries(t.functions)) {
    const r = ours.get(k);
    if (!r || !close(r.self, f.self) || !close(r.total, f.total) || r.calls !== f.calls) return false;
  }
  return true;
}

describe('trace events: speedscope\'s trace-event files against the oracle', () => {
  const files = corpusFiles('others/trace-event', '.json');
  it.each(files.map((f) => [basename(f), f]))('%s', (_n, file) => {
    checkFile(file);
  });

  it('multiprocess: one profile per thread, named by process_name and thread_name', () => {
    const ps = checkFile(join(CORPUS, 'others/trace-event/multiprocess.json'));
    expect(ps.map((p) => p.name).sort()).toEqual([
      'multiprocess.json (p0 › p0t0)', 'multiprocess.json (p0 › p0t1)', 'multiprocess.json (p1 › p1t0)', 'multiprocess.json (p1 › p1t1)',
      'multiprocess.json (p3 › tid 0)', 'multiprocess.json (p3 › tid 1)', 'multiprocess.json (pid 2 › p2t0)', 'multiprocess.json (pid 2 › p2t1)',
    ]);
    expect(ps.every((p) => p.unit.name === 'microseconds' && p.warnings === undefined)).toBe(true);
  });

  it('matching-x: equal X events nest in the file\'s order; self is duration minus children', () => {
    const [p] = checkFile(join(CORPUS, 'others/trace-event/matching-x.json'));
    const names = (node: number) => p.frames[p.tree.frame[node]].name;
    const paths = Array.from({ length: p.tree.size }, (_, i) => {
      const out: string[] = [];
      for (let n = i; n > 0; n = p.tree.parent[n]) out.unshift(names(n));
      return out.join(';');
    });
    expect(paths.slice(1).sort()).toEqual(['alpha', 'alpha;beta', 'alpha;beta;gamma', 'alpha;gamma', 'alpha;gamma;beta']);
  });

  it('only-begin-events: never-ended B events end at the last time, and it is said', () => {
    const [p] = checkFile(join(CORPUS, 'others/trace-event/only-begin-events.json'));
    expect(p.warnings).toEqual(["3 begin events (B) never ended: ended at the thread's last time (2) (first at traceEvents[0])"]);
  });

  it('end-event-with-empty-stack: the stray E is dropped, and it is said', () => {
    const [p] = checkFile(join(CORPUS, 'others/trace-event/end-event-with-empty-stack.json'));
    expect(p.total).toBe(1);
    expect(p.warnings).toEqual(['1 end events (E) with no begin event open on their thread: dropped (first at traceEvents[2])']);
  });

  it('multi-thread-with-samples: the samples, not the 0-long X events, per thread', () => {
    const ps = checkFile(join(CORPUS, 'others/trace-event/multi-thread-with-samples.json'));
    expect(ps.map((p) => [p.name, p.unit.name, p.total])).toEqual([
      ['multi-thread-with-samples.json (hermes › tid 2)', 'samples', 5],
      ['multi-thread-with-samples.json (hermes › mqt_js)', 'samples', 3],
    ]);
  });
});

describe('trace events: real files from node and chromium against the oracle', () => {
  it('node --trace-events-enabled', () => {
    const ps = checkFile(join(FIXTURES, 'node-trace.json'));
    expect(ps.length).toBeGreaterThan(0);
    expect(ps[0].functions.ncalls).not.toBeNull();
  });

  it('chromium --trace-startup: every thread with time, heaviest first, still-open B events said', () => {
    const file = join(dir, 'chromium-startup.json');
    writeFileSync(file, gunzipSync(readBytes(join(FIXTURES, 'chromium-startup.json.gz'))));
    const ps = checkFile(file);
    expect(ps.length).toBeGreaterThan(10);
    // the trace stops while tasks run: their B events have no E, and their threads say so
    expect(ps.filter((p) => p.warnings?.some((w) => /begin events \(B\) never ended/.test(w))).length).toBeGreaterThan(3);
    for (let i = 1; i < ps.length; i++) expect(ps[i - 1].total).toBeGreaterThanOrEqual(ps[i].total);
    // gzipped, the same through the one entry point
    expect(importProfiles(readBytes(join(FIXTURES, 'chromium-startup.json.gz'))).map((p) => p.total)).toEqual(ps.map((p) => p.total));
  });
});

describe('trace events: an array its writer never closed', () => {
  // catapult's py_trace_event writes "[" and its events, never the closing "]"; the trace viewer
  // (trace_event_importer) adds it when loading. The oracle reads the same bytes with the "]".
  const bytes = readBytes(join(FIXTURES, 'py-trace-event.json'));
  const closed = join(dir, 'py-trace-event-closed.json');
  writeFileSync(closed, Buffer.concat([bytes, Buffer.from(']')]));
  const said = 'the array of trace events has no closing "]" (its writer never wrote one): read as if it had, as the trace viewer reads it';

  it('py_trace_event: read as if closed, every thread against the oracle, and it is said', () => {
    const ps = checkFile(closed, bytes);
    expect(ps.length).toBe(2);
    for (const p of ps) expect(p.warnings).toContain(said);
    expect(importChromeTraceAll(readBytes(closed)).every((p) => p.warnings === undefined)).toBe(true);
  });

  it('a trailing comma too (a writer stopped between events), but not an event cut in the middle', () => {
    checkFile(closed, Buffer.concat([bytes, Buffer.from(',\n')]));
    expect(() => importChromeTraceAll(bytes.subarray(0, bytes.length - 10))).toThrow(/ends early/);
  });
});

describe('trace events: DevTools traces keep their sampled CPU profiles', () => {
  it.each(['Chrome-69-simple.json', 'Chrome-70-worker.json', 'Chrome-116-Trace-20230603T221323.json'])('%s', (name) => {
    const ps = importChromeTraceAll(readBytes(join(CORPUS, 'chrome', name)));
    // V8's sampled trees have (root) with (program)/(idle); a duration tree has neither
    for (const p of ps) expect(p.frames.some((f) => f.name === '(program)' || f.name === '(idle)' || f.name === '(garbage collector)')).toBe(true);
    for (const p of ps) expect(p.functions.ncalls).toBeNull();
  });
});

describe('trace events: the repairs of a thread left out are still said', () => {
  // found by a hostile-file sweep: speedscope's multiprocess.json with one X event's "dur" made
  // negative read as 7 threads and no warning, as the repaired thread lasted 0 and was left out
  interface Event { ph: string; pid: number; tid: number; name: string; dur?: number; args?: { name: string } }
  const events = JSON.parse(readFileSync(join(CORPUS, 'others/trace-event/multiprocess.json'), 'utf8')) as Event[];
  const at = events.findIndex((e) => e.ph === 'X' && e.name === 'alpha');
  const { pid, tid } = events[at];
  const nameOf = (kind: string, match: (e: Event) => boolean) => events.find((e) => e.ph === 'M' && e.name === kind && match(e))?.args?.name;
  const lane = `${nameOf('process_name', (e) => e.pid === pid)} › ${nameOf('thread_name', (e) => e.pid === pid && e.tid === tid)}`;
  const threads = new Set(events.filter((e) => e.ph === 'X').map((e) => `${e.pid}:${e.tid}`)).size;

  it.each([-50, null])('an X event with "dur" %s', (dur) => {
    const hostile = events.map((e, i) => (i === at ? { ...e, dur } : e));
    const profiles = importProfiles(new TextEncoder().encode(JSON.stringify(hostile)), { name: 'multiprocess.json' });
    expect(profiles).toHaveLength(threads - 1);
    expect(profiles[0].warnings).toEqual([`${lane}, left out for lasting 0: 1 X events without a usable "dur": taken as lasting 0 (first at traceEvents[${at}])`]);
    for (const p of profiles.slice(1)) expect(p.warnings).toBeUndefined();
  });
});

describe('trace events: a ts, dur or weight past 2^53 - 1 is no usable number (found by a hostile-file sweep: 1e300 was read as a total of 1e300)', () => {
  // each corpus file made hostile; the oracle reads the file as the warning says it was repaired
  interface Event { ph?: string; name?: string; ts?: number | string; dur?: number; weight?: number | string }
  const corpus = <T>(name: string) => JSON.parse(readFileSync(join(CORPUS, 'others/trace-event', name), 'utf8')) as T;
  const enc = new TextEncoder();
  const beyond = (v: unknown) => Math.abs(Number(v)) > Number.MAX_SAFE_INTEGER;
  /** checkFile of the hostile events against the oracle of the repaired ones */
  const checkRepaired = (hostile: unknown, repaired: unknown, name: string) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(repaired));
    return checkFile(file, enc.encode(JSON.stringify(hostile)));
  };

  it('X events with a dur of 1e300 last 0, and it is said', () => {
    const events = corpus<Event[]>('matching-x.json');
    const hostile = events.map((e) => (e.name === 'gamma' ? { ...e, dur: 1e300 } : e));
    const at = hostile.flatMap((e, i) => (e.ph === 'X' && beyond(e.dur) ? [i] : []));
    const [p] = checkRepaired(hostile, hostile.map((e) => (beyond(e.dur) ? { ...e, dur: 0 } : e)), 'huge-dur.json');
    expect(p.warnings).toEqual([`${at.length} X events whose "dur" is beyond 2^53 - 1 µs, past what a number holds exactly: taken as lasting 0 (first at traceEvents[${at[0]}])`]);
  });

  it.each([
    ['end-event-with-empty-stack.json', 'E', 1e300],
    ['only-begin-events.json', 'B', -1e300],
  ] as const)('%s with a %s event at ts %s: the event is skipped, and it is said', (name, ph, ts) => {
    const events = corpus<Event[]>(name);
    const k = events.findIndex((e) => e.ph === ph);
    const hostile = events.map((e, i) => (i === k ? { ...e, ts } : e));
    const at = hostile.flatMap((e, i) => (beyond(e.ts) ? [i] : []));
    const [p] = checkRepaired(hostile, hostile.filter((e) => !beyond(e.ts)), `huge-ts-${name}`);
    expect(p.warnings?.[0]).toBe(`${at.length} duration events whose "ts" is beyond ±(2^53 - 1) µs, past what a number holds exactly: skipped (first at traceEvents[${at[0]}])`);
  });

  it('a sample with a weight of 1e300 is skipped, and it is said', () => {
    const doc = corpus<{ samples: Event[] }>('multi-thread-with-samples.json');
    const hostile = { ...doc, samples: doc.samples.map((s, i) => (i === 2 ? { ...s, weight: '1e300' } : s)) };
    const at = hostile.samples.flatMap((s, i) => (beyond(s.weight) ? [i] : []));
    const ps = checkRepaired(hostile, { ...doc, samples: hostile.samples.filter((s) => !beyond(s.weight)) }, 'huge-weight.json');
    expect(ps.flatMap((p) => p.warnings ?? [])).toEqual([`${at.length} samples whose "weight" is beyond 2^53 - 1, past what a number holds exactly: skipped (first at samples[${at[0]}])`]);
  });
});
