import { describe, expect, it } from 'vitest';
import type { TimelineBoxes } from './boxes';
import { firstBoxEndingAfter, nextBoxEndingAfter, timelineRows } from './rows';

/** Two rows of back-to-back boxes with seeded widths, in start order as timelineBoxes makes them. */
function boxesOf(n: number): TimelineBoxes {
  let seed = 11;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const b: TimelineBoxes = { size: n, node: new Int32Array(n), depth: new Int32Array(n), start: new Float64Array(n), end: new Float64Array(n), rows: 2 };
  const t = [0, 0];
  for (let i = 0; i < n; i++) {
    const d = rnd() < 0.5 ? 0 : 1;
    b.depth[i] = d;
    b.start[i] = t[d] + (rnd() < 0.2 ? rnd() * 5 : 0); // gaps too
    b.end[i] = b.start[i] + rnd() * 3;
    t[d] = b.end[i];
  }
  return b;
}

describe('timeline rows', () => {
  it('the galloping search from any box that ends before the time finds what the binary search over the row finds', () => {
    const boxes = boxesOf(5000);
    const rows = timelineRows(boxes);
    let seed = 5;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let i = 0; i < 3000; i++) {
      const d = rnd() < 0.5 ? 0 : 1;
      const span = rows.rowStart[d + 1] - rows.rowStart[d];
      const time = rnd() * (boxes.end[rows.order[rows.rowStart[d + 1] - 1]] + 2);
      const want = firstBoxEndingAfter(boxes, rows, d, time);
      // any start at or before the answer (every box before it ends at or before the time)
      const from = rows.rowStart[d] + Math.floor(rnd() * (want - rows.rowStart[d] + 1));
      expect(nextBoxEndingAfter(boxes, rows, d, time, from), `row ${d} of ${span}, time ${time}, from ${from}`).toBe(want);
    }
  });
});
