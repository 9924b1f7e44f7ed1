import type { Frame, Profile } from '../model';
import { mergedFrames } from '../merge/frameMap';
import { diffScale, type DiffScale } from './scale';

/** One side's numbers for a function; ncalls null where the format counts no calls. */
export interface SideStats {
  self: number;
  total: number;
  ncalls: number | null;
}

/** A function of either side, matched by name, file, line and column; a side is null where it is absent. */
export interface FunctionDiffRow {
  frame: Frame;
  base: SideStats | null;
  next: SideStats | null;
  /** next - base, an absent side counting 0 */
  deltaSelf: number;
  deltaTotal: number;
}

export interface FunctionDiff {
  scale: DiffScale;
  /** sorted by |Δ total|, then |Δ self|, then name: the biggest changes first */
  rows: FunctionDiffRow[];
}

/**
 * The per-function diff of two profiles (each one file or a merged group): base, new and Δ of
 * self, total and ncalls. Per function, not per node, so it is exact for every format, including
 * those whose trees are rebuilt from call graphs (pstats, callgrind): it compares what their own
 * tools print.
 */
export function diffFunctions(base: Profile, next: Profile, normalize = false): FunctionDiff {
  const scale = diffScale(base, next, normalize);
  const { table, maps } = mergedFrames([base, next]);
  const sides: (SideStats | null)[][] = [[], []];
  [base, next].forEach((p, side) => {
    const s = side === 0 ? scale.base : scale.next;
    const map = maps[side], out = sides[side], f = p.functions;
    const root = p.tree.size > 0 ? p.tree.frame[0] : -1;
    for (let k = 0; k < map.length; k++) {
      if (k === root) continue;
      const m = map[k];
      const prior = out[m];
      const self = f.self[k] * s, total = f.total[k] * s, ncalls = f.ncalls ? f.ncalls[k] : null;
      // two frames of one profile never share a key, but sum to be safe
      out[m] = prior ? { self: prior.self + self, total: prior.total + total, ncalls: ncalls === null || prior.ncalls === null ? null : prior.ncalls + ncalls } : { self, total, ncalls };
    }
  });
  const rows: FunctionDiffRow[] = [];
  for (let m = 1; m < table.frames.length; m++) {
    const b = sides[0][m] ?? null, n = sides[1][m] ?? null;
    if (b === null && n === null) continue;
    rows.push({
      frame: table.frames[m],
      base: b,
      next: n,
      deltaSelf: (n?.self ?? 0) - (b?.self ?? 0),
      deltaTotal: (n?.total ?? 0) - (b?.total ?? 0),
    });
  }
  rows.sort(byChange);
  return { scale, rows };
}

function byChange(a: FunctionDiffRow, b: FunctionDiffRow): number {
  return Math.abs(b.deltaTotal) - Math.abs(a.deltaTotal)
    || Math.abs(b.deltaSelf) - Math.abs(a.deltaSelf)
    || (a.frame.name < b.frame.name ? -1 : a.frame.name > b.frame.name ? 1 : 0)
    || (a.frame.file < b.frame.file ? -1 : a.frame.file > b.frame.file ? 1 : 0)
    || a.frame.line - b.frame.line;
}

/** Δ as a percentage of the base value; null when the base is 0 or absent (a new function) */
export function percentChange(base: number | undefined, delta: number): number | null {
  return base ? (100 * delta) / base : null;
}

/** new / gone / changed / same, for marks in tables */
export function rowStatus(row: FunctionDiffRow): 'new' | 'gone' | 'changed' | 'same' {
  if (row.base === null) return 'new';
  if (row.next === null) return 'gone';
  return row.deltaSelf === 0 && row.deltaTotal === 0 && row.base.ncalls === row.next.ncalls ? 'same' : 'changed';
}
