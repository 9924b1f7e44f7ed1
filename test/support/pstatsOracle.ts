import { expect } from 'vitest';
import type { Profile } from '../../src/core/model';

/** What corpus-tools/pstats_oracle.py prints: Python's pstats reading one file or merging several. */
export interface OracleCall { file: string; line: number; name: string; ncalls: number; primcalls: number; tottime: number; cumtime: number }
export interface PstatsOracle { total_tt: number; functions: (OracleCall & { callers: OracleCall[] })[] }

const key = (f: { file: string; line: number; name: string }) => `${f.file}\u0000${f.line}\u0000${f.name}`;

/** Every number pstats reads: per function calls (exact) and times (within 1e-9 s), and every caller edge. */
export function expectPstatsOracle(profile: Profile, oracle: PstatsOracle): void {
  const { frames, functions, graph } = profile;
  expect(Math.abs(profile.total - oracle.total_tt)).toBeLessThan(1e-9);
  const frameOf = new Map(frames.map((f, i) => [key(f), i]));
  const callersOf = new Map<number, OracleCall[]>();
  for (let e = 0; e < graph!.size; e++) {
    const c = frames[graph!.caller[e]];
    const list = callersOf.get(graph!.callee[e]) ?? [];
    list.push({
      file: c.file, line: c.line, name: c.name, ncalls: graph!.ncalls[e], primcalls: graph!.primcalls![e],
      tottime: graph!.self![e], cumtime: graph!.total[e],
    });
    callersOf.set(graph!.callee[e], list);
  }
  const sortCalls = (a: OracleCall, b: OracleCall) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  let withStats = 0;
  for (const fn of oracle.functions) {
    const f = frameOf.get(key(fn));
    expect(f, key(fn)).toBeDefined();
    expect(functions.ncalls![f!]).toBe(fn.ncalls);
    expect(functions.primcalls![f!]).toBe(fn.primcalls);
    expect(Math.abs(functions.self[f!] - fn.tottime)).toBeLessThan(1e-9);
    expect(Math.abs(functions.total[f!] - fn.cumtime)).toBeLessThan(1e-9);
    const actual = (callersOf.get(f!) ?? []).sort(sortCalls);
    const expected = [...fn.callers].sort(sortCalls);
    expect(actual.length, key(fn)).toBe(expected.length);
    actual.forEach((a, i) => {
      const x = expected[i];
      expect([a.file, a.line, a.name, a.ncalls, a.primcalls]).toEqual([x.file, x.line, x.name, x.ncalls, x.primcalls]);
      expect(Math.abs(a.tottime - x.tottime)).toBeLessThan(1e-9);
      expect(Math.abs(a.cumtime - x.cumtime)).toBeLessThan(1e-9);
    });
    withStats++;
  }
  // every edge belongs to a function the oracle knows
  expect([...callersOf.values()].reduce((n, l) => n + l.length, 0)).toBe(oracle.functions.reduce((n, f) => n + f.callers.length, 0));
  expect(withStats).toBe(oracle.functions.length);
}

/** The rebuilt tree: the root holds the whole profile and no node outweighs its parent. */
export function expectGraphTree(profile: Profile): void {
  const { tree, frames } = profile;
  expect(frames[tree.frame[0]]).toEqual({ name: '(root)', file: '', line: 0, column: 0 });
  expect(Math.abs(tree.total[0] - profile.total)).toBeLessThanOrEqual(Math.abs(profile.total) * 1e-12);
  for (let i = 1; i < tree.size; i++) {
    expect(tree.parent[i]).toBeLessThan(i);
    expect(tree.self[i]).toBeGreaterThanOrEqual(0);
    expect(tree.total[i]).toBeLessThanOrEqual(tree.total[tree.parent[i]] * (1 + 1e-12));
  }
}
