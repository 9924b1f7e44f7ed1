/**
 * Byte ranges of one buffer, each with a value, found again by hash and content: a scanner's way
 * to recognise bytes it has read before without decoding them. Open addressing over entry
 * indexes + 1, kept at most half full.
 */
export class SpanTable {
  private table = new Int32Array(1 << 12);
  private count = 0;
  private start = new Int32Array(256);
  private end = new Int32Array(256);
  private hashes = new Int32Array(256);
  private value = new Int32Array(256);

  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The hash of the span that closeAfter last found. */
  lastHash = 0;

  /**
   * The position after the first `close` byte at or after `start` (-1 when there is none), and
   * (lastHash) a hash of the bytes up to it: one pass, eight then four bytes at a time, a word holding the
   * byte found by the has-zero-byte test of (word XOR close repeated) (the bit trick of "Bit
   * Twiddling Hacks"). A byte search and then a hash of the span took twice as long.
   */
  closeAfter(start: number, close: number): number {
    const v = this.view, b = this.bytes, n = b.length;
    const repeated = Math.imul(close, 0x01010101);
    let h = 0;
    let k = start;
    // eight bytes a step while neither word holds the byte, then four, then one
    for (; k + 8 <= n; k += 8) {
      const w1 = v.getInt32(k, true), w2 = v.getInt32(k + 4, true);
      const x1 = w1 ^ repeated, x2 = w2 ^ repeated;
      if (((((x1 - 0x01010101) & ~x1) | ((x2 - 0x01010101) & ~x2)) & 0x80808080) !== 0) break;
      h = Math.imul(h ^ w1, 0x9e3779b1) ^ (h >>> 15);
      h = Math.imul(h ^ w2, 0x9e3779b1) ^ (h >>> 15);
    }
    for (; k + 4 <= n; k += 4) {
      const w = v.getInt32(k, true);
      const x = w ^ repeated;
      if (((x - 0x01010101) & ~x & 0x80808080) !== 0) break;
      h = Math.imul(h ^ w, 0x9e3779b1) ^ (h >>> 15);
    }
    for (; k < n; k++) {
      const c = b[k];
      if (c === close) {
        h ^= k + 1 - start;
        this.lastHash = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
        return k + 1;
      }
      h = Math.imul(h ^ c, 0x01000193);
    }
    return -1;
  }

  /** The value of the span equal to bytes[start, end) with this hash, or -1. */
  find(hash: number, start: number, end: number): number {
    const table = this.table, mask = table.length - 1;
    const len = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const r = table[slot] - 1;
      if (r < 0) return -1;
      if (this.hashes[r] === hash && this.end[r] - this.start[r] === len && this.sameBytes(this.start[r], start, len)) return this.value[r];
    }
  }

  /** Adds bytes[start, end) with its value; the caller has found it absent. */
  add(hash: number, start: number, end: number, value: number): void {
    const r = this.count++;
    if (r === this.start.length) {
      this.start = grown(this.start);
      this.end = grown(this.end);
      this.hashes = grown(this.hashes);
      this.value = grown(this.value);
    }
    this.start[r] = start;
    this.end[r] = end;
    this.hashes[r] = hash;
    this.value[r] = value;
    if (2 * this.count > this.table.length) {
      this.table = new Int32Array(this.table.length * 4);
      for (let k = 0; k < this.count; k++) this.place(this.hashes[k], k);
    } else {
      this.place(hash, r);
    }
  }

  private place(hash: number, r: number): void {
    const table = this.table, mask = table.length - 1;
    let slot = hash & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = r + 1;
  }

  /** bytes[a, a + len) === bytes[c, c + len), eight then four bytes a step */
  sameBytes(a: number, c: number, len: number): boolean {
    const v = this.view;
    let k = 0;
    for (; k + 8 <= len; k += 8) if (v.getInt32(a + k) !== v.getInt32(c + k) || v.getInt32(a + k + 4) !== v.getInt32(c + k + 4)) return false;
    for (; k + 4 <= len; k += 4) if (v.getInt32(a + k) !== v.getInt32(c + k)) return false;
    const b = this.bytes;
    for (; k < len; k++) if (b[a + k] !== b[c + k]) return false;
    return true;
  }
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}
