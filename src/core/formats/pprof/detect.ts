import { ProfileFormatError } from '../../errors';
import { ProtoReader, WIRE_BYTES, WIRE_VARINT } from './proto';

/**
 * Whether `head` (a file's first bytes, decompressed) is the start of a pprof profile. Protobuf
 * has no magic number, so the start is read as profile.proto's top level: every field up to the
 * end of `head` must be one Profile has, with the wire type it has (a message where a message
 * is, a number where a number is), and the first messages must hold the fields theirs hold.
 * Text formats fail at once: their first bytes ('{', '[', '#', letters, spaces) are field keys
 * with wire types 3 to 7 or of numbers with the wrong wire type, and a 4 KB start of text that
 * reads as valid protobuf all the way would be a very unlikely accident.
 */
export function looksLikePprof(head: Uint8Array): boolean {
  const end = head.length;
  if (end < 2) return false;
  const r = new ProtoReader(head);
  let complete = 0;
  let tables = 0;
  try {
    while (r.pos < end) {
      const key = r.key(end);
      const field = key >>> 3;
      const wire = key & 7;
      const want = WIRE_OF.get(field);
      if (want === undefined) return false;
      if (wire !== want && !(field === 13 && wire === WIRE_BYTES)) return false;
      if (wire === WIRE_VARINT) {
        r.uint(end);
      } else {
        const length = r.uint(end);
        const stop = r.pos + length;
        if (stop > end) break; // a field longer than the start we see: judge by what came before
        if (!messageFits(field, head, r.pos, stop)) return false;
        r.pos = stop;
        if (field <= 6) tables++;
      }
      complete++;
    }
  } catch (e) {
    // only a number cut by the end of `head` gets here (messageFits catches its own)
    if (e instanceof ProfileFormatError) return complete > 0 && tables > 0;
    throw e;
  }
  return complete > 0 && tables > 0;
}

/** profile.proto's top-level fields and their wire types (13, comment, may also be packed). */
const WIRE_OF = new Map<number, number>([
  [1, WIRE_BYTES], [2, WIRE_BYTES], [3, WIRE_BYTES], [4, WIRE_BYTES], [5, WIRE_BYTES], [6, WIRE_BYTES],
  [7, WIRE_VARINT], [8, WIRE_VARINT], [9, WIRE_VARINT], [10, WIRE_VARINT], [11, WIRE_BYTES], [12, WIRE_VARINT],
  [13, WIRE_VARINT], [14, WIRE_VARINT], [15, WIRE_VARINT],
]);

/** The fields (and wire types) of the messages a Profile holds, by the Profile field holding them. */
const MESSAGE_FIELDS = new Map<number, Map<number, number>>([
  [1, new Map([[1, WIRE_VARINT], [2, WIRE_VARINT]])], // ValueType
  [11, new Map([[1, WIRE_VARINT], [2, WIRE_VARINT]])],
  [2, new Map([[1, -1], [2, -1], [3, WIRE_BYTES]])], // Sample: ids and values packed or not
  [3, new Map([[1, WIRE_VARINT], [2, WIRE_VARINT], [3, WIRE_VARINT], [4, WIRE_VARINT], [5, WIRE_VARINT], [6, WIRE_VARINT],
    [7, WIRE_VARINT], [8, WIRE_VARINT], [9, WIRE_VARINT], [10, WIRE_VARINT]])], // Mapping
  [4, new Map([[1, WIRE_VARINT], [2, WIRE_VARINT], [3, WIRE_VARINT], [4, WIRE_BYTES], [5, WIRE_VARINT]])], // Location
  [5, new Map([[1, WIRE_VARINT], [2, WIRE_VARINT], [3, WIRE_VARINT], [4, WIRE_VARINT], [5, WIRE_VARINT]])], // Function
]);

function messageFits(field: number, bytes: Uint8Array, start: number, stop: number): boolean {
  const fields = MESSAGE_FIELDS.get(field);
  if (fields === undefined) return true; // a string
  const r = new ProtoReader(bytes);
  r.pos = start;
  try {
    while (r.pos < stop) {
      const key = r.key(stop);
      const want = fields.get(key >>> 3);
      const wire = key & 7;
      if (want === undefined) return false;
      if (want === -1 ? wire !== WIRE_VARINT && wire !== WIRE_BYTES : wire !== want) return false;
      if (wire === WIRE_VARINT) r.uint(stop);
      else r.pos = r.lengthEnd(stop);
    }
  } catch (e) {
    if (e instanceof ProfileFormatError) return false; // a whole message that does not hold together
    throw e;
  }
  return true;
}
