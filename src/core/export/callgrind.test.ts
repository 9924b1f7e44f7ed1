import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../test/support/corpus';
import { importProfile } from '../io/import';
import { importCallgrind } from '../formats/callgrind/callgrind';
import type { Profile } from '../model';
import { toCallgrind } from './callgrind';
import { roundToTarget } from './rounding';

// One file of every kind we read, including gzip, a multi-event callgrind file, Xdebug's
// Time_(10ns) and a Chrome trace; the big ones are left out to spare the shared machine.
const FILES = [
  'seed/report.prof',
  'seed/awesome_random_number.prof',
  'python/small.prof',
  'cpuprofile/small.cpuprofile',
  'cpuprofile/deep.cpuprofile',
  'chrome/Chrome-65-sucrase.cpuprofile',
  'chrome/Chrome-69-simple.json',
  'callgrind/default.callgrind',
  'callgrind/cachesim.callgrind',
  'callgrind/gzip.callgrind',
  'xdebug/work.cachegrind.out',
];

// callgrind_annotate --version exits 255 after printing; only a missing program is an error
const hasAnnotate = spawnSync('callgrind_annotate', ['--version']).error === undefined;
const tmp = mkdtempSync(join(tmpdir(), 'profburst-cg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** what the writer promises: cost units per profile unit */
function scaleOf(p: Profile): number {
  return p.unit.kind === 'time' ? p.unit.seconds * 1e9 : 1;
}

/** callgrind_annotate's PROGRAM TOTALS and its self rows, as the corpus oracle reads them */
function annotate(path: string): { total: number; rows: Map<string, number> } {
  const out = spawnSync('callgrind_annotate', ['--inclusive=no', '--threshold=100', '--auto=no', path], { encoding: 'utf8' });
  expect(out.status, out.stderr).toBe(0);
  expect(out.stderr).not.toMatch(/WARNING|malformed/);
  let total = NaN;
  const rows = new Map<string, number>();
  for (const line of out.stdout.split('\n')) {
    const t = /^\s*([\d,]+)(?:\s+\([^)]*\))?\s+PROGRAM TOTALS/.exec(line);
    if (t) {
      total = Number(t[1].replace(/,/g, ''));
      continue;
    }
    const r = /^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(\S.*)$/.exec(line);
    if (r && !Number.isNaN(total)) rows.set(r[2], (rows.get(r[2]) ?? 0) + Number(r[1].replace(/,/g, '')));
  }
  return { total, rows };
}

describe('toCallgrind on the corpus', () => {
  for (const file of FILES) {
    const path = join(CORPUS, file);
    it.skipIf(!existsSync(path))(file, () => {
      const profile = importProfile(readBytes(path), { name: file });
      const text = toCallgrind(profile);
      const target = Math.round(profile.total * scaleOf(profile));

      // our importer reads it back with the same total and the same self costs
      const back = importCallgrind(new TextEncoder().encode(text), { name: 'back' });
      expect(back.total).toBe(target);
      const written = Array.from(roundToTarget(profile.functions.self.map((v) => v * scaleOf(profile)), target));
      const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);
      const nonzero = (a: ArrayLike<number>) => Array.from(a, Math.round).filter((v) => v !== 0).sort((x, y) => x - y);
      expect(nonzero(back.functions.self)).toEqual(nonzero(written));
      expect(sum(back.functions.self)).toBe(sum(written));
      // the selfs add up to the total, except where the input's own do not (Xdebug's summary
      // counts 1.2% more than its cost lines, cachesim's 2 Ir more: the file then says what the input said)
      const own = sum(profile.functions.self.map((v) => v * scaleOf(profile)));
      if (Math.round(own) === target) expect(sum(written)).toBe(target);
      else expect(Math.abs(sum(written) - own)).toBeLessThan(profile.frames.length);
      if (profile.graph) {
        // call counts survive, per function: the calls into it that the graph records
        const into = new Float64Array(profile.frames.length);
        for (let e = 0; e < profile.graph.size; e++) into[profile.graph.callee[e]] += profile.graph.ncalls[e];
        expect(nonzero(back.functions.ncalls ?? [])).toEqual(nonzero(into));
      }

      if (!hasAnnotate) return;
      const out = join(tmp, `${file.replace(/\W/g, '_')}.callgrind`);
      writeFileSync(out, text);
      const { total, rows } = annotate(out);
      expect(total).toBe(target);
      expect(sum([...rows.values()])).toBe(sum(written));
    });
  }
});

describe('toCallgrind details', () => {
  it('writes untrusted names on one line each, compressed, and keeps same-named functions apart', () => {
    const profile = importProfile(new TextEncoder().encode(JSON.stringify({
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1, columnNumber: -1 }, children: [2, 3] },
        { id: 2, callFrame: { functionName: 'evil\nfn=(1) injected\r\n10 999', url: 'a.js', lineNumber: 1, columnNumber: 0 } },
        { id: 3, callFrame: { functionName: '', url: 'a.js', lineNumber: 5, columnNumber: 2 }, children: [4] },
        { id: 4, callFrame: { functionName: '', url: 'a.js', lineNumber: 9, columnNumber: 2 } },
      ],
      startTime: 0, endTime: 30, samples: [2, 3, 4], timeDeltas: [0, 10, 10],
    })));
    const text = toCallgrind(profile);
    expect(text).not.toMatch(/^10 999/m);
    expect(text).toContain('fn=(2) evil fn=(1) injected  10 999');
    expect(text).toContain('(anonymous):6');
    expect(text).toContain('(anonymous):10');
    expect(text).toMatch(/^summary: 30000$/m);
    const back = importCallgrind(new TextEncoder().encode(text));
    expect(back.total).toBe(30000);
    expect(back.frames.map((f) => f.name)).toContain('evil fn=(1) injected  10 999');
  });

  it('rounds self costs to sum exactly to the total', () => {
    expect(Array.from(roundToTarget([0.4, 0.4, 0.4, 1.8], 3))).toEqual([1, 0, 0, 2]);
    expect(Array.from(roundToTarget([2.5, 2.5], 5))).toEqual([3, 2]);
    // parts that cannot reach the total: each rounded on its own, nothing invented
    expect(Array.from(roundToTarget([1.2, 1.2], 10))).toEqual([1, 1]);
    // integers already, short of the total (cost outside every function): none of it given to them
    expect(Array.from(roundToTarget([0, 68, 5], 75))).toEqual([0, 68, 5]);
  });

  it('writes a callgrind file whose functions sum below its summary as it is: no cost invented', () => {
    // valgrind's cachesim run: its functions' Ir sum to 2 less than its summary line
    const source = importCallgrind(readBytes(join(CORPUS, 'callgrind/cachesim.callgrind')));
    let sum = 0;
    for (let f = 0; f < source.frames.length; f++) sum += source.functions.self[f];
    expect(sum).toBeLessThan(source.total);
    const back = importCallgrind(new TextEncoder().encode(toCallgrind(source)));
    expect(back.total).toBe(source.total);
    const selfOf = (p: typeof source) => new Map(p.frames.map((f, i) => [`${f.file}:${f.name}`, p.functions.self[i]]));
    const before = selfOf(source);
    for (const [k, v] of selfOf(back)) if (v !== 0 || before.has(k)) expect(v, k).toBe(before.get(k) ?? 0);
  });
});
