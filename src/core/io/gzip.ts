import { Gunzip } from 'fflate';
import { ProfileFormatError } from '../errors';

/**
 * gzip, read so that a broken file says so. fflate's gunzipSync trusts the trailer's length
 * field (a corrupt one allocates up to 4 GiB, or silently cuts the output short) and checks no
 * CRC; here the stream is inflated in pieces without trusting any size, the output is capped,
 * and the trailer's CRC-32 and length are checked against what came out.
 */

/** More than a browser tab can hold as one file anyway; a "zip bomb" stops here, in words. */
export const MAX_DECOMPRESSED_BYTES = 2 ** 31 - 1;
const STEP = 1 << 20; // input per push: at most ~1 GiB of output each (deflate expands at most 1032:1)

/** gzip by its magic bytes, whatever the name says */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function gunzip(bytes: Uint8Array, maxBytes = MAX_DECOMPRESSED_BYTES): Uint8Array {
  const n = bytes.length;
  const fail = (problem: string, at: number): never => {
    throw new ProfileFormatError('gzip', problem, `byte ${at}`);
  };
  // a member is at least a 10-byte header, an empty deflate block and the 8-byte trailer
  if (n < 18) fail(`the file is truncated: ${n} bytes, too short for gzip`, n);
  if (bytes[2] !== 8) fail(`unknown compression method ${bytes[2]} (gzip uses 8, deflate)`, 2);
  if (bytes[3] & 0xe0) fail('reserved header flags are set: this is not gzip data', 3);

  const chunks: Uint8Array[] = [];
  let size = 0;
  let members = 1;
  let at = 0;
  const stream = new Gunzip((chunk) => {
    size += chunk.length;
    if (size > maxBytes) fail(`the file decompresses to more than ${maxBytes} bytes, more than can be read`, at);
    chunks.push(chunk);
  });
  stream.onmember = () => { members++; };
  try {
    for (at = 0; at < n; at += STEP) stream.push(bytes.subarray(at, Math.min(n, at + STEP)), at + STEP >= n);
  } catch (e) {
    if (e instanceof ProfileFormatError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    if (/unexpected EOF/i.test(message)) fail('the file is truncated: the compressed data ends early', n);
    if (e instanceof RangeError) fail(`the file decompresses to more than memory allows (${message})`, Math.min(at, n));
    fail(`the compressed data is corrupt (${message})`, Math.min(at, n));
  }
  const out = chunks.length === 1 ? chunks[0] : join(chunks, size);
  if (members === 1) {
    // one member, as gzip and every profiler write: its trailer must match what came out
    const crc = (bytes[n - 8] | (bytes[n - 7] << 8) | (bytes[n - 6] << 16) | (bytes[n - 5] << 24)) >>> 0;
    const length = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
    if (length !== out.length % 2 ** 32 || crc !== crc32(out)) {
      fail('the file is truncated or corrupt: the data does not match its gzip checksum', n - 8);
    }
  }
  return out;
}

/**
 * The first `want` bytes of a gzip file's data from its first compressed bytes (the detectors'
 * sniff, before deciding to read the rest); null when they are not gzip data that far.
 */
export function gunzipStart(bytes: Uint8Array, want: number): Uint8Array | null {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const stream = new Gunzip((chunk) => {
    chunks.push(chunk);
    size += chunk.length;
  });
  try {
    for (let at = 0; at < bytes.length && size < want; at += 4096) stream.push(bytes.subarray(at, Math.min(bytes.length, at + 4096)));
  } catch {
    return null;
  }
  return size === 0 ? null : join(chunks, size).subarray(0, want);
}

function join(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

// CRC-32 (the gzip polynomial), sliced by 4: a few hundred MB/s
const T = new Int32Array(4 * 256);
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  T[i] = c;
}
for (let i = 0; i < 256; i++) {
  for (let t = 1; t < 4; t++) T[t * 256 + i] = T[(T[(t - 1) * 256 + i] & 0xff)] ^ (T[(t - 1) * 256 + i] >>> 8);
}

export function crc32(b: Uint8Array): number {
  let c = -1;
  const n = b.length;
  let i = 0;
  for (const end = n - (n & 3); i < end; i += 4) {
    c ^= b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
    c = T[768 + (c & 0xff)] ^ T[512 + ((c >>> 8) & 0xff)] ^ T[256 + ((c >>> 16) & 0xff)] ^ T[c >>> 24];
  }
  for (; i < n; i++) c = T[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
