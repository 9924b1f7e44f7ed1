import { formatById } from '../formats/registry';
import type { TabLimit } from '../formats/format';
import { detectFormat, SNIFF_BYTES } from './detect';
import { gunzipStart, isGzip, MAX_DECOMPRESSED_BYTES } from './gzip';

/**
 * Whether the page can open a file, judged from its size, its first bytes and (for gzip) its last
 * four, before any of it is read: a tab that runs out of memory halfway takes the open profile
 * with it, and a JavaScript string past V8's limit fails only after the whole file was read.
 * Returns the refusal in words (what, why, what to do instead), or null. `head`: the file's first
 * bytes (64 KiB is plenty, gzipped or not); `tail`: its last four or more.
 */
export function tooLargeForTab(size: number, head: Uint8Array, tail: Uint8Array): string | null {
  const gzip = isGzip(head);
  const bytes = gzip ? decompressedSize(size, tail) : size;
  const start = gzip ? gunzipStart(head, SNIFF_BYTES) : head;
  const id = start ? detectFormat(start) : null;
  const format = id === null ? undefined : formatById(id);
  const limit = format?.tabLimit ?? ANY_FORMAT;
  if (bytes <= limit.bytes) return null;
  const what = `${gzip ? `${sizeInWords(size)} gzipped, ${bytes === Infinity ? 'over 4 GiB' : sizeInWords(bytes)} of data` : sizeInWords(size)}${format ? `, ${format.displayName}` : ''}`;
  return `the file is too large for a browser tab (${what}): ${limit.why}, and this file holds more. ${limit.reduce}`;
}

/** Every format: the most a worker reads as one buffer (also the gzip cap). */
export const ANY_FORMAT: TabLimit = {
  bytes: MAX_DECOMPRESSED_BYTES,
  why: `a tab reads at most ${sizeInWords(MAX_DECOMPRESSED_BYTES + 1)} of profile data`,
  reduce: 'The profburst command reads it outside the browser (`profburst stats FILE`), and '
    + '`profburst convert FILE --to collapsed -o smaller.folded` writes a smaller file this page opens; '
    + 'or record a shorter time range, or one process or thread.',
};

/**
 * A gzip member's trailer names its length modulo 2^32; deflate never shrinks data to much less
 * than its compressed size, so a length below that means the count wrapped (4 GiB or more), or
 * that the file holds several members (`cat a.gz b.gz`, bgzip's empty last block) and the trailer
 * names the last one's length only. Deflate packs at most DEFLATE_MAX_RATIO bytes into one, so a
 * file too small to hold a wrapped count has several members, and holds at most that many times
 * its size: judged by that bound, not refused as "over 4 GiB".
 */
function decompressedSize(size: number, tail: Uint8Array): number {
  if (tail.length < 4) return size;
  const n = tail.length;
  const isize = (tail[n - 4] | (tail[n - 3] << 8) | (tail[n - 2] << 16) | (tail[n - 1] << 24)) >>> 0;
  if (isize + 64 >= size) return isize;
  return size * DEFLATE_MAX_RATIO < 2 ** 32 ? size * DEFLATE_MAX_RATIO : Infinity;
}

/** zlib's "technical details": deflate's best case is 1032 to 1 (258-byte matches in 2 bits) */
const DEFLATE_MAX_RATIO = 1032;

/** A file's size as the page's messages say it: GiB to a tenth, MiB whole, bytes below that. */
export function sizeInWords(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  return bytes >= 2 ** 20 ? `${Math.round(bytes / 2 ** 20)} MiB` : `${bytes} bytes`;
}
