import type { TimelineBoxes } from './boxes';

/**
 * The boxes of each row (depth), in time order, so drawing a window of a million-box timeline
 * touches only the boxes in view: within a row boxes never overlap, so both their starts and
 * their ends increase, and a binary search finds the first box that ends after the window opens.
 */
export interface TimelineRows {
  /** CSR: the boxes of row d are order[rowStart[d] .. rowStart[d + 1]) */
  rowStart: Int32Array;
  order: Int32Array;
}

export function timelineRows(boxes: TimelineBoxes): TimelineRows {
  const rowStart = new Int32Array(boxes.rows + 1);
  for (let i = 0; i < boxes.size; i++) rowStart[boxes.depth[i] + 1]++;
  for (let d = 0; d < boxes.rows; d++) rowStart[d + 1] += rowStart[d];
  const fill = rowStart.slice(0, boxes.rows);
  const order = new Int32Array(boxes.size);
  // boxes are made in order of their start, so each row fills in time order
  for (let i = 0; i < boxes.size; i++) order[fill[boxes.depth[i]]++] = i;
  return { rowStart, order };
}

/** Index into `order` of the first box of row `d` that ends after `time` (the row's end if none). */
export function firstBoxEndingAfter(boxes: TimelineBoxes, rows: TimelineRows, d: number, time: number): number {
  let lo = rows.rowStart[d];
  let hi = rows.rowStart[d + 1];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (boxes.end[rows.order[mid]] <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * As firstBoxEndingAfter, searching only from index `from` on (a box known to end at or before
 * `time` comes before it) by galloping: steps of 1, 2, 4... then a binary search in the last
 * step. A zoomed-out draw skips a few dozen boxes per pixel, so this touches a handful of nearby
 * boxes where a binary search over the whole row would touch twenty far-apart ones.
 */
export function nextBoxEndingAfter(boxes: TimelineBoxes, rows: TimelineRows, d: number, time: number, from: number): number {
  const end = rows.rowStart[d + 1];
  let lo = from;
  let step = 1;
  while (lo + step < end && boxes.end[rows.order[lo + step]] <= time) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(end, lo + step);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (boxes.end[rows.order[mid]] <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The box under time `t` in row `d`, or -1. */
export function boxAt(boxes: TimelineBoxes, rows: TimelineRows, d: number, t: number): number {
  if (d < 0 || d >= boxes.rows) return -1;
  const k = firstBoxEndingAfter(boxes, rows, d, t);
  if (k >= rows.rowStart[d + 1]) return -1;
  const b = rows.order[k];
  return boxes.start[b] <= t ? b : -1;
}
