import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CORPUS, corpusFiles, readBytes } from '../../../../test/support/corpus';
import { assertSaneProfile } from '../../../../test/support/saneProfile';
import type { Profile } from '../../model';
import { importProfiles } from '../../io/import';
import { importGeckoAll } from './gecko';
import { parseLocation } from './tables';
import { refused } from '../../../../test/support/refused';

// Firefox Profiler files against an independent Python reader (test/support/oracles/gecko_oracle.py)
// that sums self and total per function from the raw tables by the definitions: the Firefox 59,
// 61 and 63 recordings of speedscope's samples, the same profiles restructured (child processes,
// threads as JSON strings) and rewritten as processed profiles (column tables, shared strings,
// time deltas, weights).

const ORACLE = new URL('../../../../test/support/oracles/gecko_oracle.py', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'gecko-'));
const FIREFOX_153 = new URL('../../../../test/fixtures/gecko/firefox-content.json.gz', import.meta.url).pathname;

interface OracleThread { total: number; functions: Record<string, { self: number; total: number }> }

function oracle(file: string): OracleThread[] {
  return Object.values(JSON.parse(execFileSync('python3', [ORACLE, file], { encoding: 'utf8', maxBuffer: 1 << 28 })) as Record<string, OracleThread>);
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

function sameNumbers(p: Profile, t: OracleThread): boolean {
  if (!close(p.total, t.total)) return false;
  const ours = new Map<string, { self: number; total: number }>();
  p.frames.forEach((f, i) => {
    if (i === p.tree.frame[0] && f.name === '(root)' && p.functions.self[i] === 0 && p.functions.total[i] === 0 && !t.functions['(root)||0|0']) return; // the tree's own root: no function
    ours.set(`${f.name}|${f.file}|${f.line}|${f.column}`, { self: p.functions.self[i], total: p.functions.total[i] });
  });
  if (ours.size !== Object.keys(t.functions).length) return false;
  for (const [k, f] of Object.entries(t.functions)) {
    const r = ours.get(k);
    if (!r || !close(r.self, f.self) || !close(r.total, f.total)) return false;
  }
  return true;
}

function checkFile(file: string): Profile[] {
  const bytes = readBytes(file);
  const ps = importGeckoAll(bytes, { name: basename(file) });
  const threads = oracle(file).filter((t) => t.total > 0);
  expect(ps.length).toBe(threads.length);
  const left = [...threads];
  for (const p of ps) {
    assertSaneProfile(p);
    expect(p.format).toBe('gecko');
    const k = left.findIndex((t) => sameNumbers(p, t));
    expect(k, `${basename(file)}: no thread of the oracle matches ${p.name}`).toBeGreaterThanOrEqual(0);
    left.splice(k, 1);
  }
  expect(importProfiles(bytes).map((p) => p.total)).toEqual(ps.map((p) => p.total));
  return ps;
}

const write = (name: string, doc: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(doc));
  return file;
};

type Raw = Record<string, unknown> & { meta: { interval: number }; threads: RawThread[]; processes?: unknown[] };
interface RawThread {
  name: string;
  stringTable: string[];
  samples: { schema: Record<string, number>; data: unknown[][] };
  stackTable: { schema: Record<string, number>; data: unknown[][] };
  frameTable: { schema: Record<string, number>; data: unknown[][] };
}

const recording = (name: string) => JSON.parse(new TextDecoder().decode(readBytes(join(CORPUS, 'others/firefox', name)))) as { profile: Raw };

/** The error importProfiles gives for a file written by `write`. */
const refusal = (file: string) => refused(readBytes(file), basename(file));

/** A raw thread rewritten as a processed one: its own converter, column tables, strings shared. */
function processedThread(t: RawThread, strings: string[], weighted: boolean): unknown {
  const at = (schema: Record<string, number>, row: unknown[], name: string) => (schema[name] !== undefined && schema[name] < row.length ? row[schema[name]] : null);
  const str = (s: string) => {
    let i = strings.indexOf(s);
    if (i < 0) i = strings.push(s) - 1;
    return i;
  };
  const funcs = new Map<string, number>();
  const funcName: number[] = [];
  const frameFunc = t.frameTable.data.map((row) => {
    const loc = t.stringTable[at(t.frameTable.schema, row, 'location') as number];
    let f = funcs.get(loc);
    if (f === undefined) {
      f = funcName.push(str(loc)) - 1;
      funcs.set(loc, f);
    }
    return f;
  });
  const times = t.samples.data.map((r) => at(t.samples.schema, r, 'time') as number);
  return {
    name: t.name, processName: 'content', tid: 7,
    funcTable: { length: funcName.length, name: funcName, fileName: funcName.map(() => null), lineNumber: funcName.map(() => null), columnNumber: funcName.map(() => null) },
    frameTable: { length: frameFunc.length, func: frameFunc },
    stackTable: { length: t.stackTable.data.length, prefix: t.stackTable.data.map((r) => at(t.stackTable.schema, r, 'prefix')), frame: t.stackTable.data.map((r) => at(t.stackTable.schema, r, 'frame')) },
    samples: {
      length: times.length,
      stack: t.samples.data.map((r) => at(t.samples.schema, r, 'stack')),
      timeDeltas: times.map((x, i) => (i === 0 ? x : x - times[i - 1])),
      weight: weighted ? times.map((_, i) => (i % 3) + 1) : null,
      weightType: weighted ? 'tracing-ms' : 'samples',
    },
  };
}

describe('gecko: Firefox recordings against the oracle', () => {
  const files = corpusFiles('others/firefox', '.json');
  it.each(files.map((f) => [basename(f), f]))('%s', (_n, file) => {
    const [p] = checkFile(file);
    expect(p.unit.name).toBe('milliseconds');
    expect(p.name).toMatch(/GeckoMain/);
    expect(p.samples!.size).toBeGreaterThan(0);
  });

  it('JS frames keep their file, line and column; C++ labels are names', () => {
    const [p] = importGeckoAll(readBytes(join(CORPUS, 'others/firefox/63-simple-firefox.json')));
    const alpha = p.frames.find((f) => f.name === 'alpha')!;
    expect(alpha).toEqual({ name: 'alpha', file: 'http://localhost:8000/simple.js', line: 1, column: 14 });
    expect(p.frames.some((f) => f.name === 'js::RunScript' && f.file === '')).toBe(true);
  });

  it('Firefox 153 (test/fixtures/gecko/make.sh): a source index after JS locations, bare script places', () => {
    const file = join(dir, 'firefox-content.json');
    writeFileSync(file, gunzipSync(readBytes(FIREFOX_153)));
    const [p] = checkFile(file);
    const page = (f: { file: string }) => /^file:\/\/\/.*\/page\.html$/.test(f.file);
    const js = p.frames.filter(page).map((f) => [f.name.replace(/^file:\/\/\/.*\/page\.html/, 'URL'), f.line, f.column]);
    // page.html's functions as written there: fib at 2:13, sortStuff at 3:19, the arrow at 5:12
    // (anonymous: named by its place), f at 5:25, the script's top level
    expect(js).toEqual(expect.arrayContaining([['fib', 2, 13], ['sortStuff', 3, 19], ['URL', 0, 0]]));
    expect(p.frames.filter((f) => /\[\d+\]$/.test(f.name) && f.name.includes('page.html'))).toEqual([]);
    expect(p.frames.some((f) => f.name.startsWith('Layout file:') && f.file === '')).toBe(true);
    // unsymbolicated frames: their address, in the library of the process's libs it lies in
    const libraries = new Set(p.frames.filter((f) => /^0x[0-9a-f]+$/.test(f.name)).map((f) => f.file));
    expect(libraries).toContain('libxul.so');
    expect(libraries).toContain('libc.so.6');
  });
});

describe('gecko: the same profiles restructured', () => {
  it('child processes nested, threads as JSON strings: one profile per thread', () => {
    const a = recording('63-simple-firefox.json').profile;
    const b = recording('61-recursion.json').profile;
    const doc = { ...a, threads: [a.threads[0], JSON.stringify(b.threads[0])], processes: [JSON.stringify({ ...b, processes: [] }), { ...a, meta: { ...a.meta, interval: 0.5 } }] };
    const ps = checkFile(write('nested.json', doc));
    expect(ps.length).toBe(4);
  });

  it('a child process whose threads share its strings (shared.stringArray)', () => {
    const a = recording('63-simple-firefox.json').profile;
    const { stringTable, ...thread } = a.threads[0];
    const child = { ...a, shared: { stringArray: stringTable }, threads: [thread], processes: [] };
    const ps = checkFile(write('shared-strings.json', { ...a, processes: [child] }));
    expect(ps.length).toBe(2);
    expect(ps[0].total).toBe(ps[1].total);
  });

  it('processed profiles: column tables, shared strings, time deltas, weights', () => {
    const a = recording('61-recursion.json').profile;
    const b = recording('63-simple-firefox.json').profile;
    const strings: string[] = [];
    const doc = {
      meta: { interval: 2, preprocessedProfileVersion: 48, startTime: 0 },
      libs: [],
      shared: { stringArray: strings },
      threads: [processedThread(a.threads[0], strings, false), processedThread(b.threads[0], strings, true)],
    };
    const ps = checkFile(write('processed.json', doc));
    expect(ps.map((p) => p.unit.name)).toEqual(['milliseconds', 'milliseconds']);
  });
});

/**
 * Processed threads rewritten as a current profiler.firefox.com download (versions 58-63): the
 * stack, frame and function tables of all threads in `shared` (each thread's rows after the
 * previous ones', as the version 60 upgrader lays them out), a JS function's file named by a
 * row of `shared.sources`.
 */
function sharedTables(threads: ReturnType<typeof processedThread>[], strings: string[]) {
  type T = { name: string; funcTable: { name: number[] }; frameTable: { func: number[] }; stackTable: { prefix: (number | null)[]; frame: number[] }; samples: { stack: (number | null)[] } };
  const funcs = { length: 0, name: [] as number[], source: [] as (number | null)[], lineNumber: [] as null[], columnNumber: [] as null[] };
  const frames = { length: 0, func: [] as number[] };
  const stacks = { length: 0, prefix: [] as (number | null)[], frame: [] as number[] };
  const sources = { length: 0, id: [] as null[], filename: [] as number[] };
  const out = (threads as T[]).map((t) => {
    const [f0, fr0, s0] = [funcs.length, frames.length, stacks.length];
    for (const n of t.funcTable.name) {
      // "name (file:line:col)": the name alone, the file as a source (the test's own split)
      const m = /^(.*) \((.*?):\d+(?::\d+)?\)$/.exec(strings[n]);
      funcs.name.push(m ? strings.push(m[1]) - 1 : n);
      funcs.source.push(m ? sources.filename.push(strings.push(m[2]) - 1) - 1 : null);
      funcs.lineNumber.push(null); funcs.columnNumber.push(null);
    }
    sources.length = sources.filename.length; sources.id = sources.filename.map(() => null);
    funcs.length = funcs.name.length;
    for (const f of t.frameTable.func) frames.func.push(f + f0);
    frames.length = frames.func.length;
    t.stackTable.frame.forEach((f, i) => { stacks.frame.push(f + fr0); const p = t.stackTable.prefix[i]; stacks.prefix.push(p === null ? null : p + s0); });
    stacks.length = stacks.frame.length;
    return { name: t.name, samples: { ...t.samples, stack: t.samples.stack.map((x) => (x === null ? null : x + s0)) } };
  });
  return { shared: { stringArray: strings, funcTable: funcs, frameTable: frames, stackTable: stacks, sources }, threads: out };
}

describe('gecko: current processed profiles (tables in shared, files as sources)', () => {
  it('two threads whose stack, frame and function tables are shared, against the oracle', () => {
    const a = recording('61-recursion.json').profile;
    const b = recording('63-simple-firefox.json').profile;
    const strings: string[] = [];
    const { shared, threads } = sharedTables([processedThread(a.threads[0], strings, false), processedThread(b.threads[0], strings, true)], strings);
    const ps = checkFile(write('processed-v63.json', { meta: { interval: 2, preprocessedProfileVersion: 63, startTime: 0 }, libs: [], shared, threads }));
    expect(ps.length).toBe(2);
    // JS functions keep the file their source row names
    const alpha = ps.flatMap((p) => p.frames).find((f) => f.name === 'alpha');
    expect(alpha?.file).toBe('http://localhost:8000/simple.js');
  });
});

describe('gecko: locations', () => {
  it.each([
    ['emit (resource://a.js -> resource://b.js:150:13)', { name: 'emit', file: 'resource://a.js -> resource://b.js', line: 150, column: 13 }],
    ['f (g) (http://x/y.js:3)', { name: 'f (g)', file: 'http://x/y.js', line: 3, column: 0 }],
    ['nsJSUtils::ExecutionContext', { name: 'nsJSUtils::ExecutionContext', file: '', line: 0, column: 0 }],
    ['AutoEntryScript <script> element', { name: 'AutoEntryScript <script> element', file: '', line: 0, column: 0 }],
    ['operator() (x)', { name: 'operator() (x)', file: '', line: 0, column: 0 }],
    ['0x7fff5fbff000', { name: '0x7fff5fbff000', file: '', line: 0, column: 0 }],
    // Firefox 128+: the script's source index after the place; a top level and an anonymous
    // function written as the bare place
    ['fib (file:///t/page.html:2:13)[3]', { name: 'fib', file: 'file:///t/page.html', line: 2, column: 13 }],
    ['file:///t/page.html[3]', { name: 'file:///t/page.html', file: 'file:///t/page.html', line: 0, column: 0 }],
    ['moz-extension://a/x.js:571:56[43]', { name: 'moz-extension://a/x.js:571:56', file: 'moz-extension://a/x.js', line: 571, column: 56 }],
    ['values (self-hosted:440:22)[2]', { name: 'values', file: 'self-hosted', line: 440, column: 22 }],
    ['Layout file:///t/page.html', { name: 'Layout file:///t/page.html', file: '', line: 0, column: 0 }],
    ['nsThread::ProcessNextEvent[3]', { name: 'nsThread::ProcessNextEvent[3]', file: '', line: 0, column: 0 }],
  ])('%s', (loc, expected) => {
    expect(parseLocation(loc)).toEqual(expected);
  });
});

describe('gecko: samples without a stack are said (found by a hostile-file sweep: they, and files of nothing else, were read without a word)', () => {
  const said = (n: number, where: string) => `${n} samples without a stack: counted nowhere, as the Firefox Profiler's call tree leaves them out (first at ${where})`;

  it('a raw recording with some rows empty or their stack null: the others against the oracle, and a warning', () => {
    const doc = recording('63-simple-firefox.json');
    const samples = doc.profile.threads[0].samples;
    const stack = samples.schema.stack;
    samples.data = samples.data.map((row, i) => (i % 7 === 3 ? [] : i % 5 === 2 ? row.map((v, k) => (k === stack ? null : v)) : row));
    const bare = samples.data.flatMap((row, i) => (row[stack] === null || row[stack] === undefined ? [i] : []));
    const [p] = checkFile(write('some-null-stacks.json', doc));
    expect(p.warnings).toEqual([said(bare.length, `profile.threads[0].samples.data[${bare[0]}]`)]);
  });

  it('a raw recording whose every sample has a null stack is refused: nothing is left', () => {
    const doc = recording('61-recursion.json');
    const samples = doc.profile.threads[0].samples;
    samples.data = samples.data.map((row) => row.map((v, k) => (k === samples.schema.stack ? null : v)));
    const e = refusal(write('all-null-stacks.json', doc));
    expect(e.format).toBe('gecko');
    expect(e.problem).toBe(`nothing is left after repairing the file: ${said(samples.data.length, 'profile.threads[0].samples.data[0]')}`);
    expect(e.where).toBe('profile.threads[0].samples.data[0]');
  });

  it('a processed profile whose second thread has only null stacks: that thread is left out, and its warning kept', () => {
    const a = recording('61-recursion.json').profile;
    const b = recording('63-simple-firefox.json').profile;
    const strings: string[] = [];
    const idle = processedThread(b.threads[0], strings, false) as { name: string; samples: { stack: (number | null)[] } };
    idle.samples.stack = idle.samples.stack.map(() => null);
    const doc = { meta: { interval: 2, preprocessedProfileVersion: 48, startTime: 0 }, libs: [], shared: { stringArray: strings }, threads: [processedThread(a.threads[0], strings, false), idle] };
    const ps = checkFile(write('processed-idle-thread.json', doc));
    expect(ps).toHaveLength(1);
    // processedThread names its threads' process "content" and their tid 7
    expect(ps[0].warnings).toEqual([`content › ${idle.name} 7, left out for weighing 0: ${said(idle.samples.stack.length, 'threads[1].samples.stack[0]')}`]);
  });
});

describe('gecko: a meta.interval that is missing or no number above 0 is said (the samples are then counted, not timed)', () => {
  const read = (doc: unknown, name: string) => importGeckoAll(new TextEncoder().encode(JSON.stringify(doc)), { name });
  const timed = recording('61-recursion.json');
  const interval = timed.profile.meta.interval;
  const [good] = read(timed, 'timed.json');

  it.each([[0], [-1], ['2'], [undefined]])('a raw recording with meta.interval %s', (bad) => {
    const doc = recording('61-recursion.json');
    if (bad === undefined) delete (doc.profile.meta as Record<string, unknown>).interval;
    else (doc.profile.meta as Record<string, unknown>).interval = bad;
    const [p] = read(doc, 'bad-interval.json');
    expect(p.unit.name).toBe('samples');
    // the same samples, each counted once rather than weighing the interval
    expect(p.total * interval).toBeCloseTo(good.total, 9);
    expect(p.warnings).toEqual(['1 meta.interval missing or no number above 0: samples counted, not timed (the unit is samples) (first at profile.meta.interval)']);
  });

  it('a child process without an interval of its own takes its parent\'s, and nothing is said', () => {
    const child = { ...recording('61-recursion.json').profile, meta: {}, processes: [] };
    const ps = read({ ...timed, profile: { ...timed.profile, processes: [child] } }, 'child-interval.json');
    expect(ps.length).toBeGreaterThan(1);
    for (const p of ps) {
      expect(p.unit.name).toBe(good.unit.name);
      expect(p.warnings).toBeUndefined();
    }
  });
});

describe('gecko: an interval or weight past 2^53 - 1 is refused (found by the structure fuzz: an interval of 1e308 made a total of Infinity)', () => {

  it.each([1e308, -1e300])('a raw recording with meta.interval %s', (interval) => {
    const doc = recording('61-recursion.json');
    doc.profile.meta.interval = interval;
    const e = refusal(write('huge-interval.json', doc));
    expect(e.problem).toBe(`interval ${JSON.stringify(interval)} ms is beyond 2^53 - 1, past what a number holds exactly: no profiler samples so seldom`);
    expect(e.where).toBe('profile.meta.interval');
  });

  it('a processed profile with a sample weight of 1e300', () => {
    const strings: string[] = [];
    const thread = processedThread(recording('63-simple-firefox.json').profile.threads[0], strings, true) as { samples: { weight: number[] } };
    thread.samples.weight[4] = 1e300;
    const i = thread.samples.weight.findIndex((w) => w > Number.MAX_SAFE_INTEGER);
    const e = refusal(write('huge-weight.json', { meta: { interval: 2, preprocessedProfileVersion: 48, startTime: 0 }, libs: [], shared: { stringArray: strings }, threads: [thread] }));
    expect(e.problem).toBe('weight 1e+300 is beyond 2^53 - 1, past what a number holds exactly');
    expect(e.where).toBe(`threads[0].samples.weight[${i}]`);
  });
});
