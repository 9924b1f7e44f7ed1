import { ProfileFormatError } from '../errors';
import type { GrowingNumbers } from '../columns';

/**
 * Byte-level JSON reading for the importers' fast paths (cpuprofile, speedscope): the file's
 * bytes read in place, numbers straight into typed arrays, strings as byte ranges decoded only
 * when needed. No string of the whole file and no object per element, which is what lets a
 * 100 MB profile cost less time and memory than JSON.parse of it.
 *
 * A scanner reads only well-formed JSON of the shape its format writes; anything else (invalid
 * JSON, a duplicate key, a value of an unexpected type) throws BAIL, and its importer then takes
 * the JSON.parse path, which gives the same result or words the proper error. Everything here
 * checks JSON as strictly as JSON.parse does, so a file the scanner accepts is one JSON.parse
 * accepts too.
 */

/** Thrown inside a scanner when the bytes are not the plain JSON it reads. */
export const BAIL = new Error('not the plain JSON this scanner reads');

/** Runs a scanner: its result, or null when it bailed (a ProfileFormatError counts as bailing: the JSON.parse path words it). */
export function scanOrNull<T>(scan: () => T): T | null {
  try {
    return scan();
  } catch (e) {
    if (e === BAIL || e instanceof ProfileFormatError) return null;
    throw e;
  }
}

export function bytesOf(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

const decoder = new TextDecoder('utf-8');

/** 10^k, exact as doubles for k <= 22 */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** The cursor and the JSON pieces; a format's scanner extends it with its own structure. */
export class JsonScanner {
  protected readonly b: Uint8Array;
  protected readonly n: number;
  protected p = 0;
  // the last string read: its raw bytes are b[strStart, strEnd); hash, escapes, non-ASCII bytes
  protected strStart = 0;
  protected strEnd = 0;
  protected strHash = 0;
  protected strPlain = true;

  constructor(bytes: Uint8Array) {
    this.b = bytes;
    this.n = bytes.length;
    if (this.n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) this.p = 3; // a BOM, as TextDecoder drops it
  }

  /** after the top-level value: nothing but whitespace may follow */
  protected end(): void {
    this.ws();
    if (this.p !== this.n) throw BAIL;
  }

  /** the value at p, skipped and then read by JSON.parse: for small values whose reading the JSON.parse path owns */
  protected parsedValue(): unknown {
    this.ws();
    const start = this.p;
    this.skipValue();
    try {
      return JSON.parse(decoder.decode(this.b.subarray(start, this.p)));
    } catch {
      throw BAIL;
    }
  }

  /** A string's raw bytes as text: plain ASCII directly, anything else through JSON.parse. */
  protected text(s: number, e: number, plain: boolean): string {
    if (e === s) return '';
    if (plain) {
      let out = '';
      for (let i = s; i < e; i += 4096) out += String.fromCharCode.apply(null, this.b.subarray(i, Math.min(e, i + 4096)) as unknown as number[]);
      return out;
    }
    try {
      return JSON.parse(decoder.decode(this.b.subarray(s - 1, e + 1))) as string;
    } catch {
      throw BAIL;
    }
  }

  // ---- JSON pieces

  protected ws(): void {
    const b = this.b, n = this.n;
    let p = this.p;
    while (p < n) {
      const c = b[p];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.p = p;
  }

  protected peek(): number {
    this.ws();
    return this.p < this.n ? this.b[this.p] : -1;
  }

  /** skips whitespace and the opening bracket `c` */
  protected open(c: number): void {
    if (this.peek() !== c) throw BAIL;
    this.p++;
  }

  protected colon(): void {
    if (this.peek() !== 0x3a) throw BAIL;
    this.p++;
  }

  /** after a member or element: true at a comma, false at the closing bracket `close` */
  protected more(close: number): boolean {
    const c = this.peek();
    this.p++;
    if (c === 0x2c) return true;
    if (c === close) return false;
    throw BAIL;
  }

  /** a member name; keys with escapes are left to JSON.parse */
  protected key(): void {
    if (this.peek() !== 0x22) throw BAIL;
    this.plainString();
    if (!this.strPlain) throw BAIL;
  }

  /**
   * Whether the member name at p (after whitespace) is exactly `key`, with no escapes; if so, p
   * moves past it. For members a format writes in a known order: each is one comparison, where
   * key() then keyIs() read the name twice.
   */
  protected keyAt(key: Uint8Array): boolean {
    const b = this.b, n = key.length, p = this.p;
    if (p + n + 2 > this.n || b[p] !== 0x22 || b[p + n + 1] !== 0x22) return false;
    for (let k = 0; k < n; k++) if (b[p + 1 + k] !== key[k]) return false;
    this.p = p + n + 2;
    return true;
  }

  protected keyIs(s: number, e: number, key: Uint8Array): boolean {
    if (e - s !== key.length) return false;
    const b = this.b;
    for (let k = 0; k < key.length; k++) if (b[s + k] !== key[k]) return false;
    return true;
  }

  /** a string at p (the quote); sets strStart/strEnd (raw bytes) and strPlain (ASCII, no escapes) */
  protected plainString(): void {
    const b = this.b, n = this.n;
    let p = this.p + 1;
    const start = p;
    let plain = true;
    for (;;) {
      if (p >= n) throw BAIL;
      const c = b[p];
      if (c === 0x22) break;
      if (c === 0x5c) {
        plain = false;
        p = this.escape(p);
        continue;
      }
      if (c < 0x20) throw BAIL;
      if (c >= 0x80) plain = false;
      p++;
    }
    this.strStart = start;
    this.strEnd = p;
    this.strPlain = plain;
    this.p = p + 1;
  }

  /** the same, and a hash of the raw bytes */
  protected hashedString(): void {
    if (this.peek() !== 0x22) throw BAIL;
    const b = this.b, n = this.n;
    let p = this.p + 1;
    const start = p;
    let plain = true;
    let h = 0x811c9dc5 | 0;
    for (;;) {
      if (p >= n) throw BAIL;
      const c = b[p];
      if (c === 0x22) break;
      if (c === 0x5c) {
        plain = false;
        const end = this.escape(p);
        for (; p < end; p++) h = Math.imul(h ^ b[p], 0x01000193);
        continue;
      }
      if (c < 0x20) throw BAIL;
      if (c >= 0x80) plain = false;
      h = Math.imul(h ^ c, 0x01000193);
      p++;
    }
    this.strStart = start;
    this.strEnd = p;
    this.strPlain = plain;
    this.strHash = h;
    this.p = p + 1;
  }

  /** checks the escape at p (a backslash) as JSON defines it; returns the position after it */
  protected escape(p: number): number {
    const b = this.b;
    const c = p + 1 < this.n ? b[p + 1] : -1;
    if (c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) return p + 2;
    if (c !== 0x75 || p + 6 > this.n) throw BAIL;
    for (let k = p + 2; k < p + 6; k++) {
      const h = b[k];
      if (!((h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66))) throw BAIL;
    }
    return p + 6;
  }

  /** a JSON number at p (after whitespace); anything else bails */
  protected number(): number {
    this.ws();
    const b = this.b, n = this.n;
    let p = this.p;
    const start = p;
    let negative = false;
    if (p < n && b[p] === 0x2d) {
      negative = true;
      p++;
    }
    if (p >= n) throw BAIL;
    let c = b[p];
    if (c === 0x30) {
      p++;
    } else if (c >= 0x31 && c <= 0x39) {
      let v = 0;
      const digitsStart = p;
      while (p < n && (c = b[p]) >= 0x30 && c <= 0x39) {
        v = v * 10 + (c - 0x30);
        p++;
      }
      if (p - digitsStart > 15) return this.slowNumber(start); // past 2^53: let Number round it
      if (p >= n || (c !== 0x2e && c !== 0x65 && c !== 0x45)) {
        this.p = p;
        return negative ? -v : v;
      }
      return c === 0x2e ? this.fraction(start, p, v, p - digitsStart, negative) : this.slowNumber(start);
    } else {
      throw BAIL;
    }
    // a leading 0: "0", "-0", or a fraction/exponent
    if (p < n && (c = b[p]) === 0x2e) return this.fraction(start, p, 0, 0, negative);
    if (p < n && (c === 0x65 || c === 0x45)) return this.slowNumber(start);
    if (p < n && b[p] >= 0x30 && b[p] <= 0x39) throw BAIL; // "01" is not JSON
    this.p = p;
    return negative ? -0 : 0;
  }

  /**
   * The fraction at p (the '.') of a number whose integer part `whole` had `digits` significant
   * digits. With 15 digits in all and no exponent, digits / 10^k is exact over exact: one
   * correctly rounded division, the very double Number() gives (Clinger's fast path); anything
   * longer goes to Number.
   */
  private fraction(start: number, p: number, whole: number, digits: number, negative: boolean): number {
    const b = this.b, n = this.n;
    let v = whole;
    let k = 0;
    let c = 0;
    for (p++; p < n && (c = b[p]) >= 0x30 && c <= 0x39; p++, k++) v = v * 10 + (c - 0x30);
    if (k === 0 || digits + k > 15 || (p < n && (c === 0x65 || c === 0x45))) return this.slowNumber(start);
    this.p = p;
    const x = v / POW10[k];
    return negative ? -x : x;
  }

  protected slowNumber(start: number): number {
    const b = this.b, n = this.n;
    let p = start;
    while (p < n) {
      const c = b[p];
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45) p++;
      else break;
    }
    const text = String.fromCharCode.apply(null, b.subarray(start, p) as unknown as number[]);
    if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) throw BAIL;
    this.p = p;
    return Number(text);
  }

  /**
   * An array of numbers into `out`. `presize`: count the elements first (one quick pass over
   * digits and commas) and make room once, for the few long arrays of a file (samples, time
   * deltas, weights), which doubling would copy twice over into fresh memory.
   */
  protected numbers(out: GrowingNumbers, presize = false): void {
    this.open(0x5b);
    if (this.peek() === 0x5d) {
      this.p++;
      return;
    }
    if (presize) out.reserve(out.length + this.countNumbers());
    const b = this.b, n = this.n;
    let data = out.data;
    let size = out.length;
    for (;;) {
      // the common case inline: a small non-negative integer followed by ',' or ']'
      let p = this.p;
      let c = p < n ? b[p] : 0;
      let v = 0;
      let fast = false;
      if (c >= 0x31 && c <= 0x39) {
        v = c - 0x30;
        p++;
        let digits = 1;
        while (p < n && (c = b[p]) >= 0x30 && c <= 0x39) {
          v = v * 10 + (c - 0x30);
          p++;
          digits++;
        }
        fast = digits <= 15 && (c === 0x2c || c === 0x5d);
      }
      if (fast) this.p = p + 1;
      else v = this.number();
      if (size === data.length) {
        out.length = size;
        out.reserve(size * 2);
        data = out.data;
      }
      data[size++] = v;
      if (fast ? c === 0x2c : this.more(0x5d)) continue;
      out.length = size;
      return;
    }
  }

  /** How many elements the array of numbers at p (after its '[') holds; 0 when it holds anything else. */
  private countNumbers(): number {
    const b = this.b, n = this.n;
    let commas = 0;
    for (let p = this.p; p < n; p++) {
      const c = b[p];
      if (c === 0x2c) commas++;
      else if (c === 0x5d) return commas + 1;
      else if (!((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x2b || c === 0x65 || c === 0x45 || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) return 0;
    }
    return 0;
  }

  /** startTime/endTime: a number, or anything else (skipped) as NaN, as the JSON.parse path reads it */
  protected finiteOrSkip(): number {
    const c = this.peek();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const v = this.number();
      return Number.isFinite(v) ? v : NaN;
    }
    this.skipValue();
    return NaN;
  }

  /** any JSON value, checked as JSON.parse would check it */
  protected skipValue(): void {
    // a number or a string alone (a node's hitCount, a callFrame's scriptId): no bracket stack
    const first = this.peek();
    if (first === 0x22) return this.plainString();
    if (first === 0x2d || (first >= 0x30 && first <= 0x39)) {
      this.number();
      return;
    }
    let depth = 0;
    const stack: number[] = []; // closing bracket per open container
    for (;;) {
      const c = this.peek();
      if (c === 0x22) {
        this.plainString();
      } else if (c === 0x7b || c === 0x5b) {
        this.p++;
        const close = c === 0x7b ? 0x7d : 0x5d;
        if (this.peek() === close) {
          this.p++;
        } else {
          stack[depth++] = close;
          if (close === 0x7d) {
            this.key();
            this.colon();
          }
          continue;
        }
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        this.number();
      } else if (c === 0x74) {
        this.literal(0x74, 0x72, 0x75, 0x65, -1); // true
      } else if (c === 0x66) {
        this.literal(0x66, 0x61, 0x6c, 0x73, 0x65); // false
      } else if (c === 0x6e) {
        this.literal(0x6e, 0x75, 0x6c, 0x6c, -1); // null
      } else {
        throw BAIL;
      }
      // a value is done: close containers or go on to the next member/element
      for (;;) {
        if (depth === 0) return;
        const close = stack[depth - 1];
        if (this.more(close)) {
          if (close === 0x7d) {
            this.key();
            this.colon();
          }
          break;
        }
        depth--;
      }
    }
  }

  protected literal(a: number, b: number, c: number, d: number, e: number): void {
    const bytes = this.b;
    const p = this.p;
    const len = e < 0 ? 4 : 5;
    if (p + len > this.n || bytes[p] !== a || bytes[p + 1] !== b || bytes[p + 2] !== c || bytes[p + 3] !== d || (e >= 0 && bytes[p + 4] !== e)) throw BAIL;
    this.p = p + len;
  }
}
