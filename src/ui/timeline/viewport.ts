/**
 * The visible time window of the timeline, [start, end) in the profile's unit, and the pure
 * arithmetic of zooming and panning it: zoom keeps the time under the pointer where it is, and
 * the window never leaves [0, duration] nor shrinks below `minSpan`.
 */
export interface TimeWindow {
  start: number;
  end: number;
}

export function clampWindow(w: TimeWindow, duration: number, minSpan: number): TimeWindow {
  let span = Math.min(Math.max(w.end - w.start, Math.min(minSpan, duration)), duration);
  if (!(span > 0)) span = duration > 0 ? duration : 1;
  // a window widened to the smallest span grows around its middle
  const middle = (w.start + w.end) / 2;
  const wanted = w.end - w.start >= span ? w.start : middle - span / 2;
  let start = Math.min(Math.max(0, wanted), Math.max(0, duration - span));
  if (!Number.isFinite(start)) start = 0;
  return { start, end: start + span };
}

/** Zooms by `factor` (< 1 zooms in) around time `at`. */
export function zoomAround(w: TimeWindow, at: number, factor: number, duration: number, minSpan: number): TimeWindow {
  const start = at - (at - w.start) * factor;
  const end = at + (w.end - at) * factor;
  return clampWindow({ start, end }, duration, minSpan);
}

/** The same window `by` later: from one thread's time to the shared axis' and back. */
export function shift(w: TimeWindow, by: number): TimeWindow {
  return { start: w.start + by, end: w.end + by };
}

export function pan(w: TimeWindow, by: number, duration: number, minSpan: number): TimeWindow {
  return clampWindow({ start: w.start + by, end: w.end + by }, duration, minSpan);
}

/** Axis ticks: a round step (1, 2 or 5 × 10^k) giving about `count` ticks over the window. */
export function ticks(w: TimeWindow, count: number): number[] {
  const span = w.end - w.start;
  if (!(span > 0) || count < 1) return [];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let t = Math.ceil(w.start / step) * step; t <= w.end && out.length < 1000; t += step) out.push(t);
  return out;
}
