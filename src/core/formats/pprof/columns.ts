/**
 * Growable typed-array columns for the tables read from a profile: numbers in place, where a
 * JS array of 250 000 labels boxed each double and grew the worker's heap by tens of MB.
 */
export class Column {
  data: Float64Array;
  size = 0;
  constructor(capacity = 64) {
    this.data = new Float64Array(capacity);
  }
  push(v: number): void {
    if (this.size === this.data.length) {
      const d = new Float64Array(this.size * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.size++] = v;
  }
  /** the filled part, as its own array */
  trimmed(): Float64Array {
    return this.data.slice(0, this.size);
  }
}

export class IntColumn {
  data: Int32Array;
  size = 0;
  constructor(capacity = 64) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.size === this.data.length) {
      const d = new Int32Array(this.size * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.size++] = v;
  }
  /** the filled part, as its own array */
  trimmed(): Int32Array {
    return this.data.slice(0, this.size);
  }
}
