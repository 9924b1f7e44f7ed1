/**
 * A protobuf encoder for the pprof writer: varints, keys, strings and nested messages into one
 * growing buffer. A nested message's length comes before it but is known only after it, so its
 * body is written in place after a one-byte guess and moved when the length needs more bytes
 * (messages of 128 bytes or more: rare in a profile, whose samples and locations are short).
 */
export class ProtoWriter {
  private buf = new Uint8Array(1 << 16);
  private n = 0;
  private readonly utf8 = new TextEncoder();

  get length(): number {
    return this.n;
  }

  private room(extra: number): void {
    if (this.n + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + extra) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
  }

  /** A varint: non-negative integers up to 2^53 exactly, negative ones as int64 (ten bytes). */
  varint(v: number): void {
    this.room(10);
    const b = this.buf;
    if (v >= 0 && v < 0x80) {
      b[this.n++] = v;
      return;
    }
    if (v < 0) {
      // two's complement over 64 bits, as int64 fields are written
      let lo = Number(BigInt.asUintN(32, BigInt(v)));
      let hi = Number(BigInt.asUintN(32, BigInt(v) >> 32n));
      for (let i = 0; i < 9; i++) {
        b[this.n++] = (lo & 0x7f) | 0x80;
        lo = (lo >>> 7) | ((hi & 0x7f) << 25);
        hi >>>= 7;
      }
      b[this.n++] = lo & 0x01;
      return;
    }
    while (v >= 0x80) {
      b[this.n++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    b[this.n++] = v;
  }

  key(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** A varint field, left out when 0 as proto3 does. */
  uint(field: number, v: number): void {
    if (v === 0) return;
    this.key(field, 0);
    this.varint(v);
  }

  string(field: number, s: string): void {
    const bytes = this.utf8.encode(s);
    this.key(field, 2);
    this.varint(bytes.length);
    this.room(bytes.length);
    this.buf.set(bytes, this.n);
    this.n += bytes.length;
  }

  /** Starts a length-delimited field (a message, or packed numbers); finish it with end(). */
  begin(field: number): number {
    this.key(field, 2);
    this.room(1);
    this.buf[this.n++] = 0;
    return this.n;
  }

  end(start: number): void {
    const length = this.n - start;
    if (length < 0x80) {
      this.buf[start - 1] = length;
      return;
    }
    let extra = 0;
    for (let v = length; v >= 0x80; v = Math.floor(v / 128)) extra++;
    this.room(extra);
    this.buf.copyWithin(start + extra, start, this.n);
    this.n += extra;
    let at = start - 1;
    let v = length;
    while (v >= 0x80) {
      this.buf[at++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[at] = v;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}
