import type { Frame, LineCosts } from '../../model';
import { LineTable } from '../../source/lineTable';
import type { PprofTables } from './decode';

/** locationKey of a location with several Line entries (inlined code): read them from entryKey */
const MANY = -2;

/**
 * pprof's flat and cum per source line, counted as `go tool pprof -list` counts them: a location's
 * Line entries are (function, line) pairs, innermost first, in the function's file; a sample's
 * flat goes to the first entry of its leaf location, its cum to every distinct (function, line)
 * of its stack once (recursion counts once). Locations without lines (unsymbolized addresses),
 * functions without a file and unknown function ids give no rows; lines outside 1..2^31 are 0.
 *
 * Each Line entry gets a key for its (frame, line) once, when the importer first resolves its
 * location (entryKey; locationKey for the usual location of one line). cum is counted without
 * visiting the whole stack per sample: the importer pushes the locations a sample adds below the
 * part it shares with the previous sample and pops the ones it leaves, as it does to build the
 * tree, and a key present on the stack from sample a to sample b (count > 0 throughout) gets the
 * values of those samples as one difference of the running sum (sum at its pop - sum at its
 * push). Per sample that is the work of the changed part of the stack, which the tree builder
 * walks anyway; flat is summed per leaf location and given to lines at the end. Nothing is
 * allocated per sample.
 */
export class PprofLines {
  /** per Line entry of the tables: its key, or -1 (no row, or its location not resolved yet) */
  private readonly entryKey: Int32Array;
  /** per location: its one key, -1 when it has none, MANY when it has several (see entryKey) */
  private readonly locationKey: Int32Array;
  /** per location: the values of the samples whose leaf it is, given to its first line at the end */
  private readonly leafValue: Float64Array;
  /** open addressing over (frame, line): slots of [frame + 1 (0: empty), line, key]; a Map of numbers took 1 µs an entry */
  private slots = new Int32Array(3 * 1024);
  private keys = 0;
  private keyFrame = new Int32Array(1024);
  private keyLine = new Int32Array(1024);
  /**
   * per key, side by side so a push or pop touches one cache line: [3k] how many Line entries on
   * the current stack have it, [3k + 1] the running sum when it came onto the stack, [3k + 2] cum
   */
  private state = new Float64Array(3 * 1024);
  /** the values of the samples counted so far */
  private sum = 0;

  constructor(private readonly t: PprofTables) {
    this.entryKey = new Int32Array(t.lineStart[t.locationCount]).fill(-1);
    this.locationKey = new Int32Array(t.locationCount).fill(-1);
    this.leafValue = new Float64Array(t.locationCount);
  }

  /** Line entry `l` of a location, its function's frame now known (LocationFrames.resolve). */
  entry(l: number, frame: number, file: string): void {
    if (file === '') return; // nothing to show the line in, as -list says "no source information"
    const raw = this.t.lineNumber[l];
    const line = Number.isInteger(raw) && raw >= 1 && raw < 2 ** 31 ? raw : 0;
    this.entryKey[l] = this.keyOf(frame, line);
  }

  /** every Line entry of `loc` has been through entry() */
  resolved(loc: number): void {
    const a = this.t.lineStart[loc], b = this.t.lineStart[loc + 1];
    // most locations have one line (no inlining): their key is read without the entry table
    this.locationKey[loc] = b - a === 1 ? this.entryKey[a] : b > a ? MANY : -1;
  }

  /** `loc` joins the stack (below the part shared with the previous sample); it is resolved */
  push(loc: number): void {
    const k = this.locationKey[loc];
    if (k >= 0) {
      if (this.state[3 * k]++ === 0) this.state[3 * k + 1] = this.sum;
    } else if (k === MANY) {
      for (let l = this.t.lineStart[loc], end = this.t.lineStart[loc + 1]; l < end; l++) {
        const e = this.entryKey[l];
        if (e >= 0 && this.state[3 * e]++ === 0) this.state[3 * e + 1] = this.sum;
      }
    }
  }

  /** `loc` of the previous sample's stack is not in this one's */
  pop(loc: number): void {
    const k = this.locationKey[loc];
    if (k >= 0) this.leave(k);
    else if (k === MANY) {
      for (let l = this.t.lineStart[loc], end = this.t.lineStart[loc + 1]; l < end; l++) {
        const e = this.entryKey[l];
        if (e >= 0) this.leave(e);
      }
    }
  }

  private leave(k: number): void {
    const st = this.state;
    if (--st[3 * k] === 0) st[3 * k + 2] += this.sum - st[3 * k + 1];
  }

  /** a sample of `value` whose stack has been pushed; `leaf` its first location, or -1 */
  sample(leaf: number, value: number): void {
    if (leaf >= 0) this.leafValue[leaf] += value;
    this.sum += value;
  }

  /** the rows, sorted as LineCosts wants; null when no sample reached a line */
  finish(frames: Frame[]): LineCosts | null {
    if (this.keys === 0) return null;
    const st = this.state;
    const self = new Float64Array(this.keys);
    const { lineStart } = this.t;
    for (let loc = 0; loc < this.t.locationCount; loc++) {
      // flat goes to the innermost line of the leaf location, as pprof's graph gives it
      const k = this.leafValue[loc] > 0 && lineStart[loc] < lineStart[loc + 1] ? this.entryKey[lineStart[loc]] : -1;
      if (k >= 0) self[k] += this.leafValue[loc];
    }
    const table = new LineTable();
    for (let k = 0; k < this.keys; k++) {
      // keys still on the last sample's stack
      if (st[3 * k] > 0) st[3 * k + 2] += this.sum - st[3 * k + 1];
      // a frame's lines are in its own file: the frame's index names it
      // cum is a difference of running sums: past 2^53 (a hostile file) rounding could make it a
      // little less than flat, which no line can be
      table.add(this.keyFrame[k], this.keyFrame[k], this.keyLine[k], self[k], Math.max(0, st[3 * k + 2] - self[k]));
    }
    return table.finish((frame) => frames[frame].file);
  }

  /** the key of (frame, line), made when new */
  private keyOf(frame: number, line: number): number {
    let slots = this.slots;
    let mask = slots.length / 3 - 1;
    let i = slotOf(frame, line, mask);
    for (let f = slots[3 * i]; f !== 0; f = slots[3 * i]) {
      if (f === frame + 1 && slots[3 * i + 1] === line) return slots[3 * i + 2];
      i = (i + 1) & mask;
    }
    const k = this.keys++;
    if (k === this.keyFrame.length) this.grow();
    this.keyFrame[k] = frame;
    this.keyLine[k] = line;
    if (2 * this.keys > mask + 1) {
      // at most half full: twice the slots, every key placed again
      slots = this.slots = new Int32Array(2 * slots.length);
      mask = slots.length / 3 - 1;
      for (let j = 0; j < this.keys; j++) {
        let at = slotOf(this.keyFrame[j], this.keyLine[j], mask);
        while (slots[3 * at] !== 0) at = (at + 1) & mask;
        slots[3 * at] = this.keyFrame[j] + 1;
        slots[3 * at + 1] = this.keyLine[j];
        slots[3 * at + 2] = j;
      }
      return k;
    }
    slots[3 * i] = frame + 1;
    slots[3 * i + 1] = line;
    slots[3 * i + 2] = k;
    return k;
  }

  private grow(): void {
    const n = this.keyFrame.length * 2;
    const frame = new Int32Array(n), line = new Int32Array(n), state = new Float64Array(3 * n);
    frame.set(this.keyFrame);
    line.set(this.keyLine);
    state.set(this.state);
    this.keyFrame = frame;
    this.keyLine = line;
    this.state = state;
  }
}

/** a multiplicative hash of the pair, its high bits folded into the low ones the mask keeps */
function slotOf(frame: number, line: number, mask: number): number {
  const h = Math.imul(frame ^ Math.imul(line, 0x27d4eb2d), 0x9e3779b1);
  return (h ^ (h >>> 16)) & mask;
}
