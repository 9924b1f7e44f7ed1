import type { ListRow } from '../worker/listProtocol';

// The profile list's derived views, pure: which rows a filter keeps, in which order, and the
// histogram of totals the range brush works on. Over 10 000 rows each is a few ms.

export type ListSortKey = 'name' | 'format' | 'total' | 'mtime' | 'hottest';

export interface ListFilter {
  /** plain text, case-insensitive, in the file name (e.g. "GET.report") */
  name: string;
  /** the total's range, in the list's measure (see measureOf); null for no bound */
  min: number | null;
  max: number | null;
}

/** What the histogram and the range compare: seconds where the unit is a time, else the total. */
export function measureOf(row: ListRow): number {
  return Number.isNaN(row.seconds) ? row.total : row.seconds;
}

export function matches(row: ListRow, filter: ListFilter): boolean {
  if (filter.name && !row.name.toLowerCase().includes(filter.name.toLowerCase())) return false;
  const m = measureOf(row);
  if (filter.min !== null && !(m >= filter.min)) return false;
  if (filter.max !== null && !(m <= filter.max)) return false;
  return true;
}

/** Indexes into `rows` of those the filter keeps, sorted; ties keep the order the files came in. */
export function visibleRows(rows: readonly ListRow[], filter: ListFilter, key: ListSortKey, descending: boolean): Int32Array {
  const kept: number[] = [];
  for (let i = 0; i < rows.length; i++) if (matches(rows[i], filter)) kept.push(i);
  const sign = descending ? -1 : 1;
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const compare = (a: number, b: number): number => {
    const x = rows[a], y = rows[b];
    let c: number;
    if (key === 'name') c = text(x.name, y.name);
    else if (key === 'format') c = text(x.format, y.format);
    else if (key === 'hottest') c = text(x.hottest, y.hottest);
    else if (key === 'mtime') c = x.mtime - y.mtime;
    else c = measureOf(x) - measureOf(y);
    return sign * c || a - b;
  };
  return Int32Array.from(kept.sort(compare));
}

export interface Histogram {
  /** bin edges: bins + 1 of them, from the smallest total to the largest */
  edges: number[];
  counts: number[];
}

/** Totals of the readable rows in `bins` equal bins between the smallest and the largest. */
export function histogram(rows: readonly ListRow[], bins: number): Histogram {
  let lo = Infinity, hi = -Infinity;
  for (const r of rows) {
    if (r.error) continue;
    const m = measureOf(r);
    if (m < lo) lo = m;
    if (m > hi) hi = m;
  }
  if (!(lo <= hi)) return { edges: [], counts: [] };
  if (hi === lo) hi = lo + (Math.abs(lo) || 1) * 1e-9;
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (const r of rows) {
    if (r.error) continue;
    counts[Math.min(bins - 1, Math.floor((measureOf(r) - lo) / width))]++;
  }
  return { edges, counts };
}

/**
 * Shift-click: the rows between the anchor and the clicked one, in the order shown. Returns
 * the ids; empty when the anchor is no longer shown.
 */
export function rangeIds(rows: readonly ListRow[], order: Int32Array, anchorId: number, id: number): number[] {
  let from = -1, to = -1;
  for (let k = 0; k < order.length; k++) {
    const rid = rows[order[k]].id;
    if (rid === anchorId) from = k;
    if (rid === id) to = k;
  }
  if (from < 0 || to < 0) return [];
  const [a, b] = from <= to ? [from, to] : [to, from];
  const out: number[] = [];
  for (let k = a; k <= b; k++) out.push(rows[order[k]].id);
  return out;
}
