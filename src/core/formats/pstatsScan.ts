import { latin1, parseFloatText, utf8 } from './marshal';

/**
 * A cProfile stats dict read straight from its marshal bytes into columns, without building a
 * Python value per key, tuple and callers dict (see decodeMarshal for the general decoder). Keys
 * become ids of distinct (filename, lineno, funcname) triples; strings are decoded once per
 * definition (marshal's references share the rest).
 *
 * Returns null for anything that is not the plain shape cProfile and profile write (other types
 * in the dict, truncation, bad references, a bad long...): the caller then decodes with
 * decodeMarshal, which gives the same result or the proper error.
 */
export interface PstatsScan {
  keyCount: number;
  keyFile: string[];
  keyLine: Float64Array;
  keyName: string[];
  /** the top dict's entries in file order (duplicates included): key id, values, callers range */
  entryCount: number;
  entryKey: Int32Array;
  entryValues: Float64Array; // cc, nc, tt, ct per entry
  entryEdges: Int32Array; // start, end per entry into the edge arrays
  /** caller edges in file order: caller key id, whether the value was a plain count, values */
  edgeKey: Int32Array;
  edgeIsCount: Uint8Array;
  edgeValues: Float64Array; // nc, cc, tt, ct per edge (a plain count: the count in the first)
}

const BAIL = new Error('not a plain pstats dict');
const FLAG_REF = 0x80;
// what a reference points to
const REF_OTHER = 0, REF_NUMBER = 1, REF_STRING = 2, REF_KEY = 3, REF_PENDING = 4;

export function scanPstats(bytes: Uint8Array): PstatsScan | null {
  try {
    return new PstatsScanner(bytes).run();
  } catch (e) {
    if (e === BAIL) return null;
    throw e;
  }
}

class PstatsScanner {
  private readonly b: Uint8Array;
  private readonly view: DataView;
  private readonly n: number;
  private p = 0;

  private refKind = new Uint8Array(1 << 12);
  private refValue = new Float64Array(1 << 12);
  private refCount = 0;
  private readonly interned: number[] = []; // py2 't' strings (ids), for 'R'

  private readonly stringId = new Map<string, number>();
  private readonly strings: string[] = [];

  // keys: open addressing over key ids + 1
  private keyTable = new Int32Array(1 << 12);
  private keyCount = 0;
  private keyFile = new Int32Array(1024);
  private keyLine = new Float64Array(1024);
  private keyName = new Int32Array(1024);

  private entryCount = 0;
  private entryKey = new Int32Array(1024);
  private entryValues = new Float64Array(4 * 1024);
  private entryEdges = new Int32Array(2 * 1024);
  private edgeCount = 0;
  private edgeKey = new Int32Array(4096);
  private edgeIsCount = new Uint8Array(4096);
  private edgeValues = new Float64Array(4 * 4096);
  private callerSeen = new Int32Array(1024); // per key id: 1 + the last entry it was a caller in

  constructor(bytes: Uint8Array) {
    this.b = bytes;
    this.n = bytes.length;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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
    return {
      keyCount: this.keyCount,
      keyFile: Array.from(this.keyFile.subarray(0, this.keyCount), (id) => this.strings[id]),
      keyLine: this.keyLine,
      keyName: Array.from(this.keyName.subarray(0, this.keyCount), (id) => this.strings[id]),
      entryCount: this.entryCount,
      entryKey: this.entryKey,
      entryValues: this.entryValues,
      entryEdges: this.entryEdges,
      edgeKey: this.edgeKey,
      edgeIsCount: this.edgeIsCount,
      edgeValues: this.edgeValues,
    };
  }

  // ---- the stats shape

  /** (cc, nc, tt, ct, callers) */
  private entry(key: number): void {
    this.tupleOf(5);
    const e = this.entryCount++;
    if (e === this.entryKey.length) {
      this.entryKey = grow(this.entryKey, 2 * e);
      this.entryValues = grow(this.entryValues, 8 * e);
      this.entryEdges = grow(this.entryEdges, 4 * e);
    }
    this.entryKey[e] = key;
    const v = this.entryValues;
    v[4 * e] = this.number();
    v[4 * e + 1] = this.number();
    v[4 * e + 2] = this.number();
    v[4 * e + 3] = this.number();
    const d = this.byte();
    if ((d & ~FLAG_REF) !== 0x7b) throw BAIL;
    if (d & FLAG_REF) this.reserve(REF_OTHER);
    this.entryEdges[2 * e] = this.edgeCount;
    for (;;) {
      if (this.peekByte() === 0x30) {
        this.p++;
        break;
      }
      const caller = this.key();
      // a caller key twice in one callers dict (a hostile file): the general path merges them as Python does
      if (caller >= this.callerSeen.length) this.callerSeen = grow(this.callerSeen, 2 * caller + 2);
      if (this.callerSeen[caller] === e + 1) throw BAIL;
      this.callerSeen[caller] = e + 1;
      const k = this.edgeCount++;
      if (k === this.edgeKey.length) {
        this.edgeKey = grow(this.edgeKey, 2 * k);
        this.edgeIsCount = grow(this.edgeIsCount, 2 * k);
        this.edgeValues = grow(this.edgeValues, 8 * k);
      }
      this.edgeKey[k] = caller;
      const t = this.peekByte() & ~FLAG_REF;
      const ev = this.edgeValues;
      if (t === 0x28 || t === 0x29) {
        this.tupleOf(4);
        ev[4 * k] = this.number();
        ev[4 * k + 1] = this.number();
        ev[4 * k + 2] = this.number();
        ev[4 * k + 3] = this.number();
        this.edgeIsCount[k] = 0;
      } else {
        ev[4 * k] = this.number(); // the old profile module: a plain call count
        ev[4 * k + 1] = ev[4 * k + 2] = ev[4 * k + 3] = 0;
        this.edgeIsCount[k] = 1;
      }
    }
    this.entryEdges[2 * e + 1] = this.edgeCount;
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
      return this.refValue[r];
    }
    let len: number;
    if (t === 0x29) len = this.byte();
    else if (t === 0x28) len = this.int32();
    else throw BAIL;
    if (len !== 3) throw BAIL;
    const slot = code & FLAG_REF ? this.reserve(REF_PENDING) : -1;
    const file = this.string();
    const line = this.number();
    const name = this.string();
    const key = this.internKey(file, line, name);
    if (slot >= 0) {
      this.refKind[slot] = REF_KEY;
      this.refValue[slot] = key;
    }
    return key;
  }

  private internKey(file: number, line: number, name: number): number {
    const table = this.keyTable;
    const mask = table.length - 1;
    const h = Math.imul(file ^ Math.imul(name, 0x9e3779b1) ^ Math.imul(line | 0, 0x85ebca6b), 0x27d4eb2f);
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const k = table[slot] - 1;
      if (k < 0) break;
      const l = this.keyLine[k];
      if (this.keyFile[k] === file && this.keyName[k] === name && (l === line || (l !== l && line !== line))) return k;
      slot = (slot + 1) & mask;
    }
    const k = this.keyCount++;
    if (k === this.keyFile.length) {
      this.keyFile = grow(this.keyFile, 2 * k);
      this.keyLine = grow(this.keyLine, 2 * k);
      this.keyName = grow(this.keyName, 2 * k);
    }
    this.keyFile[k] = file;
    this.keyLine[k] = line;
    this.keyName[k] = name;
    table[slot] = k + 1;
    if (2 * this.keyCount > mask) {
      const next = new Int32Array(table.length * 4);
      const m = next.length - 1;
      for (let j = 0; j < this.keyCount; j++) {
        const hj = Math.imul(this.keyFile[j] ^ Math.imul(this.keyName[j], 0x9e3779b1) ^ Math.imul(this.keyLine[j] | 0, 0x85ebca6b), 0x27d4eb2f);
        let s = (hj ^ (hj >>> 15)) & m;
        while (next[s] !== 0) s = (s + 1) & m;
        next[s] = j + 1;
      }
      this.keyTable = next;
    }
    return k;
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
        return this.refValue[r];
      }
      case 0x52: { // 'R': py2 interned
        const i = this.int32();
        if (i < 0 || i >= this.interned.length) throw BAIL;
        return this.interned[i];
      }
      case 0x7a: case 0x5a: { // 'z' 'Z'
        const len = this.byte();
        s = latin1(this.b, this.take(len), this.p);
        break;
      }
      case 0x61: case 0x41: { // 'a' 'A'
        const len = this.size();
        s = latin1(this.b, this.take(len), this.p);
        break;
      }
      case 0x75: case 0x74: { // 'u' 't'
        const len = this.size();
        s = utf8(this.b, this.take(len), this.p, false)!;
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
      const r = this.reserve(REF_STRING); // first: reserve may grow refValue
      this.refValue[r] = id;
    }
    return id;
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
        return this.refValue[r];
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
        const parsed = parseFloatText(latin1(this.b, this.take(len), this.p));
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
      this.refValue[r] = v;
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
      this.refValue = grow(this.refValue, 2 * r);
    }
    this.refKind[r] = kind;
    return r;
  }

  // ---- bytes

  private byte(): number {
    if (this.p >= this.n) throw BAIL;
    return this.b[this.p++];
  }

  private peekByte(): number {
    if (this.p >= this.n) throw BAIL;
    return this.b[this.p];
  }

  private int32(): number {
    const p = this.p;
    if (p + 4 > this.n) throw BAIL;
    this.p = p + 4;
    const b = this.b;
    return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
  }

  private size(): number {
    const len = this.int32();
    if (len < 0) throw BAIL;
    return len;
  }

  /** skips `len` bytes, returning where they start */
  private take(len: number): number {
    const from = this.p;
    if (len > this.n - from) throw BAIL;
    this.p = from + len;
    return from;
  }
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(a: T, n: number): T {
  const next = new (a.constructor as { new (n: number): T })(n);
  next.set(a as never);
  return next;
}
