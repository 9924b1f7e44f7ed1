import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../../../test/support/corpus';
import { importProfiles } from '../io/import';
import { classifyLibraries, DEFAULT_LIBRARIES } from './libraries';

interface PstatsOracle { functions: { file: string; line: number; name: string; tottime: number }[] }

describe('library classification', () => {
  it('splits a real .prof into the standard library, built-ins and the user\'s code as pstats lists its functions', () => {
    const file = join(CORPUS, 'python/medium.prof');
    const profile = importProfiles(readFileSync(file), { name: 'medium.prof' })[0];
    const oracle = JSON.parse(readFileSync(`${file}.pstats.json`, 'utf8')) as PstatsOracle;
    const prefixes = ['(built-in)', 'lib/python3', '<frozen '];
    const c = classifyLibraries(profile.frames, profile.functions.self, prefixes);
    // the same split from pstats' own listing: built-ins are '~', the stdlib lives under lib/python3.x
    const kind = (f: { file: string }) => (f.file === '~' ? 0 : /(^|\/)lib\/python3/.test(f.file) ? 1 : f.file.startsWith('<frozen ') ? 2 : -1);
    for (let k = 0; k < prefixes.length; k++) {
      const mine = oracle.functions.filter((f) => kind(f) === k);
      expect(c.prefixes[k].functions, prefixes[k]).toBe(mine.length);
      expect(c.prefixes[k].self).toBeCloseTo(mine.reduce((a, f) => a + f.tottime, 0), 9);
    }
    const users = oracle.functions.filter((f) => kind(f) < 0);
    expect(c.user.functions).toBe(users.length);
    expect(c.user.functions).toBeGreaterThan(0);
  });

  it('gives a function to the first prefix it matches only, so the counts add up to every function', () => {
    const profile = importProfiles(readFileSync(join(CORPUS, 'cpuprofile/medium.cpuprofile')), { name: 'm' })[0];
    const c = classifyLibraries(profile.frames, profile.functions.self, [...DEFAULT_LIBRARIES, 'node:internal/']);
    const counted = c.prefixes.reduce((a, p) => a + p.functions, c.user.functions);
    expect(counted).toBe(profile.frames.length - 1);
    expect(c.prefixes.at(-1)!.functions).toBe(0); // node: already took node:internal/
    const total = c.prefixes.reduce((a, p) => a + p.self, c.user.self);
    expect(total).toBeCloseTo(profile.total, 6);
  });
});
