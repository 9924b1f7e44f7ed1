import type { FrameTable } from '../../frames';
import type { LineCosts } from '../../model';
import type { Repairs } from '../../warnings';
import type { V8Columns } from './scan';

/**
 * Per-line costs from V8's positionTicks: a node's self time shared among its lines in proportion
 * to their ticks, summed per function and line (DevTools' line-level timings do the same). V8
 * records no call sites, so a line's total is its self. Entries whose line is not a whole number
 * from 1 or whose ticks are not a positive count are left out, with a warning. Null when no node has ticks.
 *
 * The entries are visited in file order and their lines and shares copied out grouped by
 * function, so that sorting and summing read memory in order: reaching each entry's node through
 * the groups (a random access per column) took 43 ms of a 105 MB profile's 263 000 entries.
 */
export function lineCostsFromTicks(c: V8Columns, selfOf: Float64Array, frames: FrameTable, warnings: Repairs): LineCosts | null {
  const t = c.ticks;
  if (t.size === 0) return null; // most profiles: no node-sized scratch array for them
  const frameCount = frames.frames.length;
  const sum = new Float64Array(c.count);
  // the sane entries counted per frame (a counting sort, entries in file order within a frame)
  const start = new Int32Array(frameCount + 1);
  let sane = 0;
  for (let k = 0; k < t.size; k++) {
    if (isSane(t.line[k], t.ticks[k])) {
      sum[t.node[k]] += t.ticks[k];
      start[c.frame[t.node[k]] + 1]++;
      sane++;
    } else {
      warnings.note('ticks', `nodes[${t.node[k]}].positionTicks`, 'positionTicks entries without a line from 1 or a positive count of ticks: left out of the line costs');
    }
  }
  if (sane === 0) return null;
  for (let f = 0; f < frameCount; f++) start[f + 1] += start[f];
  const line = new Float64Array(sane);
  const share = new Float64Array(sane);
  const fill = start.slice(0, frameCount);
  for (let k = 0; k < t.size; k++) {
    if (!isSane(t.line[k], t.ticks[k])) continue;
    const node = t.node[k];
    const at = fill[c.frame[node]]++;
    line[at] = t.line[k];
    share[at] = (selfOf[node] * t.ticks[k]) / sum[node];
  }
  // within a frame, by line; equal lines keep file order, so each line's sum adds up as before
  const byLine = new GroupByLine(line, share);
  let size = 0;
  for (let f = 0; f < frameCount; f++) {
    const from = start[f], to = start[f + 1];
    if (to - from > 1) byLine.sort(from, to);
    for (let i = from; i < to; i++) if (i === from || line[i] !== line[i - 1]) size++;
  }
  // summed per (frame, line)
  const fileIndex = new Map<string, number>();
  const out: LineCosts = { size, frame: new Int32Array(size), file: new Int32Array(size), line: new Int32Array(size), self: new Float64Array(size), total: new Float64Array(size), files: [] };
  let r = -1;
  for (let f = 0; f < frameCount; f++) {
    if (start[f] === start[f + 1]) continue;
    const url = frames.frames[f].file;
    let file = fileIndex.get(url);
    if (file === undefined) {
      file = out.files.length;
      fileIndex.set(url, file);
      out.files.push(url);
    }
    for (let i = start[f]; i < start[f + 1]; i++) {
      if (i === start[f] || line[i] !== line[i - 1]) {
        r++;
        out.frame[r] = f;
        out.file[r] = file;
        out.line[r] = line[i];
      }
      out.self[r] += share[i];
    }
  }
  out.total.set(out.self);
  return out;
}

function isSane(line: number, ticks: number): boolean {
  return Number.isInteger(line) && line >= 1 && ticks > 0 && ticks < Infinity;
}

/**
 * Sorts runs of entries by line, stably, their shares along. A function's lines lie close
 * together, so where a run's lines span little more than the run a counting sort does it; a
 * comparison sort took 31 ms of a 105 MB profile's 1 s import.
 */
class GroupByLine {
  private counts = new Int32Array(64);
  private order = new Int32Array(64);
  private lineCopy = new Float64Array(64);
  private shareCopy = new Float64Array(64);

  constructor(private readonly line: Float64Array, private readonly share: Float64Array) {}

  /** sorts entries [from, to) */
  sort(from: number, to: number): void {
    const line = this.line, n = to - from;
    let min = Infinity, max = -Infinity;
    for (let i = from; i < to; i++) {
      const l = line[i];
      if (l < min) min = l;
      if (l > max) max = l;
    }
    if (this.order.length < n) {
      this.order = new Int32Array(2 * n);
      this.lineCopy = new Float64Array(2 * n);
      this.shareCopy = new Float64Array(2 * n);
    }
    const order = this.order; // order[j]: the entry (from `from`) placed j-th
    const span = max - min + 1;
    if (span > 4 * n + 64) {
      for (let j = 0; j < n; j++) order[j] = j;
      order.subarray(0, n).sort((a, b) => line[from + a] - line[from + b] || a - b);
    } else {
      if (this.counts.length < span + 1) this.counts = new Int32Array(2 * span + 1);
      const counts = this.counts;
      counts.fill(0, 0, span + 1);
      for (let i = from; i < to; i++) counts[line[i] - min + 1]++;
      for (let d = 1; d <= span; d++) counts[d] += counts[d - 1];
      for (let i = from; i < to; i++) order[counts[line[i] - min]++] = i - from;
    }
    const lineCopy = this.lineCopy, shareCopy = this.shareCopy, share = this.share;
    lineCopy.set(line.subarray(from, to));
    shareCopy.set(share.subarray(from, to));
    for (let j = 0; j < n; j++) {
      line[from + j] = lineCopy[order[j]];
      share[from + j] = shareCopy[order[j]];
    }
  }
}
