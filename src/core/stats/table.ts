import type { Frame, Profile } from '../model';

/** One row of the function-stats table, the columns pstats and SnakeViz print. */
export interface FunctionRow {
  frame: number;
  ncalls: number | null;
  primcalls: number | null;
  self: number;
  total: number;
}

export type SortKey = 'ncalls' | 'tottime' | 'percall' | 'cumtime' | 'cumpercall' | 'function';

/** pstats' sort names (and ours) to a column */
export const SORT_ALIASES: ReadonlyMap<string, SortKey> = new Map<string, SortKey>([
  ['ncalls', 'ncalls'], ['calls', 'ncalls'], ['pcalls', 'ncalls'],
  ['tottime', 'tottime'], ['time', 'tottime'], ['self', 'tottime'],
  ['percall', 'percall'],
  ['cumtime', 'cumtime'], ['cumulative', 'cumtime'], ['total', 'cumtime'],
  ['cumpercall', 'cumpercall'],
  ['function', 'function'], ['name', 'function'], ['filename', 'function'], ['file', 'function'],
]);

/** Every function that has weight or calls; the synthetic root of rebuilt trees has neither. */
export function functionRows(profile: Profile): FunctionRow[] {
  const { ncalls, primcalls, self, total } = profile.functions;
  const rows: FunctionRow[] = [];
  for (let f = 0; f < profile.frames.length; f++) {
    const calls = ncalls ? ncalls[f] : null;
    if (self[f] === 0 && total[f] === 0 && !(calls && calls > 0)) continue;
    rows.push({ frame: f, ncalls: calls, primcalls: primcalls ? primcalls[f] : null, self: self[f], total: total[f] });
  }
  return rows;
}

export function percall(row: FunctionRow): number | null {
  return row.ncalls ? row.self / row.ncalls : null;
}

export function cumPercall(row: FunctionRow): number | null {
  const calls = row.primcalls ?? row.ncalls;
  return calls ? row.total / calls : null;
}

/** pstats' "filename:lineno(function)", with built-ins in braces as pstats prints them. */
export function functionLabel(frame: Frame): string {
  if (isPlaced(frame)) return `${frame.file}:${frame.line}(${frame.name})`;
  if (frame.file !== '~') return frame.name;
  const name = frame.name;
  return name.startsWith('<') && name.endsWith('>') ? `{${name.slice(1, -1)}}` : name;
}

/** Whether functionLabel is `file:line(name)`: a file, and not pstats' built-in `~` at line 0. */
export function isPlaced(frame: Frame): boolean {
  return frame.file !== '' && !(frame.file === '~' && frame.line === 0);
}

/**
 * Sorts in place. Numbers sort biggest first and names A to Z, as pstats does; `reversed`
 * flips that. Missing values (no call counts) sort last either way.
 */
export function sortRows(rows: FunctionRow[], frames: Frame[], key: SortKey, reversed = false): FunctionRow[] {
  if (key === 'function') {
    const labels = new Map<number, string>();
    for (const r of rows) labels.set(r.frame, functionLabel(frames[r.frame]));
    const dir = reversed ? -1 : 1;
    return rows.sort((a, b) => dir * compareText(labels.get(a.frame)!, labels.get(b.frame)!) || b.total - a.total);
  }
  const value = sortValue(key);
  const dir = reversed ? 1 : -1;
  return rows.sort((a, b) => {
    const va = value(a), vb = value(b);
    if (va === null || vb === null) return va === vb ? b.total - a.total : va === null ? 1 : -1;
    return dir * (va - vb) || b.total - a.total;
  });
}

function sortValue(key: Exclude<SortKey, 'function'>): (r: FunctionRow) => number | null {
  switch (key) {
    case 'ncalls': return (r) => r.ncalls;
    case 'tottime': return (r) => r.self;
    case 'percall': return percall;
    case 'cumtime': return (r) => r.total;
    case 'cumpercall': return cumPercall;
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
