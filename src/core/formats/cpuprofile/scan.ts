import type { FrameTable } from '../../frames';
import { GrowingNumbers } from '../../columns';
import { BAIL, bytesOf, JsonScanner } from '../../io/jsonScan';
import { SpanTable } from '../../io/spanTable';

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
  /** the node's `parent` id (trace chunks), NaN when absent; null when no node has one */
  parentId: Float64Array | null;
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
  /** nodes without a callFrame object (named "(anonymous)"): how many, and the first one's index (-1: none) */
  noCallFrame: { count: number; first: number };
  /** nodes with a hitCount above 0: what DevTools weighs when a profile has no samples */
  hitNodes: number;
  /** whether the file has a "samples" array, even an empty one */
  samplesArray: boolean;
  /** each node's hitCount (finite and above 0, else 0) when the profile has no samples; else null */
  hits: Float64Array | null;
}


const KEY_NODES = bytesOf('nodes');
const KEY_SAMPLES = bytesOf('samples');
const KEY_TIME_DELTAS = bytesOf('timeDeltas');
const KEY_START_TIME = bytesOf('startTime');
const KEY_END_TIME = bytesOf('endTime');
const KEY_ID = bytesOf('id');
const KEY_CALL_FRAME = bytesOf('callFrame');
const KEY_CHILDREN = bytesOf('children');
const KEY_PARENT = bytesOf('parent');
const KEY_HIT_COUNT = bytesOf('hitCount');
// a node's members, as bits of the set seen (a member twice is left to JSON.parse)
const ID = 1, CALL_FRAME = 2, CHILDREN = 4, PARENT = 8, POSITION_TICKS = 16, HIT_COUNT = 32;
const KEY_FUNCTION_NAME = bytesOf('functionName');
const KEY_URL = bytesOf('url');
const KEY_LINE = bytesOf('lineNumber');
const KEY_COLUMN = bytesOf('columnNumber');
const KEY_POSITION_TICKS = bytesOf('positionTicks');
const KEY_TICK_LINE = bytesOf('line');
const KEY_TICKS = bytesOf('ticks');

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

class Scanner extends JsonScanner {
  // nodes
  private count = 0;
  private id = new Float64Array(1024);
  private frame = new Int32Array(1024);
  private childStart = new Int32Array(1025);
  private parentId: Float64Array | null = null; // made when a node has a parent id: .cpuprofile nodes have none
  private childIds = new GrowingNumbers(4096);
  private samples = new GrowingNumbers(0);
  private deltas = new GrowingNumbers(0);
  private tickNode = new GrowingNumbers(0);
  private tickLine = new GrowingNumbers(0);
  private tickCount = new GrowingNumbers(0);
  private noCallFrame = { count: 0, first: -1 };
  private hitNodes = 0;

  // callFrame objects seen, by their raw bytes (see callFrame)
  private readonly spans: SpanTable;
  // callFrames seen, by raw bytes: open addressing over rawFrame indexes + 1
  private table = new Int32Array(1 << 12);
  private rawCount = 0;
  private raw = new Int32Array(4 * 256); // nameStart, nameEnd, urlStart, urlEnd
  private rawLine = new Float64Array(256);
  private rawColumn = new Float64Array(256);
  private rawFrame = new Int32Array(256);
  private rawHash = new Int32Array(256);

  constructor(bytes: Uint8Array, private readonly frames: FrameTable, private readonly onProgress?: (fraction: number) => void) {
    super(bytes);
    this.spans = new SpanTable(bytes);
    // a profile of N bytes has at most about N / 60 nodes; start near that to grow rarely
    const nodes = Math.min(1 << 20, Math.max(1024, (bytes.length / 200) | 0));
    this.reserve(nodes);
    this.childIds.reserve(nodes); // every node but the root is someone's child
  }

  run(): V8Columns {
    // NaN when absent or not a number, as the JSON.parse path reads them
    let startTime = NaN, endTime = NaN;
    let seen = 0; // bit per known top-level key
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
          this.numbers(this.samples, true);
        } else if (this.keyIs(s, e, KEY_TIME_DELTAS)) {
          bit = 4;
          this.numbers(this.deltas, true);
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
    this.end();
    if (!(seen & 1)) throw BAIL; // no nodes: the JSON.parse path says so
    // no samples but hitCounts, which then weigh the nodes (as DevTools weighs them): a profile
    // no V8 of this decade writes, left to the JSON.parse path, so this one keeps no hitCounts
    if (this.samples.length === 0 && this.hitNodes > 0) throw BAIL;
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
      noCallFrame: this.noCallFrame,
      hitNodes: this.hitNodes,
      samplesArray: (seen & 2) !== 0,
      hits: null,
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
        const bit = this.nodeMember();
        if (bit === ID) id = this.number();
        else if (bit === CALL_FRAME) frame = this.callFrame();
        else if (bit === CHILDREN) this.numbers(this.childIds);
        else if (bit === PARENT) parent = this.number();
        else if (bit === POSITION_TICKS) this.positionTicks(i);
        else if (bit === HIT_COUNT) this.hitNodes += this.number() > 0 ? 1 : 0;
        else this.skipValue();
        if (bit) {
          if (seen & bit) throw BAIL;
          seen |= bit;
        }
        if (!this.more(0x7d)) break;
      }
    }
    if (Number.isNaN(id)) throw BAIL; // no numeric id: the JSON.parse path reports it
    if (frame < 0) {
      // no callFrame: an anonymous frame, which the importer's warning counts
      frame = this.internFrame(0, 0, 0, 0, 0, -1, -1, true);
      if (this.noCallFrame.count++ === 0) this.noCallFrame.first = i;
    }
    this.id[i] = id;
    this.frame[i] = frame;
    if (parent === parent) {
      if (this.parentId === null) this.parentId = new Float64Array(this.id.length).fill(NaN);
      this.parentId[i] = parent;
    }
    this.count = i + 1;
    this.childStart[i + 1] = this.childIds.length;
  }

  /**
   * A node's member name and its colon: the member's bit, 0 for one not read. V8's names are
   * tried byte for byte first (most nodes have the same three or four); a name written otherwise
   * (escapes) is read and compared.
   */
  private nodeMember(): number {
    this.ws();
    let bit = -1;
    if (this.keyAt(KEY_ID)) bit = ID;
    else if (this.keyAt(KEY_CALL_FRAME)) bit = CALL_FRAME;
    else if (this.keyAt(KEY_HIT_COUNT)) bit = HIT_COUNT;
    else if (this.keyAt(KEY_CHILDREN)) bit = CHILDREN;
    else if (this.keyAt(KEY_POSITION_TICKS)) bit = POSITION_TICKS;
    if (bit < 0) {
      this.key();
      const s = this.strStart, e = this.strEnd;
      if (this.keyIs(s, e, KEY_ID)) bit = ID;
      else if (this.keyIs(s, e, KEY_CALL_FRAME)) bit = CALL_FRAME;
      else if (this.keyIs(s, e, KEY_CHILDREN)) bit = CHILDREN;
      else if (this.keyIs(s, e, KEY_PARENT)) bit = PARENT;
      else if (this.keyIs(s, e, KEY_POSITION_TICKS)) bit = POSITION_TICKS;
      else if (this.keyIs(s, e, KEY_HIT_COUNT)) bit = HIT_COUNT;
      else bit = 0;
    }
    this.colon();
    return bit;
  }

  /** `[{"line": N, "ticks": N}, ...]`, values as written (profileFromColumns keeps the sane ones); anything else bails */
  private positionTicks(node: number): void {
    if (this.tickNode.length === 0) {
      // most nodes that were sampled have ticks: start at the nodes' size rather than double up to it
      const room = this.id.length;
      this.tickNode.reserve(room); this.tickLine.reserve(room); this.tickCount.reserve(room);
    }
    this.open(0x5b);
    if (this.peek() === 0x5d) {
      this.p++;
      return;
    }
    for (;;) {
      let line = NaN, ticks = NaN;
      this.open(0x7b);
      for (;;) {
        // V8's two names byte for byte first, as nodeMember does; a repeated key: the last one,
        // as JSON.parse keeps it
        this.ws();
        let member = this.keyAt(KEY_TICK_LINE) ? 1 : this.keyAt(KEY_TICKS) ? 2 : 0;
        if (member === 0) {
          this.key();
          const s = this.strStart, e = this.strEnd;
          member = this.keyIs(s, e, KEY_TICK_LINE) ? 1 : this.keyIs(s, e, KEY_TICKS) ? 2 : 0;
        }
        this.colon();
        if (member === 1) line = this.number();
        else if (member === 2) ticks = this.number();
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
    if (this.parentId !== null) {
      const before = this.parentId.length;
      this.parentId = grow(this.parentId, capacity);
      this.parentId.fill(NaN, before);
    }
    this.childStart = grow(this.childStart, capacity + 1);
  }

  /**
   * A node's callFrame. V8 writes every node of one function with the very same callFrame bytes,
   * so the object's raw bytes are looked up first: its end taken as the first '}', the bytes up
   * to it hashed and compared eight bytes a step. Only bytes not seen before are
   * read member by member, checked and interned, and they are remembered only when that first '}'
   * was indeed the object's end: bytes identical to such a span are then as valid as it was, and
   * end there too. Reading each callFrame member by member took a third of a 105 MB profile's scan.
   */
  private callFrame(): number {
    this.ws();
    const start = this.p;
    const end = this.spans.closeAfter(start, 0x7d);
    if (end < 0) return this.callFrameMembers();
    const hash = this.spans.lastHash;
    const known = this.spans.find(hash, start, end);
    if (known >= 0) {
      this.p = end;
      return known;
    }
    const frame = this.callFrameMembers();
    if (this.p === end) this.spans.add(hash, start, end, frame);
    return frame;
  }

  private callFrameMembers(): number {
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
      if (this.spans.sameBytes(rns, ns, ne - ns) && this.spans.sameBytes(rus, us, ue - us)) return this.rawFrame[r];
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
}
