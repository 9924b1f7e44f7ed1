import type { Frame, FunctionStats } from '../core/model';
import { sortFrames } from '../core/stats/order';
import type { SortKey } from '../core/stats/table';

// A big table's orders, sorted in the order worker (see state/tableOrder.ts): what the page sends
// for one column, and what the worker does with it. The names of 100 000 functions take 110-160
// ms to sort (node, bench's 25 MB .prof), the numbers 10-50 ms: too long for a click's task.

/** One column's sort: the rows the table shows and what that column needs of them. */
export interface OrderRequest {
  key: SortKey;
  /** the table's rows by cumtime (frame indexes), as every order starts from */
  cumtime: Int32Array;
  /** per-frame statistics, for a numeric column (null for the name column) */
  functions: FunctionStats | null;
  /** labels of the rows, in the order of `cumtime`, for the name column (null otherwise) */
  labels: RowLabels | null;
}

/**
 * The label parts of each row, as columns: a row's file is files[file[i]] (a few thousand files
 * for 100 000 functions), so the structured clone copies each file name once.
 */
export interface RowLabels {
  name: string[];
  files: string[];
  file: Int32Array;
  line: Float64Array;
}

/** The column both ways: `forward` as a first click sorts it, `reversed` as a second does. */
export interface SortedColumn {
  forward: Int32Array;
  reversed: Int32Array;
}

/** What the page sends for `key`: only the columns the sort reads. */
export function orderRequest(key: SortKey, cumtime: Int32Array, functions: FunctionStats, frames: Frame[]): OrderRequest {
  if (key !== 'function') return { key, cumtime, functions, labels: null };
  const n = cumtime.length;
  const name = new Array<string>(n);
  const file = new Int32Array(n);
  const line = new Float64Array(n);
  const files: string[] = [];
  const fileIds = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const f = frames[cumtime[i]];
    let id = fileIds.get(f.file);
    if (id === undefined) fileIds.set(f.file, (id = files.push(f.file) - 1));
    name[i] = f.name;
    file[i] = id;
    line[i] = f.line;
  }
  return { key, cumtime, functions: null, labels: { name, files, file, line } };
}

/** The worker's side: the column sorted both ways, as sortFrames sorts it on the page. */
export function sortColumn({ key, cumtime, functions, labels }: OrderRequest): SortedColumn {
  if (!labels) {
    if (!functions) throw new Error(`no statistics to sort ${key} by`);
    const forward = sortFrames(functions, [], cumtime, key, false);
    return { forward, reversed: sortFrames(functions, [], cumtime, key, true, forward) };
  }
  // rows stand for frames here: frame i is row i, and the orders are mapped back to frames
  const frames = labels.name.map((name, i): Frame => ({ name, file: labels.files[labels.file[i]], line: labels.line[i], column: 0 }));
  const rows = new Int32Array(frames.length);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  const none: FunctionStats = { ncalls: null, primcalls: null, self: new Float64Array(0), total: new Float64Array(0) };
  const forward = sortFrames(none, frames, rows, key, false);
  const reversed = sortFrames(none, frames, rows, key, true, forward);
  return { forward: forward.map((r) => cumtime[r]), reversed: reversed.map((r) => cumtime[r]) };
}
