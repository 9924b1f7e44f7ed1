/**
 * Text files as UTF-8 bytes for the byte scanners. A UTF-8 BOM is skipped; a UTF-16 file (with
 * its BOM: Windows tools and PowerShell's `>` write UTF-16 LE) is transcoded to UTF-8 piece by
 * piece, never as one string, so a file past V8's ~512 MB string limit still converts.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The encoding a BOM at the start of `bytes` names; UTF-8 when there is none. */
export function bomEncoding(bytes: Uint8Array): { encoding: TextEncodingName; bomLength: number } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  return { encoding: 'utf-8', bomLength: 0 };
}

const PIECE = 1 << 24; // 16 MB of UTF-16 at a time: an even number, so no code unit is split

/** The file's text as UTF-8 bytes without a BOM (the same bytes, not a copy, when it is UTF-8). */
export function utf8Bytes(bytes: Uint8Array): Uint8Array {
  const { encoding, bomLength } = bomEncoding(bytes);
  if (encoding === 'utf-8') return bytes.subarray(bomLength);
  const decoder = new TextDecoder(encoding); // not fatal: a lone surrogate becomes U+FFFD
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (let p = bomLength; p < bytes.length; p += PIECE) {
    const end = Math.min(bytes.length, p + PIECE);
    const part = encoder.encode(decoder.decode(bytes.subarray(p, end), { stream: end < bytes.length }));
    parts.push(part);
    size += part.length;
  }
  const tail = encoder.encode(decoder.decode()); // an odd last byte: U+FFFD
  parts.push(tail);
  size += tail.length;
  const out = new Uint8Array(size);
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}

/** The first `max` bytes of a file as text, whatever its BOM says (for detection). */
export function headText(bytes: Uint8Array, max = 4096): string {
  const { encoding, bomLength } = bomEncoding(bytes);
  return new TextDecoder(encoding).decode(bytes.subarray(bomLength, Math.min(bytes.length, max)));
}
