import { GrowingInts } from '../../columns';
import type { Repairs } from '../../warnings';
import { nextSample, shortSample, type PprofTables } from './decode';
import { fail, ProtoReader, WIRE_BYTES, WIRE_VARINT } from './proto';

/**
 * The samples of a profile.proto, one at a time, read straight from the bytes: the hot loop of a
 * big profile (a 100 MB Go CPU profile: 750 000 samples, 31 M location ids). Each field Go writes
 * (packed location ids of one to three bytes, packed values, labels) is read with the position in
 * a local, in a function of its own so that V8 compiles each one for its own loop (one long loop
 * body was compiled on stack and thrown away as each new field turned up); anything else (unpacked
 * numbers, long varints, unknown or missing ids, other fields, malformed bytes) goes through
 * ProtoReader, which checks every bound and reports as before.
 */
export class SampleReader {
  /** this sample's location indexes, leaf first: locs[0 .. depth) */
  locs: Int32Array = new Int32Array(256);
  depth = 0;
  /** the value of sample type `event`, 0 when the sample has fewer values */
  value = 0;
  /** how many values the sample has */
  values = 0;
  /** where this sample's labels are (a JS array emptied per sample let its storage go each time) */
  readonly labelAt = new GrowingInts(16);
  /** where the sample just read starts (after its key and length) and ends (the next top-level key) */
  start = 0;
  end = 0;
  readonly r: ProtoReader;
  private readonly locTable: Int32Array | null;
  /** the next sample's body, as shortSample and nextSample give it */
  private readonly range = new Int32Array(2);

  constructor(
    private readonly bytes: Uint8Array,
    private readonly t: PprofTables,
    private readonly repairs: Repairs,
    private readonly event: number,
  ) {
    this.r = new ProtoReader(bytes);
    this.locTable = t.locationIds.table;
  }

  /**
   * Reads the next sample at or after top-level position `from` (decodeTables has read the top
   * level: it is well formed); false when there is none. Go writes the samples one after another,
   * so the next one is usually right at `from`: its key (2, bytes) and a length of up to 3 bytes.
   */
  next(from: number): boolean {
    const range = this.range;
    if (!shortSample(this.bytes, from, range) && !nextSample(this.r, from, range)) return false;
    const start = range[0];
    const stop = range[1];
    this.start = start;
    this.end = stop;
    this.read(start, stop);
    return true;
  }

  private read(start: number, stop: number): void {
    const b = this.bytes;
    this.depth = 0;
    this.value = 0;
    this.values = 0;
    this.labelAt.length = 0;
    let p = start;
    while (p < stop) {
      const key = b[p];
      // a length of one or two bytes that fits the sample: the fields Go writes
      if (p + 2 < stop && (key === (1 << 3 | WIRE_BYTES) || key === (2 << 3 | WIRE_BYTES) || key === (3 << 3 | WIRE_BYTES))) {
        let q = p + 1;
        let len = b[q++];
        if (len >= 0x80) len = b[q] < 0x80 ? (len & 0x7f) | (b[q++] << 7) : -1;
        if (len >= 0 && q + len <= stop) {
          if (key === (1 << 3 | WIRE_BYTES)) this.ids(q, q + len);
          else if (key === (2 << 3 | WIRE_BYTES)) this.packedValues(q, q + len);
          else this.labelAt.push(p + 1);
          p = q + len;
          continue;
        }
      }
      p = this.field(p, stop);
    }
  }

  /** packed location ids in [p, end): one to three bytes each looked up in the dense id table */
  private ids(p: number, end: number): void {
    const b = this.bytes;
    const table = this.locTable;
    let locs = this.locs;
    let depth = this.depth;
    if (table !== null) {
      if (depth + (end - p) > locs.length) locs = this.grow(depth + (end - p));
      while (p < end) {
        let id = b[p];
        let next = p + 1;
        if (id >= 0x80) {
          if (next >= end) break;
          const y = b[next++];
          if (y < 0x80) id = (id & 0x7f) | (y << 7);
          else {
            if (next >= end || b[next] >= 0x80) break;
            id = (id & 0x7f) | ((y & 0x7f) << 7) | (b[next++] << 14);
          }
        }
        const loc = id < table.length ? table[id] : -1;
        if (loc < 0) break; // a missing id: the general path reports it
        locs[depth++] = loc;
        p = next;
      }
      this.depth = depth;
    }
    if (p < end) this.idsSlowly(p, end);
  }

  /** ids one by one through ProtoReader: long ones, sparse ids, missing ones (a repair noted) */
  private idsSlowly(p: number, end: number): void {
    const r = this.r;
    r.pos = p;
    while (r.pos < end) this.id(end);
  }

  /** the id at r.pos, up to `end` */
  private id(end: number): void {
    const r = this.r;
    const at = r.pos;
    const loc = this.t.locationIds.get(r.uint(end));
    if (loc < 0) {
      this.repairs.note('unknown location', `byte ${at}`, 'samples name a location id that does not exist; those frames are left out');
      return;
    }
    if (this.depth === this.locs.length) this.grow(this.depth + 1);
    this.locs[this.depth++] = loc;
  }

  private packedValues(p: number, end: number): void {
    const b = this.bytes;
    const event = this.event;
    let values = this.values;
    while (p < end) {
      let v = b[p];
      if (v < 0x80) p++;
      else {
        const r = this.r;
        r.pos = p;
        v = r.int(end);
        p = r.pos;
      }
      if (values++ === event) this.value = v;
    }
    this.values = values;
  }

  /** any field through ProtoReader; returns where the next one starts */
  private field(p: number, stop: number): number {
    const r = this.r;
    r.pos = p;
    const keyAt = p;
    const key = r.key(stop);
    if (key === (1 << 3 | WIRE_BYTES)) {
      const idStop = r.lengthEnd(stop);
      this.idsSlowly(r.pos, idStop);
    } else if (key === (1 << 3 | WIRE_VARINT)) {
      this.id(stop);
    } else if (key === (2 << 3 | WIRE_BYTES)) {
      const vStop = r.lengthEnd(stop);
      this.packedValues(r.pos, vStop);
      return vStop;
    } else if (key === (2 << 3 | WIRE_VARINT)) {
      const v = r.int(stop);
      if (this.values++ === this.event) this.value = v;
    } else if (key === (3 << 3 | WIRE_BYTES)) {
      this.labelAt.push(r.pos);
      r.pos = r.lengthEnd(stop);
    } else if (key >>> 3 === 0) {
      fail('field number 0 in a sample', keyAt);
    } else {
      r.skip(key & 7, stop, keyAt);
    }
    return r.pos;
  }

  private grow(want: number): Int32Array {
    const grown = new Int32Array(Math.max(want, this.locs.length * 2));
    grown.set(this.locs.subarray(0, this.depth));
    this.locs = grown;
    return grown;
  }
}
