import { latin1, parseFloatText, utf8 } from './marshal';
import { byteSize, isByteSource, type ByteSource } from '../../io/source';
import { MAX_POOLED, scratch, slab } from '../../io/scratch';

/**
 * A cProfile stats dict read straight from its marshal bytes into columns, without building a
 * Python value per key, tuple and callers dict (see decodeMarshal for the general decoder). Keys
 * become ids of distinct (filename, lineno, funcname) triples; strings are decoded once per
 * definition (marshal's references share the rest).
 *
 * Returns null for anything that is not the plain shape cProfile and profile write (other types
 * in the dict, truncation, bad references, a bad long, a line number that is not an int32 or is
 * -0.0...): the caller then decodes with decodeMarshal, which gives the same result or the
 * proper error.
 */
export interface PstatsScan {
  /** distinct strings, by id */
  strings: string[];
  /** distinct keys, by id: string ids and the line */
  keyCount: number;
  keyFile: Int32Array;
  keyLine: Int32Array;
  keyName: Int32Array;
  /** the top dict's entries in file order (duplicates included): key id, callers range, values */
  entryCount: number;
  entryKey: Int32Array;
  entryEdges: Int32Array; // entry e's callers are the edges entryEdges[e] to entryEdges[e + 1]
  /**
   * (cc, nc, tt, ct) of entry e at index e + 1, in the columns of FunctionStats: entry e is
   * frame e + 1 when each key has one entry (frame 0 is the root), and the stats adopt them
   */
  entryPrimcalls: Float64Array;
  entryNcalls: Float64Array;
  entrySelf: Float64Array;
  entryTotal: Float64Array;
  /** whether a key has several entries (a hostile file: a Python dict keeps one of them) */
  duplicateKeys: boolean;
  /**
   * caller edges in file order, in the columns of a CallGraph so that it can adopt them: the
   * caller's key id, then the (nc, cc, tt, ct) the file holds (a plain count: in ncalls alone)
   */
  edgeCount: number;
  edgeCaller: Int32Array;
  edgeNcalls: Float64Array;
  edgePrimcalls: Float64Array;
  edgeSelf: Float64Array;
  edgeTotal: Float64Array;
  /** 1 per edge whose value was a plain call count (the old profile module); null when none was */
  edgeIsCount: Uint8Array | null;
  /** zeros, one per edge: room for the graph's callee column, made with the others */
  edgeCallee: Int32Array;
}

const BAIL = new Error('not a plain pstats dict');
const FLAG_REF = 0x80;
// what a reference points to
const REF_OTHER = 0, REF_NUMBER = 1, REF_STRING = 2, REF_KEY = 3, REF_PENDING = 4;

export function scanPstats(input: Uint8Array | ByteSource, window = SCAN_WINDOW): PstatsScan | null {
  try {
    return new PstatsScanner(input, window).run();
  } catch (e) {
    if (e === BAIL) return null;
    throw e;
  }
}

// Ids and numbers live in typed arrays, and floats go from the bytes straight into their column:
// a float that a (not inlined) call returns, or one stored in a plain object, is a heap object of
// its own, and a .prof holds millions of them.

/** How much of a ByteSource the scanner holds at a time (more only for a longer string). */
export const SCAN_WINDOW = 1 << 22;

class PstatsScanner {
  // the bytes in hand: all of them, or a window of a ByteSource; p and n index them, and `base`
  // is where they start in the file
  private b: Uint8Array;
  private view: DataView;
  private n: number;
  private p = 0;
  private base = 0;
  private readonly source: ByteSource | null;
  private readonly fileSize: number;
  private readonly small: boolean;

  // marshal's references (grown by doubling); first sized by the file, as the columns below: a
  // folder of a thousand 10 KB per-request profiles would otherwise zero megabytes for nothing
  private refKind: Uint8Array;
  private refId: Int32Array; // of a string or a key
  private refNumber: Float64Array;
  private refCount = 0;
  private readonly interned: number[] = []; // py2 't' strings (ids), for 'R'

  private readonly stringId = new Map<string, number>();
  private readonly strings: string[] = [];

  // keys: open addressing over key ids + 1, and the keys by id
  private keyTable: Int32Array;
  private keyCount = 0;
  private keyFile: Int32Array;
  private keyLine: Int32Array;
  private keyName: Int32Array;

  private entryCount = 0;
  private entryKey: Int32Array;
  private entryEdges: Int32Array;
  private entryPrimcalls: Float64Array;
  private entryNcalls: Float64Array;
  private entrySelf: Float64Array;
  private entryTotal: Float64Array;
  private entrySeen: Uint8Array; // per key id: whether it has had an entry
  private duplicateKeys = false;

  private edgeCount = 0;
  private edgeCaller: Int32Array;
  private edgeNcalls: Float64Array;
  private edgePrimcalls: Float64Array;
  private edgeSelf: Float64Array;
  private edgeTotal: Float64Array;
  private edgeIsCount: Uint8Array | null = null; // made when the first plain count is met
  private callerSeen: Int32Array; // per key id: 1 + the last entry it was a caller in

  constructor(input: Uint8Array | ByteSource, private readonly window: number) {
    this.source = isByteSource(input) ? input : null;
    this.b = isByteSource(input) ? new Uint8Array(0) : input;
    this.n = this.b.length;
    this.view = new DataView(this.b.buffer, this.b.byteOffset, this.b.byteLength);
    this.fileSize = byteSize(input);
    // The columns start with room for what the files Python writes hold for their size, or a
    // little more (they take ~130 bytes per function and 60 to 90 per caller edge), so that
    // most never grow; pages past what is written are never touched, so they take no memory.
    const functions = Math.max(64, Math.ceil(this.fileSize / 96)), edges = Math.max(64, Math.ceil(this.fileSize / 48));
    const refs = Math.min(1 << 12, Math.max(256, Math.ceil(this.fileSize / 16)));
    // A small file's working columns are views of arrays kept between imports (see scratch.ts),
    // copied out at the end; a big one's are its own, and the profile adopts them.
    this.small = 8 * edges <= MAX_POOLED;
    const take = <T extends Int32Array | Float64Array | Uint8Array>(
      slot: string, kind: { new (n: number): T; readonly BYTES_PER_ELEMENT: number }, n: number, zero: boolean,
    ): T => (this.small ? scratch(`pstats.${slot}`, kind, n, zero) : new kind(n));
    this.refKind = take('refKind', Uint8Array, refs, false);
    this.refId = take('refId', Int32Array, refs, false);
    this.refNumber = take('refNumber', Float64Array, refs, false);
    // a power of two, at least twice the functions the first columns hold, at most 4096 slots
    this.keyTable = take('keyTable', Int32Array, Math.min(1 << 12, 1 << Math.ceil(Math.log2(2 * functions + 2))), true);
    this.keyFile = take('keyFile', Int32Array, functions, false);
    this.keyLine = take('keyLine', Int32Array, functions, false);
    this.keyName = take('keyName', Int32Array, functions, false);
    this.entryKey = take('entryKey', Int32Array, functions, false);
    this.entryEdges = take('entryEdges', Int32Array, functions + 1, false);
    this.entryEdges[0] = 0;
    this.entryPrimcalls = take('entryPrimcalls', Float64Array, functions + 1, false);
    this.entryNcalls = take('entryNcalls', Float64Array, functions + 1, false);
    this.entrySelf = take('entrySelf', Float64Array, functions + 1, false);
    this.entryTotal = take('entryTotal', Float64Array, functions + 1, false);
    this.entrySeen = take('entrySeen', Uint8Array, functions, true);
    this.callerSeen = take('callerSeen', Int32Array, functions, true);
    this.edgeCaller = take('edgeCaller', Int32Array, edges, false);
    this.edgeNcalls = take('edgeNcalls', Float64Array, edges, false);
    this.edgePrimcalls = take('edgePrimcalls', Float64Array, edges, false);
    this.edgeSelf = take('edgeSelf', Float64Array, edges, false);
    this.edgeTotal = take('edgeTotal', Float64Array, edges, false);
  }

  run(): PstatsScan {
    const top = this.byte();
    if ((top & ~FLAG_REF) !== 0x7b) throw BAIL;
    if (top & FLAG_REF) this.reserve(REF_OTHER);
    for (;;) {
      if (this.peekByte() === 0x30) {
        this.p++;
        break;
      }
      const key = this.key();
      this.entry(key);
    }
    return this.small ? this.copied() : this.adopted();
  }

  /** A big file's columns, for the profile to adopt. */
  private adopted(): PstatsScan {
    const keys = this.keyCount, edges = this.edgeCount;
    return {
      strings: this.strings,
      keyCount: keys,
      keyFile: this.keyFile.subarray(0, keys),
      keyLine: this.keyLine.subarray(0, keys),
      keyName: this.keyName.subarray(0, keys),
      entryCount: this.entryCount,
      entryKey: this.entryKey,
      entryEdges: this.entryEdges,
      entryPrimcalls: this.entryPrimcalls,
      entryNcalls: this.entryNcalls,
      entrySelf: this.entrySelf,
      entryTotal: this.entryTotal,
      duplicateKeys: this.duplicateKeys,
      edgeCount: edges,
      edgeCaller: trim(this.edgeCaller, edges),
      edgeNcalls: trim(this.edgeNcalls, edges),
      edgePrimcalls: trim(this.edgePrimcalls, edges),
      edgeSelf: trim(this.edgeSelf, edges),
      edgeTotal: trim(this.edgeTotal, edges),
      edgeIsCount: this.edgeIsCount && trim(this.edgeIsCount, edges),
      edgeCallee: new Int32Array(edges),
    };
  }

  /**
   * A small file's columns copied out of the scratch arrays into one backing store: one
   * allocation for the lot. The entry columns have room for every key (frames past the
   * entries are functions that only call, with zeros), so that the stats adopt them as they are.
   */
  private copied(): PstatsScan {
    const keys = this.keyCount, edges = this.edgeCount, entries = this.entryCount;
    const rows = Math.max(entries, keys) + 1;
    const { f, i } = slab([rows, rows, rows, rows, edges, edges, edges, edges], [keys, keys, keys, entries, entries + 1, edges, edges], []);
    const copy = <T extends Int32Array | Float64Array>(to: T, from: T, count: number): T => {
      to.set(from.subarray(0, count));
      return to;
    };
    return {
      strings: this.strings,
      keyCount: keys,
      keyFile: copy(i[0], this.keyFile, keys),
      keyLine: copy(i[1], this.keyLine, keys),
      keyName: copy(i[2], this.keyName, keys),
      entryCount: entries,
      entryKey: copy(i[3], this.entryKey, entries),
      entryEdges: copy(i[4], this.entryEdges, entries + 1),
      // entry e at e + 1: index 0, the root's, stays 0
      entryPrimcalls: copyFrom1(f[0], this.entryPrimcalls, entries),
      entryNcalls: copyFrom1(f[1], this.entryNcalls, entries),
      entrySelf: copyFrom1(f[2], this.entrySelf, entries),
      entryTotal: copyFrom1(f[3], this.entryTotal, entries),
      duplicateKeys: this.duplicateKeys,
      edgeCount: edges,
      edgeCaller: copy(i[5], this.edgeCaller, edges),
      edgeNcalls: copy(f[4], this.edgeNcalls, edges),
      edgePrimcalls: copy(f[5], this.edgePrimcalls, edges),
      edgeSelf: copy(f[6], this.edgeSelf, edges),
      edgeTotal: copy(f[7], this.edgeTotal, edges),
      edgeIsCount: this.edgeIsCount && this.edgeIsCount.slice(0, edges),
      edgeCallee: i[6],
    };
  }

  // ---- the stats shape

  /** (cc, nc, tt, ct, callers) */
  private entry(key: number): void {
    this.tupleOf(5);
    const e = this.entryCount++;
    if (e === this.entryKey.length) this.growEntries();
    if (key >= this.entrySeen.length) this.entrySeen = grow(this.entrySeen, this.room(key + 1, this.entrySeen.length));
    if (this.entrySeen[key]) this.duplicateKeys = true;
    this.entrySeen[key] = 1;
    this.entryKey[e] = key;
    this.numberInto(this.entryPrimcalls, e + 1);
    this.numberInto(this.entryNcalls, e + 1);
    this.numberInto(this.entrySelf, e + 1);
    this.numberInto(this.entryTotal, e + 1);
    const d = this.byte();
    if ((d & ~FLAG_REF) !== 0x7b) throw BAIL;
    if (d & FLAG_REF) this.reserve(REF_OTHER);
    for (;;) {
      if (this.peekByte() === 0x30) {
        this.p++;
        break;
      }
      this.edge(e);
    }
    this.entryEdges[e + 1] = this.edgeCount;
  }

  /** one item of entry e's callers dict: caller key -> (nc, cc, tt, ct), or a plain call count */
  private edge(e: number): void {
    const caller = this.key();
    // a caller key twice in one callers dict (a hostile file): the general path merges them as Python does
    if (caller >= this.callerSeen.length) this.callerSeen = grow(this.callerSeen, this.room(caller + 1, this.callerSeen.length));
    if (this.callerSeen[caller] === e + 1) throw BAIL;
    this.callerSeen[caller] = e + 1;
    const k = this.edgeCount++;
    if (k === this.edgeCaller.length) this.growEdges();
    this.edgeCaller[k] = caller;
    const t = this.peekByte() & ~FLAG_REF;
    if (t === 0x28 || t === 0x29) {
      this.tupleOf(4);
      this.numberInto(this.edgeNcalls, k);
      this.numberInto(this.edgePrimcalls, k);
      this.numberInto(this.edgeSelf, k);
      this.numberInto(this.edgeTotal, k);
    } else {
      this.numberInto(this.edgeNcalls, k); // the old profile module: a plain call count
      (this.edgeIsCount ??= new Uint8Array(this.edgeCaller.length))[k] = 1;
    }
  }

  /** a tuple header of exactly `count` items (registered if flagged) */
  private tupleOf(count: number): void {
    const code = this.byte();
    const t = code & ~FLAG_REF;
    let len: number;
    if (t === 0x29) len = this.byte();
    else if (t === 0x28) len = this.int32();
    else throw BAIL;
    if (len !== count) throw BAIL;
    if (code & FLAG_REF) this.reserve(REF_OTHER);
  }

  /** (filename, lineno, funcname), or a reference to one */
  private key(): number {
    const code = this.byte();
    const t = code & ~FLAG_REF;
    if (t === 0x72) {
      const r = this.ref();
      if (this.refKind[r] !== REF_KEY) throw BAIL;
      return this.refId[r];
    }
    let len: number;
    if (t === 0x29) len = this.byte();
    else if (t === 0x28) len = this.int32();
    else throw BAIL;
    if (len !== 3) throw BAIL;
    const slot = code & FLAG_REF ? this.reserve(REF_PENDING) : -1;
    const file = this.string();
    const line = this.number();
    // cProfile writes C int lines. Others go the general way: it refuses lines that are not
    // finite, and with a -0.0 the frame's line would depend on which of -0 and 0 comes first in
    // its own order. Without them, lines compare exactly as int32.
    if ((line | 0) !== line || (line === 0 && 1 / line < 0)) throw BAIL;
    const name = this.string();
    const key = this.internKey(file, line, name);
    if (slot >= 0) {
      this.refKind[slot] = REF_KEY;
      this.refId[slot] = key;
    }
    return key;
  }

  private internKey(file: number, line: number, name: number): number {
    const table = this.keyTable;
    const mask = table.length - 1;
    let slot = keyHash(file, line, name) & mask;
    for (;;) {
      const k = table[slot] - 1;
      if (k < 0) break;
      if (this.keyName[k] === name && this.keyFile[k] === file && this.keyLine[k] === line) return k;
      slot = (slot + 1) & mask;
    }
    const k = this.keyCount++;
    if (k === this.keyFile.length) this.growKeys();
    this.keyFile[k] = file;
    this.keyLine[k] = line;
    this.keyName[k] = name;
    table[slot] = k + 1;
    if (2 * this.keyCount > mask) this.rehashKeys();
    return k;
  }

  /**
   * Twice the slots. (Not the projected count as for the columns: a file names most of its
   * functions early on, so that would overshoot, and a sparse table touches all its pages.)
   */
  private rehashKeys(): void {
    const table = new Int32Array(2 * this.keyTable.length);
    const mask = table.length - 1;
    for (let k = 0; k < this.keyCount; k++) {
      let slot = keyHash(this.keyFile[k], this.keyLine[k], this.keyName[k]) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = k + 1;
    }
    this.keyTable = table;
  }

  // ---- marshal values, as decodeMarshal reads them

  /** a str (any of marshal's string codes, or a reference to one): its id */
  private string(): number {
    const code = this.byte();
    const t = code & ~FLAG_REF;
    let s: string;
    switch (t) {
      case 0x72: { // 'r'
        const r = this.ref();
        if (this.refKind[r] !== REF_STRING) throw BAIL;
        return this.refId[r];
      }
      case 0x52: { // 'R': py2 interned
        const i = this.int32();
        if (i < 0 || i >= this.interned.length) throw BAIL;
        return this.interned[i];
      }
      case 0x7a: case 0x5a: { // 'z' 'Z'
        const len = this.byte();
        const from = this.take(len);
        s = latin1(this.b, from, this.p);
        break;
      }
      case 0x61: case 0x41: { // 'a' 'A'
        const len = this.size();
        const from = this.take(len);
        s = latin1(this.b, from, this.p);
        break;
      }
      case 0x75: case 0x74: { // 'u' 't'
        const len = this.size();
        const from = this.take(len);
        s = utf8(this.b, from, this.p, false)!;
        break;
      }
      case 0x73: { // 's'
        const len = this.size();
        const from = this.take(len);
        s = utf8(this.b, from, this.p, true) ?? latin1(this.b, from, this.p);
        break;
      }
      default:
        throw BAIL;
    }
    let id = this.stringId.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringId.set(s, id);
    }
    if (code === 0x74) this.interned.push(id);
    if (code & FLAG_REF) {
      const r = this.reserve(REF_STRING); // first: reserve may grow refId
      this.refId[r] = id;
    }
    return id;
  }

  /** a number into column[at]: the binary floats that make most of a file's times go straight there */
  private numberInto(column: Float64Array, at: number): void {
    if (this.peekByte() === 0x67) {
      const from = this.take(9); // 'g'
      column[at] = this.view.getFloat64(from + 1, true);
    }
    else column[at] = this.number();
  }

  /** an int, long or float (or a reference to one) */
  private number(): number {
    const code = this.byte();
    let v: number;
    switch (code & ~FLAG_REF) {
      case 0x69: v = this.int32(); break; // 'i'
      case 0x67: { // 'g'
        this.take(8);
        v = this.view.getFloat64(this.p - 8, true);
        break;
      }
      case 0x72: { // 'r'
        const r = this.ref();
        if (this.refKind[r] !== REF_NUMBER) throw BAIL;
        return this.refNumber[r];
      }
      case 0x6c: { // 'l'
        const count = this.int32();
        const digits = Math.abs(count);
        const from = this.take(2 * digits);
        v = 0;
        for (let k = digits - 1; k >= 0; k--) {
          const d = this.b[from + 2 * k] | (this.b[from + 2 * k + 1] << 8);
          if (d >= 0x8000) throw BAIL;
          v = v * 32768 + d;
        }
        if (count < 0) v = -v;
        break;
      }
      case 0x66: { // 'f'
        const len = this.byte();
        const from = this.take(len);
        const parsed = parseFloatText(latin1(this.b, from, this.p));
        if (parsed === undefined) throw BAIL;
        v = parsed;
        break;
      }
      case 0x49: { // 'I'
        this.take(8);
        v = this.view.getUint32(this.p - 8, true) + this.view.getInt32(this.p - 4, true) * 4294967296;
        break;
      }
      default:
        throw BAIL;
    }
    if (code & FLAG_REF) {
      const r = this.reserve(REF_NUMBER);
      this.refNumber[r] = v;
    }
    return v;
  }

  private ref(): number {
    const r = this.int32();
    if (r < 0 || r >= this.refCount) throw BAIL;
    return r;
  }

  private reserve(kind: number): number {
    const r = this.refCount++;
    if (r === this.refKind.length) {
      this.refKind = grow(this.refKind, 2 * r);
      this.refId = grow(this.refId, 2 * r);
      this.refNumber = grow(this.refNumber, 2 * r);
    }
    this.refKind[r] = kind;
    return r;
  }

  // ---- growing the columns

  /**
   * A new length for a column that has `count` items filled at byte p: the count projected over
   * the whole file (cProfile writes functions and their callers evenly through it, so this is
   * near the final count, and that column is then copied once or twice instead of at every
   * doubling), at least half as much again (a skewed file regrows a few times at most), and no
   * more than the rest of the file can hold (an item takes at least 8 bytes).
   */
  private room(count: number, length: number): number {
    const at = this.base + this.p;
    const projected = Math.ceil((count / Math.max(at, 1)) * this.fileSize * 1.05);
    const most = count + Math.ceil((this.fileSize - at) / 8) + 1;
    return Math.max(count + 1, Math.min(most, Math.max(projected, Math.ceil(length * 1.5))));
  }

  private growKeys(): void {
    const size = this.room(this.keyCount, this.keyFile.length);
    this.keyFile = grow(this.keyFile, size);
    this.keyLine = grow(this.keyLine, size);
    this.keyName = grow(this.keyName, size);
  }

  private growEntries(): void {
    const size = this.room(this.entryCount, this.entryKey.length);
    this.entryKey = grow(this.entryKey, size);
    this.entryEdges = grow(this.entryEdges, size + 1);
    this.entryPrimcalls = grow(this.entryPrimcalls, size + 1);
    this.entryNcalls = grow(this.entryNcalls, size + 1);
    this.entrySelf = grow(this.entrySelf, size + 1);
    this.entryTotal = grow(this.entryTotal, size + 1);
  }

  private growEdges(): void {
    const size = this.room(this.edgeCount, this.edgeCaller.length);
    this.edgeCaller = grow(this.edgeCaller, size);
    this.edgeNcalls = grow(this.edgeNcalls, size);
    this.edgePrimcalls = grow(this.edgePrimcalls, size);
    this.edgeSelf = grow(this.edgeSelf, size);
    this.edgeTotal = grow(this.edgeTotal, size);
    if (this.edgeIsCount) this.edgeIsCount = grow(this.edgeIsCount, size);
  }

  // ---- bytes

  private byte(): number {
    if (this.p >= this.n) this.need(1);
    return this.b[this.p++];
  }

  private peekByte(): number {
    if (this.p >= this.n) this.need(1);
    return this.b[this.p];
  }

  private int32(): number {
    if (this.p + 4 > this.n) this.need(4);
    const p = this.p;
    this.p = p + 4;
    const b = this.b;
    return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
  }

  private size(): number {
    const len = this.int32();
    if (len < 0) throw BAIL;
    return len;
  }

  /** skips `len` bytes, returning where they start in this.b (valid until the next read) */
  private take(len: number): number {
    if (len > this.n - this.p) this.need(len);
    const from = this.p;
    this.p = from + len;
    return from;
  }

  /**
   * Makes `count` bytes from p available in this.b, reading on from the source into a new
   * window that starts at p (nothing before p is read again: references point at values, not
   * bytes); bails at the end of the file, as a truncated file does.
   */
  private need(count: number): void {
    const source = this.source;
    const end = this.base + this.n;
    if (!source || count > this.fileSize - (this.base + this.p)) throw BAIL;
    const kept = this.n - this.p;
    const length = Math.min(this.fileSize - (this.base + this.p), Math.max(this.window, count));
    // the same window again when it is big enough: the bytes still to read move to its front
    let next: Uint8Array;
    if (this.b.length >= length) {
      next = this.b.copyWithin(0, this.p, this.n).subarray(0, length);
    } else {
      next = new Uint8Array(length);
      next.set(this.b.subarray(this.p, this.n));
    }
    let filled = kept;
    while (filled < next.length) {
      const chunk = source.read(end + filled - kept, next.length - filled);
      if (chunk.length === 0) throw BAIL; // the source ended before its size
      next.set(chunk.subarray(0, next.length - filled), filled);
      filled += Math.min(chunk.length, next.length - filled);
    }
    this.base += this.p;
    this.b = next;
    this.n = next.length;
    this.p = 0;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }
}

function keyHash(file: number, line: number, name: number): number {
  const h = Math.imul(file ^ Math.imul(name, 0x9e3779b1) ^ Math.imul(line, 0x85ebca6b), 0x27d4eb2f);
  return h ^ (h >>> 15);
}

/**
 * The first `count` items of a column for the graph to keep: the column itself (the pages past
 * what was written were never touched, so they take no memory), or a copy of that part when
 * it is less than a quarter of the column (the copy then costs less than the column's reserve).
 */
function trim<T extends Int32Array | Float64Array | Uint8Array>(a: T, count: number): T {
  return (4 * count >= a.length ? a.subarray(0, count) : a.slice(0, count)) as T;
}

function copyFrom1(to: Float64Array, from: Float64Array, count: number): Float64Array {
  to.set(from.subarray(1, count + 1), 1);
  return to;
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(a: T, n: number): T {
  const next = new (a.constructor as { new (n: number): T })(n);
  next.set(a);
  return next;
}
