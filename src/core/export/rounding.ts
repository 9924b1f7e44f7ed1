/**
 * Integers that sum to `target`, each as close as possible to its value: floor everything, then
 * give the missing units to the largest remainders (Hamilton's method). Callgrind costs must be
 * integers, and rounding each one on its own can make their sum miss the file's `summary:` by
 * up to half a unit per function; this keeps callgrind_annotate's per-function figures adding up
 * to its PROGRAM TOTALS.
 *
 * When the values cannot reach the target by moving each with a fraction up by one unit (the
 * input's parts do not add up to its total), each value is rounded on its own instead: the file then says what
 * the input said, as FORMATS.md asks of pyprof2calltree files, rather than inventing cost.
 */
export function roundToTarget(values: ArrayLike<number>, target: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = Number.isFinite(values[i]) ? values[i] : 0;
    out[i] = Math.floor(v);
    sum += out[i];
  }
  const missing = target - sum;
  // only a value with a fraction can take a unit: integers already (a callgrind file whose
  // functions sum below its summary) would otherwise gain cost that no one recorded
  let fractions = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i]) && values[i] - out[i] > 0) fractions++;
  if (!(missing >= 0 && missing <= fractions)) {
    for (let i = 0; i < n; i++) out[i] = Math.round(Number.isFinite(values[i]) ? values[i] : 0);
    return out;
  }
  if (missing === 0) return out;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rest = (i: number) => (Number.isFinite(values[i]) ? values[i] : 0) - out[i];
  // biggest remainder first; ties go to the earlier index so the output is deterministic
  order.sort((a, b) => rest(b) - rest(a) || a - b);
  for (let k = 0; k < missing; k++) out[order[k]]++;
  return out;
}
