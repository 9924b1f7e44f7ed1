import { execFileSync, spawnSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CORPUS, CORPUS_TOOLS, corpusFiles, readBytes } from '../../../test/support/corpus';
import type { PstatsOracle } from '../../../test/support/pstatsOracle';
import { importProfile } from '../io/import';
import { mergeProfiles } from '../merge/index';
import { MICROSECONDS, type Profile } from '../model';
import { StackTreeBuilder } from '../tree/fromStacks';
import { diffFunctions, diffPaths, regressions, rowStatus } from './index';

const load = (file: string): Profile => importProfile(readBytes(file), { name: basename(file) });

/** A sampled profile from stacks written "a;b;c weight", as collapsed stacks are. */
function stacks(lines: string[], name = 'hand'): Profile {
  const builder = new StackTreeBuilder();
  for (const line of lines) {
    const [path, weight] = line.split(' ');
    const ids = path.split(';').map((n) => builder.frames.intern(n, 'x.js', 1, 1));
    builder.addStack(ids, ids.length, Number(weight));
  }
  const { tree, functions } = builder.finish();
  return {
    format: 'collapsed', name, unit: MICROSECONDS, total: tree.total[0], frames: builder.frames.frames, tree, functions,
    graph: null, events: ['samples'], event: 0,
  };
}

describe('diff of a profile with itself', () => {
  const files = [
    join(CORPUS, 'seed/report.prof'),
    join(CORPUS, 'callgrind/default.callgrind'),
    join(CORPUS, 'cpuprofile/small.cpuprofile'),
  ];
  it.each(files.map((f) => [basename(f), f]))('%s is all zeros', (_n, file) => {
    const p = load(file);
    const d = diffFunctions(p, p);
    expect(d.rows.length).toBe(p.frames.length - 1);
    for (const r of d.rows) {
      expect([r.deltaSelf, r.deltaTotal]).toEqual([0, 0]);
      expect(rowStatus(r)).toBe('same');
    }
    const paths = diffPaths(p, p);
    expect(paths.gone.nodes.length).toBe(0);
    for (let i = 0; i < p.tree.size; i++) expect(paths.baseTotal[i]).toBe(p.tree.total[i]);
    expect(paths.estimated).toBe(p.graph !== null);
    expect(regressions(d, 0)).toEqual([]);
  });

  it('normalised, a profile against itself twice over is all zeros too', () => {
    const p = load(join(CORPUS, 'seed/report.prof'));
    const twice = mergeProfiles([p, p]);
    const d = diffFunctions(p, twice, true);
    expect(d.scale.baseTotal).toBeCloseTo(twice.total, 12);
    for (const r of d.rows) expect(Math.abs(r.deltaSelf) + Math.abs(r.deltaTotal)).toBeLessThan(1e-12);
    const plain = diffFunctions(p, twice);
    expect(plain.rows[0].deltaTotal).toBeCloseTo(plain.rows[0].base!.total, 12);
  });
});

describe('diff of a callgrind run against the same run dumped in parts', () => {
  // test/fixtures/callgrind (see its make.sh): the parts record main and its callers from the
  // lines they resumed at; the same functions all the same
  const dir = fileURLToPath(new URL('../../../test/fixtures/callgrind/', import.meta.url));
  it('finds every function on both sides, all equal: callgrind_annotate sums the parts to the whole run', () => {
    const whole = load(join(dir, 'whole.callgrind'));
    const parts = mergeProfiles(['parts.callgrind.1', 'parts.callgrind.2', 'parts.callgrind'].map((n) => load(join(dir, n))));
    const d = diffFunctions(whole, parts);
    expect(d.rows.filter((r) => r.base === null || r.next === null).map((r) => r.frame.name)).toEqual([]);
    for (const r of d.rows) expect([r.frame.name, r.deltaSelf], r.frame.name).toEqual([r.frame.name, 0]);
    const main = d.rows.find((r) => r.frame.name === 'main')!;
    expect(main.deltaTotal).toBe(0);
  });
});

describe('diff of two groups of requests against pstats of each group', () => {
  const python = spawnSync('python3', ['-c', 'import pstats']).status === 0;
  it.skipIf(!python)('fast GET.report requests against the rest: every function equals pstats on its side', () => {
    const files = corpusFiles('requests', '.prof');
    const baseFiles = files.filter((f) => basename(f).startsWith('GET.report.6ms'));
    const nextFiles = files.filter((f) => !baseFiles.includes(f));
    expect(baseFiles.length).toBeGreaterThan(1);
    expect(nextFiles.length).toBeGreaterThan(1);
    const d = diffFunctions(mergeProfiles(baseFiles.map(load)), mergeProfiles(nextFiles.map(load)));
    const oracle = (group: string[]) => JSON.parse(execFileSync('python3', [join(CORPUS_TOOLS, 'pstats_oracle.py'), ...group], { encoding: 'utf8' })) as PstatsOracle;
    const key = (f: { file: string; line: number; name: string }) => `${f.file}\u0000${f.line}\u0000${f.name}`;
    const rows = new Map(d.rows.map((r) => [key(r.frame), r]));
    for (const [side, group] of [['base', baseFiles], ['next', nextFiles]] as const) {
      const o = oracle(group);
      expect(Math.abs((side === 'base' ? d.scale.baseTotal : d.scale.nextTotal) - o.total_tt)).toBeLessThan(1e-9);
      for (const fn of o.functions) {
        const stats = rows.get(key(fn))![side]!;
        expect(stats.ncalls).toBe(fn.ncalls);
        expect(Math.abs(stats.self - fn.tottime)).toBeLessThan(1e-9);
        expect(Math.abs(stats.total - fn.cumtime)).toBeLessThan(1e-9);
      }
      // functions pstats does not list on a side are absent there
      const listed = new Set(o.functions.map(key));
      for (const [k, r] of rows) if (!listed.has(k) && r[side] !== null) expect(r[side].total + r[side].self).toBe(0);
    }
    // biggest change first
    for (let i = 1; i < d.rows.length; i++) expect(Math.abs(d.rows[i].deltaTotal)).toBeLessThanOrEqual(Math.abs(d.rows[i - 1].deltaTotal));
  });
});

describe('diff by call path', () => {
  const base = stacks(['main;a;x 10', 'main;b 5', 'main;c;y 4', 'main;c;z 1']);
  const next = stacks(['main;a;x 30', 'main;b 5', 'main;d 2']);

  it('pairs each node of the new tree with the same path in the base', () => {
    const d = diffPaths(base, next);
    const byPath = new Map<string, number>();
    for (let i = 0; i < next.tree.size; i++) {
      const names: string[] = [];
      for (let n = i; n > 0; n = next.tree.parent[n]) names.unshift(next.frames[next.tree.frame[n]].name);
      byPath.set(names.join(';'), d.baseTotal[i]);
    }
    expect(Object.fromEntries(byPath)).toEqual({ '': 20, main: 20, 'main;a': 10, 'main;a;x': 10, 'main;b': 5, 'main;d': 0 });
    // main;c (holding y and z) is gone as one path of 5
    expect(d.gone.nodes.length).toBe(1);
    expect(base.frames[base.tree.frame[d.gone.nodes[0]]].name).toBe('c');
    expect(d.gone.total).toBe(5);
    expect(d.estimated).toBe(false);
  });

  it('marks functions new and gone, with nulls on the absent side', () => {
    const d = diffFunctions(base, next);
    const row = (name: string) => d.rows.find((r) => r.frame.name === name)!;
    expect(rowStatus(row('d'))).toBe('new');
    expect(row('d').base).toBeNull();
    expect(rowStatus(row('y'))).toBe('gone');
    expect(row('y').next).toBeNull();
    expect(row('x').deltaSelf).toBe(20);
    expect(d.rows[0].deltaTotal).toBe(20); // main, a or x: |Δ total| = 20 first
    expect(regressions(d, 50).map((l) => l.split(':')[0])).toEqual(['total grew by 17 µs (85.0% of the base total, over 50%)', 'x.js']);
  });

  it('normalises to shares of each side\'s total', () => {
    const d = diffPaths(base, next, true);
    // the base is scaled to the new total (37): main;a was 10/20 of it
    expect(d.baseTotal[0]).toBe(37);
    const f = diffFunctions(base, next, true);
    expect(f.rows.find((r) => r.frame.name === 'b')!.base!.self).toBeCloseTo(5 * 37 / 20, 12);
  });
});
