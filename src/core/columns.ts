/**
 * Typed-array columns that double as they fill: numbers read from a file kept unboxed (a JS array
 * of 250 000 doubles boxes each and grows the heap by tens of MB). `data` is read directly in hot
 * loops; `length` of it is filled.
 */
export class GrowingNumbers {
  data: Float64Array;
  length = 0;
  constructor(capacity = 64) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.length * 2);
    this.data[this.length++] = v;
  }
  /** room for `capacity` numbers in all */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const next = new Float64Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  /** the filled part, as its own array */
  trimmed(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** The same for 32-bit integers (ids, offsets). */
export class GrowingInts {
  data: Int32Array;
  length = 0;
  constructor(capacity = 64) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.length * 2);
    this.data[this.length++] = v;
  }
  /** room for `capacity` integers in all */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const next = new Int32Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  /** the filled part, as its own array */
  trimmed(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
