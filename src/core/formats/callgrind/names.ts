/** Name compression ids: one space for files (fl fi fe cfi cfl jfi), one for functions (fn cfn jfn), one for objects. */
export const FILES = 0, FUNCTIONS = 1, OBJECTS = 2;
/** what Names.lookup gives for an id used and never defined */
export const UNDEFINED = -2;

const SPACE = 32, TAB = 9, LPAREN = 40, RPAREN = 41;

/**
 * Position names (`fn=`, `fl=`...) as small integers into `strings`. A name is `name`,
 * `(id) name` (defines id in its space, until the end of the file) or `(id)` (uses it); names
 * are decoded from UTF-8 only the first time their bytes are seen.
 */
export class Names {
  /** distinct names; 0 is the empty one */
  readonly strings: string[] = [''];
  // distinct byte strings: open addressing, slots of [hash, offset, length, string index + 1]
  private slots = new Int32Array(0); // (set twice: see tables.ts)
  private shift = 32;
  private used = 1;
  // by text, once a name with non-ASCII bytes appears: two byte strings may then decode to one
  // text (invalid UTF-8 becomes U+FFFD, a leading BOM is dropped); ASCII ones never do
  private byText: Map<string, number> | null = null;
  // id -> string index + 2 (0: undefined; objects store -1), per space; small ids (callgrind
  // numbers them from 1) in typed arrays, others in a Map
  private readonly idTable = [new Int32Array(16), new Int32Array(16), new Int32Array(16)];
  private readonly idMap = [new Map<number, number>(), new Map<number, number>(), new Map<number, number>()];
  private readonly decoder = new TextDecoder('utf-8');
  private undefinedId = 0; // the last id lookup found undefined

  constructor(
    private readonly b: Uint8Array,
    /** hears of each id used and never defined, once: the file is repaired, and the reader says so */
    private readonly onUndefined: (space: number, id: number) => void,
  ) {
    this.slots = new Int32Array(4 * 16);
    this.shift = 32 - 4;
    this.put(this.slots, fnv(b, 0, 0), 0, 0, 0); // the empty name
  }

  /**
   * The string index of the name in b[s, e); -1 for objects, whose names nothing shows. An id
   * used and never defined (yappi writes `cfn=(77)` for functions of other threads) becomes a
   * function named `(undefined function 77)`, or the empty file: callgrind_annotate goes on
   * with an empty name, and refusing the file would lose all the rest of it.
   */
  name(space: number, s: number, e: number): number {
    let index = this.lookup(space, s, e);
    if (index === UNDEFINED) {
      const id = this.undefinedId;
      index = space === FUNCTIONS ? this.add(`(undefined function ${id})`, true) : space === FILES ? 0 : -1;
      this.setId(space, id, index);
      this.onUndefined(space, id);
    }
    return index;
  }

  /** name(), but an id used and never defined gives UNDEFINED rather than an error */
  lookup(space: number, s: number, e: number): number {
    const b = this.b;
    // "(" and a digit start a compressed name; "(below main)" is a plain one
    if (s + 1 < e && b[s] === LPAREN && b[s + 1] >= 48 && b[s + 1] <= 57) {
      let id = 0;
      let p = s + 1;
      while (p < e && b[p] >= 48 && b[p] <= 57) id = id * 10 + (b[p++] - 48);
      if (p < e && b[p] === RPAREN) {
        p++;
        while (p < e && (b[p] === SPACE || b[p] === TAB)) p++;
        if (p === e) {
          const known = this.getId(space, id);
          if (known !== undefined) return known;
          this.undefinedId = id;
          return UNDEFINED;
        }
        return this.define(space, id, p, e);
      }
    }
    return this.plain(space, s, e);
  }

  /** a name written out, in b[s, e) */
  plain(space: number, s: number, e: number): number {
    return space === OBJECTS ? -1 : this.internBytes(s, e);
  }

  /** `(id) name` with the name in b[s, e), not empty: defines id in its space; returns the name's string index */
  private define(space: number, id: number, s: number, e: number): number {
    const index = space === OBJECTS ? -1 : this.internBytes(s, e);
    this.setId(space, id, index);
    return index;
  }

  /** the scanner's fast path: the string index + 2 of a defined id (1 for objects), 0 when not at hand */
  known(space: number, id: number): number {
    const table = this.idTable[space];
    return id < table.length ? table[id] : 0;
  }

  private getId(space: number, id: number): number | undefined {
    const table = this.idTable[space];
    if (id < table.length) {
      const v = table[id];
      return v === 0 ? undefined : v - 2;
    }
    return this.idMap[space].get(id);
  }

  private setId(space: number, id: number, index: number): void {
    let table = this.idTable[space];
    if (id >= table.length && id < 1 << 22) {
      const next = new Int32Array(Math.max(table.length * 2, id + 1));
      next.set(table);
      this.idTable[space] = table = next;
    }
    if (id < table.length) table[id] = index + 2;
    else this.idMap[space].set(id, index);
  }

  /**
   * The string index of the name in b[s, e). Files written without name compression repeat every
   * name on every line: the bytes are hashed and looked up, and decoded only when new.
   */
  private internBytes(s: number, e: number): number {
    const b = this.b;
    const len = e - s;
    const h = fnv(b, s, e);
    const slots = this.slots;
    const mask = slots.length / 4 - 1;
    let i = h >>> this.shift;
    for (;;) {
      const index = slots[4 * i + 3] - 1;
      if (index < 0) break;
      if (slots[4 * i] === h && slots[4 * i + 2] === len) {
        const at = slots[4 * i + 1];
        let k = 0;
        while (k < len && b[at + k] === b[s + k]) k++;
        if (k === len) return index;
      }
      i = (i + 1) & mask;
    }
    let ascii = true;
    for (let k = s; k < e; k++) if (b[k] >= 0x80) ascii = false;
    const index = this.add(this.decoder.decode(b.subarray(s, e)), ascii);
    if (2 * ++this.used > mask + 1) this.grow();
    this.put(this.slots, h, s, len, index);
    return index;
  }

  private add(text: string, ascii: boolean): number {
    let byText = this.byText;
    if (byText === null && !ascii) {
      byText = this.byText = new Map();
      for (let i = 0; i < this.strings.length; i++) byText.set(this.strings[i], i); // all distinct so far
    }
    const known = byText?.get(text);
    if (known !== undefined) return known;
    const index = this.strings.length;
    this.strings.push(text);
    byText?.set(text, index);
    return index;
  }

  private put(slots: Int32Array, h: number, at: number, len: number, index: number): void {
    const mask = slots.length / 4 - 1;
    let i = h >>> this.shift;
    while (slots[4 * i + 3] !== 0) i = (i + 1) & mask;
    slots[4 * i] = h;
    slots[4 * i + 1] = at;
    slots[4 * i + 2] = len;
    slots[4 * i + 3] = index + 1;
  }

  /** four times as many slots: at most half full */
  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 4);
    this.shift -= 2;
    for (let i = 0; i < old.length; i += 4) {
      if (old[i + 3] !== 0) this.put(this.slots, old[i], old[i + 1], old[i + 2], old[i + 3] - 1);
    }
  }
}

/** FNV-1a of b[s, e), mixed so that its top bits, which pick the slot, depend on every byte */
function fnv(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}
