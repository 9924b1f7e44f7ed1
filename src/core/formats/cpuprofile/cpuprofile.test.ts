import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, CORPUS_TOOLS, corpusFiles, readBytes, readJson } from '../../../../test/support/corpus';
import type { Frame, Profile } from '../../model';
import { importCpuProfile } from './cpuprofile';
import { detectFormat } from '../../io/detect';

interface Oracle {
  samples: number;
  total: number;
  self: Record<string, number>;
  total_by_function: Record<string, number>;
}

/** the oracle's key: name|url|line|column as written in the file (0-based, -1 unknown) */
function oracleKey(f: Frame): string {
  const name = f.name === '(anonymous)' ? '' : f.name;
  return `${name}|${f.file}|${f.line - 1}|${f.column - 1}`;
}

function byOracleKey(profile: Profile, values: Float64Array): Map<string, number> {
  const out = new Map<string, number>();
  profile.frames.forEach((f, i) => {
    if (values[i] !== 0) out.set(oracleKey(f), (out.get(oracleKey(f)) ?? 0) + values[i]);
  });
  return out;
}

function expectMatchesOracle(profile: Profile, oracle: Oracle): void {
  const tolerance = 1e-9 * Math.max(1, oracle.total);
  expect(Math.abs(profile.total - oracle.total)).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(profile.tree.total[0] - oracle.total)).toBeLessThanOrEqual(tolerance);
  const self = byOracleKey(profile, profile.functions.self);
  const oracleSelf = new Map(Object.entries(oracle.self).filter(([, v]) => v !== 0));
  expect([...self.keys()].sort()).toEqual([...oracleSelf.keys()].sort());
  for (const [key, v] of oracleSelf) expect(Math.abs(self.get(key)! - v), key).toBeLessThanOrEqual(tolerance);
  const total = byOracleKey(profile, profile.functions.total);
  for (const [key, v] of Object.entries(oracle.total_by_function)) {
    if (v === 0) continue;
    expect(Math.abs((total.get(key) ?? 0) - v), key).toBeLessThanOrEqual(tolerance);
  }
}

const files = [...corpusFiles('cpuprofile', '.cpuprofile'), join(CORPUS, 'chrome/Chrome-65-sucrase.cpuprofile')];

describe('cpuprofile importer against the Python oracle', () => {
  it.each(files.map((f) => [basename(f), f]))('%s', (_name, file) => {
    const profile = importCpuProfile(readBytes(file), { name: basename(file) });
    expectMatchesOracle(profile, readJson<Oracle>(`${file}.oracle.json`));
    expect(profile.unit.name).toBe('microseconds');
  });

  it('keeps (program), (idle) and (garbage collector) as frames', () => {
    const profile = importCpuProfile(readBytes(join(CORPUS, 'cpuprofile/small.cpuprofile')));
    const names = new Set(profile.frames.map((f) => f.name));
    for (const special of ['(program)', '(idle)', '(garbage collector)']) expect(names).toContain(special);
  });

  it('is detected by content whatever the file is called', () => {
    expect(detectFormat(readBytes(join(CORPUS, 'cpuprofile/medium.cpuprofile')))).toBe('cpuprofile');
    expect(detectFormat(readBytes(join(CORPUS, 'chrome/Chrome-65-sucrase.cpuprofile')))).toBe('cpuprofile');
  });

  it('lays out a tree in preorder whose totals add up', () => {
    const { tree } = importCpuProfile(readBytes(join(CORPUS, 'cpuprofile/deep.cpuprofile')));
    const sum = new Float64Array(tree.size);
    for (let i = tree.size - 1; i >= 0; i--) {
      if (i > 0) expect(tree.parent[i]).toBeLessThan(i);
      sum[i] += tree.self[i];
      expect(Math.abs(sum[i] - tree.total[i])).toBeLessThan(1e-6);
      if (i > 0) sum[tree.parent[i]] += sum[i];
    }
  });
});

const python = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!python)('a profile made now with node --cpu-prof', () => {
  it('matches the Python oracle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profburst-cpuprof-'));
    writeFileSync(join(dir, 'work.js'), `
      function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
      function spin(ms) { const end = Date.now() + ms; let x = 0; while (Date.now() < end) x += fib(18); return x; }
      function outer() { return spin(60) + spin(40); }
      console.log(outer() > 0);`);
    execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval=250', '--cpu-prof-dir', dir, 'work.js'], { cwd: dir });
    const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!);
    const oracle = JSON.parse(execFileSync('python3', [join(CORPUS_TOOLS, 'cpuprofile_oracle.py'), file], { encoding: 'utf8' })) as Oracle;
    const profile = importCpuProfile(readBytes(file));
    expectMatchesOracle(profile, oracle);
    expect(profile.frames.some((f) => f.name === 'fib')).toBe(true);
  });
});
