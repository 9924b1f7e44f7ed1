import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { CORPUS, corpusFiles } from '../support/corpus';

// `profburst stats FILE --json` for speedscope, Firefox Profiler and trace-event files: the
// contract's shape, and the first (heaviest or active) profile's numbers equal to one of the
// independent Python readers' profiles (test/support/oracles).

interface Row { name: string; file: string; line: number; ncalls: number | null; primcalls: number | null; self: number; total: number }
interface Stats { format: string; unit: string; total: number; functions: Row[] }
interface OracleProfile { total: number; functions: Record<string, { self: number; total: number; calls?: number }> }

afterEach(() => vi.restoreAllMocks());

function stats(file: string): Stats {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((s: unknown) => void out.push(String(s)));
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  expect(main(['stats', file, '--json'])).toBe(0);
  return JSON.parse(out.join('\n')) as Stats;
}

function oracle(script: string, file: string): OracleProfile[] {
  const out = JSON.parse(execFileSync('python3', [new URL(`../support/oracles/${script}`, import.meta.url).pathname, file], { encoding: 'utf8', maxBuffer: 1 << 28 })) as Record<string, unknown>;
  // speedscope's reader lists {profiles: […]}; the others key their threads
  return (Array.isArray(out.profiles) ? out.profiles : Object.values(out)) as OracleProfile[];
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** Our rows summed per key (the contract's rows have no column); a tree's own root is no row (README, stats --json). */
function matches(s: Stats, o: OracleProfile, key: (r: Row) => string): boolean {
  if (!close(s.total, o.total)) return false;
  const ours = new Map<string, { self: number; total: number; calls: number | null }>();
  for (const r of s.functions) {
    const k = key(r);
    const m = ours.get(k);
    if (m) { m.self += r.self; m.total += r.total; m.calls = m.calls === null || r.ncalls === null ? null : m.calls + r.ncalls; }
    else ours.set(k, { self: r.self, total: r.total, calls: r.ncalls });
  }
  if (ours.size !== Object.keys(o.functions).length) return false;
  return [...ours].every(([k, r]) => {
    const f = o.functions[k];
    return f !== undefined && close(r.self, f.self) && close(r.total, f.total) && (f.calls === undefined || r.calls === f.calls);
  });
}

describe('stats --json for the JSON formats against their oracles', () => {
  const cases: [string, string, string, (r: Row) => string][] = [
    ...corpusFiles('others/speedscope', '.json').map((f): [string, string, string, (r: Row) => string] => [f, 'speedscope', 'speedscope_oracle.py', (r) => `${r.name}|${r.file}|${r.line}|0`]),
    ...corpusFiles('others/firefox', '.json').map((f): [string, string, string, (r: Row) => string] => [f, 'gecko', 'gecko_oracle.py', (r) => `${r.name}|${r.file}|${r.line}|`]),
    ...corpusFiles('others/trace-event', '.json').map((f): [string, string, string, (r: Row) => string] => [f, 'chrome-trace', 'trace_event_oracle.py', (r) => (r.file ? `${r.name}|${r.file}` : r.name)]),
  ];
  it.each(cases.map(([f, ...rest]) => [basename(f), f, ...rest] as const))('%s', (_n, file, format, script, key) => {
    const s = stats(file);
    expect(s.format).toBe(format);
    expect(typeof s.unit).toBe('string');
    for (const r of s.functions) expect(Object.keys(r).sort()).toEqual(['file', 'line', 'name', 'ncalls', 'primcalls', 'self', 'total']);
    // the contract's row has no column: the oracle's functions summed per name, file and line too
    const os = oracle(script, file).map((o) => {
      if (format !== 'gecko') return o;
      const merged: OracleProfile = { total: o.total, functions: {} };
      for (const [k, f] of Object.entries(o.functions)) {
        const short = k.slice(0, k.lastIndexOf('|') + 1);
        const m = merged.functions[short];
        if (m) { m.self += f.self; m.total += f.total; } else merged.functions[short] = { ...f };
      }
      return merged;
    });
    expect(os.some((o) => matches(s, o, key)), `${basename(file)}: stats --json equals no profile of the oracle`).toBe(true);
  });

  it('the README\'s unit names', () => {
    expect(stats(join(CORPUS, 'others/speedscope/0.0.1-simple.speedscope.json')).unit).toBe('none');
    expect(stats(join(CORPUS, 'others/firefox/63-simple-firefox.json')).unit).toBe('milliseconds');
    expect(stats(join(CORPUS, 'others/trace-event/matching-x.json')).unit).toBe('microseconds');
  });
});
