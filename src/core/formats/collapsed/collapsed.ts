import { ProfileFormatError } from '../../errors';
import { ByteNames } from '../../io/byteNames';
import { utf8Bytes } from '../../io/textEncoding';
import { countUnit, type ImportOptions, type Profile } from '../../model';
import { StackTreeBuilder } from '../../tree/fromStacks';
import { guarded } from '../../io/guard';

/**
 * Collapsed ("folded") stacks: one line per distinct stack, `outer;...;leaf COUNT`, as written by
 * Brendan Gregg's stackcollapse-*.pl, py-spy `--format raw`, async-profiler `collapsed`, Austin and
 * Python 3.15's `--collapsed`. The count is the last space-separated field; frames may hold spaces
 * and keep their annotations (`file:line`, `_[k]`, `_[j]`, `[k]`) as part of the name, as
 * flamegraph.pl shows them. The weight is the count, so self and total per function are exactly
 * the file's own sums.
 *
 * The scanner walks bytes, not one big string (a file can be larger than V8's string limit), and
 * decodes a frame only the first time its bytes appear (ByteNames). Lines are usually sorted, so a
 * line shares a prefix with the one before: the frames of that common prefix reuse the previous
 * line's nodes without being hashed or looked up again.
 *
 * Lines that are not stacks (comments, junk) are skipped and counted in a warning with the first
 * line number. UTF-16 files with a BOM are transcoded first (io/textEncoding).
 */

const NL = 10, CR = 13, SPACE = 32, TAB = 9, SEMI = 59, DOT = 46, MINUS = 45;

export function importCollapsed(input: Uint8Array, options: ImportOptions = {}): Profile {
  return guarded('collapsed', () => read(input, options));
}

function read(input: Uint8Array, options: ImportOptions): Profile {
  const b = utf8Bytes(input);
  const n = b.length;
  const builder = new StackTreeBuilder();
  const frames = builder.frames;
  const names = new ByteNames(b);
  const decoder = new TextDecoder('utf-8');

  // the previous line's frames: where each ended (offset from the line start) and its node
  let prevStart = 0;
  let prevStackEnd = 0;
  let prevDepth = 0;
  let prevEnd = new Int32Array(256);
  let prevNode = new Int32Array(256);

  let total = 0;
  let stacks = 0;
  let invalid = 0;
  let firstInvalid = 0;
  let tooBig = 0;
  let firstTooBig = 0;
  let negative = 0;
  let firstNegative = 0;
  let lineNo = 0;
  const progressStep = Math.max(1 << 22, n >>> 5);
  let nextProgress = progressStep;

  let p = 0;
  while (p < n) {
    lineNo++;
    let e = b.indexOf(NL, p);
    if (e < 0) e = n;
    const lineStart = p;
    p = e + 1;
    if (lineStart >= nextProgress) {
      options.onProgress?.(lineStart / n);
      nextProgress += progressStep;
    }
    // trailing CR, spaces and tabs are not part of the count
    let end = e;
    while (end > lineStart && (b[end - 1] === CR || b[end - 1] === SPACE || b[end - 1] === TAB)) end--;
    if (end === lineStart) continue; // a blank line

    // the count: digits, optionally with a fraction, after the last space
    let c = end;
    while (c > lineStart && b[c - 1] >= 48 && b[c - 1] <= 57) c--;
    let countStart = c;
    if (c > lineStart && b[c - 1] === DOT && c < end) {
      countStart = c - 1;
      while (countStart > lineStart && b[countStart - 1] >= 48 && b[countStart - 1] <= 57) countStart--;
    }
    let stackEnd = countStart - 1; // the separating space (or tab)
    const countOk = countStart < end && countStart > lineStart && b[countStart] !== DOT
      && (b[stackEnd] === SPACE || b[stackEnd] === TAB);
    const weight = countOk ? parseCount(b, countStart, end) : NaN;
    if (countOk) while (stackEnd > lineStart && (b[stackEnd - 1] === SPACE || b[stackEnd - 1] === TAB)) stackEnd--;
    if (weight === Infinity && stackEnd > lineStart) {
      tooBig++;
      if (firstTooBig === 0) firstTooBig = lineNo;
      continue;
    }
    if (!countOk && isNegativeCount(b, lineStart, countStart, end)) {
      negative++;
      if (firstNegative === 0) firstNegative = lineNo;
      continue;
    }
    if (!(weight < Infinity) || stackEnd === lineStart) {
      invalid++;
      if (firstInvalid === 0) firstInvalid = lineNo;
      continue;
    }

    // the frames the line shares with the previous one: whole frames of the common byte prefix
    let reuse = 0;
    if (prevDepth > 1) {
      const limit = Math.min(stackEnd - lineStart, prevStackEnd - prevStart);
      let k = 0;
      while (k < limit && b[lineStart + k] === b[prevStart + k]) k++;
      // frame i of the previous line ended at prevEnd[i] (a ';' unless it was the last frame)
      while (reuse < prevDepth - 1 && prevEnd[reuse] < k) reuse++;
    }
    let node = reuse > 0 ? prevNode[reuse - 1] : 0;
    let depth = reuse;
    let s = reuse > 0 ? lineStart + prevEnd[reuse - 1] + 1 : lineStart;
    while (s <= stackEnd) {
      let f = s;
      while (f < stackEnd && b[f] !== SEMI) f++;
      if (f > s) { // an empty frame (`a;;b`, a leading `;`) is no frame
        let frame = names.get(s, f, 0);
        if (frame < 0) {
          frame = frames.intern(decoder.decode(b.subarray(s, f)), '', 0, 0);
          names.set(s, f, 0, frame);
        }
        node = builder.child(node, frame);
      }
      if (depth === prevEnd.length) {
        const grownEnd = new Int32Array(depth * 2); grownEnd.set(prevEnd); prevEnd = grownEnd;
        const grownNode = new Int32Array(depth * 2); grownNode.set(prevNode); prevNode = grownNode;
      }
      prevEnd[depth] = f - lineStart;
      prevNode[depth] = node;
      depth++;
      s = f + 1;
    }
    prevStart = lineStart;
    prevStackEnd = stackEnd;
    prevDepth = depth;
    if (node === 0) { // only empty frames: `; 5`
      invalid++;
      if (firstInvalid === 0) firstInvalid = lineNo;
      prevDepth = 0;
      continue;
    }
    builder.addSelf(node, weight);
    total += weight;
    stacks++;
  }

  if (stacks === 0 && tooBig > 0 && invalid === 0 && negative === 0) {
    throw new ProfileFormatError('collapsed', 'every stack has a count above 2^53 - 1, past what a number holds exactly', `line ${firstTooBig}`);
  }
  if (stacks === 0 && negative > 0 && invalid === 0 && tooBig === 0) {
    throw new ProfileFormatError('collapsed', 'every stack has a negative count, and a count is a number of samples', `line ${firstNegative}`);
  }
  if (stacks === 0) {
    throw new ProfileFormatError('collapsed', 'no line is a stack (`frame;frame;leaf COUNT`)', `line ${firstInvalid || earliest(firstTooBig, firstNegative)}`);
  }
  if (!Number.isFinite(total)) throw new ProfileFormatError('collapsed', 'the counts add up past the largest number', 'line 1');
  const { tree, functions } = builder.finish();
  options.onProgress?.(1);
  const list: string[] = [];
  if (invalid > 0) list.push(`${invalid} line${invalid === 1 ? ' is' : 's are'} not a stack (\`frame;frame;leaf COUNT\`) and ${invalid === 1 ? 'was' : 'were'} skipped, the first at line ${firstInvalid}`);
  // a count no double holds exactly would make every sum after it inexact: left out, and said so
  if (tooBig > 0) list.push(`${tooBig} line${tooBig === 1 ? ' has a count' : 's have counts'} above 2^53 - 1, past what a number holds exactly, and ${tooBig === 1 ? 'was' : 'were'} skipped, the first at line ${firstTooBig}`);
  if (negative > 0) list.push(`${negative} line${negative === 1 ? ' has a negative count' : 's have negative counts'} (a count is a number of samples) and ${negative === 1 ? 'was' : 'were'} skipped, the first at line ${firstNegative}`);
  const warnings = list.length > 0 ? list : undefined;
  return {
    format: 'collapsed',
    name: options.name ?? 'collapsed stacks',
    unit: countUnit('samples'),
    total,
    frames: frames.frames,
    tree,
    functions,
    graph: null,
    events: ['samples'],
    event: 0,
    ...(warnings ? { warnings } : {}),
  };
}

/** The earliest of some first line numbers (0: none), 1 when there is none. */
function earliest(...lines: number[]): number {
  const seen = lines.filter((l) => l > 0);
  return seen.length > 0 ? Math.min(...seen) : 1;
}

/**
 * Whether a line that has no count ends in a negative one: a stack, a blank, then `-` and the
 * digits that start at countStart. Looked at only for lines already found to be no stack, so that
 * the lines that are stacks pay nothing for it.
 */
function isNegativeCount(b: Uint8Array, lineStart: number, countStart: number, end: number): boolean {
  if (countStart >= end || countStart - 2 <= lineStart || b[countStart - 1] !== MINUS) return false;
  let s = countStart - 2;
  if (b[s] !== SPACE && b[s] !== TAB) return false;
  while (s > lineStart && (b[s - 1] === SPACE || b[s - 1] === TAB)) s--;
  return s > lineStart; // a stack before the count
}

/** A count of digits with an optional fraction; Infinity past 2^53 - 1 (sums with it are not exact any more) */
function parseCount(b: Uint8Array, s: number, e: number): number {
  let v = 0;
  let p = s;
  while (p < e && b[p] !== DOT) v = v * 10 + (b[p++] - 48);
  if (p < e) {
    let scale = 1;
    let fraction = 0;
    for (p++; p < e; p++) {
      fraction = fraction * 10 + (b[p] - 48);
      scale *= 10;
    }
    v += fraction / scale;
  }
  return v <= Number.MAX_SAFE_INTEGER ? v : Infinity;
}
