import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { CORPUS, corpusFiles, readJson } from '../support/corpus';

// `profburst stats FILE --json` is the contract other tools check our numbers through: these
// tests hold it to the numbers of each format's own tool (pstats, callgrind_annotate, and an
// independent Python reader of .cpuprofile files) for every file of the corpus.

interface Row { name: string; file: string; line: number; ncalls: number | null; primcalls: number | null; self: number; total: number }
interface Stats { format: string; unit: string; total: number; functions: Row[] }

afterEach(() => vi.restoreAllMocks());

function stats(file: string, ...args: string[]): Stats {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((s: unknown) => void out.push(String(s)));
  expect(main(['stats', file, '--json', ...args])).toBe(0);
  return JSON.parse(out.join('\n')) as Stats;
}

describe('stats --json against pstats', () => {
  const files = [...corpusFiles('seed', '.prof'), ...corpusFiles('python', '.prof')];
  it.each(files.map((f) => [basename(f), f]))('%s', (_n, file) => {
    const oracle = readJson<{ total_tt: number; functions: { file: string; line: number; name: string; ncalls: number; primcalls: number; tottime: number; cumtime: number }[] }>(`${file}.pstats.json`);
    const s = stats(file);
    expect(s.format).toBe('pstats');
    expect(s.unit).toBe('seconds');
    expect(Math.abs(s.total - oracle.total_tt)).toBeLessThan(1e-9);
    const ours = new Map(s.functions.map((r) => [`${r.file}\u0000${r.line}\u0000${r.name}`, r]));
    expect(ours.size).toBe(oracle.functions.length);
    for (const f of oracle.functions) {
      const r = ours.get(`${f.file}\u0000${f.line}\u0000${f.name}`)!;
      expect(r, f.name).toBeDefined();
      expect(r.ncalls).toBe(f.ncalls);
      expect(r.primcalls).toBe(f.primcalls);
      expect(Math.abs(r.self - f.tottime)).toBeLessThan(1e-6);
      expect(Math.abs(r.total - f.cumtime)).toBeLessThan(1e-6);
    }
  });
});

describe('stats --json against callgrind_annotate', () => {
  const files = [
    ...corpusFiles('callgrind', '.callgrind'),
    ...corpusFiles('seed', '.prof.log'),
    ...corpusFiles('python', '.prof.log'),
    join(CORPUS, 'xdebug/work.cachegrind.out'),
  ];
  it.each(files.map((f) => [basename(f), f]))('%s', (_n, file) => {
    const oracle = readJson<{ total: number; self_by_function: Record<string, number> }>(`${file}.annotate.json`);
    const s = stats(file);
    expect(s.format).toBe('callgrind');
    expect(s.total).toBe(oracle.total);
    const self = new Map<string, number>();
    for (const r of s.functions) self.set(r.name, (self.get(r.name) ?? 0) + r.self);
    for (const [name, v] of Object.entries(oracle.self_by_function)) expect(self.get(name) ?? 0, name).toBe(v);
    for (const [name, v] of self) if (v !== 0) expect(Object.hasOwn(oracle.self_by_function, name), name).toBe(true);
  });
});

describe('stats --json against the cpuprofile oracle', () => {
  const files = [...corpusFiles('cpuprofile', '.cpuprofile'), join(CORPUS, 'chrome/Chrome-65-sucrase.cpuprofile')];
  it.each(files.map((f) => [basename(f), f]))('%s', (_n, file) => {
    const oracle = readJson<{ total: number; self: Record<string, number> }>(`${file}.oracle.json`);
    const s = stats(file);
    expect(s.unit).toBe('microseconds');
    // the bar: each function's self within 0.5% of the total, the total within 1%
    expect(Math.abs(s.total - oracle.total)).toBeLessThanOrEqual(0.01 * oracle.total);
    const self = new Map<string, number>();
    for (const r of s.functions) {
      const name = r.name === '(anonymous)' ? '' : r.name;
      // the oracle keeps V8's 0-based line; our contract's line is 1-based (0 when unknown)
      const key = `${name}|${r.file}|${r.line - 1}`;
      self.set(key, (self.get(key) ?? 0) + r.self);
    }
    const oracleSelf = new Map<string, number>();
    for (const [k, v] of Object.entries(oracle.self)) {
      const key = k.slice(0, k.lastIndexOf('|'));
      oracleSelf.set(key, (oracleSelf.get(key) ?? 0) + v);
    }
    for (const [k, v] of oracleSelf) expect(Math.abs((self.get(k) ?? 0) - v), k).toBeLessThanOrEqual(0.005 * oracle.total);
    expect(s.functions.every((r) => r.ncalls === null && r.primcalls === null)).toBe(true);
  });
});

describe('stats --event', () => {
  it('switches a callgrind file to another event', () => {
    const file = join(CORPUS, 'callgrind/cachesim.callgrind');
    const ir = stats(file);
    const dr = stats(file, '--event', 'Dr');
    expect(ir.total).toBe(readJson<{ total: number }>(`${file}.annotate.json`).total);
    expect(dr.total).toBeGreaterThan(0);
    expect(dr.total).toBeLessThan(ir.total);
  });
});
