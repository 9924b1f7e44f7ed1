import type { WeightUnit } from './model';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A weight for people: time with a fitting unit, counts with thousands separators and the event name. */
export function formatWeight(value: number, unit: WeightUnit): string {
  if (unit.kind === 'time') return formatSeconds(value * unit.seconds);
  if (unit.kind === 'bytes') return formatBytes(value);
  // speedscope's unit 'none' is a plain count: the number alone, not "14 none"
  if (unit.name === 'none' || unit.name === '') return grouped.format(value);
  return `${grouped.format(value)} ${value === 1 && unit.name === 'samples' ? 'sample' : unit.name}`;
}

export function formatSeconds(s: number): string {
  const a = Math.abs(s);
  if (a === 0) return '0 s';
  if (a >= 1) return `${trim(s, 3)} s`;
  if (a >= 1e-3) return `${trim(s * 1e3, 3)} ms`;
  if (a >= 1e-6) return `${trim(s * 1e6, 3)} µs`;
  return `${trim(s * 1e9, 3)} ns`;
}

function formatBytes(b: number): string {
  const a = Math.abs(b);
  if (a >= 2 ** 30) return `${trim(b / 2 ** 30, 3)} GiB`;
  if (a >= 2 ** 20) return `${trim(b / 2 ** 20, 3)} MiB`;
  if (a >= 2 ** 10) return `${trim(b / 2 ** 10, 3)} KiB`;
  return `${grouped.format(b)} B`;
}

/** three significant digits, no trailing zeros beyond them */
function trim(v: number, digits: number): string {
  return Number(v.toPrecision(digits)).toString();
}

export function formatPercent(part: number, whole: number): string {
  if (!(whole > 0)) return '–';
  const p = (100 * part) / whole;
  return `${p >= 10 ? p.toFixed(1) : p.toPrecision(2)}%`;
}

/** pstats' ncalls column: "nc/cc" when recursion makes them differ */
export function formatCalls(ncalls: number | null, primcalls: number | null): string {
  if (ncalls === null) return '–';
  if (primcalls !== null && primcalls !== ncalls) return `${ncalls}/${primcalls}`;
  return String(ncalls);
}
