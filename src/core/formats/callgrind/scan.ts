import { CR, MINUS, NL, PLUS, SPACE, STAR, TAB } from './bytes';
import { CALLS, LineReader, PART_SELF, type ScanResult } from './general';
import { FILES, FUNCTIONS, OBJECTS } from './names';
import { BATCH } from './tables';
import { LINE_BATCH } from '../../source/lineTable';

export { MAX_COST, type ScanResult } from './general';

/**
 * The callgrind scanner: general.ts's reader of every line, plus a fast reader for the shapes
 * nearly every line of a real file has. See general.ts for what the scan keeps.
 */

const EQUALS = 61, LPAREN = 40, RPAREN = 41, B = 98, L = 108, S = 115;

/*
 * The fast reader branches on table lookups and on comparisons that run for every line of their
 * kind, rather than on chains of comparisons of which some run only for rare lines. V8 compiles a
 * comparison it has never seen run into a bail-out: the first rare line after the optimizing
 * compile would throw the whole compiled reader away (a 40 ms compile, again), which on a file of
 * a few MB costs more than the file takes to read.
 */

/** line kinds by first byte */
const OTHER = 0, EMPTY = 1, COST = 2;
const LINE_KIND = new Uint8Array(256);
LINE_KIND[NL] = EMPTY;
for (const c of '0123456789+-*') LINE_KIND[c.charCodeAt(0)] = COST;

/** the keys the fast reader takes, by their first two bytes (fi= and fe= are fl=, cob= is ob=) */
const FN = 1, FL = 2, OB = 3, CFN = 4, CFL = 5, COB = 6, CALLS_KEY = 7, CF = 8, CO = 9, CA = 10;
const KEYS = new Uint8Array(1 << 16);
for (const [key, code] of [['fn', FN], ['fl', FL], ['fi', FL], ['fe', FL], ['ob', OB], ['cf', CF], ['co', CO], ['ca', CA]] as const) {
  KEYS[(key.charCodeAt(0) << 8) | key.charCodeAt(1)] = code;
}
/** cfn= cfi= cfl=, by their third byte */
const CF_KEYS = new Uint8Array(256);
CF_KEYS['n'.charCodeAt(0)] = CFN;
CF_KEYS['i'.charCodeAt(0)] = CF_KEYS['l'.charCodeAt(0)] = CFL;
/** where the `=` is, per key */
const KEY_LENGTH = Uint8Array.of(0, 2, 2, 2, 3, 3, 3, 5);
/** position digits: 0-9 and a-f, A-F as values, anything else 255 */
const HEX = new Uint8Array(256).fill(255);
for (let d = 0; d < 16; d++) HEX['0123456789abcdef'.charCodeAt(d)] = HEX['0123456789ABCDEF'.charCodeAt(d)] = d;

export class Scanner extends LineReader {
  /**
   * Every line is read once: by the fast reader below when it has one of the shapes nearly every
   * line of a real file has, else by the general reader, which also decides what is an error.
   */
  run(onProgress?: (fraction: number) => void): ScanResult {
    const b = this.b;
    const n = b.length;
    const last = b.lastIndexOf(NL);
    let pos = n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0; // BOM
    const step = 4 << 20;
    // the first stop comes soon, so that the fast reader has returned once before V8 compiles it
    // (see below): else its compile, made while it runs, has not seen its end and is thrown away there
    let nextReport = 1 << 12;
    const edges = this.edges;
    while (pos < n) {
      // the fast reader stops when its batch of calls, or of lines, is full
      if (edges.batched === BATCH) edges.sumBatch();
      if (this.lines.batched === LINE_BATCH) this.lines.sumBatch();
      const stop = pos <= last ? this.fastLines(pos, Math.min(last, nextReport)) : pos;
      if (stop === pos) {
        this.lineNo++;
        pos = this.generalLine(pos);
      } else {
        pos = stop;
      }
      if (pos >= nextReport) {
        onProgress?.(Math.min(1, pos / n));
        nextReport = pos + step;
      }
    }
    return this.result();
  }

  // ---- the fast reader

  /**
   * Reads lines from `pos` (at most up to the line starting after `limit`, which is at most the
   * file's last LF) for as long as they have the shapes nearly every line of a real file has:
   *  - a cost line of decimal or 0x hex positions (`N`, `+N`, `-N`, `*`) and non-negative decimal
   *    costs, numbers of at most 15 decimal or 13 hex digits (exact in a double, so the values
   *    are the general reader's), single spaces, LF;
   *  - `key=(id)` for a defined id, `key=name`, and `calls=COUNT ...` with a decimal COUNT,
   *    for the keys fn fl fi fe ob cfn cfi cfl cob;
   *  - an empty line;
   * in a state where no error is possible. Returns where it stopped: the start of the first line
   * it did not take, which the general reader reads and judges.
   *
   * One loop with the scanner's state in local variables, written back when it stops: a method
   * per line costs a call, and state in fields costs a load and a store per use. The file's last
   * LF stops every inner loop, so none checks for the end of the buffer.
   */
  private fastLines(pos: number, limit: number): number {
    const b = this.b;
    const names = this.names, sums = this.sums;
    const edges = this.edges, batchFrom = edges.batchFrom, batchTo = edges.batchTo;
    const batchCount = edges.batchCount, batchCost = edges.batchCost;
    const lineTable = this.lines, lineFrame = lineTable.batchFrame, lineFile = lineTable.batchFile, lineLine = lineTable.batchLine;
    const lineSelf = lineTable.batchSelf, lineCalls = lineTable.batchCalls;
    let lineBatched = lineTable.batched;
    const wantLines = this.collectLines;
    const prev = this.prev, next = this.next;
    const positionCount = this.positionCount, lineSlot = this.lineSlot;
    const eventColumn = this.eventColumn, eventCount = this.eventCount;
    const haveEvents = this.events !== null;
    let perFrame = this.perFrame;
    let fnName = this.fnName, fnFile = this.fnFile, fn = this.fn, file = this.file, cfile = this.cfile;
    let targetName = this.targetName, targetFile = this.targetFile;
    let pending = this.pending, pendingLine = this.pendingLine;
    let calls = sums[CALLS], partSelf = sums[PART_SELF];
    let batched = edges.batched;
    let lineNo = this.lineNo; // lines read so far: this one is lineNo + 1
    let body = false; // a line other than an empty one was read
    let d: number;
    lines: while (pos <= limit) {
      const c0 = b[pos];
      const kind = LINE_KIND[c0];
      let p = pos;
      if (kind === COST) {
        if (!haveEvents || fnName < 0) break;
        // Numbers are summed from -0, not 0: V8 then does their arithmetic in doubles from the
        // start, instead of in small integers until a cost past 2^31 throws the compiled code away.
        let line = 0;
        for (let k = 0; k < positionCount; k++) {
          if (k > 0 && b[p++] !== SPACE) break lines;
          let c = b[p];
          let v = -0;
          if (c === STAR) {
            v = prev[k];
            p++;
          } else {
            const sign = c === PLUS ? 1 : c === MINUS ? -1 : 0;
            if (sign !== 0) c = b[++p];
            const x = (b[p + 1] | 0x20) === 120; // compared always (see above)
            let from = p;
            if (c === 48 && x) {
              from = p += 2;
              while ((d = HEX[b[p]]) !== 255) {
                v = v * 16 + d;
                p++;
              }
              if (p === from || p - from > 13) break lines;
            } else {
              while ((d = b[p] - 48) >= 0 && d <= 9) {
                v = v * 10 + d;
                p++;
              }
              if (p === from || p - from > 15) break lines;
            }
            if (sign !== 0) v = prev[k] + sign * v;
          }
          next[k] = v;
          if (k === lineSlot) line = v;
        }
        let cost = 0;
        let column = 0;
        while (b[p] === SPACE) {
          const from = ++p;
          let v = -0;
          while ((d = b[p] - 48) >= 0 && d <= 9) {
            v = v * 10 + d;
            p++;
          }
          if (p === from || p - from > 15) break lines; // a trailing blank, too
          if (column === eventColumn) cost = v;
          column++;
        }
        if (b[p] !== NL || column > eventCount || batched === BATCH || lineBatched === LINE_BATCH) break;
        // the line is good: from here on it counts
        for (let k = 0; k < positionCount; k++) prev[k] = next[k];
        if (fn < 0) {
          fn = this.frameFor(fnName, fnFile);
          perFrame = this.perFrame;
        }
        // per line (LineTable.add, written out): into the batch's last row when the key repeats
        const lr = lineBatched - 1;
        if (!wantLines) {
          // ImportOptions.lines off
        } else if (lr >= 0 && lineLine[lr] === line && lineFrame[lr] === fn && lineFile[lr] === file) {
          if (pending) lineCalls[lr] += cost;
          else lineSelf[lr] += cost;
        } else {
          lineFrame[lineBatched] = fn;
          lineFile[lineBatched] = file;
          lineLine[lineBatched] = line;
          lineSelf[lineBatched] = pending ? 0 : cost;
          lineCalls[lineBatched++] = pending ? cost : 0;
        }
        if (!pending) {
          perFrame[2 * fn] += cost;
          partSelf += cost;
        } else {
          // the inclusive cost of the calls just announced, spent in the callee: not self cost
          const to = this.frameFor(targetName, targetFile);
          perFrame = this.perFrame;
          batchFrom[batched] = fn; // EdgeTable.add, written out (a call would box the costs)
          batchTo[batched] = to;
          batchCount[batched] = calls;
          batchCost[batched++] = cost;
          pending = false;
        }
        if (line > 0 && file === fnFile) {
          const first = perFrame[2 * fn + 1];
          if (first === 0 || line < first) perFrame[2 * fn + 1] = line;
        }
      } else if (kind === OTHER) {
        // ---- key=(id) or calls=COUNT; a key the table knows has a letter second, so the bytes
        // up to its `=` are all before the last LF
        if (pending) break;
        let key = KEYS[(c0 << 8) | b[pos + 1]];
        if (key === 0) break;
        if (key >= CF) {
          const c2 = b[pos + 2];
          if (key === CF) key = CF_KEYS[c2];
          else if (key === CO) key = c2 === B ? COB : 0;
          else key = c2 === L && b[pos + 3] === L && b[pos + 4] === S ? CALLS_KEY : 0;
          if (key === 0) break;
        }
        p = pos + KEY_LENGTH[key];
        if (b[p++] !== EQUALS) break;
        if (key === CALLS_KEY) {
          // a decimal count, then a blank or the end of the line
          if (fnName < 0 || targetName < 0) break;
          const from = p;
          let count = -0;
          while ((d = b[p] - 48) >= 0 && d <= 9) {
            count = count * 10 + d;
            p++;
          }
          const c = b[p];
          if (p === from || p - from > 15 || (c !== SPACE && c !== TAB && c !== NL)) break;
          while (b[p] !== NL) p++; // the target position: the callee's own lines give its place
          calls = count;
          pending = true;
          pendingLine = lineNo + 1;
        } else {
          // `(id)` for a defined id, or a plain `name` (files written without name compression);
          // the rest, `(id) name` defining an id among them, is the general reader's: a
          // definition comes once per id, and reading it here would bring Names' hashing and
          // decoding into the compiled loop (V8 inlines what it has seen run often, and a file
          // starts with definitions), doubling the loop's compile time
          const space = key === FN || key === CFN ? FUNCTIONS : key === OB || key === COB ? OBJECTS : FILES;
          let known: number; // the name's string index; -1 for objects
          const c = b[p];
          if (c === LPAREN) {
            const from = ++p;
            let id = 0;
            while ((d = b[p] - 48) >= 0 && d <= 9) {
              id = id * 10 + d;
              p++;
            }
            if (p === from || p - from > 9 || b[p] !== RPAREN || b[p + 1] !== NL) break;
            known = names.known(space, id) - 2;
            if (known < -1) break; // never defined: the general reader says so
            p++;
          } else {
            if (c === NL || c === SPACE || c === TAB) break; // no name, or blanks first
            let e = p;
            while (b[e] !== NL) e++;
            if (b[e - 1] === CR) break; // CRLF: the general reader
            known = names.plain(space, p, e);
            p = e;
          }
          // Separate ifs with no comparison inside, not an else chain: every comparison then runs
          // on every name line (see above). A file's first lines define their names (the general
          // reader's), so a `cfn=(id)` reaches this loop only after V8 compiled it: a comparison
          // met there first threw that compile away (130 ms of the 100 MB benchmark file's first second).
          const callFile = cfile >= 0 ? cfile : file;
          if (key === FN) {
            fnName = known;
            fnFile = file;
            fn = -1;
          }
          if (key === FL) file = known;
          if (key === CFL) cfile = known;
          if (key === CFN) {
            targetName = known;
            targetFile = callFile;
            cfile = -1;
          }
        }
      }
      if (kind !== EMPTY) body = true;
      pos = p + 1;
      lineNo++;
    }
    this.lineNo = lineNo;
    this.fnName = fnName;
    this.fnFile = fnFile;
    this.fn = fn;
    this.file = file;
    this.cfile = cfile;
    this.targetName = targetName;
    this.targetFile = targetFile;
    this.pending = pending;
    this.pendingLine = pendingLine;
    sums[CALLS] = calls;
    sums[PART_SELF] = partSelf;
    edges.batched = batched;
    lineTable.batched = lineBatched;
    if (body) this.partHasBody = true;
    return pos;
  }
}
