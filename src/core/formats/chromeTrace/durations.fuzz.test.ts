import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../../test/support/corpus';
import {
  applyJsonEdits, check, cutPoints, expectSaneOrFormatError, jsonEdit, jsonPaths, MAX_CASE_MS, mutatedBytes, printCaseCounts, truncated,
} from '../../../../test/support/fuzz';
import { assertSaneProfile } from '../../../../test/support/saneProfile';
import type { Profile } from '../../model';
import { importChromeTraceAll } from './chromeTrace';
import { importProfiles } from '../../io/import';

// Property-based tests and attacks of trace events with durations: real files cut short and
// mangled, structure edits, 100 000-deep nesting of B/E and X events and of stackFrames parents,
// loops, overlaps and hostile names.

const enc = new TextEncoder();
const json = (v: unknown) => enc.encode(JSON.stringify(v));
const FIXTURES = new URL('../../../../test/fixtures/trace-event/', import.meta.url).pathname;
const NODE = readBytes(join(FIXTURES, 'node-trace.json'));
const MULTI = readBytes(join(CORPUS, 'others/trace-event/multiprocess.json'));
const SAMPLES = readBytes(join(CORPUS, 'others/trace-event/multi-thread-with-samples.json'));
const FORMATS = ['chrome-trace', 'cpuprofile'];
const ANY_FORMAT = ['cpuprofile', 'chrome-trace', 'callgrind', 'pstats', 'pprof', 'perf', 'collapsed', 'speedscope', 'gecko', 'unknown format', 'gzip'];
const WHERE = /^(byte \d+( of \d+)?|nodes\[\d+\]|samples\[\d+\]|timeDeltas\[\d+\]|endTime)$/;
const ANY_WHERE = /^(byte \d+( of \d+)?|line \d+|nodes\[\d+\]|samples\[\d+\]|timeDeltas\[\d+\]|endTime|(shared|profiles|threads|traceEvents|meta)[\w.[\]]*)$/;

const direct = (bytes: Uint8Array) => expectSaneOrFormatError('trace durations', () => importChromeTraceAll(bytes), FORMATS, WHERE);
const viaIndex = (bytes: Uint8Array) => expectSaneOrFormatError('trace durations', () => importProfiles(bytes), ANY_FORMAT, ANY_WHERE);

/** The import alone, in CPU time (a shared machine stretches wall time, not this). */
function timed(bytes: Uint8Array): Profile[] {
  const c0 = process.cpuUsage();
  const ps = importChromeTraceAll(bytes);
  const cpu = process.cpuUsage(c0);
  expect((cpu.user + cpu.system) / 1000).toBeLessThan(MAX_CASE_MS);
  for (const p of ps) assertSaneProfile(p);
  return ps;
}

describe('fuzz: trace durations', () => {
  afterAll(() => printCaseCounts('durations.fuzz'));

  it('fuzz: real files truncated at many points', () => {
    for (const file of [MULTI, SAMPLES]) for (const cut of cutPoints(file.length, 600)) direct(file.subarray(0, cut));
    for (const cut of cutPoints(NODE.length, 300)) viaIndex(NODE.subarray(0, cut));
  });

  it('fuzz: random truncation, flipped, set, inserted, deleted and duplicated bytes', () => {
    check(fc.property(fc.oneof(truncated(NODE), mutatedBytes(NODE), mutatedBytes(MULTI), mutatedBytes(SAMPLES)), (bytes) => {
      direct(bytes);
      viaIndex(bytes);
    }), 400);
  });

  for (const [name, bytes] of [['node', NODE], ['multiprocess', MULTI], ['samples', SAMPLES]] as const) {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    const paths = jsonPaths(parsed);
    it(`fuzz: JSON structure edits of the ${name} trace (phases, times, durations, ids, stack frames of the wrong kind)`, () => {
      check(fc.property(fc.array(jsonEdit(paths.length), { minLength: 1, maxLength: 6 }), (edits) => {
        const b = json(applyJsonEdits(parsed, paths, edits));
        direct(b);
        viaIndex(b);
      }), 300);
    });
  }
});

describe('trace duration attacks', () => {
  const N = 100_000;

  it('B/E pairs nested 100 000 deep', () => {
    const events: unknown[] = [];
    for (let i = 0; i < N; i++) events.push({ ph: 'B', pid: 1, tid: 1, ts: i, name: i % 2 ? 'odd' : 'even' });
    for (let i = N - 1; i >= 0; i--) events.push({ ph: 'E', pid: 1, tid: 1, ts: 2 * N - i });
    const [p] = timed(json(events));
    expect(p.tree.size).toBe(N + 1);
    expect(p.total).toBe(2 * N);
    expect(p.functions.primcalls![p.frames.findIndex((f) => f.name === 'odd')]).toBe(1);
    expect(p.warnings).toBeUndefined();
  });

  it('X events nested 100 000 deep, in reverse file order', () => {
    const events = Array.from({ length: N }, (_, i) => ({ ph: 'X', pid: 1, tid: 1, ts: N - 1 - i, dur: 2 * (i + 1), name: `f${i % 7}` }));
    const [p] = timed(json(events));
    expect(p.tree.size).toBe(N + 1);
    expect(p.total).toBe(2 * N);
  });

  it('stackFrames chained 100 000 deep, and a loop of parents', () => {
    const stackFrames: Record<string, unknown> = {};
    for (let i = 0; i < N; i++) stackFrames[String(i)] = { name: `s${i % 5}`, ...(i > 0 ? { parent: i - 1 } : {}) };
    stackFrames.a = { name: 'a', parent: 'b' };
    stackFrames.b = { name: 'b', parent: 'a' };
    const samples = [{ pid: 1, tid: 1, ts: 0, sf: N - 1 }, { pid: 1, tid: 1, ts: 1, sf: N - 1, weight: 2 }, { pid: 1, tid: 1, ts: 2, sf: 'a' }];
    const [p] = timed(json({ traceEvents: [], samples, stackFrames }));
    expect(p.total).toBe(3);
    expect(p.tree.size).toBe(N + 1);
    expect(p.warnings).toEqual(['1 samples whose "sf" names no chain of stackFrames to a root: skipped (first at samples[2])']);
  });

  it('overlapping X events are cut at the end of the one they start in, and it is said', () => {
    const [p] = timed(json([
      { ph: 'X', pid: 1, tid: 1, ts: 0, dur: 10, name: 'a' },
      { ph: 'X', pid: 1, tid: 1, ts: 5, dur: 10, name: 'b' },
      { ph: 'X', pid: 1, tid: 1, ts: 20, dur: -3, name: 'c' },
    ]));
    expect(p.total).toBe(10);
    expect(p.warnings).toEqual([
      '1 X events without a usable "dur": taken as lasting 0 (first at traceEvents[2])',
      '1 events ending after the event they start in: cut at its end (first at traceEvents[1])',
    ]);
  });

  it('E events naming another event are matched by nesting, and it is said', () => {
    const [p] = timed(json([
      { ph: 'B', pid: 1, tid: 1, ts: 0, name: 'a' }, { ph: 'B', pid: 1, tid: 1, ts: 1, name: 'b' },
      { ph: 'E', pid: 1, tid: 1, ts: 2, name: 'a' }, { ph: 'E', pid: 1, tid: 1, ts: 3, name: 'b' },
    ]));
    expect(p.total).toBe(3);
    expect(p.warnings).toEqual(['2 end events (E) that name another event than the begin (B) they end: matched by nesting anyway (first at traceEvents[2])']);
  });

  it('hostile names, pids and tids stay text; __proto__ keys are data', () => {
    const names = ['__proto__', 'constructor', 'toString', '<img src=x onerror=alert(1)>', '\u202e\ud83d\ude00', '\ud800', 'a\u0000b'];
    const events: unknown[] = names.map((name, i) => ({ ph: 'X', pid: '__proto__', tid: 'constructor', ts: i, dur: 1, name }));
    events.push({ ph: 'M', name: 'process_name', pid: '__proto__', args: { name: '<b>p</b>' } });
    events.push({ ph: 'X', pid: { toString: 1 }, tid: [1], ts: 0, dur: 5, name: { valueOf: 1 } });
    const bytes = enc.encode(JSON.stringify(events).replace('"args":{', '"args":{"__proto__":{"name":"x"},'));
    const ps = timed(bytes);
    const p = ps.find((q) => q.name.includes('<b>p</b>'))!;
    expect(p.frames.slice(1).map((f) => f.name)).toEqual(names);
    expect(ps.some((q) => q.frames.some((f) => f.name === '(unnamed)'))).toBe(true);
    expect(({} as Record<string, unknown>).name).toBeUndefined();
  });

  it('a trace with neither samples nor duration events is still an error that says so', () => {
    expect(() => importChromeTraceAll(json([{ ph: 'I', pid: 1, tid: 1, ts: 0, name: 'x' }]))).toThrow(/no duration events \(B\/E or X\)/);
  });
});
