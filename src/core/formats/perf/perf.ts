import { ProfileFormatError } from '../../errors';
import { Repairs } from '../../warnings';
import { ByteNames } from '../../io/byteNames';
import { utf8Bytes } from '../../io/textEncoding';
import { lineEnd, viewOf } from '../../io/lineEnd';
import {
  countUnit, NANOSECONDS, type CallTree, type FunctionStats, type ImportOptions, type Profile, type SampleList, type WeightUnit,
} from '../../model';
import { functionStatsFromTree } from '../../stats/fromTree';
import { StackTrie } from '../../tree/stackTrie';
import { FrameTable } from '../../frames';
import { guarded } from '../../io/guard';
import { demangle } from './demangle';
import { isSideBand, readHeader, type Header } from './header';
import { ThreadTrees } from './threads';

/**
 * Linux `perf script` text (from `perf record -g`, default fields or any `-F`): a sample is a
 * header line (see header.ts) and its call chain, one frame a line, leaf first:
 *
 *     work-c  1021  1961.368565:     250000 cpu-clock:ppp:
 *     	ffffffff8133cac3 native_set_pte+0x3 ([kernel.kallsyms])
 *     	           1ab70 _start+0x0 (/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2)
 *
 * ended by a blank line. A recording without -g has the ip, symbol and dso on the header line.
 *
 * Numbers are `perf report`'s: a sample weighs its period (the event's count: nanoseconds for
 * cpu-clock and task-clock), 1 when the file has no period; a frame is (symbol, dso) with the
 * `+0x..` offset dropped; a symbol perf could not name (`[unknown]`) is named by its address as
 * perf report prints it (`0x00000000000011ab`), so self per symbol matches perf report exactly.
 * Kernel frames keep their dso (`[kernel.kallsyms]`) as the frame's file, which marks them. Names
 * perf left mangled (old perf, Rust v0) are demangled (demangle.ts).
 *
 * A file with several events (`-e a,b`) has one event's samples in a profile: the first event by
 * default, another through ImportOptions.event (the index in `events`, in order of appearance).
 * Several threads give one profile for all of them, then one per thread (comm pid/tid), heaviest
 * first, each with its samples in time order for the timeline; a thread's tree is cut out of the
 * tree of all samples afterwards (threads.ts), not built a second time.
 *
 * Speed: the scanner reads bytes; a frame line seen before (the same return address) is one hash
 * and one comparison; a new one is parsed, and its (symbol, dso) bytes are looked up where they
 * lie (ByteNames) and decoded only the first time. The stack of a sample is walked down the trie
 * from its outermost frame.
 */

const CR = 13, TAB = 9, SPACE = 32, HASH = 35, LPAREN = 40, RPAREN = 41, PLUS = 43, LBRACKET = 91;

const UNKNOWN = new TextEncoder().encode('[unknown]');

interface Thread {
  key: number;
  name: string;
  index: number;
  total: number;
  samples: number;
}

export function importPerfAll(input: Uint8Array, options: ImportOptions = {}): Profile[] {
  return guarded('perf', () => read(input, options));
}

export function importPerf(input: Uint8Array, options: ImportOptions = {}): Profile {
  return importPerfAll(input, options)[0];
}

function read(input: Uint8Array, options: ImportOptions): Profile[] {
  const b = utf8Bytes(input);
  const n = b.length;
  const view = viewOf(b);
  const frames = new FrameTable();
  // room for a node per ~256 bytes (the bench's 200 MB file has 500 000): room never used is never
  // touched, and growing copies the columns
  const all = new StackTrie(frames, '(root)', n >>> 8);
  const threads: Thread[] = [];
  const threadByKey = new Map<number, Thread>();
  const symbols = new ByteNames(b);
  // whole frame lines (address, symbol+offset, dso) seen before: a return address repeats in
  // sample after sample, and its line is then hashed once and parsed never again
  const lines = new ByteNames(b);
  let sampleThread = new Int32Array(1024);
  const dsos = new ByteNames(b);
  const dsoNames: string[] = [];
  const decoder = new TextDecoder('utf-8');
  const header: Header = { commStart: 0, commEnd: 0, pid: -1, tid: -1, time: NaN, period: NaN, eventStart: -1, eventEnd: -1, restStart: 0 };

  const events: string[] = [];
  const eventBytes: Uint8Array[] = [];
  const wanted = options.event ?? 0;
  let eventOf = -1; // the current sample's event index

  let stack = new Int32Array(256);
  let depth = 0;
  let inSample = false;
  let chained = false; // a frame line of the current sample has been seen (main loop: another event's sample)
  let sampleWeight = 0;
  let sampleTime = 0;
  let thread: Thread | null = null;
  let firstTime = NaN;
  let hasPeriod = false;
  let periodKnown = false;
  const repairs = new Repairs();
  let timed = false; // sample times in the unit (nanoseconds), else samples laid end to end
  let clock = 0; // for files without times: samples follow each other
  let total = 0;
  let samples = 0;
  let odd = 0;
  let firstOdd = 0;
  let lineNo = 0;
  const progressStep = Math.max(1 << 22, n >>> 5);
  let nextProgress = progressStep;

  const frameAt = (s: number, e: number): boolean => {
    let frame = lines.get(s, e, 0);
    if (frame < 0) {
      frame = parseFrame(s, e);
      if (frame < 0) return false;
      lines.set(s, e, 0, frame);
    }
    if (depth === stack.length) {
      const grown = new Int32Array(depth * 2);
      grown.set(stack);
      stack = grown;
    }
    stack[depth++] = frame;
    return true;
  };

  /** the frame of a line not seen before, -1 when it is not a frame line */
  const parseFrame = (s: number, e: number): number => {
    // [spaces] hex-address space symbol[+0xoff] [(dso)]
    let p = s;
    while (p < e && (b[p] === SPACE || b[p] === TAB)) p++;
    const addrStart = p;
    while (p < e && isHex(b[p])) p++;
    const addrEnd = p;
    if (addrEnd === addrStart) return -1;
    let end = e;
    while (end > p && (b[end - 1] === SPACE || b[end - 1] === TAB || b[end - 1] === CR)) end--;
    // `-F ip` without sym or dso prints the address alone: a frame named by its address, as an
    // unresolved symbol is (below), rather than a line that is no frame and a sample left at the root
    if (end === p) return addressFrame(addrStart, addrEnd, dsoAt(0, 0));
    if (b[p] !== SPACE) return -1;
    p++;
    // the dso: the parenthesised group that ends the line (it may hold parentheses: "(x (deleted))")
    let dso = -1;
    let symEnd = end;
    if (end > p && b[end - 1] === RPAREN) {
      let level = 0;
      let o = end - 1;
      for (; o >= p; o--) {
        if (b[o] === RPAREN) level++;
        else if (b[o] === LPAREN && --level === 0) break;
      }
      if (o >= p) {
        dso = dsoAt(o + 1, end - 1);
        symEnd = o;
        while (symEnd > p && b[symEnd - 1] === SPACE) symEnd--;
      }
    }
    if (dso < 0) dso = dsoAt(0, 0); // none printed: the empty name
    // drop a +0x.. offset: perf report counts per symbol
    let q = symEnd;
    while (q > p && isHex(b[q - 1])) q--;
    if (q < symEnd && q - 3 >= p && b[q - 1] === 120 && b[q - 2] === 48 && b[q - 3] === PLUS) symEnd = q - 3;
    let frame: number;
    if (isUnknown(b, p, symEnd) || symEnd === p) {
      frame = addressFrame(addrStart, addrEnd, dso);
    } else {
      frame = symbols.get(p, symEnd, 2 * dso);
      if (frame < 0) {
        frame = frames.intern(demangle(decoder.decode(b.subarray(p, symEnd))), dsoNames[dso], 0, 0);
        symbols.set(p, symEnd, 2 * dso, frame);
      }
    }
    return frame;
  };

  /** the index of the dso named by b[start, end), made the first time it is met */
  const dsoAt = (start: number, end: number): number => {
    let dso = dsos.get(start, end, 0);
    if (dso < 0) {
      dso = dsoNames.length;
      dsoNames.push(decoder.decode(b.subarray(start, end)));
      dsos.set(start, end, 0, dso);
    }
    return dso;
  };

  /** perf report names an unresolved symbol by its address */
  const addressFrame = (addrStart: number, addrEnd: number, dso: number): number => {
    let frame = symbols.get(addrStart, addrEnd, 2 * dso + 1);
    if (frame < 0) {
      let hex = '';
      for (let i = addrStart; i < addrEnd; i++) hex += String.fromCharCode(b[i] | 0x20);
      frame = frames.intern(`0x${hex.padStart(16, '0')}`, dsoNames[dso], 0, 0);
      symbols.set(addrStart, addrEnd, 2 * dso + 1, frame);
    }
    return frame;
  };

  const endSample = (): void => {
    inSample = false;
    if (eventOf !== wanted) return;
    let node = 0;
    all.beginStack();
    for (let i = depth - 1; i >= 0; i--) node = all.child(node, stack[i]);
    addSample(node);
  };

  const addSample = (node: number): void => {
    samples++;
    total += sampleWeight;
    const time = timed ? (sampleTime - firstTime) * 1e9 : clock;
    clock += sampleWeight;
    all.addSelf(node, sampleWeight);
    if (samples > sampleThread.length) {
      const grown = new Int32Array(sampleThread.length * 2);
      grown.set(sampleThread);
      sampleThread = grown;
    }
    all.sample(node, time, sampleWeight);
    sampleThread[samples - 1] = thread === null ? -1 : thread.index;
    if (thread !== null) {
      thread.total += sampleWeight;
      thread.samples++;
    }
  };

  // call chains seen before, all but their leaf line, as bytes -> the node they end at: a hot
  // loop's samples differ in their leaf address only, and its callers' chain then costs one
  // hash and one comparison instead of a lookup per frame and per tree level
  const chains = new ByteNames(b);

  /** The call chain of a sample whose header ended at `p`: its frame lines, up to a blank line. Returns where it ends. */
  const readChain = (p: number): number => {
    let q = p;
    let lineCount = 0;
    let leafEnd = p;
    let second = p;
    // frame lines start with a tab; under a frame, `-F +srcline` (and --inline) print lines that
    // start with spaces (`  work.c:25`): they belong to the chain, and are no frames
    while (q < n && (b[q] === TAB || (b[q] === SPACE && lineCount > 0))) {
      const le = lineEnd(b, view, q);
      const last = b[le - 1];
      if (last === SPACE || last === TAB || last === CR) { // a frame line ends in `)`: look closer only when not
        let t = q;
        while (t < le && (b[t] === SPACE || b[t] === TAB || b[t] === CR)) t++;
        if (t === le) break; // a blank line: the sample ends
      }
      if (lineCount === 0) leafEnd = le;
      else if (lineCount === 1) second = q;
      lineCount++;
      lineNo++;
      q = le + 1;
    }
    const end = Math.min(q, n);
    depth = 0;
    if (lineCount === 0) {
      addSample(0);
      return end;
    }
    const keyStart = lineCount > 1 ? second : end;
    let parent = chains.get(keyStart, end, 0);
    if (parent >= 0) {
      all.beginStack();
      addSample(frameAt(p + 1, leafEnd) ? all.child(parent, stack[0]) : parent);
      return end;
    }
    const leafOk = frameAt(p + 1, leafEnd);
    for (let l = keyStart; l < end;) {
      const le = lineEnd(b, view, l);
      if (b[l] === TAB) frameAt(l + 1, le);
      l = le + 1;
    }
    parent = 0;
    all.beginStack();
    const stop = leafOk ? 1 : 0;
    for (let i = depth - 1; i >= stop; i--) parent = all.child(parent, stack[i]);
    chains.set(keyStart, end, 0, parent);
    addSample(leafOk ? all.child(parent, stack[0]) : parent);
    return end;
  };

  let p = 0;
  while (p < n) {
    lineNo++;
    const e = lineEnd(b, view, p);
    const s = p;
    p = e + 1;
    if (s >= nextProgress) {
      options.onProgress?.(s / n);
      nextProgress += progressStep;
    }
    const c = b[s];
    if (c === TAB && inSample) {
      chained = true;
      if (eventOf !== wanted || frameAt(s + 1, e)) continue;
    }
    let t = s;
    while (t < e && (b[t] === SPACE || b[t] === TAB || b[t] === CR)) t++;
    if (t === e) {
      if (inSample) endSample();
      continue;
    }
    if (c === TAB && inSample) continue; // a line of extra output within a sample (srcline, inline)
    // under a frame of another event's sample, skipped here line by line, `-F +srcline` prints
    // lines that start with spaces (`  work.c:25`), as readChain knows for the wanted event's
    if (c === SPACE && inSample && chained) continue;
    if (c === HASH && !inSample) continue; // `perf script --header` comments
    if (inSample) endSample();
    if (!readHeader(b, s, e, header)) {
      if (isSideBand(b, s, e)) continue;
      odd++;
      if (firstOdd === 0) firstOdd = lineNo;
      continue;
    }
    // `PERF_RECORD_COMM:` would be an event, as would a word ending in ':' after `PERF_RECORD_MMAP2`
    if (isSideBand(b, s, header.eventEnd)) continue;
    inSample = true;
    chained = false;
    depth = 0;
    eventOf = eventIndex(b, header.eventStart, header.eventEnd, events, eventBytes, decoder);
    if (eventOf !== wanted) continue;
    if (!periodKnown) {
      periodKnown = true;
      hasPeriod = !Number.isNaN(header.period);
      timed = hasPeriod && !Number.isNaN(header.time) && unitIsTime(events[wanted]);
    }
    sampleWeight = weightOf(header.period, hasPeriod, lineNo, repairs);
    sampleTime = header.time;
    if (Number.isNaN(firstTime) && !Number.isNaN(sampleTime)) firstTime = sampleTime;
    if (Number.isNaN(sampleTime)) sampleTime = firstTime;
    thread = threadOf(b, header, thread, threads, threadByKey, decoder);
    // no call chain (`perf record` without -g): the sample's own ip, symbol and dso follow the event
    let r = header.restStart;
    while (r < e && (b[r] === SPACE || b[r] === TAB)) r++;
    if (r < e && isHex(b[r])) {
      frameAt(r, e);
      continue;
    }
    inSample = false;
    p = readChain(p);
  }
  if (inSample) endSample();

  if (wanted >= events.length && events.length > 0) {
    throw new ProfileFormatError('perf', `there is no event ${wanted}; the file has ${events.join(', ')}`, 'line 1');
  }
  if (samples === 0) {
    throw new ProfileFormatError('perf', 'no samples (a header line `comm pid time: period event:` followed by frames)', `line ${firstOdd || 1}`);
  }
  if (!Number.isFinite(total)) throw new ProfileFormatError('perf', 'the periods add up past the largest number', 'line 1');
  const unit: WeightUnit = hasPeriod ? (unitIsTime(events[wanted]) ? NANOSECONDS : countUnit(events[wanted])) : countUnit('samples');
  const said = odd > 0
    ? [`${odd} line${odd === 1 ? ' is' : 's are'} neither a sample header nor a frame and ${odd === 1 ? 'was' : 'were'} skipped, the first at line ${firstOdd}`]
    : [];
  said.push(...repairs.words());
  const warnings = said.length > 0 ? said : undefined;
  const base = options.name ?? 'perf script';
  const whole = all.finish();
  const profile = (tree: CallTree, functions: FunctionStats, list: SampleList | null, name: string, weight: number): Profile => ({
    format: 'perf',
    name,
    unit,
    total: weight,
    frames: frames.frames,
    tree,
    functions,
    graph: null,
    events,
    event: wanted,
    ...(warnings ? { warnings } : {}),
    ...(list ? { samples: list } : {}),
  });
  const out = [profile(whole.tree, whole.functions, whole.samples, threads.length > 1 ? `${base} (all threads)` : base, total)];
  if (threads.length > 1 && whole.samples) {
    const cutter = new ThreadTrees(whole.tree, whole.samples);
    const picked = threads.map((th) => ({ th, list: new Int32Array(th.samples), n: 0 }));
    for (let i = 0; i < samples; i++) {
      const t = sampleThread[i];
      if (t >= 0) picked[t].list[picked[t].n++] = i;
    }
    const used = picked.filter((x) => x.n > 0).sort((x, y) => y.th.total - x.th.total);
    for (const { th, list } of used) {
      const { tree, samples: threadSamples } = cutter.cut(list);
      // every thread's times count from the file's first sample: one clock, origin 0
      out.push({ ...profile(tree, functionStatsFromTree(tree, frames.frames.length, true), threadSamples, `${base} (${th.name})`, th.total), thread: { name: th.name, origin: 0 } });
    }
  }
  options.onProgress?.(1);
  return out;
}

function threadOf(b: Uint8Array, h: Header, last: Thread | null, threads: Thread[], byKey: Map<number, Thread>, decoder: TextDecoder): Thread | null {
  const key = h.tid >= 0 ? h.tid : h.pid;
  if (key < 0) return null;
  if (last !== null && last.key === key) return last;
  let t = byKey.get(key);
  if (t === undefined) {
    const comm = decoder.decode(b.subarray(h.commStart, h.commEnd));
    const id = h.pid >= 0 && h.tid >= 0 ? `${h.pid}/${h.tid}` : String(key);
    t = { key, name: comm ? `${comm} ${id}` : id, index: threads.length, total: 0, samples: 0 };
    threads.push(t);
    byKey.set(key, t);
  }
  return t;
}

function eventIndex(b: Uint8Array, s: number, e: number, events: string[], bytes: Uint8Array[], decoder: TextDecoder): number {
  const len = e - s;
  for (let i = 0; i < bytes.length; i++) {
    const known = bytes[i];
    if (known.length !== len) continue;
    let k = 0;
    while (k < len && known[k] === b[s + k]) k++;
    if (k === len) return i;
  }
  bytes.push(b.slice(s, e));
  events.push(decoder.decode(b.subarray(s, e)));
  return events.length - 1;
}

/**
 * A sample's weight: its period when the file's first sample of the event has one, else 1 (perf
 * report's counts). A sample that breaks that rule, or whose period is past 2^53 - 1 (past what a
 * number holds exactly, as for folded stacks), would change the total without a word: each kind
 * is counted and said.
 */
function weightOf(period: number, hasPeriod: boolean, lineNo: number, repairs: Repairs): number {
  if (!hasPeriod) {
    if (!Number.isNaN(period)) repairs.note('extra period', `line ${lineNo}`, 'samples with a period where the first sample has none: each counted as 1 sample, as the first');
    return 1;
  }
  if (Number.isNaN(period)) {
    repairs.note('no period', `line ${lineNo}`, 'samples without a number for their period where the first sample has one: they count 0');
    return 0;
  }
  if (period > Number.MAX_SAFE_INTEGER) {
    repairs.note('big period', `line ${lineNo}`, 'samples with a period above 2^53 - 1, past what a number holds exactly: they count 0');
    return 0;
  }
  return period;
}

/** cpu-clock and task-clock count nanoseconds (their period is in ns); every other event counts itself */
function unitIsTime(event: string | undefined): boolean {
  if (event === undefined) return false;
  const base = event.split(':')[0];
  return base === 'cpu-clock' || base === 'task-clock';
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
}

function isUnknown(b: Uint8Array, s: number, e: number): boolean {
  if (e - s !== UNKNOWN.length || b[s] !== LBRACKET) return false;
  for (let i = 0; i < UNKNOWN.length; i++) if (b[s + i] !== UNKNOWN[i]) return false;
  return true;
}
