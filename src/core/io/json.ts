import { ProfileFormatError } from '../errors';

const decoder = new TextDecoder('utf-8');

/** JSON.parse over bytes, turning a syntax error into one that names the byte offset. */
export function parseJson(bytes: Uint8Array, format: string): unknown {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch (e) {
    // past the engine's longest string (about 512 MiB in V8)
    throw new ProfileFormatError(format, `the file is too large to read as text (${bytes.length} bytes; ${e instanceof Error ? e.message : String(e)})`, 'byte 0');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (!(e instanceof SyntaxError)) throw new ProfileFormatError(format, `the file is too large to read (${message})`, 'byte 0');
    // V8 names a position only for some errors ("Unexpected token" gives a snippet instead), and
    // in UTF-16 units of the decoded text: find the byte ourselves
    const at = jsonErrorOffset(bytes);
    if (text.trim() === '') throw new ProfileFormatError(format, 'the file is empty', 'byte 0');
    // the text stops inside a value: a cut download or a file still being written, which V8 words
    // as whatever it was reading ("Unterminated string")
    if (at < 0 || at >= bytes.length) throw new ProfileFormatError(format, 'not valid JSON: the file ends early', `byte ${bytes.length} of ${bytes.length}`);
    throw new ProfileFormatError(format, `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/s, '')}`, `byte ${at}`);
  }
}

const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/**
 * The byte offset of the first thing JSON.parse rejects in `b` (its length when the text stops
 * early), or -1 when it is valid JSON. Iterative, for any nesting depth; only run on errors.
 */
export function jsonErrorOffset(b: Uint8Array): number {
  const n = b.length;
  let p = n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  const closers: number[] = []; // ']' or '}' per open container
  const ws = () => { while (p < n && isWs(b[p])) p++; };
  // a string at p; false (p at the fault) when it is not one
  const string = (): boolean => {
    if (p >= n || b[p] !== 0x22) return false;
    for (p++; ; ) {
      if (p >= n) return false;
      const c = b[p];
      if (c === 0x22) { p++; return true; }
      if (c < 0x20) return false;
      if (c !== 0x5c) { p++; continue; }
      const e = p + 1 < n ? b[p + 1] : -1;
      if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) { p += 2; continue; }
      if (e !== 0x75) { p = Math.min(n, p + 1); return false; }
      p += 2;
      for (let k = 0; k < 4; k++, p++) {
        const h = p < n ? b[p] | 0x20 : -1;
        if (!(isDigit(h) || (h >= 0x61 && h <= 0x66))) return false;
      }
    }
  };
  const digits = (): boolean => {
    if (p >= n || !isDigit(b[p])) return false;
    while (p < n && isDigit(b[p])) p++;
    return true;
  };
  const number = (): boolean => {
    if (b[p] === 0x2d) p++;
    if (p < n && b[p] === 0x30) p++;
    else if (!digits()) return false;
    if (p < n && b[p] === 0x2e) { p++; if (!digits()) return false; }
    if (p < n && (b[p] | 0x20) === 0x65) {
      p++;
      if (p < n && (b[p] === 0x2b || b[p] === 0x2d)) p++;
      if (!digits()) return false;
    }
    return true;
  };
  const literal = (word: string): boolean => {
    for (let k = 0; k < word.length; k++, p++) if (p >= n || b[p] !== word.charCodeAt(k)) return false;
    return true;
  };
  const key = (): boolean => {
    ws();
    if (!string()) return false;
    ws();
    if (p >= n || b[p] !== 0x3a) return false;
    p++;
    return true;
  };
  const at = () => Math.min(p, n);
  for (;;) {
    ws();
    if (p >= n) return n;
    const c = b[p];
    let ok: boolean;
    if (c === 0x7b || c === 0x5b) {
      p++;
      ws();
      const close = c === 0x7b ? 0x7d : 0x5d;
      if (p < n && b[p] === close) {
        p++;
        ok = true;
      } else {
        closers.push(close);
        if (close === 0x7d && !key()) return at();
        continue;
      }
    } else if (c === 0x22) ok = string();
    else if (c === 0x2d || isDigit(c)) ok = number();
    else if (c === 0x74) ok = literal('true');
    else if (c === 0x66) ok = literal('false');
    else if (c === 0x6e) ok = literal('null');
    else ok = false;
    if (!ok) return at();
    // a value is complete: close containers, or go on after a comma
    for (;;) {
      ws();
      if (closers.length === 0) return p < n ? p : -1;
      if (p >= n) return n;
      const close = closers[closers.length - 1];
      if (b[p] === close) {
        p++;
        closers.pop();
        continue;
      }
      if (b[p] !== 0x2c) return p;
      p++;
      if (close === 0x7d && !key()) return at();
      break;
    }
  }
}
