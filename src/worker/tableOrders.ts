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
  /** 'sent' for the name column, whose labels went before, in chunks (labelChunk, LabelFrames); null for a numeric column */
  labels: 'sent' | null;
}

/**
 * Rows per chunk of labels the page sends for the name column, each chunk made and posted in a
 * task of its own: 100 000 labels made and cloned at once were a 90-97 ms task on the page.
 */
export const LABEL_CHUNK = 20_000;

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

/** Which statistics each numeric column's sort reads (valueOf in core/stats/order.ts). */
const COLUMNS_READ = new Map<SortKey, string[]>([
  ['ncalls', ['ncalls']],
  ['tottime', ['self']],
  ['percall', ['self', 'ncalls']],
  ['cumtime', ['total']],
  ['cumpercall', ['total', 'primcalls', 'ncalls']],
]);
const EMPTY = new Float64Array(0);

/** Messages to the order worker: chunks of labels (no answer), then the sort (answered with a SortedColumn). */
export type OrderMessage = { type: 'labels'; labels: RowLabels } | (OrderRequest & { type: 'sort'; id: number });

/** The column both ways: `forward` as a first click sorts it, `reversed` as a second does. */
export interface SortedColumn {
  forward: Int32Array;
  reversed: Int32Array;
}

/**
 * What the page sends for `key`: only the columns the sort reads (the name column's labels go
 * before it, see labelChunk), each a copy of its own (moved,
 * see transferablesOfOrder). postMessage copies a typed array's whole buffer, not its view: the
 * statistics of the bench's 25 MB .prof are views of larger buffers, and cloning them took 78 ms
 * of the click's task (a CPU profile); copying the views themselves takes a few ms.
 */
export function orderRequest(key: SortKey, cumtime: Int32Array, functions: FunctionStats): OrderRequest {
  if (key !== 'function') {
    // only the columns the sort reads (core/stats/order.ts valueOf): each MB copied is ~10 ms
    // of first touches on this project's machine
    const { ncalls, primcalls, self, total } = functions;
    const uses = (column: 'ncalls' | 'primcalls' | 'self' | 'total') => COLUMNS_READ.get(key)!.includes(column);
    const copy = (a: Float64Array | null, column: 'ncalls' | 'primcalls' | 'self' | 'total') => (a && uses(column) ? a.slice() : null);
    return {
      key,
      cumtime: cumtime.slice(),
      functions: { ncalls: copy(ncalls, 'ncalls'), primcalls: copy(primcalls, 'primcalls'), self: copy(self, 'self') ?? EMPTY, total: copy(total, 'total') ?? EMPTY },
      labels: null,
    };
  }
  return { key, cumtime: cumtime.slice(), functions: null, labels: 'sent' };
}

/** The labels of rows [start, end) of `cumtime`, for the name column (see LABEL_CHUNK). */
export function labelChunk(cumtime: Int32Array, frames: Frame[], start: number, end: number): RowLabels {
  const n = end - start;
  const name = new Array<string>(n);
  const file = new Int32Array(n);
  const line = new Float64Array(n);
  const files: string[] = [];
  const fileIds = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const f = frames[cumtime[start + i]];
    let id = fileIds.get(f.file);
    if (id === undefined) fileIds.set(f.file, (id = files.push(f.file) - 1));
    name[i] = f.name;
    file[i] = id;
    line[i] = f.line;
  }
  return { name, files, file, line };
}

/** The worker's side of the chunks: the rows' labels as frames, appended as they come. */
export class LabelFrames {
  frames: Frame[] = [];

  add(labels: RowLabels): void {
    labels.name.forEach((name, i) => this.frames.push({ name, file: labels.files[labels.file[i]], line: labels.line[i], column: 0 }));
  }

  /** The frames so far, and a fresh start for the next sort. */
  take(): Frame[] {
    const out = this.frames;
    this.frames = [];
    return out;
  }
}

/** The request's own copies, for postMessage to move rather than copy again. */
export function transferablesOfOrder(request: OrderRequest): ArrayBuffer[] {
  const { cumtime, functions } = request;
  const arrays = [cumtime, functions?.ncalls, functions?.primcalls, functions?.self, functions?.total];
  return [...new Set(arrays.flatMap((a) => (a && a.length > 0 ? [a.buffer as ArrayBuffer] : [])))];
}

/**
 * The worker's side: the column sorted both ways, as sortFrames sorts it on the page. `frames`:
 * the rows' labels as frames, for the name column (LabelFrames).
 */
export function sortColumn({ key, cumtime, functions, labels }: OrderRequest, frames: Frame[] = []): SortedColumn {
  if (labels === null) {
    if (!functions) throw new Error(`no statistics to sort ${key} by`);
    const forward = sortFrames(functions, [], cumtime, key, false);
    return { forward, reversed: sortFrames(functions, [], cumtime, key, true, forward) };
  }
  // a worker started again between the chunks and the request has not all of them
  if (frames.length !== cumtime.length) throw new Error(`the labels of ${frames.length} rows came for ${cumtime.length}`);
  // rows stand for frames here: frame i is row i, and the orders are mapped back to frames
  const rows = new Int32Array(frames.length);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  const none: FunctionStats = { ncalls: null, primcalls: null, self: new Float64Array(0), total: new Float64Array(0) };
  const forward = sortFrames(none, frames, rows, key, false);
  const reversed = sortFrames(none, frames, rows, key, true, forward);
  return { forward: forward.map((r) => cumtime[r]), reversed: reversed.map((r) => cumtime[r]) };
}
