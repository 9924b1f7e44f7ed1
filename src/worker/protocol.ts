import type { CallTree, Profile } from '../core/model';
import type { SortKey } from '../core/stats/table';

/** Messages between the page and the import worker. */
export type WorkerRequest =
  /**
   * A local file goes as the File itself, a download as the pieces it came in (moved, not
   * copied): reading or joining 200 MB is a long task, so it happens in the worker. `event`:
   * read it with that event (another callgrind event or pprof sample type) rather than the
   * default; the page sends again the Blob a `done` gave it (see `source`).
   */
  | { type: 'open'; job: number; bytes: Uint8Array[] | Blob; name: string; event?: number };

export type WorkerReply =
  | { type: 'progress'; job: number; phase: string; fraction: number }
  /** profile `profile`'s next frames, to append (see FrameSlice); all of them come before `done` */
  | ({ type: 'frames'; job: number; profile: number } & FrameSlice)
  /**
   * the profiles with empty `frames` (sent before, in slices). `source`, for a file with several
   * events: the file as a Blob (a download's bytes made one, which the browser keeps outside the
   * tab's heaps), for the page to send again with another event. The worker keeps nothing
   * after it, so the page ends it at once (client.ts).
   */
  | { type: 'done'; job: number; profiles: Profile[]; prepared: Prepared[]; source: Blob | null }
  | { type: 'error'; job: number; message: string; format: string; where: string };

/**
 * Frames as a table of their strings. Cloning 100 000 frame objects took ~70 ms in one task on
 * the page, with a copy of every name and file (a profile has far fewer distinct ones: 35 000
 * strings for 200 000 in the generated .prof). So the frames come in slices, each its own task,
 * with each distinct string once; the page builds the Frame objects.
 */
export interface FrameSlice {
  /** strings not sent before for this job, to append to those that were */
  strings: string[];
  /** per frame, indexes into the job's strings so far */
  name: Int32Array;
  file: Int32Array;
  line: Float64Array;
  column: Float64Array;
}

/**
 * What the worker works out beside each profile, so that showing it never walks every function
 * or node on the page's thread (each such pass is tens of ms at 100 000 functions).
 */
export interface Prepared {
  /** the table's rows (functions with weight or calls) by cumtime, biggest first: what other orders start from */
  cumtime: Int32Array;
  /** the rows in the table's first order, tottime biggest first (the hot spot on top); [0] is selected on open */
  tottime: Int32Array;
  /** node count of every subtree of the call tree */
  sizes: Int32Array;
  /** self time per colour key of the chart, biggest first: the legend */
  packages: { key: string; time: number }[];
}

/** A table order's name: the column and whether it is reversed, as "tottime false". */
export type OrderName = `${SortKey} ${boolean}`;

export function orderName(key: SortKey, reversed: boolean): OrderName {
  return `${key} ${reversed}`;
}

/** Every typed array buffer of a profile, so postMessage moves it instead of copying it. */
export function transferablesOf(profiles: Profile[], prepared: Prepared[] = []): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (a: { buffer: ArrayBufferLike } | null) => {
    if (a && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  };
  for (const p of profiles) {
    const { tree, functions, graph } = p;
    for (const b of transferablesOfTree(tree)) out.add(b);
    [functions.ncalls, functions.primcalls, functions.self, functions.total].forEach(add);
    if (graph) [graph.caller, graph.callee, graph.ncalls, graph.primcalls, graph.self, graph.total].forEach(add);
    if (p.graphTree) add(p.graphTree.inclusive);
    if (p.samples) [p.samples.node, p.samples.time, p.samples.weight].forEach(add);
    if (p.lines) [p.lines.frame, p.lines.file, p.lines.line, p.lines.self, p.lines.total].forEach(add);
    // a pprof's sample labels: copied, they were half the page's task that shows a big pprof
    if (p.labels) [p.labels.samples.node, p.labels.samples.weight, p.labels.sample, p.labels.key, p.labels.str, p.labels.num, p.labels.unit].forEach(add);
  }
  for (const p of prepared) [p.cumtime, p.tottime, p.sizes].forEach(add);
  return [...out];
}

/** A call tree's typed array buffers, its optional per-node flags included. */
export function transferablesOfTree(tree: CallTree): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of [tree.parent, tree.frame, tree.self, tree.total, tree.recursion, tree.estimated]) {
    if (a && a.buffer instanceof ArrayBuffer && !out.includes(a.buffer)) out.push(a.buffer);
  }
  return out;
}

/**
 * From this size on, a file's import worker pauses one task before answering and is ended a
 * second after it, when the page is idle (worker.ts, client.ts): a worker thread giving a
 * gigabyte back to the system stalls the page's thread on every fresh page it touches meanwhile.
 */
export const BIG_IMPORT_BYTES = 256 << 20;
