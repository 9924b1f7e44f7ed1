/**
 * Typed arrays reused from one import to the next, for an import's own working arrays (never
 * for what a Profile keeps). A folder of thousands of small per-request profiles otherwise
 * allocates some seventy typed arrays per file, and in a Chromium worker each allocation costs
 * 5 to 14 us (its backing store and the bookkeeping the GC does for it): more than the parse.
 * A view on an array kept here costs no backing store.
 *
 * Each slot holds the largest array asked of it, up to MAX_POOLED bytes; bigger requests get a
 * fresh array that is not kept, so a worker holds at most a few megabytes here, and a big file
 * (whose allocations are few and whose arrays are large) is unaffected.
 *
 * Imports are synchronous, so a slot is in use by one caller at a time; callers name their slots
 * so that two of them in use at once (the scanner's and then the tree's) never share one.
 */
type Column = Int32Array | Float64Array | Uint8Array;
type ColumnClass<T extends Column> = { new (n: number): T; readonly BYTES_PER_ELEMENT: number };

export const MAX_POOLED = 1 << 19;

const pool = new Map<string, Column>();

/**
 * `n` elements of the slot's array (zeroed when `zero`; else holding whatever was left there).
 * The result is a view of exactly n elements.
 */
export function scratch<T extends Column>(slot: string, kind: ColumnClass<T>, n: number, zero: boolean): T {
  if (n * kind.BYTES_PER_ELEMENT > MAX_POOLED) return new kind(n);
  let a = pool.get(slot) as T | undefined;
  if (!a || !(a instanceof kind) || a.length < n) {
    // room to spare, so that slightly bigger files do not each replace it
    a = new kind(Math.min(Math.max(n + (n >> 1), 64), MAX_POOLED / kind.BYTES_PER_ELEMENT));
    pool.set(slot, a);
    return a.subarray(0, n) as T;
  }
  const view = a.subarray(0, n) as T;
  if (zero) view.fill(0);
  return view;
}

/**
 * Several columns in one backing store (one allocation instead of one per column), each
 * zeroed, of the given lengths; the Float64 ones first so that all stay aligned.
 */
export function slab(float64: readonly number[], int32: readonly number[], uint8: readonly number[]): {
  f: Float64Array[]; i: Int32Array[]; u: Uint8Array[];
} {
  let bytes = 0;
  for (const n of float64) bytes += 8 * n;
  for (const n of int32) bytes += 4 * n;
  for (const n of uint8) bytes += n;
  const buffer = new ArrayBuffer(bytes);
  let at = 0;
  const f = float64.map((n) => { const a = new Float64Array(buffer, at, n); at += 8 * n; return a; });
  const i = int32.map((n) => { const a = new Int32Array(buffer, at, n); at += 4 * n; return a; });
  const u = uint8.map((n) => { const a = new Uint8Array(buffer, at, n); at += n; return a; });
  return { f, i, u };
}
