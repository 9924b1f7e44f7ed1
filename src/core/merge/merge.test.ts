import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CORPUS, CORPUS_TOOLS, corpusFiles, readBytes, readJson } from '../../../test/support/corpus';
import { expectGraphTree, expectPstatsOracle, type PstatsOracle } from '../../../test/support/pstatsOracle';
import { importCallgrind } from '../formats/callgrind';
import { importCpuProfile } from '../formats/cpuprofile';
import { importProfile } from '../io/import';
import type { Frame, Profile } from '../model';
import { alignEvents, mergeProfiles, MergeError } from './index';

const load = (file: string, event?: number): Profile => importProfile(readBytes(file), { name: basename(file), event });

describe('merging pstats profiles is pstats.Stats(a, b, ...)', () => {
  it('merges the 21 per-request profiles of a bottle app into what pstats reads from them all', () => {
    const files = corpusFiles('requests', '.prof');
    expect(files.length).toBe(21);
    const merged = mergeProfiles(files.map((f) => load(f)));
    expect(merged.format).toBe('pstats');
    expect(merged.unit.name).toBe('seconds');
    expectPstatsOracle(merged, readJson<PstatsOracle>(join(CORPUS, 'requests.merged.pstats.json')));
    expectGraphTree(merged);
    expect(merged.tree.size).toBeGreaterThan(10);
  });

  it('is independent of the order of the files, up to rounding', () => {
    const files = corpusFiles('requests', '.prof');
    const a = mergeProfiles(files.map((f) => load(f)));
    const b = mergeProfiles(files.reverse().map((f) => load(f)));
    expect(Math.abs(a.total - b.total)).toBeLessThan(1e-12);
    expect(b.frames.length).toBe(a.frames.length);
  });

  const python = spawnSync('python3', ['-c', 'import cProfile, pstats']).status === 0;
  it.skipIf(!python)('merges two runs of one program made here by cProfile as pstats merges them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profburst-merge-'));
    const files: string[] = [];
    for (const script of ['py_small.py', 'py_small.py']) {
      const out = join(dir, `${files.length}.prof`);
      execFileSync('python3', ['-m', 'cProfile', '-o', out, join(CORPUS_TOOLS, script)], { cwd: dir, stdio: 'ignore' });
      files.push(out);
    }
    const oracle = JSON.parse(execFileSync('python3', [join(CORPUS_TOOLS, 'pstats_oracle.py'), ...files], { encoding: 'utf8', maxBuffer: 1 << 28 })) as PstatsOracle;
    const merged = mergeProfiles(files.map((f) => load(f)));
    expectPstatsOracle(merged, oracle);
    expectGraphTree(merged);
  }, 60_000);
});

interface AnnotateOracle { event: string; total: number; self_by_function: Record<string, number>; inclusive: Record<string, number> }

/** The merge's self per function is the oracles' summed: the same functions, the same costs. */
function expectSelfSummed(merged: Profile, oracles: AnnotateOracle[]): void {
  const want = new Map<string, number>();
  for (const o of oracles) for (const [k, v] of Object.entries(o.self_by_function)) if (v !== 0) want.set(k, (want.get(k) ?? 0) + v);
  const self = selfByName(merged);
  expect([...self.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [k, v] of want) expect(self.get(k), k).toBe(v);
}

function selfByName(p: Profile): Map<string, number> {
  const out = new Map<string, number>();
  p.frames.forEach((f, i) => { if (p.functions.self[i] !== 0) out.set(f.name, (out.get(f.name) ?? 0) + p.functions.self[i]); });
  return out;
}

describe('merging callgrind profiles sums callgrind_annotate over the files', () => {
  it('threads-01..03: self per function and the total are the summed oracles', () => {
    const files = ['threads-01', 'threads-02', 'threads-03'].map((n) => join(CORPUS, `callgrind/${n}.callgrind`));
    const merged = mergeProfiles(files.map((f) => load(f)));
    expect(merged.format).toBe('callgrind');
    const oracles = files.map((f) => readJson<AnnotateOracle>(`${f}.annotate.json`));
    expect(merged.events[merged.event]).toBe(oracles[0].event);
    expect(merged.total).toBe(oracles.reduce((s, o) => s + o.total, 0));
    expectSelfSummed(merged, oracles);
    // inclusive of a function outside recursion is linear in the files: the summed oracles'
    const inclusive = new Map<string, number>();
    for (const o of oracles) for (const [k, v] of Object.entries(o.inclusive)) inclusive.set(k, (inclusive.get(k) ?? 0) + v);
    const main = merged.frames.findIndex((f) => f.name === 'main');
    const mainKey = `${merged.frames[main].file}:main`;
    expect(merged.functions.total[main]).toBe(inclusive.get(mainKey));
    expect(merged.tree.total[0]).toBeCloseTo(merged.total, 3);
  });

  it('matches events by name: a file showing another event is brought to the first one\'s', () => {
    const file = join(CORPUS, 'callgrind/cachesim.callgrind');
    const a = load(file);
    expect(a.events.length).toBeGreaterThan(1);
    const b = load(file, 1);
    const aligned = alignEvents([a, b], (i, event) => load(file, event));
    const merged = mergeProfiles(aligned);
    expect(merged.total).toBe(2 * a.total);
  });

  it('counts 0 for an event a file lacks, when it shares another with the first file', () => {
    const two = 'events: Ir Dr\nfn=main\n1 10 4\n';
    const one = 'events: Dr\nfn=main\n1 7\nfn=other\n2 3\n';
    const enc = (s: string) => new TextEncoder().encode(s);
    const a = importCallgrind(enc(two), { name: 'two' });
    const b = importCallgrind(enc(one), { name: 'one' });
    const merged = mergeProfiles(alignEvents([a, b], () => { throw new Error('no reimport'); }));
    expect(merged.total).toBe(10);
    expect(merged.events[merged.event]).toBe('Ir');
    const dr = mergeProfiles(alignEvents([a, b], (i, event) => importCallgrind(enc(i === 0 ? two : one), { event }), 'Dr'));
    expect(dr.total).toBe(4 + 10);
  });

  it('a file without the event counts 0 in the unit the files that have it give (valgrind --collect-systime=nsec)', () => {
    const fixtures = new URL('../../../test/fixtures/callgrind/', import.meta.url).pathname;
    const withTime = load(join(fixtures, 'systime.callgrind'));
    const without = load(join(fixtures, 'whole.callgrind'));
    const at = withTime.events.indexOf('sysTime');
    const aligned = alignEvents([withTime, without], (i, event) => importCallgrind(readBytes(join(fixtures, i === 0 ? 'systime.callgrind' : 'whole.callgrind')), { event }), 'sysTime');
    expect(aligned.map((p) => p.unit)).toEqual([{ name: 'sysTime', kind: 'time', seconds: 1e-9 }, { name: 'sysTime', kind: 'time', seconds: 1e-9 }]);
    expect(mergeProfiles(aligned).total).toBe(importCallgrind(readBytes(join(fixtures, 'systime.callgrind')), { event: at }).total);
  });

  it('says so when a file of the merge is another one converted (a .prof beside its pyprof2calltree .prof.log)', () => {
    const prof = load(join(CORPUS, 'python/small.prof'));
    const log = load(join(CORPUS, 'python/small.prof.log'));
    const merged = mergeProfiles([prof, log, load(join(CORPUS, 'seed/report.prof'))]);
    expect(merged.warnings).toContain('1 file is named as another of the merge converted: small.prof.log (small.prof); both of each are counted');
    expect(mergeProfiles([prof, load(join(CORPUS, 'seed/report.prof'))]).warnings).toBeUndefined();
  });

  it('refuses files sharing no event, naming them', () => {
    const a = importCallgrind(new TextEncoder().encode('events: Ir\nfn=main\n1 10\n'), { name: 'c.out' });
    const b = importCallgrind(new TextEncoder().encode('events: ns\nfn=main\n1 10\n'), { name: 'py.log' });
    expect(() => alignEvents([a, b], () => a)).toThrow(/c\.out.*Ir.*py\.log.*ns/);
    expect(() => mergeProfiles([a, b])).toThrow(MergeError);
  });
});

describe('merging the parts of one callgrind run (test/fixtures/callgrind, made by its make.sh)', () => {
  // parts.callgrind.1..2 and parts.callgrind: one run of parts.c dumped before sort_work and before
  // report; whole.callgrind: the same run in one dump. main runs across the dumps, so the later
  // parts record it from the line it resumed at, and its callers' calls into it as calls=0.
  const dir = fileURLToPath(new URL('../../../test/fixtures/callgrind/', import.meta.url));
  const parts = ['parts.callgrind.1', 'parts.callgrind.2', 'parts.callgrind'].map((n) => join(dir, n));
  const oracle = (file: string) => readJson<AnnotateOracle>(`${file}.annotate.json`);

  it('keeps each function one function: self per function and the total are callgrind_annotate summed over the parts', () => {
    const merged = mergeProfiles(parts.map((f) => load(f)));
    const names = merged.frames.slice(1).map((f) => `${f.file}:${f.name}`);
    expect(names.length).toBe(new Set(names).size);
    const oracles = parts.map(oracle);
    expect(merged.total).toBe(oracles.reduce((s, o) => s + o.total, 0));
    expectSelfSummed(merged, oracles);
  });

  it('is the whole run: self, calls and inclusive cost per function as callgrind_annotate reads whole.callgrind', () => {
    const merged = mergeProfiles(parts.map((f) => load(f)));
    const whole = oracle(join(dir, 'whole.callgrind'));
    expect(merged.total).toBe(whole.total);
    const self = selfByName(merged);
    for (const [k, v] of Object.entries(whole.self_by_function)) if (v !== 0) expect(self.get(k), k).toBe(v);
    // main, its callers and what it calls run outside recursion: their inclusive costs are the whole run's
    for (const name of ['main', 'fib', 'sort_work', 'report', '__libc_start_main']) {
      const f = merged.frames.findIndex((fr) => fr.name === name);
      const row = Object.keys(whole.inclusive).find((k) => k.endsWith(`:${name}`))!;
      expect(merged.functions.total[f], name).toBe(whole.inclusive[row]);
    }
    // calls: the whole run's callgrind_annotate prints none, so against the whole run read alone
    const alone = load(join(dir, 'whole.callgrind'));
    const calls = (p: Profile, name: string) => p.functions.ncalls![p.frames.findIndex((f) => f.name === name)];
    for (const name of ['main', 'fib', 'sort_work', 'report']) expect(calls(merged, name), name).toBe(calls(alone, name));
  });
});

interface CpuOracle { total: number; self: Record<string, number>; total_by_function: Record<string, number> }

/** the cpuprofile oracle's key: name|url|line|column as written in the file (0-based, -1 unknown) */
const oracleKey = (f: Frame) => `${f.name === '(anonymous)' ? '' : f.name}|${f.file}|${f.line - 1}|${f.column - 1}`;

describe('merging sampled profiles by call path', () => {
  it('keeps every sample\'s weight: self and total per function are the summed oracles', () => {
    const files = corpusFiles('cpuprofile', '.cpuprofile');
    const profiles = files.map((f) => importCpuProfile(readBytes(f), { name: basename(f) }));
    const merged = mergeProfiles([...profiles, profiles[0]]);
    const oracles = [...files, files[0]].map((f) => readJson<CpuOracle>(`${f}.oracle.json`));
    const total = oracles.reduce((s, o) => s + o.total, 0);
    const tolerance = 1e-9 * total;
    expect(Math.abs(merged.total - total)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(merged.tree.total[0] - total)).toBeLessThanOrEqual(tolerance);
    for (const column of ['self', 'total_by_function'] as const) {
      const want = new Map<string, number>();
      for (const o of oracles) for (const [k, v] of Object.entries(o[column])) want.set(k, (want.get(k) ?? 0) + v);
      const got = new Map<string, number>();
      const values = column === 'self' ? merged.functions.self : merged.functions.total;
      merged.frames.forEach((f, i) => got.set(oracleKey(f), (got.get(oracleKey(f)) ?? 0) + values[i]));
      for (const [k, v] of want) expect(Math.abs((got.get(k) ?? 0) - v), `${column} ${k}`).toBeLessThanOrEqual(tolerance);
    }
    // the timeline, where the importer records one, holds every sample, laid end to end
    if (profiles.every((p) => p.samples)) expect(merged.samples!.size).toBe(profiles.reduce((n, p) => n + p.samples!.size, 0) + profiles[0].samples!.size);
  });

  it('puts the same call path of two profiles on one node', () => {
    const file = join(CORPUS, 'cpuprofile/small.cpuprofile');
    const p = importCpuProfile(readBytes(file));
    const merged = mergeProfiles([p, p]);
    expect(merged.tree.size).toBe(p.tree.size);
    for (let i = 0; i < p.tree.size; i++) expect(merged.tree.total[i]).toBeCloseTo(2 * p.tree.total[i], 6);
  });

  it('converts time units: microseconds with seconds', () => {
    const us = importCpuProfile(readBytes(join(CORPUS, 'cpuprofile/small.cpuprofile')), { name: 'a.cpuprofile' });
    const s = load(join(CORPUS, 'seed/report.prof'));
    const merged = mergeProfiles([us, s]);
    expect(merged.unit.name).toBe('microseconds');
    expect(merged.total).toBeCloseTo(us.total + s.total * 1e6, 3);
    expect(merged.warnings?.join()).toMatch(/estimates/);
  });

  it('refuses seconds with instruction counts, naming the files and units', () => {
    const s = load(join(CORPUS, 'seed/report.prof'));
    const ir = load(join(CORPUS, 'callgrind/default.callgrind'));
    expect(() => mergeProfiles([s, ir])).toThrow(/seconds: report\.prof; Ir \(a count\): default\.callgrind/);
  });
});
