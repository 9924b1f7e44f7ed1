import { GrowingInts, GrowingNumbers } from '../../columns';
import { expectWire, fail, ProtoReader, readRepeated, WIRE_BYTES, WIRE_VARINT } from './proto';

/**
 * profile.proto's top level, read in one pass into columns (see google/pprof proto/profile.proto).
 * Samples are only counted here: Go writes them before the locations, functions and strings they
 * refer to, so they are read in a second pass (sampleReader.ts) once those tables are known,
 * found again by the top level's keys rather than kept as a table of byte ranges (8 bytes per
 * sample, and copies as the table doubled). Strings are located too and decoded only when a function, sample type or
 * label needs them.
 */
export interface PprofTables {
  bytes: Uint8Array;
  /** string-table indexes of each sample type's type and unit */
  sampleType: number[];
  sampleUnit: number[];
  sampleCount: number;
  /** where the first sample's key is (the file's length when there is none) */
  firstSample: number;
  /** location index by id */
  locationIds: IdIndex;
  locationAddress: Float64Array;
  locationMapping: Float64Array;
  /** the location's lines are lineFunction/lineNumber[lineStart[i] .. lineStart[i + 1]), innermost first */
  lineStart: Int32Array;
  lineFunction: Float64Array;
  lineNumber: Float64Array;
  locationCount: number;
  functionIds: IdIndex;
  functionName: Float64Array;
  functionSystemName: Float64Array;
  functionFile: Float64Array;
  functionStartLine: Float64Array;
  functionCount: number;
  /** mapping filename (string index) by mapping id, for naming unsymbolized locations */
  mappingFile: Map<number, number>;
  stringStart: Int32Array;
  stringEnd: Int32Array;
  stringCount: number;
  defaultSampleType: number;
  dropFrames: number;
  keepFrames: number;
  period: number;
  periodType: number;
  periodUnit: number;
  durationNanos: number;
  timeNanos: number;
  comments: number[];
}

/** Ids are arbitrary uint64s but in practice 1..n: a dense table then, a Map for anything else. */
export class IdIndex {
  private dense: Int32Array = new Int32Array(0);
  private sparse: Map<number, number> | null = null;
  private ids: number[] = [];
  duplicates = 0;
  firstDuplicateAt = -1;

  /** The next index's id; build() then decides which table fits. */
  add(id: number): void {
    this.ids.push(id);
  }

  /** Called once all ids are in (index i = the i-th id added); `at` says where each was, for the warning. */
  build(at: Int32Array | null): void {
    const n = this.ids.length;
    let max = 0;
    for (let i = 0; i < n; i++) if (this.ids[i] > max) max = this.ids[i];
    if (max <= 4 * n + 1024) {
      this.dense = new Int32Array(max + 1).fill(-1);
      for (let i = 0; i < n; i++) {
        const id = this.ids[i];
        if (this.dense[id] >= 0) this.noteDuplicate(at, i);
        else this.dense[id] = i;
      }
    } else {
      this.sparse = new Map();
      for (let i = 0; i < n; i++) {
        const id = this.ids[i];
        if (this.sparse.has(id)) this.noteDuplicate(at, i);
        else this.sparse.set(id, i);
      }
    }
    this.ids = [];
  }

  private noteDuplicate(at: Int32Array | null, i: number): void {
    if (this.duplicates++ === 0) this.firstDuplicateAt = at ? at[i] : -1;
  }

  /** The dense table (index by id, -1 where none) when ids are 1..n-like, else null. */
  get table(): Int32Array | null {
    return this.sparse === null ? this.dense : null;
  }

  /** The index of `id`, or -1. */
  get(id: number): number {
    if (this.sparse !== null) return this.sparse.get(id) ?? -1;
    return id < this.dense.length ? this.dense[id] : -1;
  }
}

export function decodeTables(bytes: Uint8Array): PprofTables {
  const r = new ProtoReader(bytes);
  const end = bytes.length;
  const sampleType: number[] = [];
  const sampleUnit: number[] = [];
  let sampleCount = 0;
  let firstSample = end;
  const stringStart = new GrowingInts(1024);
  const stringEnd = new GrowingInts(1024);
  const locationId = new GrowingNumbers();
  const locationAt = new GrowingInts();
  const locationAddress = new GrowingNumbers();
  const locationMapping = new GrowingNumbers();
  const lineStart = new GrowingInts();
  const lineFunction = new GrowingNumbers();
  const lineNumber = new GrowingNumbers();
  const functionId = new GrowingNumbers();
  const functionAt = new GrowingInts();
  const functionName = new GrowingNumbers();
  const functionSystemName = new GrowingNumbers();
  const functionFile = new GrowingNumbers();
  const functionStartLine = new GrowingNumbers();
  const mappingFile = new Map<number, number>();
  const comments: number[] = [];
  const t = {
    defaultSampleType: 0, dropFrames: 0, keepFrames: 0, period: 0, periodType: 0, periodUnit: 0, durationNanos: 0, timeNanos: 0,
  };

  while (r.pos < end) {
    const keyAt = r.pos;
    const key = r.key(end);
    const field = key >>> 3;
    const wire = key & 7;
    switch (field) {
      case 1: { // sample_type: ValueType
        expectWire(wire, WIRE_BYTES, 'sample_type', keyAt);
        const stop = r.lengthEnd(end);
        const [type, unit] = valueType(r, stop);
        sampleType.push(type);
        sampleUnit.push(unit);
        break;
      }
      case 2: { // sample: counted now, read once the tables are known
        expectWire(wire, WIRE_BYTES, 'sample', keyAt);
        const stop = r.lengthEnd(end);
        if (sampleCount++ === 0) firstSample = keyAt;
        // the samples that follow, in a loop of their own: they are most of the file
        const run = skipSamples(bytes, stop);
        sampleCount += run.count;
        r.pos = run.pos;
        break;
      }
      case 3: { // mapping: only its id and file name matter here
        expectWire(wire, WIRE_BYTES, 'mapping', keyAt);
        const stop = r.lengthEnd(end);
        let id = 0;
        let file = 0;
        while (r.pos < stop) {
          const at = r.pos;
          const k = r.key(stop);
          if (k === (1 << 3 | WIRE_VARINT)) id = r.uint(stop);
          else if (k === (5 << 3 | WIRE_VARINT)) file = r.int(stop);
          else r.skip(k & 7, stop, at);
        }
        if (!mappingFile.has(id)) mappingFile.set(id, file);
        break;
      }
      case 4: { // location
        expectWire(wire, WIRE_BYTES, 'location', keyAt);
        const stop = r.lengthEnd(end);
        let id = 0;
        let mapping = 0;
        let address = 0;
        lineStart.push(lineFunction.length);
        while (r.pos < stop) {
          const at = r.pos;
          const k = r.key(stop);
          if (k === (1 << 3 | WIRE_VARINT)) id = r.uint(stop);
          else if (k === (2 << 3 | WIRE_VARINT)) mapping = r.uint(stop);
          else if (k === (3 << 3 | WIRE_VARINT)) address = r.uint(stop);
          else if (k === (4 << 3 | WIRE_BYTES)) {
            const lineStop = r.lengthEnd(stop);
            let fn = 0;
            let line = 0;
            while (r.pos < lineStop) {
              const la = r.pos;
              const lk = r.key(lineStop);
              if (lk === (1 << 3 | WIRE_VARINT)) fn = r.uint(lineStop);
              else if (lk === (2 << 3 | WIRE_VARINT)) line = r.int(lineStop);
              else r.skip(lk & 7, lineStop, la);
            }
            lineFunction.push(fn);
            lineNumber.push(line);
          } else r.skip(k & 7, stop, at);
        }
        locationId.push(id);
        locationAt.push(keyAt);
        locationAddress.push(address);
        locationMapping.push(mapping);
        break;
      }
      case 5: { // function
        expectWire(wire, WIRE_BYTES, 'function', keyAt);
        const stop = r.lengthEnd(end);
        let id = 0;
        let name = 0;
        let systemName = 0;
        let file = 0;
        let startLine = 0;
        while (r.pos < stop) {
          const at = r.pos;
          const k = r.key(stop);
          if (k === (1 << 3 | WIRE_VARINT)) id = r.uint(stop);
          else if (k === (2 << 3 | WIRE_VARINT)) name = r.int(stop);
          else if (k === (3 << 3 | WIRE_VARINT)) systemName = r.int(stop);
          else if (k === (4 << 3 | WIRE_VARINT)) file = r.int(stop);
          else if (k === (5 << 3 | WIRE_VARINT)) startLine = r.int(stop);
          else r.skip(k & 7, stop, at);
        }
        functionId.push(id);
        functionAt.push(keyAt);
        functionName.push(name);
        functionSystemName.push(systemName);
        functionFile.push(file);
        functionStartLine.push(startLine);
        break;
      }
      case 6: { // string_table
        expectWire(wire, WIRE_BYTES, 'string_table', keyAt);
        const stop = r.lengthEnd(end);
        stringStart.push(r.pos);
        stringEnd.push(stop);
        r.pos = stop;
        break;
      }
      case 7: expectWire(wire, WIRE_VARINT, 'drop_frames', keyAt); t.dropFrames = r.int(end); break;
      case 8: expectWire(wire, WIRE_VARINT, 'keep_frames', keyAt); t.keepFrames = r.int(end); break;
      case 9: expectWire(wire, WIRE_VARINT, 'time_nanos', keyAt); t.timeNanos = r.int(end); break;
      case 10: expectWire(wire, WIRE_VARINT, 'duration_nanos', keyAt); t.durationNanos = r.int(end); break;
      case 11: {
        expectWire(wire, WIRE_BYTES, 'period_type', keyAt);
        const stop = r.lengthEnd(end);
        [t.periodType, t.periodUnit] = valueType(r, stop);
        break;
      }
      case 12: expectWire(wire, WIRE_VARINT, 'period', keyAt); t.period = r.int(end); break;
      case 13: readRepeated(r, wire, end, keyAt, (v) => comments.push(v), true); break;
      case 14: expectWire(wire, WIRE_VARINT, 'default_sample_type', keyAt); t.defaultSampleType = r.int(end); break;
      case 0: fail('field number 0 (the file is not pprof, or corrupt)', keyAt); break;
      default: r.skip(wire, end, keyAt); // doc_url and fields newer than this reader
    }
  }

  lineStart.push(lineFunction.length);
  const locationIds = new IdIndex();
  for (let i = 0; i < locationId.length; i++) locationIds.add(locationId.data[i]);
  locationIds.build(locationAt.data);
  const functionIds = new IdIndex();
  for (let i = 0; i < functionId.length; i++) functionIds.add(functionId.data[i]);
  functionIds.build(functionAt.data);

  return {
    bytes,
    sampleType,
    sampleUnit,
    sampleCount,
    firstSample,
    locationIds,
    locationAddress: locationAddress.data,
    locationMapping: locationMapping.data,
    lineStart: lineStart.data,
    lineFunction: lineFunction.data,
    lineNumber: lineNumber.data,
    locationCount: locationId.length,
    functionIds,
    functionName: functionName.data,
    functionSystemName: functionSystemName.data,
    functionFile: functionFile.data,
    functionStartLine: functionStartLine.data,
    functionCount: functionId.length,
    mappingFile,
    stringStart: stringStart.data,
    stringEnd: stringEnd.data,
    stringCount: stringStart.length,
    comments,
    ...t,
  };
}

/**
 * Skips the samples that follow one another from `p`, the file's bulk (see shortSample): a loop
 * apart from decodeTables' own, which V8 compiled on stack for the samples and threw away when
 * the tables after them turned up. Stops at anything else, which decodeTables then reads and checks.
 */
function skipSamples(b: Uint8Array, p: number): { pos: number; count: number } {
  const range = new Int32Array(2);
  let count = 0;
  while (shortSample(b, p, range)) {
    p = range[1];
    count++;
  }
  return { pos: p, count };
}

/**
 * Whether a sample as Go writes them starts at `p`: its key (2, bytes) and a length of one to
 * three bytes that fits the file. Its body's byte range [start, end) goes into `out`. Anything
 * else (a longer length, another field, too few bytes) answers false, for ProtoReader to read and
 * check (nextSample).
 */
export function shortSample(b: Uint8Array, p: number, out: Int32Array): boolean {
  const n = b.length;
  if (p + 4 > n || b[p] !== (2 << 3 | WIRE_BYTES)) return false;
  let q = p + 1;
  let len = b[q++];
  if (len >= 0x80) {
    const y = b[q++];
    if (y < 0x80) len = (len & 0x7f) | (y << 7);
    else if (b[q] < 0x80) len = (len & 0x7f) | ((y & 0x7f) << 7) | (b[q++] << 14);
    else return false;
  }
  if (q + len > n) return false;
  out[0] = q;
  out[1] = q + len;
  return true;
}

function valueType(r: ProtoReader, stop: number): [number, number] {
  let type = 0;
  let unit = 0;
  while (r.pos < stop) {
    const at = r.pos;
    const k = r.key(stop);
    if (k === (1 << 3 | WIRE_VARINT)) type = r.int(stop);
    else if (k === (2 << 3 | WIRE_VARINT)) unit = r.int(stop);
    else r.skip(k & 7, stop, at);
  }
  return [type, unit];
}

const utf8 = new TextDecoder('utf-8');

/** Strings of the string table, decoded once each and only when asked for. */
export class StringTable {
  private readonly cache = new Map<number, string>();
  constructor(private readonly t: PprofTables) {}

  /** The string at `index`, or null when the table has no such entry. */
  get(index: number): string | null {
    if (!(index >= 0 && index < this.t.stringCount && Number.isInteger(index))) return null;
    let s = this.cache.get(index);
    if (s === undefined) {
      s = utf8.decode(this.t.bytes.subarray(this.t.stringStart[index], this.t.stringEnd[index]));
      this.cache.set(index, s);
    }
    return s;
  }
}

/**
 * The byte range [start, end) of the next sample at or after `from` (a top-level key) into
 * `out`; false when there is none. decodeTables has read the top level already, so it is well formed.
 */
export function nextSample(r: ProtoReader, from: number, out: Int32Array): boolean {
  const end = r.bytes.length;
  r.pos = from;
  while (r.pos < end) {
    const keyAt = r.pos;
    const key = r.key(end);
    if (key === (2 << 3 | WIRE_BYTES)) {
      const stop = r.lengthEnd(end);
      out[0] = r.pos;
      out[1] = stop;
      return true;
    }
    r.skip(key & 7, end, keyAt);
  }
  return false;
}
