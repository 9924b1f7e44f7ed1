import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, CORPUS_TOOLS, readBytes } from '../../../../test/support/corpus';
import { ProtoWriter } from '../../export/protoWriter';
import { importProfiles } from '../../io/import';
import type { Profile } from '../../model';
import { functionLines } from '../../source/lines';
import { hasGo } from '../../../../test/support/hasGo';

// Flat and cum per source line of pprof files (issue 17, item 2) against Go's own
// `go tool pprof -list` (test/support/oracles/pprof_list_oracle.py recreates the sources the
// profile names and reads the exact values it prints): the corpus's and test/fixtures' Go CPU and
// heap profiles in every sample type, and a profile written here with what Go's runtime rarely
// records (recursion through one location, an inlined function twice in one location, an
// unsymbolized leaf, a function without a file, line 0). Skipped only where Go is not installed
// (CI installs golang-go).

const ORACLE = new URL('../../../../test/support/oracles/pprof_list_oracle.py', import.meta.url).pathname;
const FIXTURES = new URL('../../../../test/fixtures/pprof/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'profburst-pprof-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ListOracle {
  sample_type: string;
  total: number;
  functions: { name: string; file: string; lines: Record<string, [number, number]> }[];
  nosource: string[];
}

function listOracle(path: string, index: string, sources: string[]): ListOracle {
  return JSON.parse(execFileSync('python3', [ORACLE, path, index, ...sources], { encoding: 'utf8', maxBuffer: 1 << 26 })) as ListOracle;
}

/** "name\0file" -> line -> [flat, cum], as -list groups them: per function name and file, lines from 1 */
function oracleLines(o: ListOracle): Map<string, Map<number, [number, number]>> {
  const out = new Map<string, Map<number, [number, number]>>();
  for (const f of o.functions) {
    if (Object.keys(f.lines).length === 0) continue;
    out.set(`${f.name}\u0000${f.file}`, new Map(Object.entries(f.lines).map(([l, v]) => [Number(l), v])));
  }
  return out;
}

function ourLines(p: Profile): Map<string, Map<number, [number, number]>> {
  const out = new Map<string, Map<number, [number, number]>>();
  p.frames.forEach((f, i) => {
    for (const r of functionLines(p.lines, i)) {
      expect(r.file, 'a frame\'s lines are in its own file').toBe(f.file);
      expect(r.total).toBeGreaterThanOrEqual(r.self);
      if (r.line < 1) continue;
      const key = `${f.name}\u0000${r.file}`;
      const lines = out.get(key) ?? new Map<number, [number, number]>();
      out.set(key, lines);
      const [flat, cum] = lines.get(r.line) ?? [0, 0];
      lines.set(r.line, [flat + r.self, cum + r.total]);
    }
  });
  return out;
}

function load(bytes: Uint8Array, type: string): Profile {
  const [first] = importProfiles(bytes, { name: 'x' });
  const event = first.events.indexOf(type);
  expect(event, `${type} in ${first.events.join(',')}`).toBeGreaterThanOrEqual(0);
  return importProfiles(bytes, { name: 'x', event })[0];
}

function expectSameLines(path: string, type: string, sources: string[]): { p: Profile; oracle: ListOracle } {
  const oracle = listOracle(path, type, sources);
  const p = load(readBytes(path), type);
  expect(oracle.sample_type.split('/')[0]).toBe(type);
  expect(p.total).toBe(oracle.total);
  const want = oracleLines(oracle);
  const got = ourLines(p);
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [key, lines] of want) {
    const mine = got.get(key)!;
    expect([...mine.entries()].sort((a, b) => a[0] - b[0]), key.replace('\u0000', ' in ')).toEqual([...lines.entries()].sort((a, b) => a[0] - b[0]));
  }
  return { p, oracle };
}

const WORK_GO = join(CORPUS_TOOLS, 'work.go');
const OTHER_GO = join(FIXTURES, 'other.go');
const CASES: [string, string[], string][] = [
  [join(CORPUS, 'pprof/cpu.pprof'), ['samples', 'cpu'], WORK_GO],
  [join(CORPUS, 'pprof/heap.pprof'), ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'], WORK_GO],
  [join(FIXTURES, 'other-cpu.pprof'), ['samples', 'cpu'], OTHER_GO],
  [join(FIXTURES, 'other-heap.pprof'), ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'], OTHER_GO],
];

describe('pprof per-line flat and cum against go tool pprof -list', () => {
  for (const [path, types, source] of CASES) {
    for (const type of types) {
      it.skipIf(!hasGo)(`${path.split('/').slice(-2).join('/')} ${type}: every function's lines`, () => {
        const { oracle } = expectSameLines(path, type, [source]);
        // every file was found (recreated), so nothing was left uncompared
        expect(oracle.nosource).toEqual([]);
        expect(oracle.functions.length).toBeGreaterThan(3);
      });
    }
  }

  it.skipIf(!hasGo)('a written profile: recursion, inlining, an unsymbolized leaf, no file, line 0', () => {
    const path = join(dir, 'written.pprof');
    writeFileSync(path, writtenProfile());
    for (const type of ['samples', 'cpu']) {
      const { p, oracle } = expectSameLines(path, type, []);
      expect(oracle.nosource).toEqual(['nofile']);
      const lines = (name: string) => functionLines(p.lines, p.frames.findIndex((f) => f.name === name)).map((r) => [r.line, r.self, r.total]);
      const v = (n: number) => (type === 'samples' ? n : n * 1000);
      // line 0, which -list cannot print: the flat of the one sample whose leaf it is, and its cum
      expect(lines('main')).toEqual([[0, v(8), v(8)], [10, 0, v(1 + 2 + 4 + 16 + 32 + 64 + 128)]]);
      expect(lines('nofile')).toEqual([]);
    }
  });
});

describe('pprof per-line costs: when', () => {
  it('ImportOptions.lines: false keeps none; by default a small file keeps them', () => {
    const bytes = readBytes(join(CORPUS, 'pprof/cpu.pprof'));
    expect(importProfiles(bytes, { lines: false })[0].lines).toBeUndefined();
    expect(importProfiles(bytes)[0].lines!.size).toBeGreaterThan(10);
  });
});

/**
 * Functions main (/src/app/main.go), fib (fib.go), inl (util.go, inlined into fib), nofile (no
 * file name); samples of value n (count) and 1000 n (nanoseconds), n a power of two so each
 * line's sum says which samples reached it.
 */
function writtenProfile(): Uint8Array {
  const strings = ['', 'samples', 'count', 'cpu', 'nanoseconds', 'main', 'fib', 'inl', 'nofile', '/src/app/main.go', '/src/app/fib.go', '/src/app/util.go', '/bin/app'];
  const s = (x: string) => strings.indexOf(x);
  const functions: [number, string, string][] = [[1, 'main', '/src/app/main.go'], [2, 'fib', '/src/app/fib.go'], [3, 'inl', '/src/app/util.go'], [4, 'nofile', '']];
  // location id -> its lines, innermost first: [function id, line]
  const locations = new Map<number, [number, number][]>([
    [1, [[1, 10]]], // main:10
    [2, [[2, 5]]], // fib:5
    [3, [[2, 7]]], // fib:7
    [4, [[3, 3], [2, 6]]], // inl:3 inlined at fib:6
    [5, []], // unsymbolized
    [6, [[1, 0]]], // main, line unknown
    [7, [[4, 4]]], // nofile:4
    [8, [[3, 3], [3, 3], [2, 6]]], // inl:3 twice (inlined into itself) at fib:6
  ]);
  const samples: [number[], number][] = [
    [[2, 3, 2, 1], 1], // recursion over two locations: fib:5 once
    [[3, 2, 3, 2, 1], 128], // the stack above, fib:7 again below it: still once
    [[4, 2, 1], 2], // leaf inlined: flat at inl:3
    [[5, 3, 1], 4], // unsymbolized leaf: no flat on a line
    [[6], 8], // leaf line 0
    [[3, 3, 3, 1], 16], // recursion through one location
    [[7, 1], 32], // leaf without a file
    [[8, 2, 1], 64], // one key twice in one location
  ];
  const w = new ProtoWriter();
  for (const [type, unit] of [['samples', 'count'], ['cpu', 'nanoseconds']]) {
    const m = w.begin(1);
    w.uint(1, s(type));
    w.uint(2, s(unit));
    w.end(m);
  }
  for (const [locs, n] of samples) {
    const m = w.begin(2);
    const a = w.begin(1);
    for (const id of locs) w.varint(id);
    w.end(a);
    const b = w.begin(2);
    w.varint(n);
    w.varint(n * 1000);
    w.end(b);
    w.end(m);
  }
  const mapping = w.begin(3);
  w.uint(1, 1);
  w.uint(2, 0x400000);
  w.uint(3, 0x500000);
  w.uint(5, s('/bin/app'));
  for (const field of [7, 8, 9, 10]) w.uint(field, 1); // symbolized already: pprof must not try
  w.end(mapping);
  for (const [id, lines] of locations) {
    const m = w.begin(4);
    w.uint(1, id);
    w.uint(2, 1);
    w.uint(3, 0x400000 + 16 * id);
    for (const [fn, line] of lines) {
      const l = w.begin(4);
      w.uint(1, fn);
      w.uint(2, line);
      w.end(l);
    }
    w.end(m);
  }
  for (const [id, name, file] of functions) {
    const m = w.begin(5);
    w.uint(1, id);
    w.uint(2, s(name));
    w.uint(3, s(name));
    w.uint(4, file === '' ? 0 : s(file));
    w.end(m);
  }
  for (const str of strings) w.string(6, str);
  w.uint(12, 1);
  const pt = w.begin(11);
  w.uint(1, s('cpu'));
  w.uint(2, s('nanoseconds'));
  w.end(pt);
  return w.finish();
}
