import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { importProfile } from '../../src/core/io/import';
import type { Profile } from '../../src/core/model';
import { callersAndCallees, type EdgeEntry } from '../../src/core/stats/callers';
import { CORPUS, corpusFiles, readBytes, readJson } from '../support/corpus';

// The page's function panel (callersAndCallees) and `profburst stats --callers/--callees --json`
// give the same numbers for every function of real files, and for .prof files those numbers are
// what Python's pstats reads (the corpus' .pstats.json: print_callers' data; print_callees lists
// the same edges from the other end).

interface Fn { file: string; line: number; name: string }
interface OracleEdge extends Fn { ncalls: number; primcalls: number; tottime: number; cumtime: number }
interface OracleFunction extends OracleEdge { callers: OracleEdge[] }
interface CliEdge extends Fn { ncalls: number | null; primcalls: number | null; self: number | null; total: number }
interface CliJson { direction: string; functions: (Fn & { callers?: CliEdge[]; callees?: CliEdge[] })[] }

const key = (f: Fn) => `${f.file}:${f.line}(${f.name})`;

afterEach(() => vi.restoreAllMocks());

function cli(file: string, direction: 'callers' | 'callees'): Map<string, CliEdge[]> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
  let json: CliJson;
  try {
    // '' matches every label
    expect(main(['stats', file, `--${direction}`, '', '--json'])).toBe(0);
    json = JSON.parse(String(log.mock.calls[0][0])) as CliJson;
  } finally {
    vi.restoreAllMocks();
  }
  expect(json.direction).toBe(direction);
  return new Map(json.functions.map((f) => [key(f), f[direction]!]));
}

/** the panel's entries as the CLI writes them */
function asCli(profile: Profile, entries: EdgeEntry[]): CliEdge[] {
  return entries.map((e) => {
    const { name, file, line } = profile.frames[e.frame];
    return { name, file, line, ncalls: e.ncalls, primcalls: e.primcalls, self: e.self, total: e.total };
  });
}

/** page and CLI agree on every function; returns the page's entries by function label */
function pageEqualsCli(file: string): { profile: Profile; page: Map<string, { callers: EdgeEntry[]; callees: EdgeEntry[] }> } {
  const profile = importProfile(readBytes(file), { name: basename(file) });
  const callers = cli(file, 'callers');
  const callees = cli(file, 'callees');
  const page = new Map<string, { callers: EdgeEntry[]; callees: EdgeEntry[] }>();
  let edges = 0;
  for (let f = 0; f < profile.frames.length; f++) {
    const label = key(profile.frames[f]);
    if (!callers.has(label)) continue; // the CLI lists the table's functions
    const panel = callersAndCallees(profile, f);
    expect(asCli(profile, panel.callers), `callers of ${label}`).toEqual(callers.get(label));
    expect(asCli(profile, panel.callees), `callees of ${label}`).toEqual(callees.get(label));
    page.set(label, panel);
    edges += panel.callers.length;
  }
  expect(page.size).toBe(callers.size);
  expect(edges).toBeGreaterThan(10);
  return { profile, page };
}

type Row = Fn & { ncalls: number | null; primcalls: number | null; tottime: number | null; cumtime: number };
const norm = (rows: Row[]) => [...rows]
  .sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0))
  .map((r) => ({ ...r, tottime: r.tottime === null ? null : +r.tottime.toFixed(12), cumtime: +r.cumtime.toFixed(12) }));

describe('callers and callees: the page and the CLI are one computation', () => {
  for (const file of [...corpusFiles('python', '.prof'), join(CORPUS, 'seed/report.prof')]) {
    it(`${basename(file)}: equal to each other and to pstats' callers and callees`, () => {
      const { profile, page } = pageEqualsCli(file);
      const oracle = readJson<{ functions: OracleFunction[] }>(`${file}.pstats.json`).functions;
      const wantCallees = new Map<string, Row[]>();
      for (const fn of oracle) {
        for (const c of fn.callers) {
          const list = wantCallees.get(key(c)) ?? [];
          list.push({ file: fn.file, line: fn.line, name: fn.name, ncalls: c.ncalls, primcalls: c.primcalls, tottime: c.tottime, cumtime: c.cumtime });
          wantCallees.set(key(c), list);
        }
      }
      const rows = (entries: EdgeEntry[]): Row[] => entries.map((e) => {
        const { file: f, line, name } = profile.frames[e.frame];
        return { file: f, line, name, ncalls: e.ncalls, primcalls: e.primcalls, tottime: e.self, cumtime: e.total };
      });
      for (const fn of oracle) {
        const got = page.get(key(fn));
        expect(got, key(fn)).toBeDefined();
        const want = fn.callers.map(({ file: f, line, name, ncalls, primcalls, tottime, cumtime }) => ({ file: f, line, name, ncalls, primcalls, tottime, cumtime }));
        expect(norm(rows(got!.callers)), `callers of ${key(fn)}`).toEqual(norm(want));
        expect(norm(rows(got!.callees)), `callees of ${key(fn)}`).toEqual(norm(wantCallees.get(key(fn)) ?? []));
      }
    });
  }

  for (const name of ['cpuprofile/small.cpuprofile', 'callgrind/default.callgrind']) {
    it(`${name}: equal to each other`, () => {
      const { profile, page } = pageEqualsCli(join(CORPUS, name));
      if (profile.graph) return;
      // derived from the tree: every node's self sits on exactly one caller edge
      for (let f = 0; f < profile.frames.length; f++) {
        const entry = page.get(key(profile.frames[f]));
        if (!entry || entry.callers.length === 0) continue;
        expect(entry.callers.reduce((a, e) => a + e.self!, 0)).toBeCloseTo(profile.functions.self[f], 6);
      }
    });
  }
});
