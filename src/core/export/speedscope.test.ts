import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../test/support/corpus';
import { importProfile, importProfiles } from '../io/import';
import type { Profile } from '../model';
import { toJson } from './json';
import { toSpeedscope } from './speedscope';

/**
 * The required fields and types of speedscope's file-format-schema.json (FileFormat.File,
 * FileFormat.Frame, FileFormat.SampledProfile, FileFormat.ValueUnit), checked by hand: the
 * schema is small, and a validator library for one test is not worth a dependency.
 */
function schemaProblems(file: unknown): string[] {
  const problems: string[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (!isObj(file)) return ['not an object'];
  if (file.$schema !== 'https://www.speedscope.app/file-format-schema.json') problems.push('$schema');
  if (!isObj(file.shared) || !Array.isArray(file.shared.frames)) return [...problems, 'shared.frames'];
  if (!Array.isArray(file.profiles)) return [...problems, 'profiles'];
  const frames = file.shared.frames as unknown[];
  frames.forEach((f, i) => {
    if (!isObj(f) || typeof f.name !== 'string') problems.push(`frame ${i} name`);
    else if (('file' in f && typeof f.file !== 'string') || ('line' in f && !num(f.line)) || ('col' in f && !num(f.col))) problems.push(`frame ${i}`);
  });
  for (const p of file.profiles as unknown[]) {
    if (!isObj(p)) { problems.push('profile'); continue; }
    for (const key of ['endValue', 'name', 'samples', 'startValue', 'type', 'unit', 'weights']) if (!(key in p)) problems.push(`profile.${key}`);
    if (p.type !== 'sampled' || typeof p.name !== 'string' || !num(p.startValue) || !num(p.endValue)) problems.push('profile fields');
    if (!['bytes', 'microseconds', 'milliseconds', 'nanoseconds', 'none', 'seconds'].includes(p.unit as string)) problems.push('unit');
    const samples = p.samples as unknown[], weights = p.weights as unknown[];
    if (!Array.isArray(samples) || !Array.isArray(weights) || samples.length !== weights.length) { problems.push('samples/weights'); continue; }
    if (!weights.every(num)) problems.push('weights');
    if (!samples.every((s) => Array.isArray(s) && s.every((i) => Number.isInteger(i) && i >= 0 && i < frames.length))) problems.push('stack');
  }
  return problems;
}

/** self per frame as speedscope would compute it: the weight of the stacks that end in it */
function selfByName(file: { shared: { frames: { name: string; file?: string }[] }; profiles: { samples: number[][]; weights: number[] }[] }, profile = 0): Map<string, number> {
  const out = new Map<string, number>();
  const { samples, weights } = file.profiles[profile];
  samples.forEach((s, i) => {
    const f = file.shared.frames[s[s.length - 1]];
    const key = `${f.file ?? ''}|${f.name}`;
    out.set(key, (out.get(key) ?? 0) + weights[i]);
  });
  return out;
}

/** the tree's self per function: what the export writes (graph formats' trees are approximations) */
function expectedSelf(p: Profile): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 1; i < p.tree.size; i++) {
    const f = p.frames[p.tree.frame[i]];
    if (p.tree.self[i] > 0) out.set(`${f.file}|${f.name}`, (out.get(`${f.file}|${f.name}`) ?? 0) + p.tree.self[i]);
  }
  return out;
}

describe('toSpeedscope', () => {
  for (const name of ['cpuprofile/small.cpuprofile', 'seed/report.prof', 'callgrind/default.callgrind', 'chrome/Chrome-70-worker.json']) {
    it(`${name}: valid against the schema, same totals and selfs`, () => {
      const profiles = importProfiles(readBytes(join(CORPUS, name)), { name });
      const file = JSON.parse(toSpeedscope(profiles));
      expect(schemaProblems(file)).toEqual([]);
      expect(file.profiles).toHaveLength(profiles.length);
      profiles.forEach((p, k) => {
        const weight = file.profiles[k].weights.reduce((a: number, b: number) => a + b, 0);
        expect(weight).toBeCloseTo(p.tree.total[0], 6);
        const got = selfByName(file, k);
        for (const [key, v] of expectedSelf(p)) expect(got.get(key) ?? 0, key).toBeCloseTo(v, 6);
      });
    });
  }

  it('maps units speedscope lacks to nanoseconds and names the known ones', () => {
    const p = importProfile(readBytes(join(CORPUS, 'xdebug/work.cachegrind.out')));
    const file = JSON.parse(toSpeedscope([p]));
    expect(file.profiles[0].unit).toBe('nanoseconds');
    expect(file.profiles[0].endValue).toBeCloseTo(p.tree.total[0] * 10, 3);
    expect(JSON.parse(toSpeedscope([importProfile(readBytes(join(CORPUS, 'seed/report.prof')))])).profiles[0].unit).toBe('seconds');
  });
});

describe('toJson', () => {
  it('writes the model as plain arrays that read back to the same numbers', () => {
    const p = importProfile(readBytes(join(CORPUS, 'seed/report.prof')), { name: 'report.prof' });
    const j = JSON.parse(toJson(p));
    expect(j).toMatchObject({ profburst: 1, format: 'pstats', name: 'report.prof', total: p.total, unit: p.unit });
    expect(j.frames).toEqual(p.frames);
    expect(j.tree.parent).toEqual(Array.from(p.tree.parent));
    expect(j.tree.total).toEqual(Array.from(p.tree.total));
    expect(j.functions.ncalls).toEqual(Array.from(p.functions.ncalls!));
    expect(j.graph.callee).toEqual(Array.from(p.graph!.callee));
  });
});
