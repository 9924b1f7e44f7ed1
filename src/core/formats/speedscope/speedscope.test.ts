import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, corpusFiles, readBytes } from '../../../../test/support/corpus';
import { assertSaneProfile } from '../../../../test/support/saneProfile';
import { toSpeedscope } from '../../export/speedscope';
import type { Profile } from '../../model';
import { importCpuProfile } from '../cpuprofile';
import { importProfiles } from '../../io/import';
import { importSpeedscopeAll } from './speedscope';
import { refused } from '../../../../test/support/refused';

// speedscope JSON against an independent Python reader (test/support/oracles/speedscope_oracle.py)
// that computes self, total and calls per function from the file by the definitions: speedscope's
// sample files, generated files (deep, recursive, evented and sampled), and round trips of real
// V8 profiles through `convert --to speedscope`.

const ORACLE = new URL('../../../../test/support/oracles/speedscope_oracle.py', import.meta.url).pathname;

interface OracleFunction { self: number; total: number; calls?: number }
interface OracleProfile { name: string; total: number; functions: Record<string, OracleFunction> }

function oracle(file: string): OracleProfile[] {
  return (JSON.parse(execFileSync('python3', [ORACLE, file], { encoding: 'utf8', maxBuffer: 1 << 28 })) as { profiles: OracleProfile[] }).profiles;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** Our profile per function, keyed as the oracle keys them. */
function expectOracle(p: Profile, o: OracleProfile, label: string): void {
  assertSaneProfile(p);
  expect(close(p.total, o.total), `${label}: total ${p.total} vs ${o.total}`).toBe(true);
  const ours = new Map<string, OracleFunction>();
  p.frames.forEach((f, i) => {
    if (i === p.tree.frame[0]) return; // the synthetic root
    ours.set(`${f.name}|${f.file}|${f.line}|${f.column}`, {
      self: p.functions.self[i], total: p.functions.total[i], ...(p.functions.ncalls ? { calls: p.functions.ncalls[i] } : {}),
    });
  });
  expect([...ours.keys()].sort(), label).toEqual(Object.keys(o.functions).sort());
  for (const [k, f] of Object.entries(o.functions)) {
    const r = ours.get(k)!;
    expect(close(r.self, f.self), `${label} ${k}: self ${r.self} vs ${f.self}`).toBe(true);
    expect(close(r.total, f.total), `${label} ${k}: total ${r.total} vs ${f.total}`).toBe(true);
    expect(r.calls, `${label} ${k}: calls`).toBe(f.calls);
  }
}

/** Ours in the file's order: the importer puts the active profile first. */
function inFileOrder(ps: Profile[], doc: { activeProfileIndex?: number }): Profile[] {
  const a = doc.activeProfileIndex;
  if (typeof a !== 'number' || a <= 0 || a >= ps.length) return ps;
  const out = ps.slice(1);
  out.splice(a, 0, ps[0]);
  return out;
}

function checkFile(file: string): Profile[] {
  const bytes = readBytes(file);
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as { activeProfileIndex?: number };
  const ps = importSpeedscopeAll(bytes, { name: basename(file) });
  const os = oracle(file);
  expect(ps.length).toBe(os.length);
  inFileOrder(ps, doc).forEach((p, i) => expectOracle(p, os[i], `${basename(file)} profile ${i}`));
  // detected by content: the same profiles through the one entry point
  expect(importProfiles(bytes).map((p) => p.total)).toEqual(ps.map((p) => p.total));
  return ps;
}

const dir = mkdtempSync(join(tmpdir(), 'speedscope-'));
function writeDoc(name: string, doc: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** A seeded generator, so a failure names a file that can be made again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function generated(seed: number, depthLimit: number): unknown {
  const r = random(seed);
  const frames = Array.from({ length: 12 }, (_, i) => ({ name: `f${i % 9}`, file: i % 3 ? `m${i % 2}.py` : undefined, line: i % 4 ? i : undefined, col: i % 5 === 1 ? 3 : undefined }));
  // evented: a random walk that opens and closes frames, recursion included
  const events: { type: string; frame: number; at: number }[] = [];
  const open: number[] = [];
  let t = 0;
  for (let i = 0; i < 3000; i++) {
    t += Math.floor(r() * 5);
    if (open.length > 0 && (r() < 0.45 || open.length >= depthLimit)) events.push({ type: 'C', frame: open.pop()!, at: t });
    else {
      const f = Math.floor(r() * frames.length);
      open.push(f);
      events.push({ type: 'O', frame: f, at: t });
    }
  }
  while (open.length > 0) events.push({ type: 'C', frame: open.pop()!, at: (t += 1) });
  const samples: number[][] = [];
  const weights: number[] = [];
  for (let i = 0; i < 800; i++) {
    samples.push(Array.from({ length: Math.floor(r() * depthLimit) }, () => Math.floor(r() * frames.length)));
    weights.push(Math.floor(r() * 100) / 4);
  }
  return {
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    shared: { frames },
    activeProfileIndex: 1,
    profiles: [
      { type: 'evented', name: 'ev', unit: 'milliseconds', startValue: 0, endValue: t, events },
      { type: 'sampled', name: 'sa', unit: 'bytes', startValue: 0, endValue: 0, samples, weights },
    ],
  };
}

describe('speedscope: the sample files against the oracle', () => {
  const files = corpusFiles('others/speedscope', '.json');
  it.each(files.filter((f) => !basename(f).startsWith('invalid')).map((f) => [basename(f), f]))('%s', (_n, file) => {
    const ps = checkFile(file);
    for (const p of ps) expect(p.warnings).toBeUndefined();
  });

  it('0.0.1 evented: units, times, calls and the timeline', () => {
    const [p] = checkFile(join(CORPUS, 'others/speedscope/0.0.1-simple.speedscope.json'));
    expect(p.unit.name).toBe('none');
    expect(p.total).toBe(14);
    // a, b, c open at 0; c closes at 2; d 2..6; c again 6..9; b and a close at 14
    const self = (name: string) => p.functions.self[p.frames.findIndex((f) => f.name === name)];
    expect([self('a'), self('b'), self('c'), self('d')]).toEqual([0, 5, 5, 4]);
    expect(p.samples!.size).toBe(4);
    expect([...p.samples!.time]).toEqual([0, 2, 6, 9]);
    expect([...p.samples!.weight]).toEqual([2, 4, 3, 5]);
  });

  it('0.6.0: the active profile first, both named, frames shared', () => {
    const ps = importSpeedscopeAll(readBytes(join(CORPUS, 'others/speedscope/0.6.0-two-sampled.speedscope.json')), { name: 'two.json' });
    expect(ps.map((p) => p.name)).toEqual(['two.json (two)', 'two.json (one)']);
    expect(ps.map((p) => p.unit.name)).toEqual(['seconds', 'seconds']);
    expect(ps[0].samples!.size).toBe(5);
  });
});

describe('speedscope: the invalid sample files are repaired and say how', () => {
  it('invalid-incomplete-trace: the frame left open is closed at endValue', () => {
    const file = join(CORPUS, 'others/speedscope/invalid-incomplete-trace.json');
    const [p] = checkFile(file);
    expect(p.total).toBe(100);
    expect(p.warnings).toEqual(['1 frames were still open at the end: closed at endValue (100) (first at profiles[0].events[0])']);
  });

  it('invalid-out-of-order-events: a close under an open frame closes both; the stray close is dropped', () => {
    const file = join(CORPUS, 'others/speedscope/invalid-out-of-order-events.json');
    const [p] = checkFile(file);
    expect(p.warnings).toEqual([
      '1 close events of frames that were not the innermost open one: the frames opened after them were closed at the same time (first at profiles[0].events[6])',
      '1 close events of frames that were not open: dropped (first at profiles[0].events[7])',
    ]);
  });
});

describe('speedscope: generated files against the oracle', () => {
  for (const [seed, depth] of [[1, 8], [2, 40], [3, 3]] as const) {
    it(`seed ${seed}, stacks up to ${depth} deep, recursion, several units`, () => {
      const file = writeDoc(`gen-${seed}.speedscope.json`, generated(seed, depth));
      const ps = checkFile(file);
      expect(ps.map((p) => p.unit.name)).toEqual(['bytes', 'milliseconds']);
    });
  }
});

describe('speedscope: round trips of real V8 profiles through convert --to speedscope', () => {
  const files = corpusFiles('cpuprofile', '.cpuprofile');
  it.each(files.map((f) => [basename(f), f]))('%s', (_n, file) => {
    const v8 = importCpuProfile(readBytes(file));
    const out = writeDoc(`${basename(file)}.speedscope.json`, JSON.parse(toSpeedscope([v8])));
    const [p] = checkFile(out);
    expect(p.unit.name).toBe('microseconds');
    // the same numbers per function as the .cpuprofile read directly (itself checked against its oracle)
    expect(close(p.total, v8.total)).toBe(true);
    const byKey = (q: Profile) => new Map(q.frames.map((f, i) => [`${f.name}|${f.file}|${f.line}|${f.column}`, [q.functions.self[i], q.functions.total[i]]]));
    const ours = byKey(p);
    for (const [k, [self, total]] of byKey(v8)) {
      if (k === '(root)||0|0') continue;
      if (total === 0) continue;
      expect(ours.has(k), k).toBe(true);
      expect(close(ours.get(k)![0], self) && close(ours.get(k)![1], total), k).toBe(true);
    }
  });
});

describe('speedscope: times and weights past 2^53 - 1 are refused (found by a hostile-file sweep: 1e300 was read as a total of 1e300)', () => {
  interface Doc { profiles: { events?: { at: number; type: string }[]; weights?: number[]; endValue?: number }[] }
  const corpus = (name: string) => JSON.parse(readFileSync(join(CORPUS, 'others/speedscope', name), 'utf8')) as Doc;
  const enc = new TextEncoder();
  const refusal = (doc: Doc) => refused(enc.encode(JSON.stringify(doc)), 'hostile.speedscope.json');
  /** the index of the first value past 2^53 - 1, read from the hostile file */
  const firstBeyond = (values: number[]) => values.findIndex((v) => Math.abs(v) > Number.MAX_SAFE_INTEGER);

  it.each([1e300, -1e300, 2 ** 53])('an evented profile with an event "at" %s', (huge) => {
    const doc = corpus('0.0.1-simple.speedscope.json');
    const events = doc.profiles[0].events!;
    events[events.length - 1].at = huge;
    const i = firstBeyond(events.map((e) => e.at));
    const e = refusal(doc);
    expect(e.format).toBe('speedscope');
    expect(e.problem).toBe(`"at" ${JSON.stringify(huge)} is beyond ±(2^53 - 1), past what a number holds exactly: no profiler's clock writes such a time`);
    expect(e.where).toBe(`profiles[0].events[${i}].at`);
  });

  it('a sampled profile with a weight of 1e300', () => {
    const doc = corpus('0.1.2-simple-sampled.speedscope.json');
    doc.profiles[0].weights![2] = 1e300;
    const i = firstBeyond(doc.profiles[0].weights!);
    const e = refusal(doc);
    expect(e.problem).toBe('weight 1e+300 is beyond 2^53 - 1, past what a number holds exactly: no profiler records such a weight');
    expect(e.where).toBe(`profiles[0].weights[${i}]`);
  });

  it('2^53 - 1 itself is read (the byte scanner and the JSON.parse path alike)', () => {
    const doc = corpus('0.1.2-simple-sampled.speedscope.json');
    const weights = doc.profiles[0].weights!;
    weights[2] = Number.MAX_SAFE_INTEGER;
    const [p] = importProfiles(enc.encode(JSON.stringify(doc)));
    expect(p.total).toBe(weights.reduce((a, b) => a + b, 0));
    expect(p.warnings).toBeUndefined();
  });

  it('an endValue of 1e300 is not used to close the frames left open: they close at the last event', () => {
    const doc = corpus('0.0.1-simple.speedscope.json');
    // the closes at the end cut off, as in a trace stopped early
    const events = (doc.profiles[0].events = doc.profiles[0].events!.slice(0, -2));
    doc.profiles[0].endValue = 1e300;
    const last = events[events.length - 1].at;
    const open = events.filter((e) => e.type === 'O').length - events.filter((e) => e.type === 'C').length;
    const [p] = importProfiles(enc.encode(JSON.stringify(doc)));
    expect(p.total).toBe(last - events[0].at);
    expect(p.warnings).toEqual([`${open} frames were still open at the end: closed at the last event (${last}) (first at profiles[0].events[0])`]);
  });
});
