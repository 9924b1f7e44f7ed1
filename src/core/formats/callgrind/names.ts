/** Name compression ids: one space for files (fl fi fe cfi cfl jfi), one for functions (fn cfn jfn), one for objects. */
export const FILES = 0, FUNCTIONS = 1, OBJECTS = 2;

const SPACE = 32, TAB = 9, LPAREN = 40, RPAREN = 41;

/**
 * Position names (`fn=`, `fl=`...) as small integers into `strings`. A name is `name`,
 * `(id) name` (defines id in its space, until the end of the file) or `(id)` (uses it); names
 * are decoded from UTF-8 only the first time their bytes are seen.
 */
export class Names {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly byBytes = new Map<number, number[]>(); // hash of a name's bytes -> [offset, length, string]...
  // id -> string index + 2 (0: undefined; objects store -1), per space; small ids (callgrind
  // numbers them from 1) in typed arrays, others in a Map
  private readonly idTable = [new Int32Array(1024), new Int32Array(1024), new Int32Array(1024)];
  private readonly idMap = [new Map<number, number>(), new Map<number, number>(), new Map<number, number>()];
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    private readonly b: Uint8Array,
    private readonly fail: (problem: string) => never,
  ) {}

  /** The string index of the name in b[s, e); -1 for objects, whose names nothing shows. */
  name(space: number, s: number, e: number): number {
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
          if (known === undefined) {
            // callgrind_annotate would go on with an empty name; a wrong profile is worse than none
            this.fail(`undefined ${space === FILES ? 'file' : space === FUNCTIONS ? 'function' : 'object'} id (${id})`);
          }
          return known;
        }
        const index = space === OBJECTS ? -1 : this.internBytes(p, e);
        this.setId(space, id, index);
        return index;
      }
    }
    return space === OBJECTS ? -1 : this.internBytes(s, e);
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

  intern(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(text);
      this.index.set(text, i);
    }
    return i;
  }

  /** Files written without name compression repeat every name on every line: hash the bytes, decode once. */
  private internBytes(s: number, e: number): number {
    const b = this.b;
    const len = e - s;
    let h = 0x811c9dc5; // FNV-1a
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
    h &= 0x3fffffff; // a small integer key, which Maps hash fast
    let seen = this.byBytes.get(h);
    if (seen !== undefined) {
      for (let k = 0; k < seen.length; k += 3) {
        if (seen[k + 1] !== len) continue;
        const at = seen[k];
        let i = 0;
        while (i < len && b[at + i] === b[s + i]) i++;
        if (i === len) return seen[k + 2];
      }
    } else {
      seen = [];
      this.byBytes.set(h, seen);
    }
    const index = this.intern(this.decoder.decode(b.subarray(s, e)));
    seen.push(s, len, index);
    return index;
  }
}
