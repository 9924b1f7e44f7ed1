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
 */
export class ByteNames {
  private slots = new Int32Array(5 * 1024);
  private mask = 1023;
  private used = 0;
  /** the hash of the last `get`, so a following `set` of the same key does not hash again */
  private lastHash = 0;

  constructor(private readonly b: Uint8Array) {}

  /** The value stored for b[s, e) with `tag`, or -1. */
  get(s: number, e: number, tag: number): number {
    return this.getHashed(s, e, tag, hashBytes(this.b, s, e, tag));
  }

  /**
   * `get` with the key's hash computed by the caller, while it read the bytes anyway: any hash
   * of the key works, as long as the same key always gets the same one (keys are compared whole).
   */
  getHashed(s: number, e: number, tag: number, hash: number): number {
    const b = this.b;
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

/** FNV-1a of the bytes and the tag, with a final mix so the low bits (the slot) depend on every byte. */
function hashBytes(b: Uint8Array, s: number, e: number, tag: number): number {
  let h = 0x811c9dc5 ^ tag;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) | 0;
}
