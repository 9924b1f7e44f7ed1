import { ProfileFormatError } from '../../errors';

/**
 * The protobuf wire format, as much of it as profile.proto uses: varints (int64, uint64, bool),
 * length-delimited fields (messages, strings, packed repeated numbers) and skipping of fixed32 /
 * fixed64 fields nobody writes. Hand-written rather than a library: profile.proto needs five
 * wire rules, and the importer reads the hot fields (a sample's location ids and values) straight
 * from the bytes into typed arrays without one object per message (measured in pprof.bench.ts:
 * see the commit that added it).
 *
 * Every read checks the bounds it is given, so a truncated or hostile file stops with a
 * ProfileFormatError naming the byte, never with an out-of-range read (a Uint8Array read past
 * its end yields undefined, which would loop a varint forever).
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

const TWO_32 = 4294967296;

export function fail(problem: string, at: number): never {
  throw new ProfileFormatError('pprof', problem, `byte ${at}`);
}

export class ProtoReader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  /**
   * An unsigned varint up to `end`, as a number (exact below 2^53; larger ids and values are
   * rounded, which no real profile reaches). One- and two-byte varints, most of a profile's
   * numbers, take the first branches.
   */
  uint(end: number): number {
    const b = this.bytes;
    const p = this.pos;
    if (p < end) {
      const x = b[p];
      if (x < 0x80) {
        this.pos = p + 1;
        return x;
      }
      if (p + 1 < end) {
        const y = b[p + 1];
        if (y < 0x80) {
          this.pos = p + 2;
          return (x & 0x7f) | (y << 7);
        }
      }
    }
    return this.long(end, false);
  }

  /** A varint read as int64 (two's complement: ten bytes for a negative number). */
  int(end: number): number {
    const b = this.bytes;
    const p = this.pos;
    if (p < end && b[p] < 0x80) {
      this.pos = p + 1;
      return b[p];
    }
    return this.long(end, true);
  }

  /** The general varint: low and high 32 bits kept apart so that int64 -1 comes out exactly -1. */
  private long(end: number, signed: boolean): number {
    const b = this.bytes;
    const start = this.pos;
    let p = start;
    let lo = 0;
    let hi: number;
    let byte: number;
    for (let shift = 0; shift < 28; shift += 7) {
      if (p >= end) fail('a number runs past the end of its field (the file is truncated or corrupt)', start);
      byte = b[p++];
      lo |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.pos = p;
        return lo >>> 0;
      }
    }
    if (p >= end) fail('a number runs past the end of its field (the file is truncated or corrupt)', start);
    byte = b[p++];
    lo |= (byte & 0x0f) << 28;
    hi = (byte & 0x7f) >> 4;
    if (byte >= 0x80) {
      for (let shift = 3; ; shift += 7) {
        if (p >= end) fail('a number runs past the end of its field (the file is truncated or corrupt)', start);
        if (p - start >= 10) fail('a number is longer than 10 bytes', start);
        byte = b[p++];
        if (shift < 32) hi |= (byte & 0x7f) << shift;
        if (byte < 0x80) break;
      }
    }
    this.pos = p;
    lo >>>= 0;
    hi >>>= 0;
    if (signed && hi >= 0x80000000) return -((~hi >>> 0) * TWO_32 + (~lo >>> 0) + 1);
    return hi * TWO_32 + lo;
  }

  /** A field's key: field number * 8 + wire type. Field numbers above 2^28 are nonsense here. */
  key(end: number): number {
    const b = this.bytes;
    const p = this.pos;
    if (p < end && b[p] < 0x80) {
      this.pos = p + 1;
      return b[p];
    }
    const at = p;
    const k = this.uint(end);
    if (k >= 2 ** 31) fail(`field number ${Math.floor(k / 8)} is out of range`, at);
    return k;
  }

  /** The end of a length-delimited field that starts here (after reading its length). */
  lengthEnd(end: number): number {
    const at = this.pos;
    const n = this.uint(end);
    const stop = this.pos + n;
    if (stop > end) fail(`a field of ${n} bytes runs past the end of ${end === this.bytes.length ? 'the file' : 'its message'} (the file is truncated or corrupt)`, at);
    return stop;
  }

  /** Skips a field of wire type `wire` whose key was just read. */
  skip(wire: number, end: number, keyAt: number): void {
    switch (wire) {
      case WIRE_VARINT: this.uint(end); return;
      case WIRE_FIXED64: this.advance(8, end, keyAt); return;
      case WIRE_BYTES: this.pos = this.lengthEnd(end); return;
      case WIRE_FIXED32: this.advance(4, end, keyAt); return;
      default: fail(`wire type ${wire} is not one profile.proto uses (the file is not pprof, or corrupt)`, keyAt);
    }
  }

  private advance(n: number, end: number, keyAt: number): void {
    if (this.pos + n > end) fail('a fixed-size field runs past the end of its message', keyAt);
    this.pos += n;
  }
}

/** A repeated number field, packed (one length-delimited run) or not (one key per number). */
export function readRepeated(r: ProtoReader, wire: number, end: number, keyAt: number, push: (v: number) => void, signed: boolean): void {
  if (wire === WIRE_VARINT) {
    push(signed ? r.int(end) : r.uint(end));
    return;
  }
  if (wire !== WIRE_BYTES) fail(`a repeated number has wire type ${wire}`, keyAt);
  const stop = r.lengthEnd(end);
  while (r.pos < stop) push(signed ? r.int(stop) : r.uint(stop));
}

export function expectWire(wire: number, want: number, field: string, keyAt: number): void {
  if (wire !== want) fail(`${field} has wire type ${wire}, not ${want}`, keyAt);
}
