import type { Profile } from '../model';
import { callEdges } from '../stats/callers';

/**
 * A profile as a cProfile .prof: one marshal dump of the dict pstats.Stats loads,
 * (file, line, name) -> (cc, nc, tt, ct, {caller key: (nc, cc, tt, ct)}), for Python's pstats,
 * SnakeViz, tuna and gprof2dot.
 *
 * - Times are seconds (tt = self, ct = total, as the table shows them); a profile of bytes or
 *   counts keeps its numbers as they are, since pstats has no unit to say otherwise.
 * - ncalls and primcalls are the source's where it has them (pstats, callgrind's calls=); a
 *   sampled profile records no calls, and 1 is written for each function and caller edge, so
 *   percall equals the time and nothing divides by zero (SnakeViz divides by ncalls).
 * - Callers are the source's call graph where it has one, else the edges of the call tree
 *   (callEdges: each sample counted once per edge, as the functions' totals are).
 * - The tree's synthetic root is left out: its children are the functions nobody calls, which
 *   pstats shows as functions without callers.
 *
 * Marshal (version 4 without references, which every Python 3 reads): dict `{`...`0`, small
 * tuple `)`, int32 `i`, long `l` (15-bit digits), float64 `g`, UTF-8 string `u`, written with
 * "surrogatepass" as marshal itself does, so a lone surrogate in a name survives the round trip.
 */
export function toPstats(profile: Profile): Uint8Array {
  const { frames, functions } = profile;
  const root = profile.tree.frame[0];
  const seconds = profile.unit.kind === 'time' ? profile.unit.seconds : 1;
  const { graph } = callEdges(profile);
  const hasCalls = functions.ncalls !== null;
  const hasEdgeCalls = profile.graph !== null;

  const callersOf = new Map<number, number[]>();
  // every caller named in a callers dict gets an entry of its own, as in a file pstats writes:
  // `python -m profile`'s own zero-cost entry is no call tree node, yet calls the script
  const calls = new Uint8Array(frames.length);
  for (let e = 0; e < graph.size; e++) {
    if (graph.caller[e] === root || graph.callee[e] === root) continue;
    const list = callersOf.get(graph.callee[e]);
    if (list) list.push(e);
    else callersOf.set(graph.callee[e], [e]);
    calls[graph.caller[e]] = 1;
  }
  const inTree = new Uint8Array(frames.length);
  for (let i = 0; i < profile.tree.size; i++) inTree[profile.tree.frame[i]] = 1;

  const written = (f: number) => f !== root && (inTree[f] === 1 || callersOf.has(f) || calls[f] === 1 || (hasCalls && functions.ncalls![f] > 0));
  const keys = uniqueKeys(profile, written);

  const w = new MarshalWriter();
  w.byte(0x7b); // {
  for (let f = 0; f < frames.length; f++) {
    if (!written(f)) continue;
    w.key(keys[f]);
    const nc = hasCalls ? functions.ncalls![f] : 1;
    const cc = hasCalls && functions.primcalls ? functions.primcalls[f] : nc;
    w.byte(0x29); w.byte(5); // (cc, nc, tt, ct, callers)
    w.number(cc);
    w.number(nc);
    w.float(functions.self[f] * seconds);
    w.float(functions.total[f] * seconds);
    w.byte(0x7b);
    for (const e of callersOf.get(f) ?? []) {
      w.key(keys[graph.caller[e]]);
      const enc = hasEdgeCalls ? graph.ncalls[e] : 1;
      const ecc = hasEdgeCalls && graph.primcalls ? graph.primcalls[e] : enc;
      w.byte(0x29); w.byte(4); // (nc, cc, tt, ct): the opposite order of the function's own
      w.number(enc);
      w.number(ecc);
      w.float((graph.self ? graph.self[e] : 0) * seconds);
      w.float(graph.total[e] * seconds);
    }
    w.byte(0x30);
  }
  w.byte(0x30);
  return w.finish();
}

/**
 * pstats' keys are (file, line, name); frames that differ only in their column (two functions
 * on one line of JavaScript) would collapse into one dict entry, so those get `:column` added
 * to the name, as the callgrind writer keeps same-named functions apart.
 */
function uniqueKeys(profile: Profile, written: (f: number) => boolean): { file: string; line: number; name: string }[] {
  const { frames } = profile;
  const id = (f: { file: string; line: number; name: string }) => `${f.file.length}:${f.file}\u0000${f.line}\u0000${f.name}`;
  const seen = new Map<string, number>();
  for (let f = 0; f < frames.length; f++) if (written(f)) seen.set(id(frames[f]), (seen.get(id(frames[f])) ?? 0) + 1);
  return frames.map((fr) => (seen.get(id(fr))! > 1 ? { file: fr.file, line: fr.line, name: `${fr.name}:${fr.column}` } : fr));
}

class MarshalWriter {
  private buf = new Uint8Array(1 << 16);
  private n = 0;
  private readonly view = new DataView(new ArrayBuffer(8));

  private room(extra: number): void {
    if (this.n + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + extra) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.n++] = b;
  }

  private int32(v: number): void {
    this.room(4);
    const b = this.buf;
    b[this.n++] = v & 0xff;
    b[this.n++] = (v >>> 8) & 0xff;
    b[this.n++] = (v >>> 16) & 0xff;
    b[this.n++] = (v >>> 24) & 0xff;
  }

  /** A call count: an int when it is one, a long beyond 32 bits, a float when not whole. */
  number(v: number): void {
    if (!Number.isFinite(v) || !Number.isInteger(v)) {
      this.float(Number.isFinite(v) ? v : 0);
    } else if (v >= -(2 ** 31) && v < 2 ** 31) {
      this.byte(0x69); // i
      this.int32(v);
    } else {
      const digits: number[] = [];
      for (let a = Math.abs(v); a > 0; a = Math.floor(a / 32768)) digits.push(a % 32768);
      this.byte(0x6c); // l: digit count, negative for a negative number, then 15-bit digits
      this.int32(v < 0 ? -digits.length : digits.length);
      this.room(2 * digits.length);
      for (const d of digits) {
        this.buf[this.n++] = d & 0xff;
        this.buf[this.n++] = d >>> 8;
      }
    }
  }

  float(v: number): void {
    this.byte(0x67); // g
    this.view.setFloat64(0, v, true);
    this.room(8);
    for (let i = 0; i < 8; i++) this.buf[this.n++] = this.view.getUint8(i);
  }

  /** A str as marshal writes it: UTF-8 with surrogatepass (a lone surrogate as its 3 bytes). */
  string(s: string): void {
    this.byte(0x75); // u
    const at = this.n;
    this.int32(0);
    this.room(3 * s.length);
    const b = this.buf;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
        }
      }
      if (c < 0x80) b[this.n++] = c;
      else if (c < 0x800) {
        b[this.n++] = 0xc0 | (c >> 6);
        b[this.n++] = 0x80 | (c & 0x3f);
      } else if (c < 0x10000) {
        b[this.n++] = 0xe0 | (c >> 12);
        b[this.n++] = 0x80 | ((c >> 6) & 0x3f);
        b[this.n++] = 0x80 | (c & 0x3f);
      } else {
        b[this.n++] = 0xf0 | (c >> 18);
        b[this.n++] = 0x80 | ((c >> 12) & 0x3f);
        b[this.n++] = 0x80 | ((c >> 6) & 0x3f);
        b[this.n++] = 0x80 | (c & 0x3f);
      }
    }
    const length = this.n - at - 4;
    b[at] = length & 0xff;
    b[at + 1] = (length >>> 8) & 0xff;
    b[at + 2] = (length >>> 16) & 0xff;
    b[at + 3] = (length >>> 24) & 0xff;
  }

  /** pstats' key: (file, line, name) */
  key(frame: { file: string; line: number; name: string }): void {
    this.byte(0x29);
    this.byte(3);
    this.string(frame.file);
    this.number(frame.line);
    this.string(frame.name);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}
