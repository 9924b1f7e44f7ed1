import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, readBytes, readJson } from '../../test/support/corpus';
import { importProfile } from '../core/io/import';
import { functionRows } from '../core/stats/table';
import { callGroups, labelMatcher } from './callers';
import { runCli } from '../../test/support/runCli';

interface OracleEdge { file: string; line: number; name: string; ncalls: number; primcalls: number; tottime: number; cumtime: number }
interface OracleFunction extends OracleEdge { callers: OracleEdge[] }

const key = (f: { file: string; line: number; name: string }) => `${f.file}:${f.line}(${f.name})`;

describe('callers and callees', () => {
  for (const name of ['seed/report.prof', 'python/small.prof']) {
    it(`${name}: every function's callers as pstats reads them`, () => {
      const profile = importProfile(readBytes(join(CORPUS, name)));
      const oracle = readJson<{ functions: OracleFunction[] }>(join(CORPUS, `${name}.pstats.json`));
      const groups = callGroups(profile, functionRows(profile), '', 'callers');
      const byKey = new Map(groups.map((g) => [key(profile.frames[g.frame]), g]));
      let edges = 0;
      for (const fn of oracle.functions) {
        const got = byKey.get(key(fn))?.edges ?? [];
        const rows = got.map((e) => ({ ...profile.frames[e.frame], ncalls: e.ncalls, primcalls: e.primcalls, tottime: e.self, cumtime: e.total }));
        const want = fn.callers.map((c) => ({ ...c, column: 0 }));
        type Row = { file: string; line: number; name: string; tottime: number | null; cumtime: number };
        const norm = (a: Row[]) => [...a]
          .sort((x, y) => (key(x) < key(y) ? -1 : 1))
          .map((r) => ({ ...r, tottime: r.tottime === null ? null : +r.tottime.toFixed(12), cumtime: +r.cumtime.toFixed(12) }));
        expect(norm(rows), key(fn)).toEqual(norm(want));
        edges += want.length;
      }
      expect(edges).toBeGreaterThan(10);
    });
  }

  it('derives edges for a sampled profile from its tree, each sample once per edge', () => {
    const profile = importProfile(readBytes(join(CORPUS, 'cpuprofile/small.cpuprofile')));
    const callers = callGroups(profile, functionRows(profile), '', 'callers');
    for (const g of callers) {
      if (g.edges.length === 0) continue;
      const self = g.edges.reduce((a, e) => a + e.self!, 0);
      expect(self).toBeCloseTo(profile.functions.self[g.frame], 6); // every node's self sits on one edge
      for (const e of g.edges) {
        expect(e.ncalls).toBeNull(); // a sampled profile has no call counts
        expect(e.total).toBeLessThanOrEqual(profile.functions.total[g.frame] + 1e-6);
      }
    }
  });

  it('matches NAME as a regular expression, or as text when it is not one', () => {
    expect(labelMatcher('fi+b$')('a.py:3(fib)')).toBe(false);
    expect(labelMatcher('\\(fib\\)$')('a.py:3(fib)')).toBe(true);
    expect(labelMatcher('(fib')('a.py:3(fib)')).toBe(true);
    expect(labelMatcher('(fob')('a.py:3(fib)')).toBe(false);
  });
});

describe('the stats and convert commands', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'profburst-cli-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const run = runCli;

  it('stats --callees --json', () => {
    const r = run(['stats', join(CORPUS, 'seed/report.prof'), '--callees', '^/tmp/demo-project/app.py:24\\(fib\\)$', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.direction).toBe('callees');
    expect(json.functions).toHaveLength(1);
    expect(json.functions[0].callees).toEqual([
      { name: 'fib', file: '/tmp/demo-project/app.py', line: 24, ncalls: 61684, primcalls: 112, self: 0.018065108, total: 0.018065108 },
    ]);
    expect(run(['stats', 'x', '--callers']).code).toBe(2);
    expect(run(['stats', join(CORPUS, 'seed/report.prof'), '--callers', 'a', '--callees', 'b']).code).toBe(2);
  });

  it('convert writes to -o or refuses bad options', () => {
    const out = join(tmp, 'small.speedscope.json');
    expect(run(['convert', join(CORPUS, 'cpuprofile/small.cpuprofile'), '--to', 'speedscope', '-o', out]).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).$schema).toBe('https://www.speedscope.app/file-format-schema.json');
    const cg = join(tmp, 'report.callgrind');
    expect(run(['convert', join(CORPUS, 'seed/report.prof'), '--to', 'callgrind', '-o', cg]).code).toBe(0);
    expect(readFileSync(cg, 'utf8')).toMatch(/^summary: 19894933$/m);
    expect(run(['convert', join(CORPUS, 'seed/report.prof'), '--to', 'pdf']).code).toBe(2);
    expect(run(['convert', join(CORPUS, 'seed/report.prof'), '--to', 'json', '-o']).code).toBe(2);
    expect(run(['convert', join(tmp, 'missing.prof'), '--to', 'json']).code).toBe(1);
  });

  it('stats --profile N: one thread of a perf recording, as perf report --tid says; a bad --event or --profile says what the file has', () => {
    const file = new URL('../../test/fixtures/perf/threads.perf.txt.gz', import.meta.url).pathname;
    const byThread = readJson<Record<string, Record<string, { self: Record<string, number>; total: number }>>>(file.replace('.txt.gz', '.threads.oracle.json'))['cpu-clock:ppp'];
    const all = run(['stats', file, '--json']);
    expect(all.err).toMatch(/has 4 profiles; showing threads\.perf\.txt\.gz \(all threads\), choose another with --profile N/);
    for (let n = 1; n <= 3; n++) {
      const r = run(['stats', file, '--profile', String(n), '--json']);
      expect(r.code).toBe(0);
      const s = JSON.parse(r.out) as { thread: string; total: number; functions: { name: string; self: number }[] };
      const tid = /^work-mt (\d+)$/.exec(s.thread)![1];
      expect(s.total).toBe(byThread[tid].total);
      const self = Object.fromEntries(s.functions.filter((f) => f.self > 0).map((f) => [f.name, f.self]));
      expect(self).toEqual(byThread[tid].self);
    }
    const far = run(['stats', file, '--profile', '4']);
    expect(far.code).toBe(2);
    expect(far.err).toContain('has 4 profile(s): 0 threads.perf.txt.gz (all threads), 1 ');
    const bad = run(['stats', file, '--event', 'cycles']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(`profburst: ${file}: no event 'cycles'; it has cpu-clock:ppp (0): --event takes a name or its number, from 0`);
  });

  it('says what --to json wrote when it is read back, rather than calling it a broken .cpuprofile', () => {
    const json = join(tmp, 'report.json');
    expect(run(['convert', join(CORPUS, 'seed/report.prof'), '--to', 'json', '-o', json]).code).toBe(0);
    const back = run(['stats', json]);
    expect(back.code).toBe(1);
    expect(back.err).toContain('report.json: profburst JSON: this is profburst\'s own JSON (`convert --to json`)');
    expect(back.err).not.toContain('cpuprofile');
  });
});
