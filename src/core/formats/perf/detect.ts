import { headText } from '../../io/textEncoding';

// a sample header: comm, a thread id (or pid/tid), maybe [cpu], a time `123.456789:`
const HEADER_WITH_TIME = /^[^\t#\n][^\n]*?\s\d+(?:\/\d+)?\s+(?:\[\d+\]\s+)?\d+\.\d+:\s/m;
// any header followed by a frame line: a tab, an address, a space
const HEADER_AND_FRAME = /^[^\t#\s][^\n]*\n\t[ \t]*[0-9a-fA-F]+ \S/m;
// a header that starts with blanks (`-F period,event`: a right-aligned period) ends with its event's ':'
const EVENT_AND_FRAME = /^ +[^\s#][^\n]*\S:[ \t]*\n\t[ \t]*[0-9a-fA-F]+ \S/m;

/**
 * Whether a file's start is `perf script` output: a sample header with a time (`comm tid
 * 123.456789: ... event:`), or a line followed by a frame line (tab, address, symbol). `#` lines
 * of `--header` may come first. Read from the content only.
 */
export function looksLikePerfScript(bytes: Uint8Array, sniffBytes = 4096): boolean {
  const text = headText(bytes, sniffBytes);
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return false;
  if (HEADER_AND_FRAME.test(text) || EVENT_AND_FRAME.test(text)) return true;
  const m = HEADER_WITH_TIME.exec(text);
  return m !== null && /\S:(\s|$)/.test(text.slice(m.index + m[0].length).split('\n')[0]);
}
