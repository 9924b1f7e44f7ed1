import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CORPUS, CORPUS_TOOLS, corpusFiles, readJson } from '../../test/support/corpus';
import type { PstatsOracle } from '../../test/support/pstatsOracle';
import { importProfile } from '../core/formats';
import { main } from './main';

// The CLI over many files: `stats A B`, `diff BASE NEW`, `convert A B`, checked against Python's
// pstats reading the same files (corpus-tools/pstats_oracle.py), never against our own output.

afterEach(() => vi.restoreAllMocks());

function run(args: string[]): { status: number; out: string; err: string } {
  const out: string[] = [], err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((s: unknown) => void out.push(String(s)));
  vi.spyOn(console, 'error').mockImplementation((s: unknown) => void err.push(String(s)));
  const status = main(args) as number;
  vi.restoreAllMocks();
  return { status, out: out.join('\n'), err: err.join('\n') };
}

interface StatsRow { name: string; file: string; line: number; ncalls: number; primcalls: number; self: number; total: number }
const key = (f: { file: string; line: number; name: string }) => `${f.file}\u0000${f.line}\u0000${f.name}`;
const python = spawnSync('python3', ['-c', 'import pstats']).status === 0;
const pstatsOf = (files: string[]) => JSON.parse(execFileSync('python3', [join(CORPUS_TOOLS, 'pstats_oracle.py'), ...files], { encoding: 'utf8' })) as PstatsOracle;
const requests = corpusFiles('requests', '.prof');

describe('stats over several files', () => {
  it('stats A B ... --json is pstats.Stats(A, B, ...), to the last bit', () => {
    const { status, out } = run(['stats', ...requests, '--json']);
    expect(status).toBe(0);
    const s = JSON.parse(out) as { format: string; unit: string; total: number; functions: StatsRow[] };
    const oracle = readJson<PstatsOracle>(join(CORPUS, 'requests.merged.pstats.json'));
    expect([s.format, s.unit]).toEqual(['pstats', 'seconds']);
    // pstats adds the files in its own order (a, then the rest last first): so does the merge
    expect(s.total).toBe(oracle.total_tt);
    const rows = new Map(s.functions.map((r) => [key(r), r]));
    expect(rows.size).toBe(oracle.functions.length);
    for (const f of oracle.functions) {
      const r = rows.get(key(f))!;
      expect([r.ncalls, r.primcalls, r.self, r.total], key(f)).toEqual([f.ncalls, f.primcalls, f.tottime, f.cumtime]);
    }
  });

  it('a folder is its profiles merged; a broken file is named and left out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profburst-many-'));
    for (const f of requests.slice(0, 3)) copyFileSync(f, join(dir, basename(f)));
    writeFileSync(join(dir, 'broken.prof'), readFileSync(requests[3]).subarray(0, 100));
    writeFileSync(join(dir, 'notes.txt'), 'not a profile\n');
    const { status, out, err } = run(['stats', dir, '--json']);
    expect(status).toBe(0);
    expect(err).toContain('broken.prof');
    expect(err).toContain('left out');
    expect(err).not.toContain('notes.txt');
    const s = JSON.parse(out) as { total: number };
    const direct = JSON.parse(run(['stats', ...requests.slice(0, 3), '--json']).out) as { total: number };
    expect(s.total).toBe(direct.total);
  });

  it('refuses units that do not add up, naming the files', () => {
    const { status, err } = run(['stats', join(CORPUS, 'seed/report.prof'), join(CORPUS, 'callgrind/default.callgrind')]);
    expect(status).toBe(1);
    expect(err).toMatch(/report\.prof/);
    expect(err).toMatch(/default\.callgrind/);
  });
});

interface DiffJson {
  unit: string;
  base: { total: number; files: string[] };
  new: { total: number; files: string[] };
  functions: { name: string; file: string; line: number; base: { self: number; total: number; ncalls: number | null } | null; new: { self: number; total: number; ncalls: number | null } | null }[];
}

describe('diff', () => {
  // GET / answers at once; GET /report computes: the slow group
  const fast = requests.filter((f) => basename(f).startsWith('GET.root.'));
  const slow = requests.filter((f) => basename(f).startsWith('GET.report.'));

  it.skipIf(!python)('--json: each side\'s numbers are pstats\' for that side, null where absent', () => {
    const { status, out } = run(['diff', '--base', ...fast, '--new', ...slow, '--json']);
    expect(status).toBe(0);
    const d = JSON.parse(out) as DiffJson;
    expect(Object.keys(d)).toEqual(['unit', 'base', 'new', 'functions']);
    expect(d.unit).toBe('seconds');
    expect(d.base.files).toEqual(fast);
    expect(d.new.files).toEqual(slow);
    for (const [side, files] of [['base', fast], ['new', slow]] as const) {
      const o = pstatsOf(files);
      expect(Math.abs(d[side].total - o.total_tt)).toBeLessThan(1e-9);
      const rows = new Map(d.functions.map((r) => [key(r), r[side]]));
      for (const f of o.functions) {
        const r = rows.get(key(f))!;
        expect(r.ncalls).toBe(f.ncalls);
        expect(Math.abs(r.self - f.tottime)).toBeLessThan(1e-9);
        expect(Math.abs(r.total - f.cumtime)).toBeLessThan(1e-9);
      }
      const listed = new Set(o.functions.map(key));
      for (const r of d.functions) if (!listed.has(key(r))) expect(r[side]).toBeNull();
    }
    const change = (r: DiffJson['functions'][number]) => Math.abs((r.new?.total ?? 0) - (r.base?.total ?? 0));
    for (let i = 1; i < d.functions.length; i++) expect(change(d.functions[i])).toBeLessThanOrEqual(change(d.functions[i - 1]));
  });

  it('BASE NEW as two files; --limit and --sort; a file against itself passes any gate', () => {
    const file = join(CORPUS, 'seed/report.prof');
    const same = run(['diff', file, file, '--json', '--fail-above', '0']);
    expect(same.status).toBe(0);
    const d = JSON.parse(same.out) as DiffJson;
    for (const r of d.functions) expect(r.new).toEqual(r.base);
    const limited = JSON.parse(run(['diff', file, file, '--json', '--limit', '3', '--sort', 'name']).out) as DiffJson;
    expect(limited.functions.length).toBe(3);
    const text = run(['diff', file, file]);
    expect(text.status).toBe(0);
    expect(text.out).toMatch(/Δ total/);
  });

  it('--fail-above: exit 1 and one line per offender when the report requests are the new side', () => {
    const r = run(['diff', '--base', ...fast, '--new', ...slow, '--fail-above', '10']);
    expect(r.status).toBe(1);
    const lines = r.err.split('\n').filter((l) => l.includes('regression'));
    expect(lines[0]).toMatch(/total grew/);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    // normalised, the same groups differ far less: the total no longer grows
    const n = run(['diff', '--base', ...fast, '--new', ...slow, '--fail-above', '10', '--normalize', '--json']);
    const d = JSON.parse(n.out) as DiffJson;
    expect(Math.abs(d.base.total - d.new.total)).toBeLessThan(1e-12);
    expect(n.err).not.toMatch(/total grew/);
  });

  it('--event matches callgrind events across both sides: a side without the event counts 0 there, with a warning', () => {
    const base = join(CORPUS, 'callgrind/default.callgrind'); // events: Ir
    const next = join(CORPUS, 'callgrind/cachesim.callgrind'); // Ir Dr Dw ... (the cache simulator)
    // valgrind's own totals line, one column per event
    const text = readFileSync(next, 'utf8');
    const events = /^events: (.*)$/m.exec(text)![1].split(' ');
    const totals = /^totals: (.*)$/m.exec(text)![1].split(' ').map(Number);
    const r = run(['diff', base, next, '--event', 'Dr', '--json']);
    expect(r.status).toBe(0);
    expect(r.err).toContain('warning: base: no file has the event Dr; it counts 0 there');
    const d = JSON.parse(r.out) as { unit: string; base: { total: number }; new: { total: number } };
    expect(d.unit).toBe('Dr');
    expect([d.base.total, d.new.total]).toEqual([0, totals[events.indexOf('Dr')]]);
  });

  it('refuses files on no side', () => {
    expect(run(['diff', 'a.prof']).status).toBe(2);
    expect(run(['diff', '--base', 'a', 'b', '--new']).status).toBe(2);
  });
});

describe('convert several files', () => {
  it('merges, then writes: the callgrind written holds the merged total', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profburst-convert-'));
    const out = join(dir, 'merged.callgrind');
    expect(run(['convert', ...requests.slice(0, 5), '--to', 'callgrind', '-o', out]).status).toBe(0);
    const back = importProfile(new Uint8Array(readFileSync(out)));
    const o = readJson<PstatsOracle>(join(CORPUS, 'requests.merged.pstats.json'));
    expect(back.unit.kind).toBe('time');
    expect(back.total * back.unit.seconds).toBeGreaterThan(0);
    const merged = JSON.parse(run(['stats', ...requests.slice(0, 5), '--json']).out) as { total: number };
    expect(Math.abs(back.total * back.unit.seconds - merged.total)).toBeLessThan(1e-6);
    expect(merged.total).toBeLessThan(o.total_tt);
  });
});
