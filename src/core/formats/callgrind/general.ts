import { ProfileFormatError } from '../../errors';
import { Repairs } from '../../warnings';
import type { Frame, LineCosts } from '../../model';
import { LineTable } from '../../source/lineTable';
import { CR, HASH, keyCode, MINUS, NL, parseNumberAt, PLUS, SPACE, STAR, TAB, type NumberCursor } from './bytes';
import { FILES, FUNCTIONS, Names, OBJECTS } from './names';
import { EdgeTable, FrameIndex, grownFloat } from './tables';
import { withinExactRange } from '../../untrusted';

/**
 * The callgrind scanner (valgrind manual, "Callgrind Format Specification"). It walks the
 * bytes line by line and never decodes the file as a whole: positions and costs are parsed from
 * bytes, only names are decoded. What it keeps, for the one event the profile shows:
 *  - self cost per frame: every cost line except the one after `calls=`;
 *  - per (caller frame, callee frame): summed call counts and the inclusive costs of those calls;
 *  - per (frame, file in force, line): self cost and the inclusive cost of calls made from the
 *    line, for the source view (core/source);
 *  - the program total, per `part:` as callgrind_annotate takes it for a file of one part (the
 *    `summary:` line, else `totals:`, else the sum of self costs), summed over parts, and the
 *    line it came from, for total.ts to check against the costs.
 * A frame is (fn name as written, file in force at its `fn=` line). That file is the one of the
 * last fl=/fi=/fe=: callgrind's writer closes every function with `fe=` back to the function's
 * own file, so this is the function's fl= file, and it is the file callgrind_annotate names too.
 * fi=/fe= move later cost lines to another file (inlined code) but not to another function.
 *
 * This file holds the scanner's state and its general line reader, which reads any line and
 * decides what is an error; scan.ts adds the fast reader that takes nearly every line of a real
 * file and hands the others to this one.
 */

export interface ScanResult {
  /** per frame of the array passed in (which the scan fills, each with the smallest line seen in its own file) */
  self: Float64Array;
  edgeCount: number;
  caller: Int32Array;
  callee: Int32Array;
  ncalls: Float64Array;
  edgeTotal: Float64Array;
  events: string[];
  /** the long names of `event:` lines, by event name */
  eventLongNames: ReadonlyMap<string, string>;
  total: number;
  /** the first summary: or totals: line the total was taken from (null: the total is the self costs' sum) */
  totalFrom: TotalLine | null;
  cmd: string;
  /** cost per (frame, file in force, line): self, and the inclusive cost of calls made from the line */
  lines: LineCosts | null;
  /** what was repaired (Profile.warnings) */
  warnings: string[];
}

/** a summary: or totals: line: its key, its line number and what it says for the event shown */
export interface TotalLine {
  key: string;
  line: number;
  says: number;
}

const FORMAT = 'callgrind';
const COLON = 58, EQUALS = 61;
/** indexes of LineReader.sums */
export const TOTAL = 0, PART_SELF = 1, CALLS = 2;
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
  totals: keyCode('totals'), part: keyCode('part'), cmd: keyCode('cmd'), event: keyCode('event'),
};

export class LineReader {
  protected readonly b: Uint8Array;
  private readonly eventChoice: number;
  private readonly decoder = new TextDecoder('utf-8');
  protected lineNo = 0;
  private readonly num: NumberCursor = { pos: 0, value: 0 };

  protected readonly names: Names;

  protected readonly frames: FrameIndex;
  // per frame f: [2f] its self cost, [2f + 1] the smallest line seen in its own file (0: none),
  // side by side so that a function's first cost line misses the cache once (set twice: see tables.ts)
  protected perFrame = new Float64Array(0);
  protected readonly edges = new EdgeTable();
  protected readonly lines = new LineTable();

  // header state
  protected events: string[] | null = null;
  protected eventCount = 0; // columns of the current part
  protected eventColumn = -1; // the chosen event's column in the current part (-1: absent)
  protected positionCount = 1;
  protected lineSlot = 0; // which subposition is the line (-1: none)
  protected prev = new Float64Array(1); // the last cost line's subpositions, for +N -N *
  protected next = new Float64Array(1); // the line being read's, until it is known to be good
  private cmd = '';
  /** `event: NAME : LONG NAME` lines: what an event measures, in words (a unit in parentheses) */
  private readonly eventLongNames = new Map<string, string>();

  // body state
  protected file: number; // fl/fi/fe in force
  protected fnFile: number; // the file of the current function
  // frames are made when a cost line or a call needs them, so that name definitions ahead of
  // use (`fn=(3) func2` under whatever file is in force) leave no empty functions behind
  protected fnName = -1; // current function's name, -1 before any fn=
  protected fn = -1; // its frame, -1 until needed
  protected cfile = -1; // cfi/cfl for the next cfn, -1 when none
  protected targetName = -1; // callee of the next calls=, by name and file
  protected targetFile = -1;
  protected pending = false; // a calls= waits for its cost line (its count is in sums[CALLS])
  protected pendingLine = 0;

  // Sums and counts that outgrow small integers live in a typed array, not in fields: a field
  // that turns from a small integer into a double changes the object's hidden class, and every
  // optimized method of it is thrown away and compiled again.
  protected readonly sums = new Float64Array(3);
  // totals per part
  protected partHasBody = false;
  private partSummary: number[] | null = null;
  private partTotals: number[] | null = null;
  private partSummaryLine = 0;
  private partTotalsLine = 0;
  /** what the scan repaired, besides undefined ids */
  private readonly repairs = new Repairs();
  /** the first summary: or totals: line a part's total was taken from */
  private totalFrom: TotalLine | null = null;

  /** ids used and never defined, which Names made names for */
  private readonly undefinedIds = new UndefinedIds();

  /** `out` holds the profile's root frame; the scan appends one frame per function */
  constructor(bytes: Uint8Array, eventChoice: number, private readonly out: Frame[], protected readonly collectLines = true) {
    this.b = bytes;
    this.eventChoice = eventChoice;
    this.names = new Names(bytes, (space, id) => this.undefinedIds.add(space, id, this.lineNo));
    this.frames = new FrameIndex(this.names.strings);
    this.perFrame = new Float64Array(2 * 16);
    this.file = this.fnFile = 0; // the empty name
  }

  /** The checks at the end of the file, and what the scan found. */
  protected result(): ScanResult {
    if (this.pending) {
      this.fail(`calls= on line ${this.pendingLine} has no cost line after it`);
    }
    if (this.events === null) this.fail('no events: line: this is not a callgrind profile');
    this.closePart();
    const count = this.frames.count;
    const perFrame = grownFloat(this.perFrame, 2 * count);
    const self = new Float64Array(count), lines = new Float64Array(count);
    for (let f = 0; f < count; f++) {
      self[f] = perFrame[2 * f];
      lines[f] = perFrame[2 * f + 1];
    }
    this.frames.finish(this.out, lines);
    const edges = this.edges.finish();
    return {
      self,
      edgeCount: this.edges.size,
      caller: edges.caller,
      callee: edges.callee,
      ncalls: edges.ncalls,
      edgeTotal: edges.total,
      events: this.events,
      eventLongNames: this.eventLongNames,
      total: this.sums[TOTAL],
      totalFrom: this.totalFrom,
      cmd: this.cmd,
      lines: this.collectLines ? this.lines.finish((file) => this.names.strings[file]) : null,
      warnings: [...this.undefinedIds.warnings(), ...this.repairs.words()],
    };
  }

  /** Reads the line at `pos`, whatever it holds: returns where the next one starts. */
  protected generalLine(pos: number): number {
    const b = this.b;
    const n = b.length;
    const c = b[pos];
    if ((c >= 48 && c <= 57) || c === PLUS || c === MINUS || c === STAR) return this.costLine(pos);
    let end = pos;
    while (end < n && b[end] !== NL) end++; // a plain loop: 3x faster than indexOf on short lines
    const next = end + 1;
    if (end > pos && b[end - 1] === CR) end--;
    this.line(pos, end);
    return next;
  }

  protected fail(problem: string): never {
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
    if (this.pending) this.fail(`calls= on line ${this.pendingLine} is not followed by its cost line`);
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
        this.sums[CALLS] = cur.value;
        this.pending = true;
        this.pendingLine = this.lineNo;
        return;
      }
      default:
        // jump=, jcnd= and keys of later format versions (rec=, frfn=, ln=, bb=): nothing to count
        return;
    }
  }

  /** the frame of (name, file), with room for its sums */
  protected frameFor(name: number, file: number): number {
    const f = this.frames.get(name, file);
    if (2 * f >= this.perFrame.length) {
      this.perFrame = grownFloat(this.perFrame, 2 * f + 2);
    }
    return f;
  }

  // ---- cost lines: subpositions, then costs. Reads up to the newline; returns where the next line starts.
  private costLine(s: number): number {
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
      if (column === this.eventColumn) {
        cost = neg ? -d : d;
        if (neg && d > 0) this.negativeCost();
        if (!withinExactRange(d)) this.inexactCost();
      }
      column++;
    }
    this.addCost(line, cost);
    return p + 1;
  }

  /**
   * A negative cost of the shown event, which callgrind never writes (its costs are unsigned; Xdebug
   * 2 wrote freed memory so): kept and said. callgrind_annotate adds it as it stands, so a
   * function's self cost stays what annotate prints. The fast reader never gets here: it hands
   * every `-` cost to the general reader.
   */
  private negativeCost(): void {
    this.repairs.note('negative cost', `line ${this.lineNo}`, 'negative costs (callgrind\'s costs are unsigned): kept as written, lowering their function\'s cost, as callgrind_annotate adds them');
  }

  /**
   * A cost of the shown event past 2^53 - 1, which no JavaScript number holds exactly: read
   * rounded, and said once with its count and first line (every sum it enters is rounded too:
   * past 2^53 a double steps by 2 or more, and a sum of many costs drifts by many units).
   * The fast reader never gets here: it hands every number of 16 digits or more to the general
   * reader, since 15 digits are always exact.
   */
  private inexactCost(): void {
    this.repairs.note('inexact cost', `line ${this.lineNo}`, 'costs above 2^53 - 1, past what a number holds exactly: read rounded, and the sums they enter are rounded too');
  }

  /** A cost line's cost, for the function in force: self cost, or the calls just announced. */
  private addCost(line: number, cost: number): void {
    const f = this.fn >= 0 ? this.fn : (this.fn = this.frameFor(this.fnName, this.fnFile));
    // per line, at the file in force (fi=/fe= for inlined code), as callgrind_annotate's source annotation
    if (this.collectLines) this.lines.add(f, this.file, line, this.pending ? 0 : cost, this.pending ? cost : 0);
    if (this.pending) {
      // the inclusive cost of the calls just announced, spent in the callee: not self cost
      this.edges.add(f, this.frameFor(this.targetName, this.targetFile), this.sums[CALLS], cost);
      this.pending = false;
    } else {
      this.perFrame[2 * f] += cost;
      this.sums[PART_SELF] += cost;
    }
    const perFrame = this.perFrame;
    if (line > 0 && this.file === this.fnFile && (perFrame[2 * f + 1] === 0 || line < perFrame[2 * f + 1])) {
      perFrame[2 * f + 1] = line;
    }
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
        this.next = new Float64Array(this.positionCount);
        return;
      }
      case K.summary: case K.totals: {
        const values = this.words(s, e).map((w) => {
          const v = Number(w);
          if (!Number.isFinite(v)) this.fail(`${key === K.summary ? 'summary' : 'totals'}: holds "${w}", not a number`);
          if (!(Math.abs(v) < MAX_COST)) this.fail(`${key === K.summary ? 'summary' : 'totals'}: ${w} is too large`);
          return v;
        });
        if (key === K.summary) {
          this.partSummary = values;
          this.partSummaryLine = this.lineNo;
        } else {
          this.partTotals = values;
          this.partTotalsLine = this.lineNo;
        }
        return;
      }
      case K.part:
        if (this.partHasBody) this.closePart();
        return;
      case K.cmd:
        if (this.cmd === '') this.cmd = this.decoder.decode(this.b.subarray(s, e)).trim();
        return;
      case K.event: {
        // `event: sysTime : sysTime (elapsed ns)`; a formula (`= ...`) before the long name is ignored
        const text = this.decoder.decode(this.b.subarray(s, e));
        const colon = text.indexOf(':');
        const name = (colon < 0 ? text : text.slice(0, colon)).split('=')[0].trim();
        if (name !== '' && colon >= 0 && !this.eventLongNames.has(name)) this.eventLongNames.set(name, text.slice(colon + 1).trim());
        return;
      }
      default:
        // version:, creator:, pid:, thread:, desc: ... describe the run, not its costs
        return;
    }
  }

  private words(s: number, e: number): string[] {
    return this.decoder.decode(this.b.subarray(s, e)).split(/[ \t]+/).filter((w) => w !== '');
  }

  /** A part's total as callgrind_annotate takes it: summary:, else totals:, else the self costs. */
  private closePart(): void {
    const pick = (values: number[] | null, key: string, line: number): number | null => {
      if (values === null || values.every((v) => v === 0)) return null; // annotate skips all-zero lines
      const v = this.eventColumn >= 0 && this.eventColumn < values.length ? values[this.eventColumn] : 0;
      // no run costs less than nothing: a negative total would leave the chart nothing to draw
      // beside a full table, so the next total in line is taken, and said
      if (v < 0) {
        this.repairs.note(key, `line ${line}`, `${key} lines with a negative total: the next one in line (totals:, else the sum of the self costs) taken instead`);
        return null;
      }
      this.totalFrom ??= { key, line, says: v };
      return v;
    };
    this.sums[TOTAL] += pick(this.partSummary, 'summary:', this.partSummaryLine) ?? pick(this.partTotals, 'totals:', this.partTotalsLine) ?? this.sums[PART_SELF];
    this.sums[PART_SELF] = 0;
    this.partSummary = this.partTotals = null;
    this.partHasBody = false;
  }
}

/** Compressed-name ids used and never defined, per kind, with the line of the first use. */
class UndefinedIds {
  private readonly ids = [[] as number[], [] as number[], [] as number[]];
  private readonly firstLine = [0, 0, 0];

  add(space: number, id: number, line: number): void {
    if (this.ids[space].length === 0) this.firstLine[space] = line;
    this.ids[space].push(id);
  }

  warnings(): string[] {
    const out: string[] = [];
    const kinds = ['file', 'function', 'object'];
    this.ids.forEach((ids, space) => {
      if (ids.length === 0) return;
      const shown = ids.slice(0, 5).map((id) => `(${id})`).join(', ') + (ids.length > 5 ? ', ...' : '');
      const kept = space === FUNCTIONS ? `their calls are kept, under functions named "(undefined function ${ids[0]})" and so on`
        : space === FILES ? 'read as no file' : 'ignored (objects are not shown)';
      out.push(`${ids.length} ${kinds[space]} id${ids.length === 1 ? ' is' : 's are'} used and never defined: ${shown} (first at line ${this.firstLine[space]}); ${kept}`);
    });
    return out;
  }
}
