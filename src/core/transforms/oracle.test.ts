import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CORPUS, corpusFiles, readBytes } from '../../../test/support/corpus';
import { importCpuProfile } from '../formats/cpuprofile';
import type { Frame, Profile } from '../model';
import { framePath } from '../tree/framePath';
import { applyTransforms } from './apply';
import { DEFAULT_LIBRARIES } from './libraries';
import type { Transform } from './types';

// Every transform on the corpus's V8 profiles against test/oracles/cpuprofile_transforms.py,
// which applies the definitions to the raw samples (their stacks rebuilt from the
// file's nodes) and sums self and total per function. Durations are whole microseconds, so the
// sums are exact on both sides and compared with toBe.

const ORACLE = fileURLToPath(new URL('../../../test/oracles/cpuprofile_transforms.py', import.meta.url));
const files = [...corpusFiles('cpuprofile', '.cpuprofile'), join(CORPUS, 'chrome/Chrome-65-sucrase.cpuprofile')];

/** the oracle's key: name|url|line|column as the file writes them (0-based, -1 unknown) */
function oracleKey(f: Frame): string {
  return `${f.name === '(anonymous)' ? '' : f.name}|${f.file}|${f.line - 1}|${f.column - 1}`;
}

interface OracleOut { total: number; self: Record<string, number>; total_by_function: Record<string, number> }

function runOracle(file: string, cases: unknown[][]): OracleOut[] {
  return JSON.parse(execFileSync('python3', [ORACLE, file, JSON.stringify(cases)], { encoding: 'utf8', maxBuffer: 1 << 26 })) as OracleOut[];
}

/** The same transforms named by keys instead of frame indexes, for the oracle. */
function forOracle(profile: Profile, stack: Transform[]): unknown[] {
  const k = (f: number) => oracleKey(profile.frames[f]);
  return stack.map((t) => {
    if ('funcs' in t) return { ...t, funcs: t.funcs.map(k) };
    if ('func' in t) return { ...t, func: k(t.func) };
    if ('path' in t) return { ...t, path: t.path.map(k) };
    return t;
  });
}

function byKey(profile: Profile, values: Float64Array): Map<string, number> {
  const out = new Map<string, number>();
  profile.frames.forEach((f, i) => {
    if (values[i] !== 0) out.set(oracleKey(f), (out.get(oracleKey(f)) ?? 0) + values[i]);
  });
  return out;
}

function expectOracle(original: Profile, stack: Transform[], oracle: OracleOut): void {
  const { profile, notes } = applyTransforms(original, stack);
  expect(notes.filter((n) => n.skipped)).toEqual([]);
  expect(profile.total).toBe(oracle.total);
  expect(profile.tree.total[0]).toBe(oracle.total);
  const nonZero = (r: Record<string, number>) => new Map(Object.entries(r).filter(([, v]) => v !== 0));
  expect(byKey(profile, profile.functions.self)).toEqual(nonZero(oracle.self));
  expect(byKey(profile, profile.functions.total)).toEqual(nonZero(oracle.total_by_function));
}

/** Functions worth transforming: by total, the root excepted, biggest first. */
function byTotal(p: Profile): number[] {
  const root = p.tree.frame[0];
  return [...p.functions.total.keys()].filter((f) => f !== root && p.functions.total[f] > 0).sort((a, b) => p.functions.total[b] - p.functions.total[a] || a - b);
}

/** A function that recurs (directly when `direct`) on some stack, with the biggest total. */
function recursive(p: Profile, direct: boolean): number {
  const { parent, frame } = p.tree;
  let best = -1;
  for (let i = 1; i < p.tree.size; i++) {
    let hit = false;
    if (direct) hit = parent[i] > 0 && frame[parent[i]] === frame[i];
    else for (let a = parent[i]; a > 0 && !hit; a = parent[a]) hit = frame[a] === frame[i];
    if (hit && (best < 0 || p.functions.total[frame[i]] > p.functions.total[best])) best = frame[i];
  }
  return best >= 0 ? best : byTotal(p)[0];
}

/** A node three levels down the heaviest branch, for the path transforms. */
function heavyPath(p: Profile, depth: number): number[] {
  const { parent, total } = p.tree;
  let node = 0;
  for (let d = 0; d < depth; d++) {
    let next = -1;
    for (let c = node + 1; c < p.tree.size; c++) if (parent[c] === node && (next < 0 || total[c] > total[next])) next = c;
    if (next < 0) break;
    node = next;
  }
  return framePath(p.tree, node);
}

describe.each(files.map((f) => [basename(f), f]))('transforms on %s against the samples', (_name, file) => {
  const profile = importCpuProfile(readBytes(file), { name: basename(file) });
  const top = byTotal(profile);
  const mid = top[Math.min(5, top.length - 1)];
  const cases: [string, Transform[]][] = [
    ['focus on a function', [{ type: 'focus-function', funcs: [mid] }]],
    ['focus on a recursive function', [{ type: 'focus-function', funcs: [recursive(profile, false)] }]],
    ['focus on a subtree', [{ type: 'focus-subtree', path: heavyPath(profile, 3) }]],
    ['merge a function', [{ type: 'merge-function', funcs: [mid] }]],
    ['merge a recursive function', [{ type: 'merge-function', funcs: [recursive(profile, false)] }]],
    ['merge a call node', [{ type: 'merge-call-node', path: heavyPath(profile, 2) }]],
    ['drop a function', [{ type: 'drop-function', funcs: [top[Math.min(8, top.length - 1)]] }]],
    ['collapse recursion', [{ type: 'collapse-recursion', func: recursive(profile, false) }]],
    ['collapse direct recursion', [{ type: 'collapse-direct-recursion', func: recursive(profile, true) }]],
    ['collapse a library', [{ type: 'collapse-lib', prefix: 'node:internal/' }]],
    ['collapse a library by folder', [{ type: 'collapse-lib', prefix: 'code/sucrase/build/' }]],
    ['only my code', [{ type: 'only-my-code', libs: [...DEFAULT_LIBRARIES] }]],
    ['hide by pattern', [{ type: 'hide', pattern: '^(?:get|set|run)|internal/modules' }]],
    ['a stack of five', [
      { type: 'merge-function', funcs: [top[3]] },
      { type: 'collapse-recursion', func: recursive(profile, false) },
      { type: 'focus-function', funcs: [top[1]] },
      { type: 'drop-function', funcs: [top[1]] }, // replaced below by one the first three leave
      { type: 'only-my-code', libs: ['node:', '(built-in)', 'sucrase/build/'] },
    ]],
  ];
  const five = cases[cases.length - 1][1];
  const focused = applyTransforms(profile, five.slice(0, 3)).profile;
  const left = byTotal(focused);
  five[3] = { type: 'drop-function', funcs: [left.find((f) => focused.functions.total[f] < focused.total / 2) ?? left[left.length - 1]] };
  // libraries a file lacks are skipped (and said so), which the oracle cannot tell: only run those it has
  const has = (t: Transform) => t.type !== 'collapse-lib' || profile.frames.some((f) => f.file.includes(t.prefix));
  const run = cases.filter(([, s]) => s.every(has));
  const oracle = runOracle(file, run.map(([, s]) => forOracle(profile, s)));
  it.each(run.map(([what, s], i) => [what, s, i] as const))('%s', (_what, stack, i) => expectOracle(profile, stack, oracle[i]));
});
