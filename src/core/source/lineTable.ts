import type { LineCosts } from '../model';

/**
 * Sums costs per (frame, file, line) while an importer reads a file, into the compact columns of
 * LineCosts: one row per distinct line a function spent cost on (a few per function), never one
 * per cost line of the file.
 *
 * An importer's hot loop appends to a small batch (merging a line into the batch's last row when
 * it has the same key, as runs of `instr line` cost lines do) and has the batch summed when it is
 * full, as callgrind's EdgeTable does: the table's rare paths (growth, collisions) then stay out
 * of the compiled loop, and the batch's lookups overlap.
 */
export const LINE_BATCH = 256;

/** Fibonacci hashing of a triple: the top 32 - `shift` bits of the product. */
function slotOf(frame: number, file: number, line: number, shift: number): number {
  return Math.imul(frame ^ Math.imul(file, 0x27d4eb2d) ^ Math.imul(line, 0x165667b1), 0x9e3779b1) >>> shift;
}

export class LineTable {
  size = 0;
  batched = 0;
  readonly batchFrame = new Int32Array(LINE_BATCH);
  readonly batchFile = new Int32Array(LINE_BATCH);
  readonly batchLine = new Float64Array(LINE_BATCH);
  readonly batchSelf = new Float64Array(LINE_BATCH);
  readonly batchCalls = new Float64Array(LINE_BATCH);
  // open addressing: slots of [frame + 1 (0: empty), file, line, row]
  private slots = new Int32Array(0);
  private shift = 32;
  private frame = new Int32Array(0);
  private file = new Int32Array(0);
  private line = new Int32Array(0);
  private sums = new Float64Array(0); // [2r] self, [2r + 1] calls

  constructor() {
    this.slots = new Int32Array(4 * 64);
    this.shift = 32 - 6;
    this.frame = new Int32Array(32);
    this.file = new Int32Array(32);
    this.line = new Int32Array(32);
    this.sums = new Float64Array(64);
  }

  /** a cost at (frame, file, line): self, or the inclusive cost of calls made from there */
  add(frame: number, file: number, line: number, self: number, calls: number): void {
    const r = this.batched - 1;
    if (r >= 0 && this.batchFrame[r] === frame && this.batchFile[r] === file && this.batchLine[r] === line) {
      this.batchSelf[r] += self;
      this.batchCalls[r] += calls;
      return;
    }
    if (this.batched === LINE_BATCH) this.sumBatch();
    const b = this.batched++;
    this.batchFrame[b] = frame;
    this.batchFile[b] = file;
    this.batchLine[b] = line;
    this.batchSelf[b] = self;
    this.batchCalls[b] = calls;
  }

  sumBatch(): void {
    const n = this.batched;
    for (let b = 0; b < n; b++) {
      const raw = this.batchLine[b];
      // lines past int32 (a hex address read as a line, +N past any number) are unknown
      const line = raw >= 1 && raw < 2147483648 ? raw : 0;
      const r = this.row(this.batchFrame[b], this.batchFile[b], line);
      this.sums[2 * r] += this.batchSelf[b];
      this.sums[2 * r + 1] += this.batchCalls[b];
    }
    this.batched = 0;
  }

  /**
   * The rows sorted by frame, file, line; `fileName` names a file id, and ids naming the same
   * text share one entry of `files`.
   */
  finish(fileName: (file: number) => string): LineCosts {
    this.sumBatch();
    const n = this.size;
    const files: string[] = [];
    const fileIndex = new Map<string, number>();
    const byId = new Map<number, number>();
    const fileOf = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const id = this.file[r];
      let f = byId.get(id);
      if (f === undefined) {
        const name = fileName(id);
        f = fileIndex.get(name);
        if (f === undefined) {
          f = files.length;
          files.push(name);
          fileIndex.set(name, f);
        }
        byId.set(id, f);
      }
      fileOf[r] = f;
    }
    const frame = this.frame, line = this.line;
    const order = sortedRows(frame, fileOf, line, n);
    const out: LineCosts = {
      size: n,
      frame: new Int32Array(n),
      file: new Int32Array(n),
      line: new Int32Array(n),
      self: new Float64Array(n),
      total: new Float64Array(n),
      files,
    };
    // one id may name the same text as another (callgrind: a file defined twice): merge their rows
    let k = -1;
    for (let i = 0; i < n; i++) {
      const r = order[i];
      if (k >= 0 && out.frame[k] === frame[r] && out.file[k] === fileOf[r] && out.line[k] === line[r]) {
        out.self[k] += this.sums[2 * r];
        out.total[k] += this.sums[2 * r] + this.sums[2 * r + 1];
        continue;
      }
      k++;
      out.frame[k] = frame[r];
      out.file[k] = fileOf[r];
      out.line[k] = line[r];
      out.self[k] = this.sums[2 * r];
      out.total[k] = this.sums[2 * r] + this.sums[2 * r + 1];
    }
    const size = k + 1;
    if (size === n) return out;
    return {
      size,
      frame: out.frame.slice(0, size),
      file: out.file.slice(0, size),
      line: out.line.slice(0, size),
      self: out.self.slice(0, size),
      total: out.total.slice(0, size),
      files,
    };
  }

  /** the row of (frame, file, line), made with zero sums when new */
  private row(frame: number, file: number, line: number): number {
    let slots = this.slots;
    let mask = (slots.length >> 2) - 1;
    let i = slotOf(frame, file, line, this.shift);
    for (;;) {
      const k = slots[4 * i];
      if (k === 0) break;
      if (k === frame + 1 && slots[4 * i + 1] === file && slots[4 * i + 2] === line) return slots[4 * i + 3];
      i = (i + 1) & mask;
    }
    if (2 * (this.size + 1) > mask + 1) {
      this.grow();
      slots = this.slots;
      mask = (slots.length >> 2) - 1;
      i = slotOf(frame, file, line, this.shift);
      while (slots[4 * i] !== 0) i = (i + 1) & mask;
    }
    const r = this.size++;
    if (r === this.frame.length) {
      this.frame = grownInt(this.frame, 2 * r);
      this.file = grownInt(this.file, 2 * r);
      this.line = grownInt(this.line, 2 * r);
      const sums = new Float64Array(4 * r);
      sums.set(this.sums);
      this.sums = sums;
    }
    this.frame[r] = frame;
    this.file[r] = file;
    this.line[r] = line;
    slots[4 * i] = frame + 1;
    slots[4 * i + 1] = file;
    slots[4 * i + 2] = line;
    slots[4 * i + 3] = r;
    return r;
  }

  /** four times the slots: at most half full */
  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 4);
    this.shift -= 2;
    const mask = (slots.length >> 2) - 1;
    for (let j = 0; j < old.length; j += 4) {
      if (old[j] === 0) continue;
      let i = slotOf(old[j] - 1, old[j + 1], old[j + 2], this.shift);
      while (slots[4 * i] !== 0) i = (i + 1) & mask;
      slots.set(old.subarray(j, j + 4), 4 * i);
    }
    this.slots = slots;
  }
}

/**
 * Rows by frame, file, line: a counting sort by frame (rows are made in file order, a function's
 * together), then each frame's few rows by file and line. A comparator sort of all rows took
 * seconds on a million.
 */
function sortedRows(frame: Int32Array, file: Int32Array, line: Int32Array, n: number): Int32Array {
  let frames = 0;
  for (let r = 0; r < n; r++) if (frame[r] >= frames) frames = frame[r] + 1;
  const start = new Int32Array(frames + 1);
  for (let r = 0; r < n; r++) start[frame[r] + 1]++;
  for (let f = 0; f < frames; f++) start[f + 1] += start[f];
  const at = start.slice(0, frames);
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[at[frame[r]]++] = r;
  const before = (a: number, b: number) => file[a] - file[b] || line[a] - line[b];
  for (let f = 0; f < frames; f++) {
    const from = start[f], to = start[f + 1];
    if (to - from > 32) {
      order.subarray(from, to).sort(before);
      continue;
    }
    for (let i = from + 1; i < to; i++) {
      const r = order[i];
      let j = i - 1;
      while (j >= from && before(order[j], r) > 0) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = r;
    }
  }
  return order;
}

function grownInt(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
