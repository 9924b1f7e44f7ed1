import type { FrameTable } from '../../frames';

/**
 * A V8 profile as columns: what the importer needs from `nodes`, `samples` and `timeDeltas`,
 * with no object per node. Built either by scanning the file's bytes (scanCpuProfile) or from
 * parsed JSON objects (Chrome traces, and the fallback).
 */
export interface V8Columns {
  count: number;
  /** node ids as the file writes them */
  id: Float64Array;
  /** frame per node, interned in node order */
  frame: Int32Array;
  /** children of node i are childIds[childStart[i] .. childStart[i + 1]); NaN for a non-number */
  childStart: Int32Array;
  childIds: Float64Array;
  /** the node's `parent` id (trace chunks), NaN when absent */
  parentId: Float64Array;
  sampleCount: number;
  /** sample node ids; NaN for a non-number */
  samples: Float64Array;
  deltaCount: number;
  /** time deltas, 0 where not a finite number */
  deltas: Float64Array;
  startTime: number;
  endTime: number;
  /** positionTicks entries as written: entry k is ticks[k] samples at line[k] (1-based) of node index node[k] */
  ticks: { size: number; node: Float64Array; line: Float64Array; ticks: Float64Array };
}

/** Thrown inside the scanner when the bytes are not the plain V8 JSON it reads. */
const BAIL = new Error('not a plain V8 profile');

const KEY_NODES = bytesOf('nodes');
const KEY_SAMPLES = bytesOf('samples');
const KEY_TIME_DELTAS = bytesOf('timeDeltas');
const KEY_START_TIME = bytesOf('startTime');
const KEY_END_TIME = bytesOf('endTime');
const KEY_ID = bytesOf('id');
const KEY_CALL_FRAME = bytesOf('callFrame');
const KEY_CHILDREN = bytesOf('children');
const KEY_PARENT = bytesOf('parent');
const KEY_FUNCTION_NAME = bytesOf('functionName');
const KEY_URL = bytesOf('url');
const KEY_LINE = bytesOf('lineNumber');
const KEY_COLUMN = bytesOf('columnNumber');
const KEY_POSITION_TICKS = bytesOf('positionTicks');
const KEY_TICK_LINE = bytesOf('line');
const KEY_TICKS = bytesOf('ticks');

function bytesOf(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

const decoder = new TextDecoder('utf-8');

/**
 * Reads a .cpuprofile straight from its bytes: one pass, numbers into typed arrays, each distinct
 * callFrame decoded once (callFrames are recognised by their raw bytes through a hash table).
 * This is what makes a 200 MB profile cost less than JSON.parse of it: no string of the whole
 * file, no object per node.
 *
 * Returns null whenever the bytes are anything but well-formed JSON of the shape V8 writes
 * (invalid JSON, a duplicate key, a value of an unexpected type...): the caller then takes the
 * JSON.parse path, which gives the same result or the proper error for such files.
 */
export function scanCpuProfile(bytes: Uint8Array, frames: FrameTable, onProgress?: (fraction: number) => void): V8Columns | null {
  try {
    return new Scanner(bytes, frames, onProgress).run();
  } catch (e) {
    if (e === BAIL) return null;
    throw e;
  }
}

class Growing {
  data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

class Scanner {
  private readonly b: Uint8Array;
  private readonly n: number;
  private p = 0;
  // the last string read: its raw bytes are b[strStart, strEnd); hash, escapes, non-ASCII bytes
  private strStart = 0;
  private strEnd = 0;
  private strHash = 0;
  private strPlain = true;

  // nodes
  private count = 0;
  private id = new Float64Array(1024);
  private frame = new Int32Array(1024);
  private childStart = new Int32Array(1025);
  private parentId = new Float64Array(1024);
  private childIds = new Growing(4096);
  private samples = new Growing(0);
  private deltas = new Growing(0);
  private tickNode = new Growing(0);
  private tickLine = new Growing(0);
  private tickCount = new Growing(0);

  // callFrames seen, by raw bytes: open addressing over rawFrame indexes + 1
  private table = new Int32Array(1 << 12);
  private rawCount = 0;
  private raw = new Int32Array(4 * 256); // nameStart, nameEnd, urlStart, urlEnd
  private rawLine = new Float64Array(256);
  private rawColumn = new Float64Array(256);
  private rawFrame = new Int32Array(256);
  private rawHash = new Int32Array(256);

  constructor(bytes: Uint8Array, private readonly frames: FrameTable, private readonly onProgress?: (fraction: number) => void) {
    this.b = bytes;
    this.n = bytes.length;
    // a profile of N bytes has at most about N / 60 nodes; start near that to grow rarely
    this.reserve(Math.min(1 << 20, Math.max(1024, (bytes.length / 200) | 0)));
  }

  run(): V8Columns {
    const b = this.b;
    let startTime = 0, endTime = 0;
    let seen = 0; // bit per known top-level key
    if (this.n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) this.p = 3;
    this.open(0x7b);
    if (this.peek() !== 0x7d) {
      for (;;) {
        this.key();
        const s = this.strStart, e = this.strEnd;
        this.colon();
        let bit = 0;
        if (this.keyIs(s, e, KEY_NODES)) {
          bit = 1;
          this.nodes();
        } else if (this.keyIs(s, e, KEY_SAMPLES)) {
          bit = 2;
          this.numbers(this.samples);
        } else if (this.keyIs(s, e, KEY_TIME_DELTAS)) {
          bit = 4;
          this.numbers(this.deltas);
        } else if (this.keyIs(s, e, KEY_START_TIME)) {
          bit = 8;
          startTime = this.finiteOrSkip();
        } else if (this.keyIs(s, e, KEY_END_TIME)) {
          bit = 16;
          endTime = this.finiteOrSkip();
        } else {
          this.skipValue();
        }
        if (bit) {
          if (seen & bit) throw BAIL; // JSON.parse keeps the last; rare enough to leave to it
          seen |= bit;
        }
        if (!this.more(0x7d)) break;
      }
    }
    this.ws();
    if (this.p !== this.n) throw BAIL;
    if (!(seen & 1)) throw BAIL; // no nodes: the JSON.parse path says so
    const deltas = this.deltas;
    for (let i = 0; i < deltas.length; i++) if (!Number.isFinite(deltas.data[i])) deltas.data[i] = 0;
    return {
      count: this.count,
      id: this.id,
      frame: this.frame,
      childStart: this.childStart,
      childIds: this.childIds.data,
      parentId: this.parentId,
      sampleCount: this.samples.length,
      samples: this.samples.data,
      deltaCount: deltas.length,
      deltas: deltas.data,
      startTime,
      endTime,
      ticks: { size: this.tickNode.length, node: this.tickNode.data, line: this.tickLine.data, ticks: this.tickCount.data },
    };
  }

  // ---- the nodes array

  private nodes(): void {
    this.open(0x5b);
    if (this.peek() === 0x5d) {
      this.p++;
      return;
    }
    for (;;) {
      this.node();
      if ((this.count & 0x3fff) === 0 && this.onProgress) this.onProgress((0.8 * this.p) / this.n);
      if (!this.more(0x5d)) break;
    }
  }

  private node(): void {
    const i = this.count;
    if (i === this.id.length) this.reserve(i * 2);
    this.childStart[i] = this.childIds.length;
    let id = NaN;
    let parent = NaN;
    let frame = -1;
    let seen = 0;
    this.open(0x7b);
    if (this.peek() !== 0x7d) {
      for (;;) {
        this.key();
        const s = this.strStart, e = this.strEnd;
        this.colon();
        let bit = 0;
        const len = e - s;
        if (len === 2 && this.keyIs(s, e, KEY_ID)) {
          bit = 1;
          id = this.number();
        } else if (len === 9 && this.keyIs(s, e, KEY_CALL_FRAME)) {
          bit = 2;
          frame = this.callFrame();
        } else if (len === 8 && this.keyIs(s, e, KEY_CHILDREN)) {
          bit = 4;
          this.numbers(this.childIds);
        } else if (len === 6 && this.keyIs(s, e, KEY_PARENT)) {
          bit = 8;
          parent = this.number();
        } else if (len === 13 && this.keyIs(s, e, KEY_POSITION_TICKS)) {
          bit = 16;
          this.positionTicks(i);
        } else {
          this.skipValue();
        }
        if (bit) {
          if (seen & bit) throw BAIL;
          seen |= bit;
        }
        if (!this.more(0x7d)) break;
      }
    }
    if (Number.isNaN(id)) throw BAIL; // no numeric id: the JSON.parse path reports it
    if (frame < 0) frame = this.internFrame(0, 0, 0, 0, 0, -1, -1, true); // no callFrame: an anonymous frame
    this.id[i] = id;
    this.frame[i] = frame;
    this.parentId[i] = parent;
    this.count = i + 1;
    this.childStart[i + 1] = this.childIds.length;
  }

  /** `[{"line": N, "ticks": N}, ...]`, values as written (profileFromColumns keeps the sane ones); anything else bails */
  private positionTicks(node: number): void {
    this.open(0x5b);
    if (this.peek() === 0x5d) {
      this.p++;
      return;
    }
    for (;;) {
      let line = NaN, ticks = NaN;
      this.open(0x7b);
      for (;;) {
        this.key();
        const s = this.strStart, e = this.strEnd;
        this.colon();
        // a repeated key: the last one, as JSON.parse keeps it
        if (this.keyIs(s, e, KEY_TICK_LINE)) line = this.number();
        else if (this.keyIs(s, e, KEY_TICKS)) ticks = this.number();
        else this.skipValue();
        if (!this.more(0x7d)) break;
      }
      this.tickNode.push(node);
      this.tickLine.push(line);
      this.tickCount.push(ticks);
      if (!this.more(0x5d)) break;
    }
  }

  private reserve(capacity: number): void {
    const grow = <T extends Float64Array | Int32Array>(a: T, n: number): T => {
      const next = new (a.constructor as { new (n: number): T })(n);
      next.set(a.subarray(0, Math.min(a.length, n)));
      return next;
    };
    this.id = grow(this.id, capacity);
    this.frame = grow(this.frame, capacity);
    this.parentId = grow(this.parentId, capacity);
    this.childStart = grow(this.childStart, capacity + 1);
  }

  private callFrame(): number {
    let nameStart = 0, nameEnd = 0, nameHash = 0, urlStart = 0, urlEnd = 0, urlHash = 0;
    let plain = true;
    let line = -1, column = -1;
    let seen = 0;
    this.open(0x7b);
    if (this.peek() !== 0x7d) {
      for (;;) {
        this.key();
        const s = this.strStart, e = this.strEnd;
        this.colon();
        let bit = 0;
        const len = e - s;
        if (len === 12 && this.keyIs(s, e, KEY_FUNCTION_NAME)) {
          bit = 1;
          this.hashedString();
          nameStart = this.strStart; nameEnd = this.strEnd; nameHash = this.strHash;
          plain &&= this.strPlain;
        } else if (len === 3 && this.keyIs(s, e, KEY_URL)) {
          bit = 2;
          this.hashedString();
          urlStart = this.strStart; urlEnd = this.strEnd; urlHash = this.strHash;
          plain &&= this.strPlain;
        } else if (len === 10 && this.keyIs(s, e, KEY_LINE)) {
          bit = 4;
          line = this.number();
        } else if (len === 12 && this.keyIs(s, e, KEY_COLUMN)) {
          bit = 8;
          column = this.number();
        } else {
          this.skipValue();
        }
        if (bit) {
          if (seen & bit) throw BAIL;
          seen |= bit;
        }
        if (!this.more(0x7d)) break;
      }
    }
    const hash = Math.imul(nameHash ^ Math.imul(urlHash, 0x9e3779b1) ^ Math.imul(line | 0, 0x85ebca6b) ^ Math.imul(column | 0, 0xc2b2ae35), 0x27d4eb2f);
    return this.internFrame(hash, nameStart, nameEnd, urlStart, urlEnd, line, column, plain);
  }

  /** The frame of these raw bytes: found in the table, or decoded once and interned. */
  private internFrame(hash: number, ns: number, ne: number, us: number, ue: number, line: number, column: number, plain: boolean): number {
    const table = this.table;
    const mask = table.length - 1;
    const raw = this.raw;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const r = table[slot] - 1;
      if (r < 0) break;
      const o = 4 * r;
      if (this.rawLine[r] !== line || this.rawColumn[r] !== column) continue;
      const rns = raw[o], rne = raw[o + 1], rus = raw[o + 2], rue = raw[o + 3];
      if (rne - rns !== ne - ns || rue - rus !== ue - us) continue;
      if (this.sameBytes(rns, ns, ne - ns) && this.sameBytes(rus, us, ue - us)) return this.rawFrame[r];
    }
    // new raw bytes: decode, intern (two spellings of one string meet in the FrameTable)
    const name = this.text(ns, ne, plain);
    const url = this.text(us, ue, plain);
    const l = Number.isFinite(line) ? line : -1;
    const c = Number.isFinite(column) ? column : -1;
    // V8's lines and columns are 0-based with -1 for unknown; ours are 1-based with 0 for unknown
    const frame = this.frames.intern(name || '(anonymous)', url, l >= 0 ? l + 1 : 0, c >= 0 ? c + 1 : 0);
    const r = this.rawCount++;
    if (r === this.rawFrame.length) {
      const next = new Int32Array(raw.length * 2); next.set(raw); this.raw = next;
      const nl = new Float64Array(r * 2); nl.set(this.rawLine); this.rawLine = nl;
      const nc = new Float64Array(r * 2); nc.set(this.rawColumn); this.rawColumn = nc;
      const nf = new Int32Array(r * 2); nf.set(this.rawFrame); this.rawFrame = nf;
      const nh = new Int32Array(r * 2); nh.set(this.rawHash); this.rawHash = nh;
    }
    const o = 4 * r;
    this.raw[o] = ns; this.raw[o + 1] = ne; this.raw[o + 2] = us; this.raw[o + 3] = ue;
    this.rawLine[r] = line; this.rawColumn[r] = column; this.rawFrame[r] = frame;
    this.rawHash[r] = hash;
    if (2 * this.rawCount > mask) this.rehash();
    else this.place(hash, r);
    return frame;
  }

  /** b[a, a + len) === b[c, c + len) */
  private sameBytes(a: number, c: number, len: number): boolean {
    const b = this.b;
    for (let k = 0; k < len; k++) if (b[a + k] !== b[c + k]) return false;
    return true;
  }

  private place(hash: number, r: number): void {
    const table = this.table;
    const mask = table.length - 1;
    let slot = hash & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = r + 1;
  }

  private rehash(): void {
    this.table = new Int32Array(this.table.length * 4);
    for (let r = 0; r < this.rawCount; r++) this.place(this.rawHash[r], r);
  }

  /** A string's raw bytes as text: plain ASCII directly, anything else through JSON.parse. */
  private text(s: number, e: number, plain: boolean): string {
    if (e === s) return '';
    if (plain) {
      let out = '';
      for (let i = s; i < e; i += 4096) out += String.fromCharCode.apply(null, this.b.subarray(i, Math.min(e, i + 4096)) as unknown as number[]);
      return out;
    }
    try {
      return JSON.parse(decoder.decode(this.b.subarray(s - 1, e + 1))) as string;
    } catch {
      throw BAIL;
    }
  }

  // ---- JSON pieces

  private ws(): void {
    const b = this.b, n = this.n;
    let p = this.p;
    while (p < n) {
      const c = b[p];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.p = p;
  }

  private peek(): number {
    this.ws();
    return this.p < this.n ? this.b[this.p] : -1;
  }

  /** skips whitespace and the opening bracket `c` */
  private open(c: number): void {
    if (this.peek() !== c) throw BAIL;
    this.p++;
  }

  private colon(): void {
    if (this.peek() !== 0x3a) throw BAIL;
    this.p++;
  }

  /** after a member or element: true at a comma, false at the closing bracket `close` */
  private more(close: number): boolean {
    const c = this.peek();
    this.p++;
    if (c === 0x2c) return true;
    if (c === close) return false;
    throw BAIL;
  }

  /** a member name; keys with escapes are left to JSON.parse */
  private key(): void {
    if (this.peek() !== 0x22) throw BAIL;
    this.plainString();
    if (!this.strPlain) throw BAIL;
  }

  private keyIs(s: number, e: number, key: Uint8Array): boolean {
    if (e - s !== key.length) return false;
    const b = this.b;
    for (let k = 0; k < key.length; k++) if (b[s + k] !== key[k]) return false;
    return true;
  }

  /** a string at p (the quote); sets strStart/strEnd (raw bytes) and strPlain (ASCII, no escapes) */
  private plainString(): void {
    const b = this.b, n = this.n;
    let p = this.p + 1;
    const start = p;
    let plain = true;
    for (;;) {
      if (p >= n) throw BAIL;
      const c = b[p];
      if (c === 0x22) break;
      if (c === 0x5c) {
        plain = false;
        p = this.escape(p);
        continue;
      }
      if (c < 0x20) throw BAIL;
      if (c >= 0x80) plain = false;
      p++;
    }
    this.strStart = start;
    this.strEnd = p;
    this.strPlain = plain;
    this.p = p + 1;
  }

  /** the same, and a hash of the raw bytes */
  private hashedString(): void {
    if (this.peek() !== 0x22) throw BAIL;
    const b = this.b, n = this.n;
    let p = this.p + 1;
    const start = p;
    let plain = true;
    let h = 0x811c9dc5 | 0;
    for (;;) {
      if (p >= n) throw BAIL;
      const c = b[p];
      if (c === 0x22) break;
      if (c === 0x5c) {
        plain = false;
        const end = this.escape(p);
        for (; p < end; p++) h = Math.imul(h ^ b[p], 0x01000193);
        continue;
      }
      if (c < 0x20) throw BAIL;
      if (c >= 0x80) plain = false;
      h = Math.imul(h ^ c, 0x01000193);
      p++;
    }
    this.strStart = start;
    this.strEnd = p;
    this.strPlain = plain;
    this.strHash = h;
    this.p = p + 1;
  }

  /** checks the escape at p (a backslash) as JSON defines it; returns the position after it */
  private escape(p: number): number {
    const b = this.b;
    const c = p + 1 < this.n ? b[p + 1] : -1;
    if (c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) return p + 2;
    if (c !== 0x75 || p + 6 > this.n) throw BAIL;
    for (let k = p + 2; k < p + 6; k++) {
      const h = b[k];
      if (!((h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66))) throw BAIL;
    }
    return p + 6;
  }

  /** a JSON number at p (after whitespace); anything else bails */
  private number(): number {
    this.ws();
    const b = this.b, n = this.n;
    let p = this.p;
    const start = p;
    let negative = false;
    if (p < n && b[p] === 0x2d) {
      negative = true;
      p++;
    }
    if (p >= n) throw BAIL;
    let c = b[p];
    if (c === 0x30) {
      p++;
    } else if (c >= 0x31 && c <= 0x39) {
      let v = 0;
      const digitsStart = p;
      while (p < n && (c = b[p]) >= 0x30 && c <= 0x39) {
        v = v * 10 + (c - 0x30);
        p++;
      }
      if (p - digitsStart > 15) return this.slowNumber(start); // past 2^53: let Number round it
      if (p >= n || (c !== 0x2e && c !== 0x65 && c !== 0x45)) {
        this.p = p;
        return negative ? -v : v;
      }
      return this.slowNumber(start);
    } else {
      throw BAIL;
    }
    // a leading 0: "0", "-0", or a fraction/exponent
    if (p < n && ((c = b[p]) === 0x2e || c === 0x65 || c === 0x45)) return this.slowNumber(start);
    if (p < n && b[p] >= 0x30 && b[p] <= 0x39) throw BAIL; // "01" is not JSON
    this.p = p;
    return negative ? -0 : 0;
  }

  private slowNumber(start: number): number {
    const b = this.b, n = this.n;
    let p = start;
    while (p < n) {
      const c = b[p];
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45) p++;
      else break;
    }
    const text = String.fromCharCode.apply(null, b.subarray(start, p) as unknown as number[]);
    if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) throw BAIL;
    this.p = p;
    return Number(text);
  }

  /** an array of numbers into `out` */
  private numbers(out: Growing): void {
    this.open(0x5b);
    if (this.peek() === 0x5d) {
      this.p++;
      return;
    }
    const b = this.b, n = this.n;
    for (;;) {
      // the common case inline: a small non-negative integer followed by ',' or ']'
      let p = this.p;
      let c = p < n ? b[p] : 0;
      if (c >= 0x31 && c <= 0x39) {
        let v = c - 0x30;
        p++;
        let digits = 1;
        while (p < n && (c = b[p]) >= 0x30 && c <= 0x39) {
          v = v * 10 + (c - 0x30);
          p++;
          digits++;
        }
        if (digits <= 15 && (c === 0x2c || c === 0x5d)) {
          out.push(v);
          this.p = p + 1;
          if (c === 0x2c) continue;
          return;
        }
      }
      out.push(this.number());
      if (!this.more(0x5d)) return;
    }
  }

  /** startTime/endTime: a number, or anything else (skipped) counting as 0, as the JSON.parse path does */
  private finiteOrSkip(): number {
    const c = this.peek();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const v = this.number();
      return Number.isFinite(v) ? v : 0;
    }
    this.skipValue();
    return 0;
  }

  /** any JSON value, checked as JSON.parse would check it */
  private skipValue(): void {
    let depth = 0;
    const stack: number[] = []; // closing bracket per open container
    for (;;) {
      const c = this.peek();
      if (c === 0x22) {
        this.plainString();
      } else if (c === 0x7b || c === 0x5b) {
        this.p++;
        const close = c === 0x7b ? 0x7d : 0x5d;
        if (this.peek() === close) {
          this.p++;
        } else {
          stack[depth++] = close;
          if (close === 0x7d) {
            this.key();
            this.colon();
          }
          continue;
        }
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        this.number();
      } else if (c === 0x74) {
        this.literal(0x74, 0x72, 0x75, 0x65, -1); // true
      } else if (c === 0x66) {
        this.literal(0x66, 0x61, 0x6c, 0x73, 0x65); // false
      } else if (c === 0x6e) {
        this.literal(0x6e, 0x75, 0x6c, 0x6c, -1); // null
      } else {
        throw BAIL;
      }
      // a value is done: close containers or go on to the next member/element
      for (;;) {
        if (depth === 0) return;
        const close = stack[depth - 1];
        if (this.more(close)) {
          if (close === 0x7d) {
            this.key();
            this.colon();
          }
          break;
        }
        depth--;
      }
    }
  }

  private literal(a: number, b: number, c: number, d: number, e: number): void {
    const bytes = this.b;
    const p = this.p;
    const len = e < 0 ? 4 : 5;
    if (p + len > this.n || bytes[p] !== a || bytes[p + 1] !== b || bytes[p + 2] !== c || bytes[p + 3] !== d || (e >= 0 && bytes[p + 4] !== e)) throw BAIL;
    this.p = p + len;
  }
}
