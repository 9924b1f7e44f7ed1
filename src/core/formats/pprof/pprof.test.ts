import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { selectRows, statsJson } from '../../../cli/stats';
import { CORPUS, readBytes, readJson } from '../../../../test/support/corpus';
import { assertSaneProfile } from '../../../../test/support/saneProfile';
import { ProfileFormatError } from '../../errors';
import type { Profile } from '../../model';
import { detectFormat } from '../../io/detect';
import { decompress, importProfiles } from '../../io/import';
import { looksLikePprof } from './detect';
import { importPprof } from './pprof';

// Oracles: `go tool pprof -raw` summed per function by shared/corpus-tools/pprof_oracle.py (flat =
// the innermost frame, inlined frames counting as frames; cum = once per sample), for the corpus's
// profiles and for test/fixtures/pprof's, made from another Go program (make.sh there).
const fixtures = new URL('../../../../test/fixtures/pprof/', import.meta.url).pathname;

interface Oracle { sample_type: string; types: string[]; total: number; self: Record<string, number>; cum: Record<string, number> }
interface StatsJson { format: string; unit: string; event: string; total: number; functions: { name: string; self: number; total: number }[] }

function oracleCases(): { file: string; oracle: string; type: string | null }[] {
  const out: { file: string; oracle: string; type: string | null }[] = [];
  const add = (dir: string) => {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.oracle.json')).sort()) {
      const m = /^(.*\.pprof)(?:\.([a-z_]+))?\.oracle\.json$/.exec(f)!;
      out.push({ file: join(dir, m[1]), oracle: join(dir, f), type: m[2] ?? null });
    }
  };
  add(join(CORPUS, 'pprof'));
  add(fixtures);
  return out;
}

function load(file: string, type: string | null): Profile {
  const bytes = readBytes(file);
  let [p] = importProfiles(bytes, { name: 'x' });
  if (type !== null) {
    const event = p.events.indexOf(type);
    expect(event, `${type} in ${p.events.join(',')}`).toBeGreaterThanOrEqual(0);
    [p] = importProfiles(bytes, { name: 'x', event });
  }
  return p;
}

describe('pprof against go tool pprof', () => {
  for (const c of oracleCases()) {
    it(`${c.file.split('/').slice(-2).join('/')} ${c.type ?? '(default)'}: flat, cum and total per function`, () => {
      const oracle = readJson<Oracle>(c.oracle);
      const p = load(c.file, c.type);
      assertSaneProfile(p);
      const stats = JSON.parse(statsJson(p, selectRows(p, 'cumtime', 0))) as StatsJson;
      expect(stats.format).toBe('pprof');
      const [type, unit] = oracle.sample_type.split('/');
      expect(stats.event).toBe(type);
      expect(stats.unit).toBe(unit);
      expect(stats.total).toBe(oracle.total);
      const self = new Map<string, number>();
      const cum = new Map<string, number>();
      // every row is a function go tool pprof lists: the tree's own root is no row
      for (const f of stats.functions) {
        // per function name, as pprof's -top; names must not repeat, or cum would be summed twice
        expect(cum.has(f.name), f.name).toBe(false);
        if (f.self !== 0) self.set(f.name, f.self);
        if (f.total !== 0) cum.set(f.name, f.total);
      }
      const nonZero = (o: Record<string, number>) => new Map(Object.entries(o).filter(([, v]) => v !== 0));
      expect(self).toEqual(nonZero(oracle.self));
      expect(cum).toEqual(nonZero(oracle.cum));
    });
  }

  it('defaults to default_sample_type, else the last type, as go tool pprof', () => {
    expect(load(join(CORPUS, 'pprof/heap.pprof'), null).events).toEqual(['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space']);
    const heap = load(join(CORPUS, 'pprof/heap.pprof'), null);
    expect(heap.events[heap.event]).toBe('inuse_space');
    expect(heap.unit.name).toBe('bytes');
    const cpu = load(join(CORPUS, 'pprof/cpu.pprof'), null);
    expect([cpu.events, cpu.event, cpu.unit.name]).toEqual([['samples', 'cpu'], 1, 'nanoseconds']);
    expect(load(join(CORPUS, 'pprof/cpu.pprof'), 'samples').unit.name).toBe('count');
  });

  it('keeps labels: pprof.Do labels of CPU samples, the bytes label of heap samples', () => {
    const p = load(join(fixtures, 'other-cpu.pprof'), null);
    const l = p.labels!;
    expect(l.names).toContain('worker');
    const workers = new Set<string>();
    for (let i = 0; i < l.key.length; i++) if (l.names[l.key[i]] === 'worker') workers.add(l.names[l.str[i]]);
    expect([...workers].sort()).toEqual(['0', '1']);
    // every labelled sample's weight adds up to at most the total, and its node is in the tree
    let w = 0;
    for (let j = 0; j < l.samples.size; j++) {
      w += l.samples.weight[j];
      expect(l.samples.node[j]).toBeLessThan(p.tree.size);
    }
    expect(w).toBeLessThanOrEqual(p.total);
    const heap = load(join(fixtures, 'other-heap.pprof'), null);
    expect(heap.labels!.names).toContain('bytes');
  });

  it('reads gzipped and plain bytes alike, and the speedscope sample file', () => {
    const gz = readBytes(join(CORPUS, 'pprof/cpu.pprof'));
    const plain = decompress(gz);
    expect(detectFormat(plain)).toBe('pprof');
    expect(importPprof(plain).total).toBe(importProfiles(gz)[0].total);
    expect(importProfiles(gzipSync(plain))[0].total).toBe(importPprof(plain).total);
    const simple = importProfiles(readBytes(join(CORPUS, 'others/pprof/simple.prof')))[0];
    assertSaneProfile(simple);
    expect(simple.format).toBe('pprof');
    expect(simple.total).toBeGreaterThan(0);
  });

  it('detects pprof by content, and no other corpus file as pprof', () => {
    const seen: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (!e.name.endsWith('.json') || !/oracle|pstats\.json|annotate/.test(e.name)) seen.push(path);
      }
    };
    walk(CORPUS);
    let pprofs = 0;
    for (const f of seen) {
      let bytes: Uint8Array;
      try { bytes = decompress(readBytes(f)); } catch { continue; }
      const isPprof = looksLikePprof(bytes.subarray(0, 4096));
      const expected = /\/pprof\/[^/]*\.(pprof|prof)$/.test(f);
      expect(isPprof, f).toBe(expected);
      if (isPprof) pprofs++;
    }
    expect(pprofs).toBe(3);
  });

  it('says what is wrong and where', () => {
    const plain = decompress(readBytes(join(CORPUS, 'pprof/cpu.pprof')));
    const cut = plain.subarray(0, Math.floor(plain.length / 2));
    expect(() => importPprof(cut)).toThrow(ProfileFormatError);
    expect(() => importPprof(cut)).toThrow(/^pprof: .*\(at byte \d+\)$/);
    expect(() => importPprof(Uint8Array.of(0x0b, 0x01))).toThrow(/wire type 3/);
  });
});

describe('pprof: string indexes past the string table are said (found by a hostile-file sweep: a function lost its name and file without a word)', () => {
  // profile.proto read by hand: top-level fields, and each function's name (2), system_name (3)
  // and filename (4) string indexes
  const varint = (b: Uint8Array, at: number): [number, number] => {
    let v = 0, shift = 1;
    for (;;) {
      const c = b[at++];
      v += (c & 0x7f) * shift;
      shift *= 128;
      if (c < 0x80) return [v, at];
    }
  };
  function fields(b: Uint8Array): { field: number; start: number; end: number; value: number }[] {
    const out = [];
    for (let at = 0; at < b.length;) {
      const start = at;
      const [key, next] = varint(b, at);
      const [value, after] = varint(b, next);
      const end = (key & 7) === 2 ? after + value : after;
      out.push({ field: key >>> 3, start, end, value });
      at = end;
    }
    return out;
  }
  const raw = gunzipSync(readBytes(join(CORPUS, 'pprof/cpu.pprof')));
  const top = fields(raw);
  const strings = top.filter((f) => f.field === 6);
  const functions = top.filter((f) => f.field === 5).map((f) => fields(raw.subarray(f.end - f.value, f.end)));
  const indexes = (fn: { field: number; value: number }[]) => fn.filter((g) => g.field >= 2 && g.field <= 4).map((g) => g.value);
  // the corpus file without the strings from the highest index a function uses: the functions
  // that use it point past the table
  const cutAt = Math.max(...functions.flatMap(indexes));
  const dropped = new Set(strings.slice(cutAt));
  const cut = new Uint8Array(top.filter((f) => !dropped.has(f)).flatMap((f) => [...raw.subarray(f.start, f.end)]));
  const naming = functions.filter((fn) => indexes(fn).includes(cutAt));
  const ids = new Set(naming.map((fn) => fn.find((g) => g.field === 1)!.value));

  it('the corpus CPU profile without its last strings', () => {
    expect(naming.length).toBeGreaterThan(0);
    const p = importPprof(cut, { name: 'cpu.pprof' });
    expect(p.warnings).toHaveLength(1);
    const [, count, id] = /^(\d+) functions whose name or file is a string index past the string table: shown as "\?\?" or without a file \(first at function id (\d+)\)$/.exec(p.warnings![0])!;
    expect(Number(count)).toBe(naming.length);
    expect(ids.has(Number(id))).toBe(true);
  });
});
