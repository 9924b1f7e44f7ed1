import { ProfileFormatError } from '../../errors';

/**
 * Python's marshal format, read far enough for cProfile stats files from CPython 2.7 to 3.13
 * (reference: CPython Python/marshal.c, r_object). Iterative with an explicit stack: a hostile
 * file may nest containers 100 000 deep, far past what JS recursion survives.
 */

/** Python values as decoded: dict -> Map (tuple keys are distinct arrays: iterate, don't look up). */
export type PyValue = null | boolean | number | string | PyValue[] | PyDict | PyComplex | PyConstant;
export type PyDict = Map<PyValue, PyValue>;
export interface PyComplex { readonly re: number; readonly im: number }
export interface PyConstant { readonly python: 'StopIteration' | 'Ellipsis' }
export const STOP_ITERATION: PyConstant = Object.freeze({ python: 'StopIteration' });
export const ELLIPSIS: PyConstant = Object.freeze({ python: 'Ellipsis' });

const FLAG_REF = 0x80;
const NULL = Symbol('marshal NULL'); // '0': ends a dict; an error anywhere else
type Item = PyValue | typeof NULL;
const UNREGISTERED = new Uint8Array(128);
for (const c of '0NTFS.rR') UNREGISTERED[c.charCodeAt(0)] = 1;

/**
 * A code object's fields as marshal writes them ('c'), which differ by Python version and which
 * the file does not say: int32 fields first, then objects, the first line number (an int32)
 * after `before` of them, then `after` more objects; the name and file are objects of their own.
 */
interface CodeLayout { ints: number; before: number; after: number; file: number; name: number }
const CODE_LAYOUTS: CodeLayout[] = [
  // 3.11-3.13: argcount posonlyargcount kwonlyargcount stacksize flags; code consts names
  // localsplusnames localspluskinds filename name qualname; firstlineno; linetable exceptiontable
  { ints: 5, before: 8, after: 2, file: 5, name: 6 },
  // 3.8-3.10: argcount posonlyargcount kwonlyargcount nlocals stacksize flags; code consts names
  // varnames freevars cellvars filename name; firstlineno; lnotab
  { ints: 6, before: 8, after: 1, file: 6, name: 7 },
  // 3.0-3.7: as 3.8 without posonlyargcount
  { ints: 5, before: 8, after: 1, file: 6, name: 7 },
  // 2.7: argcount nlocals stacksize flags, then as 3.0
  { ints: 4, before: 8, after: 1, file: 6, name: 7 },
];

/**
 * Decodes the one marshalled object at the start of `bytes` (trailing bytes are ignored, as
 * marshal.load does). With `childOffsets`, the byte offset of every direct child of that object is
 * pushed (for a dict: key, value, key, value...), so callers can say where a bad entry is.
 *
 * A code object becomes the text pstats shows for it, without its address: `python -m profile
 * -o` keys the script's own code by the code object (`profile:0(<code object <module> at 0x...,
 * file "x.py", line 1>)`). Its layout depends on the Python version that wrote the file, so a
 * file holding one is read with each known layout until one fits.
 */
export function decodeMarshal(bytes: Uint8Array, childOffsets?: number[]): PyValue {
  let first: unknown = null;
  for (const layout of CODE_LAYOUTS) {
    const seen = { code: false };
    try {
      if (childOffsets) childOffsets.length = 0;
      return decodeWith(bytes, childOffsets, layout, seen);
    } catch (e) {
      first ??= e;
      if (!seen.code || !(e instanceof ProfileFormatError)) throw first;
    }
  }
  throw first;
}

function decodeWith(bytes: Uint8Array, childOffsets: number[] | undefined, layout: CodeLayout, seen: { code: boolean }): PyValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length;
  const refs: PyValue[] = []; // FLAG_REF objects, for 'r' (version 3+)
  const interned: string[] = []; // py2 't' strings, for 'R'
  // open containers: the container, next index (or, for dicts, 0 = want key, 1 = want value), length, pending key
  const open: (PyValue[] | PyDict)[] = [];
  // per open container: for a code object, its first line number (-1 until read), else null
  const codeLine: (number | null)[] = [];
  // per open code object: its slot in refs (-1: not registered), filled once it is complete
  const codeRef: number[] = [];
  const index: number[] = [];
  const length: number[] = [];
  const pendingKey: PyValue[] = [];
  let depth = 0;
  let pos = 0;
  let start = 0; // where the object being read begins, for errors

  const fail = (problem: string, at = start): never => {
    throw new ProfileFormatError('pstats', problem, `byte ${at}`);
  };
  const need = (n: number): void => {
    if (n > end - pos) fail(`truncated marshal data: ${n} more bytes needed, ${end - pos} left`, end);
  };
  const int32 = (): number => {
    need(4);
    const v = bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24);
    pos += 4;
    return v;
  };
  const size = (perItem: number): number => {
    const n = int32();
    if (n < 0) fail(`bad marshal data (negative size ${n})`);
    need(n * perItem); // every item takes at least perItem bytes: no huge allocations for a lying count
    return n;
  };
  const textFloat = (): number => {
    need(1);
    const n = bytes[pos++];
    need(n);
    const s = latin1(bytes, pos, pos + n);
    pos += n;
    const v = parseFloatText(s);
    if (v === undefined) fail(`bad marshal float ${JSON.stringify(s)}`);
    return v!;
  };
  const binaryFloat = (): number => {
    need(8);
    const v = view.getFloat64(pos, true);
    pos += 8;
    return v;
  };

  for (;;) {
    // a code object's first line number is an int32 among its objects, not an object
    if (depth > 0 && codeLine[depth - 1] === -1 && index[depth - 1] === layout.before) codeLine[depth - 1] = int32();
    // read one object; containers are opened and the loop goes on to their first child
    start = pos;
    if (childOffsets && depth === 1) childOffsets.push(pos);
    if (pos >= end) fail('truncated marshal data: an object was expected', end);
    const code = bytes[pos++];
    let ref = (code & FLAG_REF) !== 0;
    let value: Item;
    switch (code & ~FLAG_REF) {
      case 0x30: value = NULL; break; // '0'
      case 0x4e: value = null; break; // 'N'
      case 0x54: value = true; break; // 'T'
      case 0x46: value = false; break; // 'F'
      case 0x53: value = STOP_ITERATION; break; // 'S'
      case 0x2e: value = ELLIPSIS; break; // '.'
      case 0x69: value = int32(); break; // 'i'
      case 0x49: { // 'I': int64, from py2 on 64-bit machines
        need(8);
        value = view.getUint32(pos, true) + view.getInt32(pos + 4, true) * 4294967296;
        pos += 8;
        break;
      }
      case 0x6c: { // 'l': count of 15-bit digits, least significant first, sign in the count
        const n = int32();
        const count = Math.abs(n);
        need(count * 2);
        let v = 0;
        for (let k = count - 1; k >= 0; k--) {
          const d = bytes[pos + 2 * k] | (bytes[pos + 2 * k + 1] << 8);
          if (d >= 0x8000) fail('bad marshal data (digit out of range in long)');
          v = v * 32768 + d; // exact while below 2^53
        }
        pos += count * 2;
        value = n < 0 ? -v : v;
        break;
      }
      case 0x67: value = binaryFloat(); break; // 'g'
      case 0x66: value = textFloat(); break; // 'f': versions 0 and 1, all py2 < 2.5 files
      case 0x79: value = { re: binaryFloat(), im: binaryFloat() }; break; // 'y'
      case 0x78: value = { re: textFloat(), im: textFloat() }; break; // 'x'
      case 0x7a: case 0x5a: { // 'z' 'Z': short ASCII
        need(1);
        const n = bytes[pos++];
        need(n);
        value = latin1(bytes, pos, pos + n);
        pos += n;
        break;
      }
      case 0x61: case 0x41: { // 'a' 'A': ASCII (CPython reads them as Latin-1)
        const n = size(1);
        value = latin1(bytes, pos, pos + n);
        pos += n;
        break;
      }
      case 0x75: case 0x74: { // 'u', 't': UTF-8 with lone surrogates allowed (surrogatepass)
        const n = size(1);
        value = utf8(bytes, pos, pos + n, false)!;
        pos += n;
        // py2 't' is an interned str that 'R' refers back to; py3 uses FLAG_REF instead
        if (code === 0x74) interned.push(value);
        break;
      }
      case 0x73: { // 's': bytes; in py2 files the str type, so decode it as text
        const n = size(1);
        value = utf8(bytes, pos, pos + n, true) ?? latin1(bytes, pos, pos + n);
        pos += n;
        break;
      }
      case 0x52: { // 'R': py2 reference into the interned strings
        const n = int32();
        if (n < 0 || n >= interned.length) fail(`bad marshal string reference ${n} (${interned.length} interned so far)`);
        value = interned[n];
        break;
      }
      case 0x72: { // 'r'
        const n = int32();
        if (n < 0 || n >= refs.length) fail(`bad marshal reference ${n} (${refs.length} objects so far)`);
        value = refs[n];
        break;
      }
      case 0x28: case 0x5b: case 0x3c: case 0x3e: case 0x29: { // '(' '[' '<' '>' ')': all arrays
        let n: number;
        if (code === 0x29 || code === 0xa9) {
          need(1);
          n = bytes[pos++];
          need(n);
        } else {
          n = size(1);
        }
        const arr = new Array<PyValue>(n);
        // register before the children, as CPython does, so a container may refer to itself
        if (ref) refs.push(arr);
        if (n > 0) { open[depth] = arr; codeLine[depth] = null; index[depth] = 0; length[depth] = n; depth++; continue; }
        value = arr;
        ref = false; // registered already
        break;
      }
      case 0x7b: { // '{': key, value pairs until '0'
        const map: PyDict = new Map();
        if (ref) refs.push(map);
        open[depth] = map; codeLine[depth] = null; index[depth] = 0; length[depth] = 0; depth++;
        continue;
      }
      case 0x63: { // 'c': a code object, its fields as the layout says
        seen.code = true;
        for (let k = 0; k < layout.ints; k++) int32();
        // its slot is reserved before its children, as CPython does, and filled when it is complete
        codeRef[depth] = ref ? refs.push(null) - 1 : -1;
        open[depth] = new Array<PyValue>(layout.before + layout.after); codeLine[depth] = -1; index[depth] = 0; length[depth] = layout.before + layout.after; depth++;
        continue;
      }
      default:
        return fail(`unknown marshal type code 0x${code.toString(16).padStart(2, '0')}`);
    }
    // scalars register after reading; CPython ignores the flag on singletons and references
    if (ref && !UNREGISTERED[code & ~FLAG_REF]) refs.push(value as PyValue);

    // hand the value to the open container; a container that completes becomes the value
    for (;;) {
      if (depth === 0) {
        if (value === NULL) fail('NULL object in marshal data');
        return value as PyValue;
      }
      const top = depth - 1;
      const c = open[top];
      if (Array.isArray(c)) {
        if (value === NULL) fail('NULL object in marshal data for a tuple, list or set');
        const i = index[top]++;
        c[i] = value as PyValue;
        if (i + 1 < length[top]) break;
      } else if (index[top] === 0) { // a key, or the end
        if (value !== NULL) { pendingKey[top] = value; index[top] = 1; break; }
      } else { // a value; '0' here also ends the dict, dropping the key, as CPython does
        if (value !== NULL) { c.set(pendingKey[top], value); index[top] = 0; break; }
      }
      value = c;
      const line = codeLine[top];
      if (line !== null) {
        const name = (c as PyValue[])[layout.name], file = (c as PyValue[])[layout.file];
        if (typeof name !== 'string' || typeof file !== 'string') fail('a code object without a name or a file name');
        value = `<code object ${name as string}, file "${file as string}", line ${line}>`;
        if (codeRef[top] >= 0) refs[codeRef[top]] = value;
      }
      pendingKey[top] = null;
      depth--;
    }
  }
}

/** Python's float('...') for repr output: digits, inf, nan. JS Number() would take '', '0x10' and 'Infinity' too. */
export function parseFloatText(s: string): number | undefined {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  const m = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (!m) return undefined;
  if (m[2].toLowerCase() === 'nan') return NaN;
  return m[1] === '-' ? -Infinity : Infinity;
}

const CHUNK = 8192; // fromCharCode.apply takes arguments on the stack

export function latin1(b: Uint8Array, from: number, to: number): string {
  if (to - from <= CHUNK) return String.fromCharCode.apply(null, b.subarray(from, to) as unknown as number[]);
  let s = '';
  for (let i = from; i < to; i += CHUNK) s += latin1(b, i, Math.min(to, i + CHUNK));
  return s;
}

/**
 * UTF-8 to a JS string. Lenient (strict false): as CPython's surrogatepass, encoded lone
 * surrogates pass (undecodable file names arrive that way) and bad bytes become U+FFFD.
 * Strict: null for anything Python's 'utf-8' codec rejects, surrogates included.
 */
export function utf8(b: Uint8Array, from: number, to: number, strict: boolean): string | null {
  let i = from;
  while (i < to && b[i] < 0x80) i++;
  if (i === to) return latin1(b, from, to); // the common case: ASCII
  const units: number[] = [];
  for (i = from; i < to; ) {
    const c = b[i];
    let n = 0, cp = 0, min = 0;
    if (c < 0x80) { units.push(c); i++; continue; }
    if (c >= 0xc2 && c <= 0xdf) { n = 1; cp = c & 0x1f; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { n = 2; cp = c & 0x0f; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 3; cp = c & 0x07; min = 0x10000; }
    let ok = n > 0 && i + n < to + 1;
    for (let k = 1; ok && k <= n; k++) {
      const t = b[i + k];
      if ((t & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (t & 0x3f);
    }
    if (ok && (cp < min || cp > 0x10ffff || (strict && cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (!ok) {
      if (strict) return null;
      units.push(0xfffd);
      i++;
      continue;
    }
    if (cp >= 0x10000) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    else units.push(cp);
    i += n + 1;
  }
  let s = '';
  for (let k = 0; k < units.length; k += CHUNK) s += String.fromCharCode.apply(null, units.slice(k, k + CHUNK));
  return s;
}
