/**
 * Reading parsed JSON from a file: every value is untrusted. A key is read only when the object
 * itself has it, so `{"__proto__": …}` or a missing "constructor" never reaches Object.prototype.
 */
export function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function finiteOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** A value for a message: short JSON, never an object's own toString. */
export function shown(v: unknown): string {
  if (v === undefined) return 'missing';
  try {
    const s = JSON.stringify(v);
    return s.length > 40 ? `${s.slice(0, 40)}…` : s;
  } catch {
    return typeof v;
  }
}

/**
 * Whether a time, duration or weight read from a file lies within ±(2^53 - 1), as perf's periods
 * must: past it a number no longer holds every integer, no profiler's clock or counter writes
 * such a value (2^53 µs are 285 years, 2^53 ns 104 days), and a hostile 1e300 made totals that
 * drowned every other number (or overflowed to Infinity when added up).
 */
export function withinExactRange(v: number): boolean {
  return Math.abs(v) <= Number.MAX_SAFE_INTEGER;
}
