import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, CORPUS_TOOLS, readBytes, readJson } from '../../../test/support/corpus';
import { importProfiles } from '../formats';
import { toPstats } from './pstats';

// `convert --to pstats` read by Python's own pstats module (the corpus's pstats_oracle.py): a .prof
// source must come back with the numbers pstats read from the original (its oracle in the corpus),
// ncalls and callers included; other sources with their totals.

const PY = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const dir = mkdtempSync(join(tmpdir(), 'profburst-pstats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Call { file: string; line: number; name: string; ncalls: number; primcalls: number; tottime: number; cumtime: number }
interface Oracle { total_tt: number; total_calls: number; functions: (Call & { callers: Call[] })[] }

function pstatsOf(bytes: Uint8Array, name: string): Oracle {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return JSON.parse(execFileSync(PY, [join(CORPUS_TOOLS, 'pstats_oracle.py'), path], { encoding: 'utf8' })) as Oracle;
}

const key = (c: { file: string; line: number; name: string }) => `${c.file}\u0000${c.line}\u0000${c.name}`;
const sorted = (calls: Call[]) => [...calls].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

describe('convert --to pstats', () => {
  for (const rel of ['seed/report.prof', 'seed/awesome_random_number.prof', 'python/medium.prof']) {
    it(`${rel}: pstats.Stats reads what it read from the original, ncalls and callers included`, () => {
      const [p] = importProfiles(readBytes(join(CORPUS, rel)), { name: rel });
      const got = pstatsOf(toPstats(p), rel.replace(/\W/g, '_'));
      const want = readJson<Oracle>(join(CORPUS, `${rel}.pstats.json`));
      expect(got.total_tt).toBeCloseTo(want.total_tt, 12);
      expect(got.total_calls).toBe(want.total_calls);
      const byKey = new Map(got.functions.map((f) => [key(f), f]));
      expect(byKey.size).toBe(want.functions.length);
      for (const w of want.functions) {
        const g = byKey.get(key(w))!;
        expect(g, key(w)).toBeDefined();
        expect([g.ncalls, g.primcalls, g.tottime, g.cumtime]).toEqual([w.ncalls, w.primcalls, w.tottime, w.cumtime]);
        expect(sorted(g.callers)).toEqual(sorted(w.callers));
      }
    });
  }

  // `python -m profile -o` files: the profiler's own zero-cost entry is no call tree node, yet it
  // calls the script's code; pstats names it in a callers dict, so it must have an entry too
  for (const name of ['profile-2.7.prof', 'profile-3.7.prof', 'profile-3.10.prof', 'profile-3.13.prof']) {
    it(`${name} (python -m profile): pstats.Stats reads every entry and caller the original has`, () => {
      const file = fileURLToPath(new URL(`../../../test/fixtures/pstats/${name}`, import.meta.url));
      const [p] = importProfiles(readBytes(file), { name });
      const got = pstatsOf(toPstats(p), name.replace(/\W/g, '_'));
      const want = readJson<Oracle>(`${file}.pstats.json`);
      const byKey = new Map(got.functions.map((f) => [key(f), f]));
      expect([...byKey.keys()].sort()).toEqual(want.functions.map(key).sort());
      for (const w of want.functions) {
        const g = byKey.get(key(w))!;
        expect([g.ncalls, g.primcalls, g.cumtime]).toEqual([w.ncalls, w.primcalls, w.cumtime]);
        expect(g.tottime).toBeCloseTo(w.tottime, 12);
        expect(sorted(g.callers).map(key)).toEqual(sorted(w.callers).map(key));
      }
    });
  }

  for (const rel of ['pprof/cpu.pprof', 'chrome/Chrome-65-sucrase.cpuprofile', 'python/small.prof.log']) {
    it(`${rel}: pstats.Stats reads the same total time, and the functions' self and cum`, () => {
      const [p] = importProfiles(readBytes(join(CORPUS, rel)), { name: rel });
      const got = pstatsOf(toPstats(p), rel.replace(/\W/g, '_'));
      // pstats' total is the sum of tottime: the profile's total, except where a pyprof2calltree
      // file's lines add up to more than its summary (FORMATS.md): the lines are what is written
      const selfSum = p.functions.self.reduce((a, b) => a + b, 0);
      if (p.format !== 'callgrind') expect(selfSum).toBeCloseTo(p.total, 6);
      expect(got.total_tt).toBeCloseTo(selfSum * p.unit.seconds, 9);
      const root = p.tree.frame[0];
      let checked = 0;
      const byKey = new Map(got.functions.map((f) => [key(f), f]));
      p.frames.forEach((f, i) => {
        const g = byKey.get(key(f));
        if (i === root || !g) return;
        expect(g.tottime).toBeCloseTo(p.functions.self[i] * p.unit.seconds, 12);
        expect(g.cumtime).toBeCloseTo(p.functions.total[i] * p.unit.seconds, 12);
        if (p.functions.ncalls) expect(g.ncalls).toBe(p.functions.ncalls[i]);
        else expect(g.ncalls).toBe(1);
        checked++;
      });
      expect(checked).toBe(got.functions.length);
    });
  }

  it('hostile names, lone surrogates included, come back exactly (marshal\'s surrogatepass)', () => {
    const [src] = importProfiles(readBytes(join(CORPUS, 'seed/awesome_random_number.prof')));
    const names = ['__proto__', 'constructor', '<img src=x onerror=alert(1)>', '\u202e\ud83d\ude00', '\ud800', 'x'.repeat(10_000), ''];
    const frames = src.frames.map((f, i) => (i === src.tree.frame[0] ? f : { ...f, name: `${names[i % names.length]}${i}` }));
    const [back] = importProfiles(toPstats({ ...src, frames }));
    expect(new Set(back.frames.map((f) => f.name))).toEqual(new Set(frames.map((f) => f.name)));
    expect(back.total).toBeCloseTo(src.total, 12);
  });
});
