import { ProfileFormatError } from '../../errors';
import { FrameTable } from '../../frames';
import { keyCode, parseNumberAt, SPACE, TAB, type NumberCursor } from './bytes';
import { FILES, FUNCTIONS, Names, OBJECTS } from './names';

/**
 * The callgrind line scanner (valgrind manual, "Callgrind Format Specification"). It walks the
 * bytes line by line and never decodes the file as a whole: positions and costs are parsed from
 * bytes, only names are decoded. What it keeps, for the one event the profile shows:
 *  - self cost per frame: every cost line except the one after `calls=`;
 *  - per (caller frame, callee frame): summed call counts and the inclusive costs of those calls;
 *  - the program total, per `part:` as callgrind_annotate takes it for a file of one part (the
 *    `summary:` line, else `totals:`, else the sum of self costs), summed over parts.
 * A frame is (fn name as written, file in force at its `fn=` line). That file is the one of the
 * last fl=/fi=/fe=: callgrind's writer closes every function with `fe=` back to the function's
 * own file, so this is the function's fl= file, and it is the file callgrind_annotate names too.
 * fi=/fe= move later cost lines to another file (inlined code) but not to another function.
 */

export interface ScanResult {
  /** per frame of the FrameTable passed in, length >= its frame count */
  self: Float64Array;
  /** per frame: the smallest line seen in the function's own file, 0 when none */
  line: Float64Array;
  edgeCount: number;
  caller: Int32Array;
  callee: Int32Array;
  ncalls: Float64Array;
  edgeTotal: Float64Array;
  events: string[];
  total: number;
  cmd: string;
}

const FORMAT = 'callgrind';
const NL = 10, CR = 13, HASH = 35, PLUS = 43, MINUS = 45, STAR = 42;
const COLON = 58, EQUALS = 61;
/**
 * The largest cost, call count or total read. Every sum the importer makes (self, inclusive,
 * per part, the tree's weights) adds at most one such number per line, and no file a browser can
 * hold has the ~10^8 lines it would take to overflow a double from below this.
 */
export const MAX_COST = 1e300;

// keys of `key=` and `key:` lines, packed by keyCode
const K = {
  fn: keyCode('fn'), fl: keyCode('fl'), fi: keyCode('fi'), fe: keyCode('fe'), ob: keyCode('ob'),
  cob: keyCode('cob'), cfi: keyCode('cfi'), cfl: keyCode('cfl'), cfn: keyCode('cfn'),
  calls: keyCode('calls'), jfi: keyCode('jfi'), jfn: keyCode('jfn'),
  events: keyCode('events'), positions: keyCode('positions'), summary: keyCode('summary'),
  totals: keyCode('totals'), part: keyCode('part'), cmd: keyCode('cmd'),
};

function grown(a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Float64Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

function frameHash(name: number, file: number): number {
  const h = Math.imul(name, 0x9e3779b1) ^ Math.imul(file + 1, 0x85ebca6b);
  return h ^ (h >>> 15);
}

export class Scanner {
  private readonly b: Uint8Array;
  private readonly eventChoice: number;
  private readonly decoder = new TextDecoder('utf-8');
  private lineNo = 0;
  private readonly num: NumberCursor = { pos: 0, value: 0 };

  private readonly names: Names;

  private readonly frames: FrameTable;
  // (name string, file string) -> frame: open addressing, slots hold frame + 1
  private frameSlots = new Int32Array(4096);
  private frameKeys = new Int32Array(2 * 4096);
  private frameKeyCount = 0;
  private self = new Float64Array(256);
  private firstLine = new Float64Array(256);
  // (caller frame, callee frame) -> edge: open addressing, slots hold edge + 1
  private edgeSlots = new Int32Array(4096);
  private caller: number[] = [];
  private callee: number[] = [];
  private ncalls: number[] = [];
  private edgeTotal: number[] = [];

  // header state
  private events: string[] | null = null;
  private eventCount = 0; // columns of the current part
  private eventColumn = -1; // the chosen event's column in the current part (-1: absent)
  private positionCount = 1;
  private lineSlot = 0; // which subposition is the line (-1: none)
  private prev = new Float64Array(1); // the last cost line's subpositions, for +N -N *
  private cmd = '';

  // body state
  private file: number; // fl/fi/fe in force
  private fnFile: number; // the file of the current function
  // frames are made when a cost line or a call needs them, so that name definitions ahead of
  // use (`fn=(3) func2` under whatever file is in force) leave no empty functions behind
  private fnName = -1; // current function's name, -1 before any fn=
  private fn = -1; // its frame, -1 until needed
  private cfile = -1; // cfi/cfl for the next cfn, -1 when none
  private targetName = -1; // callee of the next calls=, by name and file
  private targetFile = -1;
  private pendingCalls = -1; // call count waiting for its cost line, -1 when none
  private pendingLine = 0;

  // totals per part
  private total = 0;
  private partSelf = 0;
  private partHasBody = false;
  private partSummary: number[] | null = null;
  private partTotals: number[] | null = null;

  constructor(bytes: Uint8Array, eventChoice: number, frames: FrameTable) {
    this.b = bytes;
    this.frames = frames;
    this.eventChoice = eventChoice;
    this.names = new Names(bytes, (problem) => this.fail(problem));
    this.file = this.fnFile = this.names.intern('');
  }

  run(onProgress?: (fraction: number) => void): ScanResult {
    const b = this.b;
    const n = b.length;
    let pos = n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0; // BOM
    const step = 4 << 20;
    let nextReport = step;
    while (pos < n) {
      this.lineNo++;
      const c = b[pos];
      if ((c >= 48 && c <= 57) || c === PLUS || c === MINUS || c === STAR) {
        pos = this.costLine(pos); // most lines: parsed in the same pass that finds their end
      } else {
        let end = pos;
        while (end < n && b[end] !== NL) end++; // a plain loop: 3x faster than indexOf on short lines
        const next = end + 1;
        if (end > pos && b[end - 1] === CR) end--;
        this.line(pos, end);
        pos = next;
      }
      if (pos >= nextReport && onProgress) {
        onProgress(Math.min(1, pos / n));
        nextReport = pos + step;
      }
    }
    if (this.pendingCalls >= 0) {
      this.fail(`calls= on line ${this.pendingLine} has no cost line after it`);
    }
    if (this.events === null) this.fail('no events: line: this is not a callgrind profile');
    this.closePart();
    const count = this.frames.frames.length;
    return {
      self: grown(this.self, count).subarray(0, count),
      line: grown(this.firstLine, count).subarray(0, count),
      edgeCount: this.caller.length,
      caller: Int32Array.from(this.caller),
      callee: Int32Array.from(this.callee),
      ncalls: Float64Array.from(this.ncalls),
      edgeTotal: Float64Array.from(this.edgeTotal),
      events: this.events,
      total: this.total,
      cmd: this.cmd,
    };
  }

  private fail(problem: string): never {
    throw new ProfileFormatError(FORMAT, problem, `line ${this.lineNo}`);
  }

  private line(s: number, e: number): void {
    const b = this.b;
    while (s < e && (b[s] === SPACE || b[s] === TAB)) s++;
    if (s === e) return;
    const c = b[s];
    if ((c >= 48 && c <= 57) || c === PLUS || c === MINUS || c === STAR) {
      this.costLine(s); // after leading blanks
      return;
    }
    if (c === HASH) return;
    // key= or key:
    let k = s;
    while (k < e && b[k] !== EQUALS && b[k] !== COLON && b[k] !== SPACE && b[k] !== TAB) k++;
    if (k === e || (b[k] !== EQUALS && b[k] !== COLON)) this.fail('not a callgrind line');
    if (this.pendingCalls >= 0) this.fail(`calls= on line ${this.pendingLine} is not followed by its cost line`);
    const key = keyCode(b, s, k);
    if (b[k] === EQUALS) this.spec(key, k + 1, e);
    else this.header(key, k + 1, e);
  }

  // ---- key=value body lines
  private spec(key: number, s: number, e: number): void {
    const b = this.b;
    while (s < e && (b[s] === SPACE || b[s] === TAB)) s++;
    this.partHasBody = true;
    switch (key) {
      case K.fn: {
        this.fnName = this.names.name(FUNCTIONS, s, e);
        this.fnFile = this.file;
        this.fn = -1;
        return;
      }
      case K.fl: case K.fi: case K.fe:
        this.file = this.names.name(FILES, s, e);
        return;
      case K.cfi: case K.cfl:
        this.cfile = this.names.name(FILES, s, e);
        return;
      case K.cfn: {
        this.targetName = this.names.name(FUNCTIONS, s, e);
        // without cfi=, the callee is in the file in force (callgrind writes cfi= only when they differ)
        this.targetFile = this.cfile >= 0 ? this.cfile : this.file;
        this.cfile = -1;
        return;
      }
      case K.ob: case K.cob:
        this.names.name(OBJECTS, s, e);
        return;
      case K.jfi:
        this.names.name(FILES, s, e);
        return;
      case K.jfn:
        this.names.name(FUNCTIONS, s, e);
        return;
      case K.calls: {
        if (this.fnName < 0) this.fail('calls= before any fn=');
        if (this.targetName < 0) this.fail('calls= without a cfn= before it');
        const cur = this.num;
        if (!parseNumberAt(b, s, e, cur) || (cur.pos < e && b[cur.pos] !== SPACE && b[cur.pos] !== TAB)) {
          this.fail('calls= needs a call count');
        }
        if (!(cur.value < MAX_COST)) this.fail(`calls= count ${cur.value} is too large`);
        // the target position after the count is not needed: the callee's own lines give its place
        this.pendingCalls = cur.value;
        this.pendingLine = this.lineNo;
        return;
      }
      default:
        // jump=, jcnd= and keys of later format versions (rec=, frfn=, ln=, bb=): nothing to count
        return;
    }
  }

  // small-integer keys only: Maps hash them much faster than doubles or strings
  private frameFor(name: number, file: number): number {
    const slots = this.frameSlots, keys = this.frameKeys;
    const mask = slots.length - 1;
    let slot = frameHash(name, file) & mask;
    for (;;) {
      const v = slots[slot];
      if (v === 0) break;
      if (keys[2 * slot] === name && keys[2 * slot + 1] === file) return v - 1;
      slot = (slot + 1) & mask;
    }
    const f = this.frames.intern(this.names.strings[name], this.names.strings[file], 0, 0);
    slots[slot] = f + 1;
    keys[2 * slot] = name;
    keys[2 * slot + 1] = file;
    if (2 * ++this.frameKeyCount > mask) this.rehashFrames();
    this.self = grown(this.self, f + 1);
    this.firstLine = grown(this.firstLine, f + 1);
    return f;
  }

  /** the edge table, four times bigger */
  private rehashEdges(): void {
    const slots = new Int32Array(this.edgeSlots.length * 4);
    const mask = slots.length - 1;
    for (let e = 0; e < this.caller.length; e++) {
      let slot = frameHash(this.caller[e], this.callee[e]) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = e + 1;
    }
    this.edgeSlots = slots;
  }

  private rehashFrames(): void {
    const oldSlots = this.frameSlots, oldKeys = this.frameKeys;
    const slots = new Int32Array(oldSlots.length * 4);
    const keys = new Int32Array(slots.length * 2);
    const mask = slots.length - 1;
    for (let i = 0; i < oldSlots.length; i++) {
      if (oldSlots[i] === 0) continue;
      const name = oldKeys[2 * i], file = oldKeys[2 * i + 1];
      let slot = frameHash(name, file) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = oldSlots[i];
      keys[2 * slot] = name;
      keys[2 * slot + 1] = file;
    }
    this.frameSlots = slots;
    this.frameKeys = keys;
  }

  // ---- cost lines: subpositions, then costs. Reads up to the newline; returns where the next line starts.
  private costLine(s: number): number {
    // the common case (one position, plain decimal costs, single spaces, LF) in one tight pass;
    // anything else, errors included, is read again by the general code below
    if (this.positionCount === 1 && this.events !== null && this.fnName >= 0) {
      const end = this.plainCostLine(s);
      if (end >= 0) return end;
    }
    const b = this.b;
    const n = b.length;
    if (this.events === null) this.fail('cost line before the events: line');
    if (this.fnName < 0) this.fail('cost line before any fn=');
    this.partHasBody = true;
    const cur = this.num;
    const prev = this.prev;
    let p = s;
    let c = 0;
    let line = 0;
    // Numbers are nearly always plain decimals: read those inline, and hand anything else (hex,
    // fractions, garbage) to parseNumberAt, which also decides what is an error.
    for (let k = 0; k < this.positionCount; k++) {
      while (p < n && ((c = b[p]) === SPACE || c === TAB || c === CR)) p++;
      if (p === n || c === NL) break;
      let v: number;
      if (c === STAR) {
        v = prev[k];
        p++;
      } else {
        const sign = c === PLUS ? 1 : c === MINUS ? -1 : 0;
        const from = sign === 0 ? p : p + 1;
        let d = 0;
        let q = from;
        while (q < n && (c = b[q]) >= 48 && c <= 57) {
          d = d * 10 + (c - 48);
          q++;
        }
        if (q === from || (q < n && c !== SPACE && c !== TAB && c !== CR && c !== NL)) {
          if (!parseNumberAt(b, from, n, cur)) this.fail('a position is not a number');
          d = cur.value;
          q = cur.pos;
        }
        v = sign === 0 ? d : prev[k] + sign * d;
        p = q;
      }
      if (p < n && (c = b[p]) !== SPACE && c !== TAB && c !== CR && c !== NL) this.fail('a position is not a number');
      prev[k] = v;
      if (k === this.lineSlot) line = v;
    }
    let cost = 0;
    let column = 0;
    for (;;) {
      while (p < n && ((c = b[p]) === SPACE || c === TAB || c === CR)) p++;
      if (p === n || c === NL) break;
      if (column >= this.eventCount) this.fail(`more costs than the ${this.eventCount} events`);
      const neg = c === MINUS; // not in the spec, but Xdebug 2 wrote negative memory deltas
      const from = neg ? p + 1 : p;
      let d = 0;
      let q = from;
      while (q < n && (c = b[q]) >= 48 && c <= 57) {
        d = d * 10 + (c - 48);
        q++;
      }
      if (q === from || (q < n && c !== SPACE && c !== TAB && c !== CR && c !== NL)) {
        if (!parseNumberAt(b, from, n, cur, true)) this.fail('a cost is not a number');
        d = cur.value;
        q = cur.pos;
        if (q < n && (c = b[q]) !== SPACE && c !== TAB && c !== CR && c !== NL) this.fail('a cost is not a number');
      }
      if (!(d < MAX_COST)) this.fail(`a cost is too large (${d}; at most ${MAX_COST} is read, so that no sum overflows)`);
      p = q;
      if (column === this.eventColumn) cost = neg ? -d : d;
      column++;
    }
    this.addCost(line, cost);
    return p + 1;
  }

  /**
   * A cost line of one position (`N`, `+N`, `-N` or `*`) and non-negative decimal costs of at
   * most 15 digits, separated by single spaces and ended by LF (or the end of the file): what
   * callgrind writes for nearly every line. Returns the position after it, or -1, having changed
   * nothing, for anything else.
   */
  private plainCostLine(s: number): number {
    const b = this.b;
    const n = b.length;
    let p = s;
    let c = b[p];
    let v: number;
    if (c === STAR) {
      v = this.prev[0];
      p++;
    } else {
      const sign = c === PLUS ? 1 : c === MINUS ? -1 : 0;
      if (sign !== 0) p++;
      const from = p;
      let d = 0;
      while (p < n && (c = b[p]) >= 48 && c <= 57) {
        d = d * 10 + (c - 48);
        p++;
      }
      if (p === from || p - from > 15) return -1;
      v = sign === 0 ? d : this.prev[0] + sign * d;
    }
    if (p < n && b[p] !== SPACE && b[p] !== NL) return -1;
    const eventColumn = this.eventColumn, eventCount = this.eventCount;
    let cost = 0;
    let column = 0;
    while (p < n) {
      c = b[p];
      if (c === NL) break;
      if (c !== SPACE) return -1;
      p++;
      const from = p;
      let d = 0;
      while (p < n && (c = b[p]) >= 48 && c <= 57) {
        d = d * 10 + (c - 48);
        p++;
      }
      if (p === from || p - from > 15 || column >= eventCount) return -1; // a trailing blank, too
      if (column === eventColumn) cost = d;
      column++;
    }
    this.partHasBody = true;
    this.prev[0] = v;
    this.addCost(this.lineSlot === 0 ? v : 0, cost);
    return p + 1;
  }

  /** A cost line's cost, for the function in force: self cost, or the calls just announced. */
  private addCost(line: number, cost: number): void {
    const f = this.fn >= 0 ? this.fn : (this.fn = this.frameFor(this.fnName, this.fnFile));
    if (this.pendingCalls >= 0) {
      // the inclusive cost of the calls just announced, spent in the callee: not self cost
      this.addCall(f, this.frameFor(this.targetName, this.targetFile), this.pendingCalls, cost);
      this.pendingCalls = -1;
    } else {
      this.self[f] += cost;
      this.partSelf += cost;
    }
    if (line > 0 && this.file === this.fnFile && (this.firstLine[f] === 0 || line < this.firstLine[f])) {
      this.firstLine[f] = line;
    }
  }

  private addCall(from: number, to: number, count: number, cost: number): void {
    const slots = this.edgeSlots;
    const mask = slots.length - 1;
    let slot = frameHash(from, to) & mask;
    let edge = -1;
    for (;;) {
      const v = slots[slot] - 1;
      if (v < 0) break;
      if (this.caller[v] === from && this.callee[v] === to) {
        edge = v;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (edge < 0) {
      edge = this.caller.length;
      this.caller.push(from);
      this.callee.push(to);
      this.ncalls.push(0);
      this.edgeTotal.push(0);
      slots[slot] = edge + 1;
      if (2 * (edge + 1) > mask) this.rehashEdges();
    }
    this.ncalls[edge] += count;
    this.edgeTotal[edge] += cost;
  }

  // ---- key: value header lines (a part's header, and summary:/totals: anywhere)
  private header(key: number, s: number, e: number): void {
    switch (key) {
      case K.events: {
        if (this.partHasBody) this.closePart();
        const names = this.words(s, e);
        if (names.length === 0) this.fail('the events: line names no event');
        this.eventCount = names.length;
        if (this.events === null) {
          if (!(this.eventChoice >= 0 && this.eventChoice < names.length && Number.isInteger(this.eventChoice))) {
            this.fail(`event ${this.eventChoice} does not exist: the file has ${names.length} (${names.join(' ')})`);
          }
          this.events = names;
          this.eventColumn = this.eventChoice;
        } else {
          // a later part may list other events: follow the chosen one by name
          this.eventColumn = names.indexOf(this.events[this.eventChoice]);
        }
        return;
      }
      case K.positions: {
        const kinds = this.words(s, e).filter((w) => w === 'instr' || w === 'addr' || w === 'bb' || w === 'line');
        this.positionCount = Math.max(1, kinds.length);
        this.lineSlot = kinds.length === 0 ? 0 : kinds.indexOf('line');
        this.prev = new Float64Array(this.positionCount);
        return;
      }
      case K.summary: case K.totals: {
        const values = this.words(s, e).map((w) => {
          const v = Number(w);
          if (!Number.isFinite(v)) this.fail(`${key === K.summary ? 'summary' : 'totals'}: holds "${w}", not a number`);
          if (!(Math.abs(v) < MAX_COST)) this.fail(`${key === K.summary ? 'summary' : 'totals'}: ${w} is too large`);
          return v;
        });
        if (key === K.summary) this.partSummary = values;
        else this.partTotals = values;
        return;
      }
      case K.part:
        if (this.partHasBody) this.closePart();
        return;
      case K.cmd:
        if (this.cmd === '') this.cmd = this.decoder.decode(this.b.subarray(s, e)).trim();
        return;
      default:
        // version:, creator:, pid:, thread:, desc:, event: ... describe the run, not its costs
        return;
    }
  }

  private words(s: number, e: number): string[] {
    return this.decoder.decode(this.b.subarray(s, e)).split(/[ \t]+/).filter((w) => w !== '');
  }

  /** A part's total as callgrind_annotate takes it: summary:, else totals:, else the self costs. */
  private closePart(): void {
    const pick = (values: number[] | null): number | null => {
      if (values === null || values.every((v) => v === 0)) return null; // annotate skips all-zero lines
      return this.eventColumn >= 0 && this.eventColumn < values.length ? values[this.eventColumn] : 0;
    };
    this.total += pick(this.partSummary) ?? pick(this.partTotals) ?? this.partSelf;
    this.partSelf = 0;
    this.partSummary = this.partTotals = null;
    this.partHasBody = false;
  }
}
