import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, CORPUS_TOOLS, readBytes } from '../../../test/support/corpus';
import { assertSaneProfile } from '../../../test/support/saneProfile';
import { importProfiles } from '../formats';
import type { Profile } from '../model';
import { toPprof } from './pprof';
import { hasGo } from '../../../test/support/hasGo';

// `convert --to pprof` read back by `go tool pprof` itself: its -raw output summed per function by
// the corpus's own oracle script (pprof_oracle.py), so the file is checked by pprof's decoder, not
// by ours. Skipped only where Go is not installed (CI installs golang-go).

const dir = mkdtempSync(join(tmpdir(), 'profburst-pprof-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Oracle { sample_type: string; total: number; self: Record<string, number>; cum: Record<string, number> }

function goOracle(bytes: Uint8Array, name: string): Oracle {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const out = execFileSync('python3', [join(CORPUS_TOOLS, 'pprof_oracle.py'), path], { encoding: 'utf8', env: { ...process.env, GOFLAGS: '', GOPROXY: 'off' } });
  return JSON.parse(out) as Oracle;
}

/** Per function name, from the imported profile: what -top should show for a tree of real stacks. */
function byName(p: Profile, scale: number): { self: Map<string, number>; cum: Map<string, number> } {
  const self = new Map<string, number>();
  const cum = new Map<string, number>();
  const root = p.tree.frame[0];
  // the tree's root is no function, unless a node below it has the same frame (a "(root)" of the file's own)
  let rootBelow = false;
  for (let n = 1; n < p.tree.size; n++) if (p.tree.frame[n] === root) rootBelow = true;
  p.frames.forEach((f, i) => {
    if (i === root && !rootBelow) return;
    if (p.functions.self[i] !== 0) self.set(f.name, (self.get(f.name) ?? 0) + Math.round(p.functions.self[i] * scale));
    if (p.functions.total[i] !== 0) cum.set(f.name, (cum.get(f.name) ?? 0) + Math.round(p.functions.total[i] * scale));
  });
  return { self, cum };
}

const nonZero = (o: Record<string, number>) => new Map(Object.entries(o).filter(([, v]) => v !== 0));

// the Firefox Profiler file has a frame of its own named "(root)" (it was written as no location)
const STACK_SOURCES = ['pprof/cpu.pprof', 'pprof/heap.pprof', 'others/pprof/simple.prof', 'chrome/Chrome-65-sucrase.cpuprofile', 'others/firefox/63-simple-firefox.json'];
const GRAPH_SOURCES = ['seed/report.prof', 'python/medium.prof', 'python/small.prof.log'];

describe('convert --to pprof', () => {
  for (const rel of STACK_SOURCES) {
    it.skipIf(!hasGo)(`${rel}: go tool pprof reads the same total, flat and cum per function`, () => {
      const [p] = importProfiles(readBytes(join(CORPUS, rel)), { name: rel });
      const scale = p.unit.kind === 'time' ? p.unit.seconds / 1e-9 : 1;
      const oracle = goOracle(toPprof(p), `${rel.replace(/\W/g, '_')}.pb.gz`);
      expect(oracle.total).toBe(Math.round(p.total * scale));
      expect(oracle.sample_type.replace(/\[dflt\]$/, '')).toBe(`${p.events[p.event]}/${p.unit.kind === 'time' ? 'nanoseconds' : p.unit.kind === 'bytes' ? 'bytes' : p.unit.name}`);
      const { self, cum } = byName(p, scale);
      // names repeat across files in some sources; -top sums by name, so compare where they do not
      const unique = new Set(p.frames.map((f) => f.name).filter((n, i, all) => all.indexOf(n) === i && all.lastIndexOf(n) === i));
      for (const [name, v] of nonZero(oracle.self)) if (unique.has(name)) expect(v, `flat ${name}`).toBe(self.get(name));
      for (const [name, v] of nonZero(oracle.cum)) if (unique.has(name)) expect(v, `cum ${name}`).toBe(cum.get(name));
      expect(nonZero(oracle.self).size).toBeGreaterThan(0);
    });
  }

  for (const rel of GRAPH_SOURCES) {
    it.skipIf(!hasGo)(`${rel}: go tool pprof reads the same total (the tree rebuilt from the call graph)`, () => {
      const [p] = importProfiles(readBytes(join(CORPUS, rel)), { name: rel });
      const scale = p.unit.kind === 'time' ? p.unit.seconds / 1e-9 : 1;
      const oracle = goOracle(toPprof(p), `${rel.replace(/\W/g, '_')}.pb.gz`);
      expect(oracle.total).toBe(Math.round(p.total * scale));
      // Python's names reach pprof as they are: no system_name for pprof to demangle into "<unknown>"
      const names = new Set([...nonZero(oracle.cum).keys()]);
      for (let n = 1; n < p.tree.size; n++) {
        const name = p.frames[p.tree.frame[n]].name;
        if (p.format === 'pstats' && name.startsWith('<') && p.tree.self[n] * scale >= 1) expect(names, name).toContain(name);
      }
    });
  }

  it('reads back through our importer with the same tree weights (what pprof gets is what the page showed)', () => {
    for (const rel of [...STACK_SOURCES, ...GRAPH_SOURCES]) {
      const [p] = importProfiles(readBytes(join(CORPUS, rel)), { name: rel });
      const scale = p.unit.kind === 'time' ? p.unit.seconds / 1e-9 : 1;
      const [back] = importProfiles(toPprof(p));
      assertSaneProfile(back);
      expect(back.format).toBe('pprof');
      expect(back.total, rel).toBe(Math.round(p.tree.total[0] * scale));
      expect(back.tree.size).toBeLessThanOrEqual(p.tree.size);
    }
  });

  it('hostile names and a 100 000-deep stack survive the round trip', () => {
    const [src] = importProfiles(readBytes(join(CORPUS, 'pprof/cpu.pprof')));
    const names = ['__proto__', 'constructor', '<img src=x onerror=alert(1)>', '\u202e\ud83d\ude00', 'x'.repeat(10_000), ''];
    const frames = [...src.frames.map((f, i) => (i === src.tree.frame[0] ? f : { ...f, name: names[i % names.length] + i }))];
    const [back] = importProfiles(toPprof({ ...src, frames }));
    expect(back.frames.map((f) => f.name)).toEqual(expect.arrayContaining(frames.slice(1, 6).map((f) => f.name)));
    const N = 100_000;
    const parent = Int32Array.from({ length: N + 1 }, (_, i) => i - 1);
    const frame = Int32Array.from({ length: N + 1 }, (_, i) => i);
    const self = new Float64Array(N + 1);
    self[N] = 7;
    const total = new Float64Array(N + 1).fill(7);
    const deep: Profile = {
      ...src,
      frames: Array.from({ length: N + 1 }, (_, i) => ({ name: i === 0 ? '(root)' : `f${i}`, file: 'a.go', line: i, column: 0 })),
      tree: { size: N + 1, parent, frame, self, total },
      total: 7,
    };
    const [d] = importProfiles(toPprof(deep));
    expect(d.tree.size).toBe(N + 1);
    expect(d.total).toBe(7);
  });
});
