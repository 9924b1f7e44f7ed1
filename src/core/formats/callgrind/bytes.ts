/** Byte-level helpers for the callgrind scanner: numbers and line keys read without decoding. */

export const SPACE = 32, TAB = 9, NL = 10, CR = 13, HASH = 35, PLUS = 43, MINUS = 45, STAR = 42;

/** Where a number ended and its value; one object reused for every parse. */
export interface NumberCursor {
  pos: number;
  value: number;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/**
 * Parses an unsigned number at b[p]: decimal, or hex with 0x (positions are often addresses).
 * With `fraction`, also decimal fractions and exponents (some writers emit float costs). Sets
 * cur.pos after the number and returns true, or returns false when no number starts at p.
 * Values past 2^53 lose precision, as they would in any JavaScript number.
 */
export function parseNumberAt(b: Uint8Array, p: number, e: number, cur: NumberCursor, fraction = false): boolean {
  if (p >= e) return false;
  let c = b[p];
  if (c === 48 && p + 2 < e && (b[p + 1] | 0x20) === 120 && hexDigit(b[p + 2]) >= 0) {
    let v = 0;
    let d: number;
    p += 2;
    while (p < e && (d = hexDigit(b[p])) >= 0) {
      v = v * 16 + d;
      p++;
    }
    if (v === Infinity) return false;
    cur.pos = p;
    cur.value = v;
    return true;
  }
  if (c < 48 || c > 57) return false;
  let v = 0;
  const start = p;
  while (p < e && (c = b[p]) >= 48 && c <= 57) {
    v = v * 10 + (c - 48);
    p++;
  }
  if (fraction && p < e && (c === 46 || c === 101 || c === 69)) {
    // rare: read the whole token and let Number() handle `1.5`, `2e3`, `1.5E-3`
    while (p < e && (c = b[p]) !== SPACE && c !== TAB && c !== 13 && c !== 10) p++;
    let text = '';
    for (let i = start; i < p; i++) text += String.fromCharCode(b[i]);
    v = Number(text);
  }
  if (!(v < Infinity)) return false; // 400 digits, 1e999, or no number at all
  cur.pos = p;
  cur.value = v;
  return true;
}

/**
 * A line key (`fn`, `calls`, `positions`...) as an exact number: lowercase letters in base 27.
 * Keys with other characters or longer than 11 letters get -1, which matches no known key.
 */
export function keyCode(text: string): number;
export function keyCode(b: Uint8Array, s: number, e: number): number;
export function keyCode(src: string | Uint8Array, s = 0, e = src.length): number {
  if (e - s > 11) return -1;
  let k = 0;
  for (let i = s; i < e; i++) {
    const c = typeof src === 'string' ? src.charCodeAt(i) : src[i];
    if (c < 97 || c > 122) return -1;
    k = k * 27 + (c - 96);
  }
  return k;
}
