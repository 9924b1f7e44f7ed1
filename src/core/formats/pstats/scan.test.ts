import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../model';
import { importPstats, importPstatsDecoded } from './pstats';
import { scanPstats } from './scan';
import { bytesSource } from '../../io/source';
import { expectSameOutcome, outcome } from '../../../../test/support/sameProfile';

// The byte scanner must give exactly what decodeMarshal + the dict walk give, and leave anything
// else to that path.

const corpus = new URL('../../../../../shared/corpus/', import.meta.url);
const fixtures = new URL('../../../../test/fixtures/pstats/', import.meta.url);

function expectSame(bytes: Uint8Array, scannable = true): void {
  expect(scanPstats(bytes) !== null).toBe(scannable);
  // through a window of a source, as the worker reads a File: windows of 1 to 64 bytes, read in
  // pieces of 3, so every value straddles a window's end somewhere
  for (const window of [1, 2, 5, 64]) expect(scanPstats(bytesSource(bytes, 3), window)).toEqual(scanPstats(bytes));
  expectSameOutcome(outcome(() => importPstats(bytesSource(bytes, 3), { name: 'x' })), outcome(() => importPstats(bytes, { name: 'x' })));
  const a: Profile = importPstats(bytes, { name: 'x' });
  const b: Profile = importPstatsDecoded(bytes, { name: 'x' });
  expect(a.frames).toEqual(b.frames);
  expect(a.total).toBe(b.total);
  expect(a.functions).toEqual(b.functions);
  expect(a.graph).toEqual(b.graph);
  expect(a.tree).toEqual(b.tree);
}

/** A marshal writer for the shapes below: enough to write what CPython 2 and 3 write. */
class W {
  bytes: number[] = [];
  byte(...b: number[]) { this.bytes.push(...b); return this; }
  i32(v: number) { return this.byte(v & 255, (v >> 8) & 255, (v >> 16) & 255, (v >>> 24) & 255); }
  int(v: number, flag = 0) { return this.byte(0x69 | flag).i32(v); }
  float(v: number) {
    const b = new Uint8Array(new Float64Array([v]).buffer);
    return this.byte(0x67, ...b);
  }
  textFloat(s: string) { return this.byte(0x66, s.length, ...[...s].map((c) => c.charCodeAt(0))); }
  str(s: string, code = 0x7a) {
    const b = [...new TextEncoder().encode(s)];
    if (code === 0x7a || code === 0x5a || code === 0xfa || code === 0xda) return this.byte(code, b.length, ...b);
    return this.byte(code).i32(b.length).byte(...b);
  }
  ref(n: number) { return this.byte(0x72).i32(n); }
  u8() { return new Uint8Array(this.bytes); }
}

describe('pstats byte scanner', () => {
  const files: [string, URL][] = [['fixtures/recursive.prof', new URL('recursive.prof', fixtures)]];
  for (const dir of ['seed', 'python']) {
    for (const f of readdirSync(new URL(`${dir}/`, corpus)).filter((n) => n.endsWith('.prof')).sort()) files.push([`${dir}/${f}`, new URL(`${dir}/${f}`, corpus)]);
  }
  it.each(files)('reads %s as decodeMarshal does', (_name, url) => expectSame(new Uint8Array(readFileSync(url))));

  it('reads python 2 strings, text floats, longs, old call counts and shared key tuples', () => {
    // py2: 't' interned strings and 'R' references to them, 'f' floats, 'l' longs, no FLAG_REF
    const py2 = new W().byte(0x7b)
      .byte(0x28).i32(3).str('a.py', 0x74).int(1).str('main', 0x74)
      .byte(0x28).i32(5).int(1).int(1).textFloat('0.5').textFloat('1.25').byte(0x7b).byte(0x30)
      .byte(0x28).i32(3).byte(0x52).i32(0).int(7).str('f', 0x74)
      .byte(0x28).i32(5).byte(0x6c).i32(2).byte(1, 0, 1, 0).int(3).textFloat('1e-3').textFloat('0.75')
      .byte(0x7b).byte(0x28).i32(3).byte(0x52).i32(0).int(1).byte(0x52).i32(1).int(3).byte(0x30)
      .byte(0x30);
    expectSame(py2.u8());
    // py3 with FLAG_REF'd key tuples referred to again, interned names, negative ints, 's' bytes
    const py3 = new W().byte(0xfb)
      .byte(0xa9, 3).str('a.py', 0xfa).int(1, 0x80).str('main', 0xda) // ref 1 tuple, 2 'a.py', 3 int 1, 4 'main'
      .byte(0x29, 5).ref(3).ref(3).float(0.5).float(1.5).byte(0xfb).byte(0x30) // ref 5 the dict
      .byte(0xa9, 3).ref(2).int(9).byte(0x73).i32(1).byte(0x67) // ref 6 key (a.py, 9, 'g')
      .byte(0x29, 5).int(2).int(4).float(0.25).float(0.75)
      .byte(0x7b).ref(1).byte(0x29, 4).int(2).int(2).float(0.1).float(0.5).ref(6).byte(0x29, 4).int(2).int(0).float(0.15).float(0.25).byte(0x30)
      .byte(0x30);
    expectSame(py3.u8());
  });

  it('follows references past the first few thousand (tables that grow)', () => {
    const w = new W().byte(0xfb);
    let refs = 1;
    const strRef = new Map<string, number>();
    const str = (s: string, code: number) => {
      const at = strRef.get(s);
      if (at !== undefined) return w.ref(at);
      strRef.set(s, refs++);
      return w.str(s, code);
    };
    const key = (i: number) => { w.byte(0x29, 3); str(`m${i % 2000}.py`, 0xfa); w.int(i); str(`f${i}`, 0xda); };
    for (let i = 0; i < 6000; i++) {
      key(i);
      w.byte(0x29, 5).int(2).int(2).float(1).float(2).byte(0x7b);
      if (i > 0) { key(i - 1); w.byte(0x29, 4).int(2).int(2).float(0.5).float(1); }
      w.byte(0x30);
    }
    w.byte(0x30);
    expectSame(w.u8());
  });

  it('keeps the first place and the last value of a key met twice', () => {
    const key = (w: W, name: string) => w.byte(0x29, 3).str('m.py').int(1).str(name);
    const w = new W().byte(0x7b);
    key(w, 'f').byte(0x29, 5).int(1).int(1).float(1).float(2).byte(0x7b).byte(0x30);
    key(w, 'g').byte(0x29, 5).int(1).int(1).float(1).float(1).byte(0x7b);
    key(w, 'f').byte(0x29, 4).int(1).int(1).float(0.5).float(1).byte(0x30);
    key(w, 'f').byte(0x29, 5).int(3).int(3).float(4).float(5).byte(0x7b).byte(0x30);
    w.byte(0x30);
    expectSame(w.u8());
  });

  it("gives the root's own key ('', 0, '(root)') the root frame, as an entry or as a caller", () => {
    const key = (w: W, file: string, line: number, name: string) => w.byte(0x29, 3).str(file).int(line).str(name);
    const entry = (w: W, cc: number) => w.byte(0x29, 5).int(cc).int(cc).float(0.5).float(1);
    const asEntry = new W().byte(0x7b);
    key(asEntry, 'm.py', 1, 'f'); entry(asEntry, 1).byte(0x7b).byte(0x30);
    key(asEntry, '', 0, '(root)'); entry(asEntry, 2).byte(0x7b);
    key(asEntry, 'm.py', 1, 'f').byte(0x29, 4).int(2).int(2).float(0.25).float(0.5).byte(0x30);
    key(asEntry, 'm.py', 2, 'g'); entry(asEntry, 1).byte(0x7b).byte(0x30);
    asEntry.byte(0x30);
    expectSame(asEntry.u8());
    const asCaller = new W().byte(0x7b);
    key(asCaller, 'm.py', 1, 'f'); entry(asCaller, 1).byte(0x7b);
    key(asCaller, '', 0, '(root)').byte(0x29, 4).int(1).int(1).float(0.5).float(1).byte(0x30);
    asCaller.byte(0x30);
    expectSame(asCaller.u8());
  });

  it('leaves lines that are not int32, or are -0.0, to the decoder (a -0.0 caller before its entry at 0)', () => {
    const w = (line: number) => new W().byte(0x7b)
      .byte(0x29, 3).str('a.py').int(1).str('main')
      .byte(0x29, 5).int(1).int(1).float(1).float(1)
      .byte(0x7b).byte(0x29, 3).str('m.py').float(line).str('f').byte(0x29, 4).int(1).int(1).float(0.5).float(0.5).byte(0x30)
      .byte(0x29, 3).str('m.py').int(0).str('f')
      .byte(0x29, 5).int(1).int(1).float(1).float(1).byte(0x7b).byte(0x30)
      .byte(0x30);
    expectSame(w(-0).u8(), false);
    expectSame(w(1.5).u8(), false);
    expectSame(w(2 ** 31).u8(), false);
    expectSame(w(0).u8()); // a float 0.0 is the int's line
  });

  it('grows its columns past what the file size suggests (dense entries, plain counts by reference)', () => {
    /** 3 000 small entries called by the one before, two with 3 000 callers each (by reference and
     * plain count, as the old profile module wrote), 750 callers without an entry; and, if asked,
     * the first key again */
    const dense = (again: boolean) => {
      const w = new W().byte(0xfb); // ref 0: the dict
      let refs = 1, fileRef = -1;
      const key = (line: number, name: string, flagged = false) => {
        w.byte(flagged ? 0xa9 : 0x29, 3);
        const at = flagged ? refs++ : -1;
        if (fileRef < 0) { fileRef = refs++; w.str('m.py', 0xfa); } else w.ref(fileRef);
        w.int(line).str(name);
        return at;
      };
      const entry = (cc: number) => w.byte(0x29, 5).int(cc).int(cc).float(0.001 * cc).float(0.002 * cc).byte(0x7b);
      const keys: number[] = [];
      for (let i = 0; i < 3000; i++) {
        keys.push(key(i, `f${i}`, true));
        entry(1);
        if (i > 0) w.ref(keys[i - 1]).int(1);
        w.byte(0x30);
      }
      for (const hub of ['hub', 'hub2']) {
        key(0, hub);
        entry(4000);
        for (const r of keys) w.ref(r).int(1);
        if (hub === 'hub') for (let i = 0; i < 750; i++) { key(20000 + i, `c${i}`); w.int(1); }
        w.byte(0x30);
      }
      if (again) {
        w.ref(keys[0]);
        entry(7);
        for (let i = 1; i < 3000; i += 3) w.ref(keys[i]).int(2);
        w.byte(0x30);
      }
      return w.byte(0x30).u8();
    };
    for (const again of [false, true]) {
      const bytes = dense(again);
      const scan = scanPstats(bytes)!;
      expect(scan.entryCount).toBeGreaterThan(bytes.length / 96); // more than the columns' first room
      expect(scan.edgeCount).toBeGreaterThan(bytes.length / 48);
      expect(scan.duplicateKeys).toBe(again);
      expectSame(bytes);
    }
  });

  it('leaves other shapes and broken files to the decoder', () => {
    const key = (w: W) => w.byte(0x29, 3).str('m.py').int(1).str('f');
    const six = key(new W().byte(0x7b)).byte(0x29, 6).int(1).int(1).float(1).float(2).byte(0x7b).byte(0x30).byte(0x4e).byte(0x30);
    expectSame(six.u8(), false);
    const truncated = key(new W().byte(0x7b)).byte(0x29, 5).int(1).int(1).float(1);
    expect(scanPstats(truncated.u8())).toBeNull();
    expect(() => importPstats(truncated.u8())).toThrow(/truncated/);
    const badRef = key(new W().byte(0x7b)).byte(0x29, 5).ref(7).int(1).float(1).float(2).byte(0x7b).byte(0x30).byte(0x30);
    expect(() => importPstats(badRef.u8())).toThrow(/bad marshal reference/);
  });
});
