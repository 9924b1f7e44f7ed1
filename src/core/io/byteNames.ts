/**
 * Byte strings -> small integers, for text scanners that meet the same names millions of times
 * (perf script repeats every frame on every sample, collapsed stacks on every line). A name's
 * bytes are hashed where they lie in the file and compared there; only a name not seen before is
 * decoded, by the caller, and given a value. Keys are ranges of the one buffer being scanned, so
 * the table stores offsets, not copies.
 *
 * A key is (bytes, tag): the tag is a small integer the caller mixes in (perf: the dso the symbol
 * lives in), so one table serves names that only differ by their context.
 *
 * Open addressing over one Int32Array, 5 ints a slot: hash, offset, length, tag, value + 1 (0: empty).
 *
 * Keys are hashed and compared four bytes at a time (a DataView's unaligned little-endian reads):
 * perf's call chains are keys of kilobytes, and byte at a time their hashing and comparing took
 * half of the 200 MB benchmark file's scan.
 */
export class ByteNames {
  private slots = new Int32Array(5 * 1024);
  private mask = 1023;
  private used = 0;
  /** the hash of the last `get`, so a following `set` of the same key does not hash again */
  private lastHash = 0;

  private readonly view: DataView;

  constructor(private readonly b: Uint8Array) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  /** The value stored for b[s, e) with `tag`, or -1. */
  get(s: number, e: number, tag: number): number {
    return this.getHashed(s, e, tag, hashBytes(this.b, this.view, s, e, tag));
  }

  private getHashed(s: number, e: number, tag: number, hash: number): number {
    const b = this.b, view = this.view;
    const len = e - s;
    const h = hash | 0;
    this.lastHash = h;
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const at = 5 * i;
      const value = slots[at + 4];
      if (value === 0) return -1;
      if (slots[at] === h && slots[at + 2] === len && slots[at + 3] === tag) {
        const o = slots[at + 1];
        let k = 0;
        // words while whole ones are left, then bytes (from the word that differed, if one did)
        while (k + 4 <= len && view.getInt32(o + k, true) === view.getInt32(s + k, true)) k += 4;
        while (k < len && b[o + k] === b[s + k]) k++;
        if (k === len) return value - 1;
      }
      i = (i + 1) & mask;
    }
  }

  /** Stores `value` for b[s, e) with `tag`, a key `get` just did not find. */
  set(s: number, e: number, tag: number, value: number): void {
    if (2 * (this.used + 1) > this.mask + 1) this.grow();
    this.put(this.lastHash, s, e - s, tag, value + 1);
    this.used++;
  }

  private put(h: number, offset: number, len: number, tag: number, stored: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    while (slots[5 * i + 4] !== 0) i = (i + 1) & mask;
    const at = 5 * i;
    slots[at] = h;
    slots[at + 1] = offset;
    slots[at + 2] = len;
    slots[at + 3] = tag;
    slots[at + 4] = stored;
  }

  private grow(): void {
    const old = this.slots;
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array(5 * (this.mask + 1));
    for (let at = 0; at < old.length; at += 5) {
      if (old[at + 4] !== 0) this.put(old[at], old[at + 1], old[at + 2], old[at + 3], old[at + 4]);
    }
  }
}

/**
 * A hash of the bytes, their length and the tag: eight bytes a step in two independent lanes (so
 * that one lane's multiply need not wait for the other's), the last few bytes one by one, and a
 * final mix so the low bits (the slot) depend on every byte. It depends on the bytes only, not on
 * where they lie, as the same key at two offsets must hash alike.
 */
export function hashBytes(b: Uint8Array, view: DataView, s: number, e: number, tag: number): number {
  let h = 0x811c9dc5 ^ tag ^ Math.imul(e - s, 0x27d4eb2d);
  let g = 0x165667b1;
  let p = s;
  for (; p + 8 <= e; p += 8) {
    h = Math.imul(h ^ view.getInt32(p, true), 0x9e3779b1);
    g = Math.imul(g ^ view.getInt32(p + 4, true), 0x85ebca77);
    h ^= h >>> 15;
    g ^= g >>> 13;
  }
  for (; p < e; p++) h = Math.imul(h ^ b[p], 0x01000193);
  h ^= Math.imul(g, 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) | 0;
}
