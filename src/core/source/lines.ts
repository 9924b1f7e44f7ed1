import type { LineCosts } from '../model';

/** One line of a function: where, its own cost and its cost with the calls made from it. */
export interface LineRow {
  file: string;
  line: number;
  self: number;
  total: number;
}

/** The rows of `frame` in LineCosts: one range, found by binary search (rows are sorted by frame). */
export function lineRange(lines: LineCosts, frame: number): [number, number] {
  const lower = (f: number) => {
    let lo = 0, hi = lines.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lines.frame[mid] < f) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return [lower(frame), lower(frame + 1)];
}

/** The lines of `frame`, by file then line; empty when the format records none for it. */
export function functionLines(lines: LineCosts | undefined, frame: number): LineRow[] {
  if (!lines) return [];
  const [from, to] = lineRange(lines, frame);
  const out: LineRow[] = [];
  for (let r = from; r < to; r++) {
    out.push({ file: lines.files[lines.file[r]], line: lines.line[r], self: lines.self[r], total: lines.total[r] });
  }
  return out;
}
