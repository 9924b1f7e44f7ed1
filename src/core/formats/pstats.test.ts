import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProfileFormatError } from '../errors';
import type { Profile } from '../model';
import { functionLabel as pstatsFunctionLabel } from '../stats/table';
import { importPstats, looksLikePstats } from './pstats';

// The shared corpus sits beside the repo (/work/main vs /work/shared; the same in CI's clone).
const corpus = new URL('../../../../shared/corpus/', import.meta.url);
const fixtures = new URL('../../../test/fixtures/pstats/', import.meta.url);

interface OracleCall { file: string; line: number; name: string; ncalls: number; primcalls: number; tottime: number; cumtime: number }
interface Oracle { total_tt: number; functions: (OracleCall & { callers: OracleCall[] })[] }

const key = (f: { file: string; line: number; name: string }) => `${f.file}\u0000${f.line}\u0000${f.name}`;

/** Compares everything Python's pstats reads from the file (see corpus-tools/pstats_oracle.py). */
function checkAgainstOracle(profile: Profile, oracle: Oracle): void {
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
function checkTree(profile: Profile): void {
  const { tree, frames } = profile;
  expect(frames[tree.frame[0]]).toEqual({ name: '(root)', file: '', line: 0, column: 0 });
  expect(Math.abs(tree.total[0] - profile.total)).toBeLessThanOrEqual(profile.total * 1e-12);
  for (let i = 1; i < tree.size; i++) {
    expect(tree.parent[i]).toBeLessThan(i);
    expect(tree.self[i]).toBeGreaterThanOrEqual(0);
    expect(tree.total[i]).toBeLessThanOrEqual(tree.total[tree.parent[i]] * (1 + 1e-12));
  }
}

describe('importPstats against Python pstats', () => {
  const cases: [string, URL][] = [];
  for (const dir of ['seed', 'python']) {
    for (const f of readdirSync(new URL(`${dir}/`, corpus)).filter((n) => n.endsWith('.prof')).sort()) {
      cases.push([`${dir}/${f}`, new URL(`${dir}/${f}`, corpus)]);
    }
  }
  cases.push(['fixtures/recursive.prof', new URL('recursive.prof', fixtures)]);

  it('finds the corpus', () => expect(cases.length).toBeGreaterThanOrEqual(6));
  for (const [name, url] of cases) {
    it(`reads ${name}`, () => {
      const bytes = new Uint8Array(readFileSync(url));
      expect(looksLikePstats(bytes)).toBe(true);
      const profile = importPstats(bytes, { name });
      expect(profile.format).toBe('pstats');
      expect(profile.unit.name).toBe('seconds');
      expect(profile.name).toBe(name);
      checkAgainstOracle(profile, JSON.parse(readFileSync(new URL(`${url.href}.pstats.json`), 'utf8')) as Oracle);
      checkTree(profile);
    });
  }

  it('roots `python -m cProfile` trees at builtins.exec, whose nested execs give it callers', () => {
    // "functions with no callers" alone leaves only {method 'disable'} at the top (SnakeViz issue #106)
    const p = importPstats(new Uint8Array(readFileSync(new URL('python/large.prof', corpus))));
    const exec = p.frames.findIndex((f) => f.name === '<built-in method builtins.exec>');
    const kids = [...p.tree.parent.keys()].filter((i) => p.tree.parent[i] === 0);
    expect(kids.map((i) => p.frames[p.tree.frame[i]].name)).toContain('<built-in method builtins.exec>');
    const execNode = kids.find((i) => p.tree.frame[i] === exec)!;
    expect(p.tree.total[execNode]).toBeGreaterThan(0.99 * p.total);
    expect(p.tree.size).toBeGreaterThan(1000);
  });

  it('shows recursion as ncalls != primcalls and cuts it in the tree', () => {
    const profile = importPstats(new Uint8Array(readFileSync(new URL('recursive.prof', fixtures))));
    const { frames, functions, tree } = profile;
    const fib = frames.findIndex((f) => f.name === 'fib');
    expect(functions.primcalls![fib]).toBe(18); // called 18 times from main
    expect(functions.ncalls![fib]).toBeGreaterThan(1000);
    // no path from the root expands fib twice: a call back into it is a recursion leaf
    let leaves = 0;
    for (let i = 0; i < tree.size; i++) {
      if (tree.frame[i] !== fib) continue;
      if (tree.recursion![i]) {
        leaves++;
        expect(tree.self[i]).toBe(tree.total[i]); // a leaf: all its time is the call's
        continue;
      }
      for (let p = tree.parent[i]; p >= 0; p = tree.parent[p]) expect(tree.frame[p]).not.toBe(fib);
    }
    expect(leaves).toBeGreaterThan(0);
    const labels = new Set(frames.map(pstatsFunctionLabel));
    expect(labels).toContain('recursive.py:3(fib)');
    expect(labels).toContain('{built-in method builtins.len}');
    expect(labels).toContain("{method 'append' of 'list' objects}");
    expect(labels).toContain("{method 'disable' of '_lsprof.Profiler' objects}");
  });
});

// hand-made marshal bytes, py2 style: 't' strings, 'R' refs to them, 'f' text floats
const le32 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
const enc = (s: string) => [...new TextEncoder().encode(s)];
const t = (s: string) => [0x74, ...le32(enc(s).length), ...enc(s)];
const R = (i: number) => [0x52, ...le32(i)];
const i32 = (n: number) => [0x69, ...le32(n)];
const f = (x: number) => [0x66, String(x).length, ...enc(String(x))];
const tup = (...items: number[][]) => [0x28, ...le32(items.length), ...items.flat()];
const dict = (...pairs: number[][][]) => [0x7b, ...pairs.flat(2), 0x30];

describe('importPstats on hand-made files', () => {
  it('reads py2 files, old plain-count callers, and keeps the last of a repeated key', () => {
    const main = tup(t('a.py'), i32(1), t('main')); // interned: 'a.py' #0, 'main' #1
    const mainAgain = tup(R(0), i32(1), R(1));
    const work = tup(R(0), i32(5), t('work'));
    const bytes = Uint8Array.from(dict(
      [main, tup(i32(9), i32(9), f(9), f(9), dict())], // replaced below, as a Python dict would
      [work, tup(i32(2), i32(3), f(0.5), f(1.5), dict([mainAgain, tup(i32(3), i32(2), f(0.5), f(1.5))]))],
      [tup(t('~'), i32(0), t('<built-in method len>')), tup(i32(4), i32(4), f(0.25), f(0.25), dict([mainAgain, i32(4)]))],
      [mainAgain, tup(i32(1), i32(1), f(0.25), f(2), dict())],
    ));
    expect(looksLikePstats(bytes)).toBe(true);
    const p = importPstats(bytes);
    const id = (name: string) => p.frames.findIndex((fr) => fr.name === name);
    expect(p.total).toBe(0.25 + 0.5 + 0.25);
    expect(p.functions.total[id('main')]).toBe(2);
    expect([p.functions.ncalls![id('work')], p.functions.primcalls![id('work')]]).toEqual([3, 2]);
    expect(pstatsFunctionLabel(p.frames[id('work')])).toBe('a.py:5(work)');
    expect(pstatsFunctionLabel(p.frames[id('<built-in method len>')])).toBe('{built-in method len}');
    expect(pstatsFunctionLabel({ name: 'odd', file: '~', line: 0, column: 0 })).toBe('odd');
    const g = p.graph!;
    expect(g.size).toBe(2);
    const len = [...Array(g.size).keys()].find((e) => g.callee[e] === id('<built-in method len>'))!;
    expect([g.ncalls[len], g.total[len]]).toEqual([4, 0.25]); // a plain count: the callee's whole time
    checkTree(p);
    // root -> main -> {work, len}
    expect(p.tree.size).toBe(4);
  });

  it('names the byte of a malformed entry', () => {
    const err = (bytes: number[]) => {
      try { importPstats(Uint8Array.from(bytes)); } catch (e) { expect(e).toBeInstanceOf(ProfileFormatError); return e as ProfileFormatError; }
      throw new Error('no error');
    };
    expect(err(tup(i32(1))).where).toBe('byte 0');
    expect(err(dict()).problem).toMatch(/no functions/);
    const good = [tup(t('a.py'), i32(1), t('f')), tup(i32(1), i32(1), f(1), f(1), dict())];
    const goodLength = dict(good).length - 1;
    expect(err(dict(good, [tup(i32(1)), good[1]])).where).toBe(`byte ${goodLength}`);
    expect(err(dict(good, [good[0], tup(i32(1))]))).toMatchObject({ problem: expect.stringMatching(/not \(cc, nc/) });
    expect(err([0x7b, 0x28, 0x01])).toMatchObject({ problem: expect.stringMatching(/^truncated/) });
  });

  it('tells .prof from JSON and text', () => {
    expect(looksLikePstats(new TextEncoder().encode('{"nodes": []}'))).toBe(false);
    expect(looksLikePstats(new TextEncoder().encode('events: Ir\n'))).toBe(false);
    expect(looksLikePstats(new Uint8Array(0))).toBe(false);
  });
});
