import type { Frame, FunctionStats } from '../model';
import { functionLabel, type SortKey } from './table';

// The function table's orders as typed arrays of frame indexes: the orders sortRows gives its row
// objects (order.test.ts holds them to that), without an object per row. sortRows takes 100-400
// ms on 100 000 rows; here a numeric column is a stable radix sort of float keys (a few ms), a
// reversed one a pass over the unreversed, and the name column one comparison sort of strings,
// which the import worker does ahead of time (see Prepared.orders).

/** Table rows (functions with weight or calls, as functionRows keeps them), in frame order. */
export function rowFrames(functions: FunctionStats, frameCount: number): Int32Array {
  const { ncalls, self, total } = functions;
  const out = new Int32Array(frameCount);
  let n = 0;
  for (let f = 0; f < frameCount; f++) {
    if (self[f] === 0 && total[f] === 0 && !(ncalls && ncalls[f] > 0)) continue;
    out[n++] = f;
  }
  return out.slice(0, n);
}

/** The default order, cumtime biggest first; ties keep the given (frame) order. Every other order starts from it. */
export function byCumtime(functions: FunctionStats, rows: Int32Array): Int32Array {
  const keys = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) keys[i] = -functions.total[rows[i]] + 0;
  return radixSort(rows, keys);
}

/**
 * Rows (given in cumtime order) by `key`: numbers biggest first, names A to Z, `reversed` flips
 * that; ties stay biggest total first, then in frame order; missing values (no call counts) go
 * last either way. `forward`, the unreversed order of `key` if already known, saves the sort:
 * reversing it is one pass.
 */
export function sortFrames(functions: FunctionStats, frames: Frame[], cumtime: Int32Array, key: SortKey, reversed: boolean, forward?: Int32Array | null): Int32Array {
  const order = forward ?? forwardOrder(functions, frames, cumtime, key);
  if (!reversed) return order;
  if (key === 'function') {
    const label = labelsOf(frames);
    return reverseRuns(order, order.length, (f) => (label[f] ??= functionLabel(frames[f])));
  }
  const value = valueOf(functions, key);
  let n = order.length;
  while (n > 0 && value(order[n - 1]) === null) n--;
  return reverseRuns(order, n, (f) => value(f)!);
}

/** The unreversed order of `key`, from the cumtime order. */
export function forwardOrder(functions: FunctionStats, frames: Frame[], cumtime: Int32Array, key: SortKey): Int32Array {
  if (key === 'cumtime') return cumtime;
  if (key === 'function') return byLabel(frames, cumtime);
  const value = valueOf(functions, key);
  // values first, in cumtime order, then the rows without one
  const out = new Int32Array(cumtime.length);
  const keys = new Float64Array(cumtime.length);
  let n = 0;
  for (const f of cumtime) {
    const v = value(f);
    if (v === null) continue;
    keys[n] = -v + 0; // + 0: -0 sorts as 0, as a comparison would
    out[n++] = f;
  }
  out.set(radixSort(out.subarray(0, n), keys.subarray(0, n)));
  for (const f of cumtime) if (value(f) === null) out[n++] = f;
  return out;
}

/** Names A to Z; equal names keep their cumtime order. */
export function byLabel(frames: Frame[], cumtime: Int32Array): Int32Array {
  const label = labelsOf(frames);
  const labels = Array.from(cumtime, (f) => (label[f] ??= functionLabel(frames[f])));
  const positions = iota(cumtime.length);
  positions.sort((a, b) => (labels[a] < labels[b] ? -1 : labels[a] > labels[b] ? 1 : a - b));
  return positions.map((p) => cumtime[p]);
}

// Labels per frame, made once for the name sort and its reverse: 100 000 of them are ~10 MB once
// the comparisons have flattened them, too much to make twice. The one per-profile memo outside
// state/derived (which owns the page's): sortFrames runs in the import worker and in Node as well
// as on the page, and core may import nothing above it. Keyed by the frames array, it goes with it.
const labelCache = new WeakMap<Frame[], (string | undefined)[]>();

function labelsOf(frames: Frame[]): (string | undefined)[] {
  let labels = labelCache.get(frames);
  if (!labels) labelCache.set(frames, (labels = new Array<string | undefined>(frames.length)));
  return labels;
}

/** sortRows' columns as numbers per frame; null where the row has no value. */
function valueOf(functions: FunctionStats, key: Exclude<SortKey, 'function'>): (f: number) => number | null {
  const { ncalls, primcalls, self, total } = functions;
  switch (key) {
    case 'ncalls': return (f) => (ncalls ? ncalls[f] : null);
    case 'tottime': return (f) => self[f];
    case 'percall': return (f) => (ncalls && ncalls[f] ? self[f] / ncalls[f] : null);
    case 'cumtime': return (f) => total[f];
    case 'cumpercall': return (f) => {
      const calls = primcalls ? primcalls[f] : ncalls ? ncalls[f] : null;
      return calls ? total[f] / calls : null;
    };
  }
}

/**
 * A sorted order with the runs of equal keys among its first `n` in reverse, each run kept as it
 * was (so ties keep their order), and the rest after them unchanged. One key per element.
 */
function reverseRuns<K>(order: Int32Array, n: number, keyOf: (f: number) => K): Int32Array {
  const out = order.slice();
  let end = n, w = 0;
  let key = end > 0 ? keyOf(order[end - 1]) : undefined;
  while (end > 0) {
    let start = end - 1, before = key;
    while (start > 0 && (before = keyOf(order[start - 1])) === key) start--;
    out.set(order.subarray(start, end), w);
    w += end - start;
    end = start;
    key = before;
  }
  return out;
}

function iota(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * `items` sorted by `keys` (one per item) ascending, stable: an LSD radix sort on the bits of
 * the doubles, 16 at a time. Both inputs are left as they were.
 */
export function radixSort(items: Int32Array, keys: Float64Array): Int32Array {
  const n = items.length;
  const words = new Uint32Array(Float64Array.from(keys).buffer);
  const lo = LITTLE_ENDIAN ? 0 : 1, hi = 1 - lo;
  // flip negatives whole and the sign bit of the rest: unsigned order is then numeric order
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + hi];
    if (h & 0x80000000) {
      words[2 * i + hi] = ~h;
      words[2 * i + lo] = ~words[2 * i + lo];
    } else words[2 * i + hi] = h | 0x80000000;
  }
  let from: Int32Array = iota(n), to: Int32Array = new Int32Array(n);
  const count = new Int32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? lo : hi, shift = pass % 2 ? 16 : 0;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(words[2 * i + word] >>> shift) & 0xffff]++;
    if (n === 0 || count[(words[2 * from[0] + word] >>> shift) & 0xffff] === n) continue; // one digit: nothing moves
    for (let d = 0, sum = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const p = from[i];
      to[count[(words[2 * p + word] >>> shift) & 0xffff]++] = p;
    }
    [from, to] = [to, from];
  }
  return from.map((p) => items[p]);
}
