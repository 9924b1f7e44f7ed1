import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfileFormatError } from '../../errors';
import { functionLabel as pstatsFunctionLabel } from '../../stats/table';
import { importPstats, looksLikePstats } from './pstats';
import { CORPUS, corpusFiles, readBytes, readJson } from '../../../../test/support/corpus';
import { pstatsFile, type PstatsEntry, type PstatsKey } from '../../../../test/support/marshal';
import { expectGraphTree as checkTree, expectPstatsOracle as checkAgainstOracle, type PstatsOracle as Oracle } from '../../../../test/support/pstatsOracle';

// The shared corpus sits beside the repo (/work/main vs /work/shared; the same in CI's clone).
const corpus = new URL('../../../../../shared/corpus/', import.meta.url);
const fixtures = new URL('../../../../test/fixtures/pstats/', import.meta.url);

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

  // `python -m profile -o`: the pure-Python profiler keys the script's code by its code object,
  // which marshal writes each Python version its own way (test/fixtures/pstats/make-profile-module.sh)
  it.each(['2.7', '3.7', '3.10', '3.13'])('reads python%s -m profile -o, code object and plain-count callers, as that Python\'s pstats', (version) => {
    const url = new URL(`profile-${version}.prof`, fixtures);
    const profile = importPstats(new Uint8Array(readFileSync(url)), { name: url.pathname });
    const oracle = JSON.parse(readFileSync(new URL(`${url.href}.pstats.json`), 'utf8')) as {
      total_tt: number;
      functions: { file: string; line: number; name: string; ncalls: number; primcalls: number; tottime: number; cumtime: number; callers: { file: string; line: number; name: string; ncalls: number }[] }[];
    };
    expect(profile.total).toBe(oracle.total_tt);
    const frameOf = new Map(profile.frames.map((f, i) => [`${f.file}:${f.line}(${f.name})`, i]));
    const callers = new Map<number, string[]>();
    const g = profile.graph!;
    for (let e = 0; e < g.size; e++) {
      const c = profile.frames[g.caller[e]];
      callers.set(g.callee[e], [...(callers.get(g.callee[e]) ?? []), `${c.file}:${c.line}(${c.name}) ${g.ncalls[e]}`]);
    }
    const code = oracle.functions.filter((f) => f.name.startsWith('<code object <module>, file "recursive.py"'));
    expect(code).toHaveLength(1);
    // the chart draws: its only caller, the profiler's own all-zero entry, is no entry point, so
    // the script's code object is a root and the root's children hold the whole profile
    checkTree(profile);
    let underRoot = 0;
    for (let i = 1; i < profile.tree.size; i++) if (profile.tree.parent[i] === 0) underRoot += profile.tree.total[i];
    expect(underRoot).toBeCloseTo(profile.total, 12);
    // pstats lists the profiler's own zero-call entry, which the table leaves out as it has no calls or time
    for (const fn of oracle.functions.filter((f) => f.ncalls > 0)) {
      const label = `${fn.file}:${fn.line}(${fn.name})`;
      const f = frameOf.get(label);
      expect(f, label).toBeDefined();
      expect([profile.functions.ncalls![f!], profile.functions.primcalls![f!], profile.functions.self[f!], profile.functions.total[f!]], label)
        .toEqual([fn.ncalls, fn.primcalls, fn.tottime, fn.cumtime]);
      const want = fn.callers.filter((c) => c.ncalls > 0).map((c) => `${c.file}:${c.line}(${c.name}) ${c.ncalls}`).sort();
      expect((callers.get(f!) ?? []).sort(), label).toEqual(want);
    }
  });

  it('keeps every profile intact while later imports reuse the working arrays', () => {
    // small and large files interleaved, all read first and checked after: a profile that kept a
    // view of a reused working array (see io/scratch.ts) would now hold a later file's numbers
    const read = cases.map(([name, url]) => ({ url, profile: importPstats(new Uint8Array(readFileSync(url)), { name }) }));
    const again = cases.map(([name, url]) => ({ url, profile: importPstats(new Uint8Array(readFileSync(url)), { name }) }));
    for (const { url, profile } of [...read, ...again]) {
      checkAgainstOracle(profile, JSON.parse(readFileSync(new URL(`${url.href}.pstats.json`), 'utf8')) as Oracle);
      checkTree(profile);
    }
  });

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

describe('pstats: negative times (found by a hostile-file sweep: a negative total and an empty chart beside a full table, without a word)', () => {
  // the corpus report.prof, written back from Python's pstats reading of it, with the heaviest
  // function's tottime negated (the pure-Python profile module's bias can give such times)
  const oracle = readJson<Oracle>(join(CORPUS, 'seed/report.prof.pstats.json'));
  const key = (f: { file: string; line: number; name: string }): PstatsKey => [f.file, f.line, f.name];
  const heaviest = oracle.functions.reduce((a, b) => (b.tottime > a.tottime ? b : a));
  const entries: PstatsEntry[] = oracle.functions.map((f) => ({
    key: key(f), cc: f.primcalls, nc: f.ncalls, tt: f === heaviest ? -f.tottime : f.tottime, ct: f.cumtime,
    callers: f.callers.map((c) => [key(c), [c.ncalls, c.primcalls, c.tottime, c.cumtime]]),
  }));

  it('counts them as 0 in the table and the total, draws a tree, and says where', () => {
    const p = importPstats(pstatsFile(entries), { name: 'report.prof' });
    const f = p.frames.findIndex((x) => x.name === heaviest.name && x.file === heaviest.file && x.line === heaviest.line);
    expect(p.functions.self[f]).toBe(0);
    expect(p.total).toBeCloseTo(oracle.total_tt - heaviest.tottime, 12);
    expect(p.tree.size).toBeGreaterThan(10);
    expect(p.warnings).toEqual([`1 function has a negative time (tottime or cumtime), the first ${heaviest.file}:${heaviest.line}(${heaviest.name}): counted as 0`]);
  });

  it('the corpus files have none', () => {
    for (const file of corpusFiles('seed', '.prof')) expect(importPstats(readBytes(file)).warnings).toBeUndefined();
  });
});
