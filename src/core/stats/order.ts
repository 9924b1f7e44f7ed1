import type { Frame, FunctionStats } from '../model';
import { functionLabel, isPlaced, type SortKey } from './table';

// The function table's orders as typed arrays of frame indexes: the orders sortRows gives its row
// objects (order.test.ts holds them to that), without an object per row. sortRows takes 100-400
// ms on 100 000 rows; here a numeric column is a stable radix sort of float keys (a few ms), a
// reversed one a pass over the unreversed, and the name column sorted by file, then line and
// name (byLabel), which the import worker does ahead of time (see Prepared.orders).

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
  if (key === 'function') return reverseRuns(order, order.length, (a, b) => sameLabel(frames[a], frames[b]));
  const value = valueOf(functions, key);
  let n = order.length;
  while (n > 0 && value(order[n - 1]) === null) n--;
  return reverseRuns(order, n, (a, b) => value(a) === value(b));
}

/** functionLabel(a) === functionLabel(b), without making the labels where both have a file. */
function sameLabel(a: Frame, b: Frame): boolean {
  if (isPlaced(a) && isPlaced(b)) return a.line === b.line && a.file === b.file && a.name === b.name;
  return functionLabel(a) === functionLabel(b);
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

/**
 * Names A to Z; equal names keep their cumtime order. A label is a head and a tail: `file:` and
 * `line(name)` for a function with a file, the whole label otherwise. Where no head is a prefix of
 * another, two labels with different heads differ within both heads, so rows sort by their head's
 * rank, then by tail within a head: a few thousand heads and short tails, not a label of ~90
 * characters per row (100 000 of those took ~30 MiB of the import worker's heap, a fifth of the
 * page's peak for a 25 MB .prof). Otherwise, whole labels.
 */
export function byLabel(frames: Frame[], cumtime: Int32Array): Int32Array {
  return byHeadAndTail(frames, cumtime) ?? byWholeLabel(frames, cumtime);
}

/** byLabel by head rank and tail; null where a head is a prefix of another (whole labels decide then). */
export function byHeadAndTail(frames: Frame[], cumtime: Int32Array): Int32Array | null {
  const n = cumtime.length;
  const ids = new Map<string, number>(); // head -> id
  const fileIds = new Map<string, number>(); // file -> the id of its head `file:`
  const heads: string[] = [];
  const headOf = new Int32Array(n);
  const idOf = (head: string) => {
    let id = ids.get(head);
    if (id === undefined) {
      id = heads.length;
      ids.set(head, id);
      heads.push(head);
    }
    return id;
  };
  for (let i = 0; i < n; i++) {
    const f = frames[cumtime[i]];
    if (!isPlaced(f)) {
      headOf[i] = idOf(functionLabel(f));
      continue;
    }
    let id = fileIds.get(f.file);
    if (id === undefined) fileIds.set(f.file, (id = idOf(`${f.file}:`)));
    headOf[i] = id;
  }
  const sorted = iota(heads.length).sort((a, b) => (heads[a] < heads[b] ? -1 : heads[a] > heads[b] ? 1 : 0));
  for (let k = 1; k < sorted.length; k++) if (heads[sorted[k]].startsWith(heads[sorted[k - 1]])) return null;
  const rank = new Int32Array(heads.length);
  sorted.forEach((id, r) => { rank[id] = r; });
  // rows by head rank, in cumtime order within one (a counting sort), then each head's by tail
  const start = new Int32Array(heads.length + 1);
  for (let i = 0; i < n; i++) start[rank[headOf[i]] + 1]++;
  for (let r = 0; r < heads.length; r++) start[r + 1] += start[r];
  const fill = start.slice(0, heads.length);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[fill[rank[headOf[i]]]++] = i;
  for (let r = 0; r < heads.length; r++) {
    const group = out.subarray(start[r], start[r + 1]);
    if (group.length < 2) continue;
    const tails = Array.from(group, (i) => tailOf(frames[cumtime[i]]));
    const at = iota(group.length);
    at.sort((a, b) => (tails[a] < tails[b] ? -1 : tails[a] > tails[b] ? 1 : a - b));
    group.set(at.map((a) => group[a]));
  }
  return out.map((i) => cumtime[i]);
}

function tailOf(f: Frame): string {
  return isPlaced(f) ? `${f.line}(${f.name})` : '';
}

/** byLabel with a whole label per row. */
function byWholeLabel(frames: Frame[], cumtime: Int32Array): Int32Array {
  const labels = Array.from(cumtime, (f) => functionLabel(frames[f]));
  const positions = iota(cumtime.length);
  positions.sort((a, b) => (labels[a] < labels[b] ? -1 : labels[a] > labels[b] ? 1 : a - b));
  return positions.map((p) => cumtime[p]);
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
 * was (so ties keep their order), and the rest after them unchanged. `same(f, g)`: whether two
 * frames' keys are equal.
 */
function reverseRuns(order: Int32Array, n: number, same: (f: number, g: number) => boolean): Int32Array {
  const out = order.slice();
  let end = n, w = 0;
  while (end > 0) {
    let start = end - 1;
    while (start > 0 && same(order[start - 1], order[end - 1])) start--;
    out.set(order.subarray(start, end), w);
    w += end - start;
    end = start;
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
