import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, CORPUS_TOOLS } from '../../test/support/corpus';
import { runCli } from '../../test/support/runCli';
import { hasGo } from '../../test/support/hasGo';

// `profburst stats FILE --lines NAME` against valgrind's callgrind_annotate --auto=yes
// (test/support/oracles/callgrind_lines_oracle.py): the self cost it prints beside each source
// line, summed over the functions the command lists, and the calls made from a line.
const ORACLE = new URL('../../test/support/oracles/callgrind_lines_oracle.py', import.meta.url).pathname;
const PPROF_ORACLE = new URL('../../test/support/oracles/pprof_list_oracle.py', import.meta.url).pathname;

interface Oracle {
  files: Record<string, { self: Record<string, number>; calls: Record<string, [string, number, number][]> }>;
}
interface PprofOracle { total: number; functions: { name: string; file: string; lines: Record<string, [number, number]> }[] }
interface LinesJson {
  unit: string;
  total: number;
  functions: { name: string; file: string; line: number; lines: { file: string; line: number; self: number; total: number }[] }[];
}

const run = runCli;

describe('stats --lines', () => {
  for (const name of ['callgrind/cachesim.callgrind', 'callgrind/default.callgrind']) {
    it(`${name}: every function's lines, summed per file:line, as callgrind_annotate prints them`, () => {
      const path = join(CORPUS, name);
      const oracle = JSON.parse(execFileSync('python3', [ORACLE, path], { encoding: 'utf8', maxBuffer: 1 << 26 })) as Oracle;
      const r = run(['stats', path, '--lines', '', '--json']);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.out) as LinesJson;
      const self = new Map<string, number>(), calls = new Map<string, number[]>();
      for (const fn of json.functions) {
        for (const l of fn.lines) {
          const key = `${l.file}:${l.line}`;
          self.set(key, (self.get(key) ?? 0) + l.self);
          if (l.total > l.self) calls.set(key, [...(calls.get(key) ?? []), l.total - l.self]);
        }
      }
      let compared = 0;
      for (const [file, ann] of Object.entries(oracle.files)) {
        for (const [line, cost] of Object.entries(ann.self)) {
          expect(self.get(`${file}:${line}`) ?? 0, `${file}:${line}`).toBe(cost);
          compared++;
        }
        for (const [line, entries] of Object.entries(ann.calls)) {
          const printed = entries.reduce((s, e) => s + e[1], 0);
          if (printed > 0) expect(calls.get(`${file}:${line}`) ?? [], `${file}:${line} calls`).toContain(printed);
        }
      }
      expect(compared).toBeGreaterThan(5);
    });
  }

  it('names one function by a pattern, as --callers does, and marks its hottest line in the text', () => {
    const path = join(CORPUS, 'callgrind/cachesim.callgrind');
    const json = JSON.parse(run(['stats', path, '--lines', '\\(main\\)$', '--json']).out) as LinesJson;
    expect(json.functions.map((f) => f.name)).toEqual(['main']);
    const text = run(['stats', path, '--lines', '\\(main\\)$']).out;
    const hottest = json.functions[0].lines.reduce((a, b) => (b.self > a.self ? b : a));
    expect(text.split('\n').filter((l) => l.endsWith('<- hottest'))).toEqual([expect.stringContaining(`${hottest.file}:${hottest.line}`)]);
  });

  // pprof: flat and cum per line against `go tool pprof -list` (pprof_list_oracle.py), in the
  // sample type's own unit; skipped only where Go is not installed (CI installs golang-go)
  for (const [name, event, unit] of [['pprof/cpu.pprof', 'cpu', 'nanoseconds'], ['pprof/cpu.pprof', 'samples', 'count'], ['pprof/heap.pprof', 'alloc_space', 'bytes'], ['pprof/heap.pprof', 'inuse_space', 'bytes']]) {
    it.skipIf(!hasGo)(`${name} --event ${event}: every function's flat and cum per line, as go tool pprof -list prints them`, () => {
      const path = join(CORPUS, name);
      const oracle = JSON.parse(execFileSync('python3', [PPROF_ORACLE, path, event, join(CORPUS_TOOLS, 'work.go')], { encoding: 'utf8' })) as PprofOracle;
      const r = run(['stats', path, '--lines', '', '--event', event, '--json']);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.out) as LinesJson;
      expect([json.unit, json.total]).toEqual([unit, oracle.total]);
      const got = new Map<string, [number, number]>();
      for (const fn of json.functions) for (const l of fn.lines) got.set(`${fn.name} ${l.file}:${l.line}`, [l.self, l.total]);
      const want = new Map<string, [number, number]>();
      for (const fn of oracle.functions) for (const [line, v] of Object.entries(fn.lines)) want.set(`${fn.name} ${fn.file}:${line}`, v);
      expect(new Map([...got].sort())).toEqual(new Map([...want].sort()));
    });
  }

  it('pprof/cpu.pprof in text: times in their unit, the hottest line marked', () => {
    const text = run(['stats', join(CORPUS, 'pprof/cpu.pprof'), '--lines', '\\(fmt\\.\\(\\*pp\\)\\.doPrintf\\)$']).out;
    // go tool pprof -list 'doPrintf' prints 10ms flat and cum at print.go:1161, 10ms cum at 1057
    expect(text).toBe([
      'cpu.pprof: pprof, total 150 ms, cost per source line',
      '',
      '/usr/lib/go-1.19/src/fmt/print.go:0(fmt.(*pp).doPrintf)',
      ' self  total  file:line',
      '  0 s  10 ms  /usr/lib/go-1.19/src/fmt/print.go:1057',
      '10 ms  10 ms  /usr/lib/go-1.19/src/fmt/print.go:1161  <- hottest',
    ].join('\n'));
  });

  it('says so for a profile without line costs, and takes one of --callers, --callees, --lines', () => {
    const r = run(['stats', join(CORPUS, 'python/small.prof'), '--lines', 'main']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('profburst: small.prof: this pstats profile records no cost per source line (callgrind, pprof and .cpuprofile files do)');
    expect(run(['stats', join(CORPUS, 'callgrind/cachesim.callgrind'), '--lines', 'a', '--callers', 'b']).code).toBe(2);
  });
});
