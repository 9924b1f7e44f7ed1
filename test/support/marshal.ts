/**
 * A small marshal writer for tests: builds .prof files (and broken ones) without Python. Values:
 * null, booleans, numbers (int32 as 'i', anything else as binary float 'g'), strings (UTF-8 with
 * lone surrogates passed through, as CPython's surrogatepass writes them), arrays as tuples, Maps
 * as dicts, and { raw } for bytes written as they are (bad codes, references...).
 */
export type MarshalValue = null | boolean | number | string | MarshalValue[] | Map<MarshalValue, MarshalValue> | { raw: Uint8Array } | { float: number } | { long: number[] };

export function marshal(value: MarshalValue): Uint8Array {
  const out = new Writer();
  // explicit stack: the tests write values nested 100 000 deep
  const stack: (MarshalValue | { end: true })[] = [value];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (v !== null && typeof v === 'object' && 'end' in v) {
      out.byte(0x30); // '0' ends a dict
      continue;
    }
    if (v === null) out.byte(0x4e);
    else if (v === true) out.byte(0x54);
    else if (v === false) out.byte(0x46);
    else if (typeof v === 'number') {
      if (Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 && !Object.is(v, -0)) {
        out.byte(0x69);
        out.int32(v);
      } else {
        out.byte(0x67);
        out.float64(v);
      }
    } else if (typeof v === 'string') {
      const bytes = wtf8(v);
      out.byte(0x75);
      out.int32(bytes.length);
      out.bytes(bytes);
    } else if (Array.isArray(v)) {
      out.byte(0x28);
      out.int32(v.length);
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    } else if (v instanceof Map) {
      out.byte(0x7b);
      stack.push({ end: true });
      const entries = [...v];
      for (let i = entries.length - 1; i >= 0; i--) stack.push(entries[i][1], entries[i][0]);
    } else if ('raw' in v) {
      out.bytes(v.raw);
    } else if ('float' in v) {
      out.byte(0x67);
      out.float64(v.float);
    } else {
      // 'l': digit count (sign in it), then 15-bit digits, least significant first
      out.byte(0x6c);
      out.int32(v.long.length);
      for (const d of v.long) { out.byte(d & 0xff); out.byte(d >> 8); }
    }
  }
  return out.finish();
}

/** UTF-8, except that lone surrogates are encoded as they are (CPython's surrogatepass). */
export function wtf8(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

class Writer {
  private buf = new Uint8Array(1024);
  private n = 0;
  private view = new DataView(this.buf.buffer);

  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    next.set(this.buf);
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.n++] = b;
  }

  int32(v: number): void {
    this.room(4);
    this.view.setInt32(this.n, v, true);
    this.n += 4;
  }

  float64(v: number): void {
    this.room(8);
    this.view.setFloat64(this.n, v, true);
    this.n += 8;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

export type PstatsKey = [string, number, string];
export interface PstatsEntry {
  key: PstatsKey;
  cc: number;
  nc: number;
  tt: number;
  ct: number;
  /** caller key -> (nc, cc, tt, ct) */
  callers: [PstatsKey, [number, number, number, number]][];
}

/** A cProfile stats dict as marshal writes it. */
export function pstatsFile(entries: PstatsEntry[]): Uint8Array {
  const dict = new Map<MarshalValue, MarshalValue>();
  for (const e of entries) {
    const callers = new Map<MarshalValue, MarshalValue>();
    for (const [k, v] of e.callers) callers.set([...k], [...v]);
    dict.set([...e.key], [e.cc, e.nc, e.tt, e.ct, callers]);
  }
  return marshal(dict);
}
