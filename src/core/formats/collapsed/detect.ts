import { headText } from '../../io/textEncoding';

/** Whether text starts as JSON does: an object, or an array of objects, arrays, strings or numbers. */
export function startsLikeJson(text: string): boolean {
  return text.startsWith('{') || /^\[\s*([[{"\d\]-]|$)/.test(text);
}

/**
 * A stack line: a frame that does not start with white space (perf script's frame lines start
 * with a tab) nor as JSON does, anything, then a space and a count. A frame may start with `[`:
 * `[root thread 2]` (profburst's own collapsed output), async-profiler's `[tid=12]`. A negative
 * count still makes a stack line: the importer then says what is wrong with the count, where
 * "not a profile" would hide that the file is plainly folded stacks.
 */
function isStackLine(line: string): boolean {
  return startsAsFrame(line) && / -?\d+(\.\d+)?$/.test(line);
}

/** Whether a line starts as a stack's first frame can: not with white space, not as JSON does. */
function startsAsFrame(line: string): boolean {
  return !/^\s/.test(line) && !startsLikeJson(line);
}

/**
 * Whether a file's start is collapsed stacks, from its content: most of its first complete lines
 * (comments `#`, `//` and blank lines aside) are `frames COUNT`, and at least one has a `;` or all
 * do. Callgrind, perf script and JSON are ruled out by the registry's order and by their own
 * lines, which are not of this shape (perf's frame lines start with a tab, JSON with `{`/`[`).
 * `bytes` is the start of the file (up to 4096 bytes are looked at); a UTF-16 BOM is honoured.
 */
export function looksLikeCollapsed(bytes: Uint8Array, sniffBytes = 4096): boolean {
  const text = headText(bytes, sniffBytes);
  const lines = text.split('\n');
  // the last line may be cut by the sniff window, unless the file ended there
  if (bytes.length >= sniffBytes && lines.length > 1) lines.pop();
  let considered = 0;
  let stacks = 0;
  let semicolons = false;
  for (const raw of lines) {
    const line = raw.replace(/[\r \t]+$/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('//')) continue;
    considered++;
    if (isStackLine(line)) {
      stacks++;
      if (line.includes(';')) semicolons = true;
    }
  }
  if (considered === 0) return false;
  if (stacks === 0 && lines.length === 1 && bytes.length >= sniffBytes) {
    // one stack longer than the window: frames separated by `;` and nothing else of note
    const line = lines[0];
    return startsAsFrame(line) && (line.match(/;/g)?.length ?? 0) >= 2 && !/[\t\0]/.test(line);
  }
  return stacks > 0 && stacks >= 0.8 * considered && (semicolons || stacks === considered);
}
