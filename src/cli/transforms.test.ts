import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CORPUS } from '../../test/support/corpus';
import { main } from './main';

// `stats --json` with transform options against test/oracles/cpuprofile_transforms.py, which
// applies the issue's definitions to the file's raw samples. NAMEs are exact labels here, so the
// oracle is told the same function by its key.

const ORACLE = fileURLToPath(new URL('../../test/oracles/cpuprofile_transforms.py', import.meta.url));
const FILE = join(CORPUS, 'cpuprofile/medium.cpuprofile');

interface Row { name: string; file: string; line: number; self: number; total: number }

function stats(...args: string[]): { out: { total: number; functions: Row[] }; err: string } {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const code = main(['stats', FILE, '--json', ...args]);
    expect(code).toBe(0);
    const out = JSON.parse(String(log.mock.calls[0][0])) as { total: number; functions: Row[] };
    return { out, err: error.mock.calls.map((c) => String(c[0])).join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** a NAME matching exactly one label "file:line(name)" */
const exact = (r: Row) => `^${esc(`${r.file}:${r.line}(${r.name})`)}$`;
/** the oracle's key for a row (the column is not in --json; these functions have one) */
function key(r: Row, columnOf: Map<string, string>): string {
  return columnOf.get(`${r.name}|${r.file}|${r.line - 1}`)!;
}

describe('stats --json with transforms equals the definitions applied to the raw samples', () => {
  const base = stats().out;
  // name|url|line -> the oracle's full key, from the oracle's own untransformed run
  const plain = JSON.parse(execFileSync('python3', [ORACLE, FILE, '[[]]'], { encoding: 'utf8' }))[0] as { self: Record<string, number>; total_by_function: Record<string, number> };
  const columnOf = new Map(Object.keys(plain.total_by_function).map((k) => [k.split('|').slice(0, 3).join('|'), k]));
  const named = base.functions.filter((r) => r.file.startsWith('file://') && r.total > 0 && r.total < base.total / 2);
  const f = named[2], g = named[6];

  const cases: [string, string[], unknown[]][] = [
    ['--focus', ['--focus', exact(f)], [{ type: 'focus-function', funcs: [key(f, columnOf)] }]],
    ['--merge', ['--merge', exact(f)], [{ type: 'merge-function', funcs: [key(f, columnOf)] }]],
    ['--drop', ['--drop', exact(g)], [{ type: 'drop-function', funcs: [key(g, columnOf)] }]],
    ['--collapse-recursion', ['--collapse-recursion', exact(f)], [{ type: 'collapse-recursion', func: key(f, columnOf) }]],
    ['--merge then --focus, in argv order', ['--merge', exact(g), '--focus', exact(f)], [{ type: 'merge-function', funcs: [key(g, columnOf)] }, { type: 'focus-function', funcs: [key(f, columnOf)] }]],
  ];
  const oracle = JSON.parse(execFileSync('python3', [ORACLE, FILE, JSON.stringify(cases.map((c) => c[2]))], { encoding: 'utf8', maxBuffer: 1 << 26 })) as { total: number; self: Record<string, number>; total_by_function: Record<string, number> }[];

  it.each(cases.map((c, i) => [c[0], c[1], i] as const))('%s', (_what, args, i) => {
    const { out } = stats(...args);
    expect(out.total).toBe(oracle[i].total);
    const self = new Map<string, number>(), total = new Map<string, number>();
    for (const r of out.functions) {
      const k = `${r.name === '(anonymous)' ? '' : r.name}|${r.file}|${r.line - 1}`;
      if (r.self !== 0) self.set(k, (self.get(k) ?? 0) + r.self);
      if (r.total !== 0) total.set(k, (total.get(k) ?? 0) + r.total);
    }
    const strip = (o: Record<string, number>) => {
      const m = new Map<string, number>();
      for (const [k, v] of Object.entries(o)) if (v !== 0) m.set(k.split('|').slice(0, 3).join('|'), (m.get(k.split('|').slice(0, 3).join('|')) ?? 0) + v);
      return m;
    };
    expect(self).toEqual(strip(oracle[i].self));
    expect(total).toEqual(strip(oracle[i].total_by_function));
  });

  it('--only-my-code keeps the total and moves library self to the user code that called it', () => {
    const { out } = stats('--only-my-code');
    expect(out.total).toBe(base.total);
    const lib = out.functions.filter((r) => r.file.startsWith('node:') && r.self > 0);
    const libBefore = base.functions.filter((r) => r.file.startsWith('node:') && r.self > 0);
    expect(lib.length).toBeLessThan(libBefore.length);
    const userSelf = (rows: Row[]) => rows.filter((r) => r.file.startsWith('file://')).reduce((a, r) => a + r.self, 0);
    expect(userSelf(out.functions)).toBeGreaterThan(userSelf(base.functions));
  });

  it('says on stderr what a drop removed and what was skipped; --json stays the contract', () => {
    const { out, err } = stats('--drop', exact(g), '--merge', 'no-such-function-anywhere');
    expect(err).toMatch(/--drop .*: dropped .* \(\d+(\.\d+)?% of the total\)/);
    expect(err).toMatch(/--merge no-such-function-anywhere: skipped: no function matches/);
    expect(Object.keys(out).sort()).toEqual(Object.keys(base).sort());
  });

  it('a transform option without its value is a usage error', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(main(['stats', FILE, '--focus'])).toBe(2);
  });
});
