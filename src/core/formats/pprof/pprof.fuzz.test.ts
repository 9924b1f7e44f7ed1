import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../../test/support/corpus';
import { check, cutPoints, expectSaneOrFormatError, mutatedBytes, printCaseCounts, truncated } from '../../../../test/support/fuzz';
import { assertSaneProfile } from '../../../../test/support/saneProfile';
import { ProfileFormatError } from '../../errors';
import { ProtoWriter } from '../../export/protoWriter';
import type { Profile } from '../../model';
import { functionLines } from '../../source/lines';
import { invertTree } from '../../tree/invert';
import { functionRows, sortRows } from '../../stats/table';
import { decompress, importProfiles } from '../../io/import';
import { looksLikePprof } from './detect';
import { importPprof } from './pprof';

// Property-based tests and attacks of the pprof importer: real Go profiles cut and mangled, and
// profiles generated field by field with hostile values (ids 0 and 2^64-1, missing locations and
// functions, string indexes out of range, negative and 2^63 values, value counts that disagree
// with the sample types, duplicate ids, packed and unpacked numbers), deep stacks and hostile names.

const CPU = decompress(readBytes(join(CORPUS, 'pprof/cpu.pprof')));
const HEAP = decompress(readBytes(new URL('../../../../test/fixtures/pprof/other-heap.pprof', import.meta.url).pathname));
const SIMPLE = decompress(readBytes(join(CORPUS, 'others/pprof/simple.prof')));
const FORMATS = ['pprof'];
const WHERE = /^byte \d+$/;
const ANY_FORMAT = ['cpuprofile', 'chrome-trace', 'callgrind', 'pstats', 'pprof', 'perf', 'collapsed', 'speedscope', 'gecko', 'unknown format', 'gzip'];
const ANY_WHERE = /^(byte \d+( of \d+)?|line \d+|nodes\[\d+\]|timeDeltas\[\d+\]|endTime|samples\[\d+\]|(shared|profiles|threads|traceEvents|meta|profile|processes)[\w.[\]]*)$/;

const direct = (bytes: Uint8Array) => expectSaneOrFormatError('pprof', () => importPprof(bytes), FORMATS, WHERE);
const viaIndex = (bytes: Uint8Array) => expectSaneOrFormatError('pprof', () => importProfiles(bytes), ANY_FORMAT, ANY_WHERE);

// ---- a profile.proto written field by field

interface Spec {
  types: [number, number][];
  samples: { locs: number[]; values: number[]; labels: [number, number, number][]; packed: boolean }[];
  locations: { id: number; address: number; lines: [number, number][] }[];
  functions: { id: number; name: number; file: number; start: number }[];
  strings: string[];
  defaultType: number;
}

function encode(s: Spec): Uint8Array {
  const w = new ProtoWriter();
  for (const [type, unit] of s.types) {
    const m = w.begin(1);
    w.uint(1, type);
    w.uint(2, unit);
    w.end(m);
  }
  for (const sample of s.samples) {
    const m = w.begin(2);
    if (sample.packed) {
      const a = w.begin(1);
      for (const id of sample.locs) w.varint(id);
      w.end(a);
      const b = w.begin(2);
      for (const v of sample.values) w.varint(v);
      w.end(b);
    } else {
      for (const id of sample.locs) { w.key(1, 0); w.varint(id); }
      for (const v of sample.values) { w.key(2, 0); w.varint(v); }
    }
    for (const [key, str, num] of sample.labels) {
      const l = w.begin(3);
      w.uint(1, key);
      w.uint(2, str);
      w.uint(3, num);
      w.end(l);
    }
    w.end(m);
  }
  for (const loc of s.locations) {
    const m = w.begin(4);
    w.uint(1, loc.id);
    w.uint(3, loc.address);
    for (const [fn, line] of loc.lines) {
      const l = w.begin(4);
      w.uint(1, fn);
      w.uint(2, line);
      w.end(l);
    }
    w.end(m);
  }
  for (const fn of s.functions) {
    const m = w.begin(5);
    w.uint(1, fn.id);
    w.uint(2, fn.name);
    w.uint(4, fn.file);
    w.uint(5, fn.start);
    w.end(m);
  }
  for (const str of s.strings) w.string(6, str);
  w.uint(14, s.defaultType);
  return w.finish();
}

const HOSTILE_NAMES = ['', '__proto__', 'constructor', 'toString', '<img src=x onerror=alert(1)>', '\u202e\ud83d\ude00', 'x'.repeat(10_000), 'a\u0000b', 'cpu', 'bytes'];
const smallId = fc.integer({ min: 0, max: 8 });
const id = fc.oneof({ weight: 8, arbitrary: smallId }, { weight: 1, arbitrary: fc.constantFrom(2 ** 32, 2 ** 53 - 1, 2 ** 64 - 1, 1e6) });
const index = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 12 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 2 ** 31, 2 ** 53 - 1) });
const value = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 1000 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, -(2 ** 53), 2 ** 53 - 1, 2 ** 63, 0) });
const spec: fc.Arbitrary<Spec> = fc.record({
  types: fc.array(fc.tuple(index, index), { maxLength: 3 }),
  samples: fc.array(fc.record({
    locs: fc.array(id, { maxLength: 8 }),
    values: fc.array(value, { maxLength: 4 }),
    labels: fc.array(fc.tuple(index, index, value), { maxLength: 2 }),
    packed: fc.boolean(),
  }), { maxLength: 8 }),
  locations: fc.array(fc.record({ id, address: fc.constantFrom(0, 0x401000, 2 ** 53 - 1), lines: fc.array(fc.tuple(id, value), { maxLength: 3 }) }), { maxLength: 8 }),
  functions: fc.array(fc.record({ id, name: index, file: index, start: value }), { maxLength: 8 }),
  strings: fc.array(fc.oneof(fc.constantFrom(...HOSTILE_NAMES), fc.string({ maxLength: 6 })), { maxLength: 12 }).map((s) => ['', ...s]),
  defaultType: index,
});

/**
 * Profile.lines as core/source reads it: rows sorted by frame, file, line, in range; a line's
 * flat within its cum, a frame's lines' flat within its self and each line's cum within its total
 * (a line on the stack means its function is).
 */
function expectSaneLines(p: Profile): void {
  const l = p.lines;
  if (!l) return;
  const tol = (x: number) => 1e-9 * Math.abs(x) + 1e-9;
  const flat = new Float64Array(p.frames.length);
  // plain checks, one expect: a 100 000-row table would otherwise take seconds of expect calls
  let bad: string | null = null;
  for (let r = 0; r < l.size && bad === null; r++) {
    const f = l.frame[r];
    if (!(f >= 0 && f < p.frames.length && l.file[r] >= 0 && l.file[r] < l.files.length)) bad = `row ${r}: frame or file out of range`;
    else if (l.files[l.file[r]] !== p.frames[f].file) bad = `row ${r}: not in its frame's file`;
    else if (!(Number.isInteger(l.line[r]) && l.line[r] >= 0)) bad = `row ${r}: line ${l.line[r]}`;
    else if (r > 0 && !((l.frame[r - 1] - f || l.file[r - 1] - l.file[r] || l.line[r - 1] - l.line[r]) < 0)) bad = `row ${r}: out of order`;
    else if (!(l.self[r] >= 0 && l.total[r] >= l.self[r] - tol(l.self[r]))) bad = `row ${r}: self ${l.self[r]}, total ${l.total[r]}`;
    else if (!(l.total[r] <= p.functions.total[f] + tol(p.total))) bad = `row ${r}: total ${l.total[r]} over its function's ${p.functions.total[f]}`;
    flat[f] += l.self[r];
  }
  for (let f = 0; f < flat.length && bad === null; f++) {
    if (!(flat[f] <= p.functions.self[f] + tol(p.total))) bad = `frame ${f}: lines' self ${flat[f]} over its self ${p.functions.self[f]}`;
  }
  expect(bad).toBeNull();
}

describe('fuzz: pprof', () => {
  afterAll(() => printCaseCounts('pprof.fuzz'));

  it('fuzz: Go profiles truncated at every byte of one and 300 points of two others, directly and through detection', () => {
    let profiles = 0;
    for (let cut = 0; cut < CPU.length; cut++) if (direct(CPU.subarray(0, cut)) === 'profile') profiles++;
    for (const file of [HEAP, SIMPLE]) for (const cut of cutPoints(file.length, 300)) { direct(file.subarray(0, cut)); viaIndex(file.subarray(0, cut)); }
    // a cut at a field boundary is a shorter valid profile; inside a field it is an error
    expect(profiles).toBeGreaterThan(0);
    expect(profiles).toBeLessThan(CPU.length / 2);
  });

  it('fuzz: random truncation, flipped, set, inserted, deleted and duplicated bytes', () => {
    check(fc.property(fc.constantFrom(CPU, HEAP, SIMPLE).chain((b) => fc.oneof(truncated(b), mutatedBytes(b))), (bytes) => {
      direct(bytes);
      viaIndex(bytes);
    }), 800);
  });

  it('fuzz: generated profiles with hostile ids, indexes and values: sane, the total the sum of the chosen values that count', () => {
    check(fc.property(spec, (s) => {
      const bytes = encode(s);
      if (direct(bytes) === 'error') return;
      const p = importPprof(bytes);
      const column = p.event;
      let sum = 0;
      for (const sample of s.samples) {
        const v = sample.values[column] ?? 0;
        if (v > 0 && v < 2 ** 63) sum += v; // int64: 2^63 and up are negative
      }
      expect(p.total).toBe(sum);
      expect(Math.abs(p.tree.total[0] - sum)).toBeLessThanOrEqual(1e-9 * sum);
      expectSaneLines(p);
    }), 800);
  });

  it('detection: no generated profile is mistaken for another format, nor text for pprof', () => {
    check(fc.property(spec, (s) => {
      const bytes = encode(s);
      if (bytes.length >= 2 && (s.types.length > 0 || s.samples.length > 0 || s.strings.length > 0)) expect(looksLikePprof(bytes)).toBe(true);
    }), 300);
    for (const text of ['{"nodes": []}', '[{"ph": "X"}]', '# callgrind format\n', 'events: Ir\n', 'pid: 1\n', 'main;f 1\n', 'perf 1234 [000] 1.0: cycles:\n', '\ufeffa;b 1']) {
      expect(looksLikePprof(new TextEncoder().encode(text)), text).toBe(false);
    }
  });
});

describe('pprof attacks', () => {
  const strings = ['', 'cpu', 'nanoseconds', 'f', 'a.go'];
  const chain = (n: number, weight: number): Spec => ({
    types: [[1, 2]],
    samples: [{ locs: Array.from({ length: n }, (_, i) => n - i), values: [weight], labels: [], packed: true }],
    locations: Array.from({ length: n }, (_, i) => ({ id: i + 1, address: 0, lines: [[i + 1, i + 1]] })),
    functions: Array.from({ length: n }, (_, i) => ({ id: i + 1, name: 5 + i, file: 4, start: i + 1 })),
    strings: [...strings, ...Array.from({ length: n }, (_, i) => `f${i + 1}`)],
    defaultType: 0,
  });

  it('a stack 100 000 deep: import, stats, inverted tree', () => {
    const N = 100_000;
    const p = importPprof(encode(chain(N, 5)));
    assertSaneProfile(p);
    expectSaneLines(p);
    expect(p.lines!.size).toBe(N);
    expect(p.tree.size).toBe(N + 1);
    expect(p.total).toBe(5);
    const rows = sortRows(functionRows(p), p.frames, 'cumtime');
    expect(rows.length).toBeGreaterThanOrEqual(N);
    expect(invertTree(p.tree).total[0]).toBe(5);
  });

  it('recursion through one location 100 000 times: cum counted once per sample', () => {
    const s = chain(1, 3);
    s.samples[0].locs = new Array<number>(100_000).fill(1);
    const p = importPprof(encode(s));
    assertSaneProfile(p);
    const f = p.frames.findIndex((fr) => fr.name === 'f1');
    expect([p.functions.self[f], p.functions.total[f]]).toEqual([3, 3]);
    expect(functionLines(p.lines, f)).toEqual([{ file: 'a.go', line: 1, self: 3, total: 3 }]);
  });

  it('hostile names come out as distinct frames, exactly, and pollute no prototype', () => {
    const s = chain(HOSTILE_NAMES.length, 1);
    s.strings = [...strings, ...HOSTILE_NAMES.map((n, i) => `${n}#${i}`)];
    const p = importPprof(encode(s));
    assertSaneProfile(p);
    for (const [i, n] of HOSTILE_NAMES.entries()) expect(p.frames.some((f) => f.name === `${n}#${i}`), n).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('repairs are reported in words with a count and the first byte', () => {
    const s = chain(3, 4);
    s.samples.push({ locs: [99], values: [2], labels: [], packed: false }, { locs: [1], values: [-5], labels: [], packed: false }, { locs: [1], values: [1, 2], labels: [], packed: true });
    s.locations.push({ id: 2, address: 0, lines: [] });
    const p = importPprof(encode(s));
    assertSaneProfile(p);
    expect(p.total).toBe(7);
    const w = p.warnings!.join('\n');
    expect(w).toMatch(/1 samples name a location id that does not exist.*\(first at byte \d+\)/);
    expect(w).toMatch(/negative value/);
    expect(w).toMatch(/number of values other than the 1 sample types/);
    expect(w).toMatch(/locations repeat an earlier id/);
  });

  it('lengths past the end, wire types pprof does not use, 11-byte varints: errors that say where', () => {
    for (const bytes of [
      Uint8Array.of(0x12, 0x05, 0x0a, 0x01), // a sample of 5 bytes in 4
      Uint8Array.of(0x0b), // wire type 3 (a group)
      Uint8Array.of(0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), // 11-byte varint
      Uint8Array.of(0x12, 0xff, 0xff, 0xff, 0xff, 0x0f), // a 4 GB length
      Uint8Array.of(0x00, 0x00), // field 0
    ]) {
      try {
        importPprof(bytes);
        throw new Error('no error');
      } catch (e) {
        expect(e).toBeInstanceOf(ProfileFormatError);
        expect((e as ProfileFormatError).where).toMatch(WHERE);
      }
    }
  });
});
