import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../../test/support/corpus';
import { ANY_FORMAT, check, cutPoints, expectSaneOrFormatError, mutatedBytes, printCaseCounts, truncated } from '../../../../test/support/fuzz';
import { marshal, type MarshalValue } from '../../../../test/support/marshal';
import { expectSameOutcome, outcome } from '../../../../test/support/sameProfile';
import { ProfileFormatError } from '../../errors';
import type { Profile } from '../../model';
import { importProfiles } from '../../io/import';
import { decodeMarshal } from './marshal';
import { isGzip } from '../../io/gzip';
import { importPstats, importPstatsDecoded, looksLikePstats } from './pstats';
import { scanPstats } from './scan';
import { bytesSource, readAll, type ByteSource } from '../../io/source';

// Property-based tests of the cProfile .prof importer and the marshal decoder under it: real files
// from Python 3 (FLAG_REF and back-references everywhere) cut and mangled, and stats dicts
// generated with values of every wrong type.

const TINY = readBytes(join(CORPUS, 'seed/awesome_random_number.prof'));
const REPORT = readBytes(join(CORPUS, 'seed/report.prof'));
const SMALL = readBytes(join(CORPUS, 'python/small.prof'));
const FORMATS = ['pstats'];
const WHERE = /^byte \d+$/;
const ANY_WHERE = /^(byte \d+( of \d+)?|line \d+|nodes\[\d+\]|timeDeltas\[\d+\]|endTime)$/;

const direct = (bytes: Uint8Array) => expectSaneOrFormatError('pstats', () => importPstats(bytes), FORMATS, WHERE);
const viaIndex = (bytes: Uint8Array) => expectSaneOrFormatError('pstats', () => importProfiles(bytes), ANY_FORMAT, ANY_WHERE);

// ---- generated stats dicts

const plainNumber: fc.Arbitrary<MarshalValue> = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 100, noNaN: true }));
const hostileNumber: fc.Arbitrary<MarshalValue> = fc.oneof(
  fc.integer({ min: -5, max: 1000 }),
  fc.integer(),
  fc.double(), // NaN, infinities and -0 included
  fc.constantFrom<MarshalValue>(1e308, -1e308, 1e300, 5e-324, 2 ** 53 + 2, { float: NaN }, { float: Infinity }, { long: [0x7fff, 0x7fff, 0x7fff, 0x7fff, 1] }, { long: [1, ...Array<number>(80).fill(0x7fff)] }),
);
const scalar: fc.Arbitrary<MarshalValue> = fc.oneof(
  fc.constant(null), fc.boolean(), hostileNumber, fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', '~', '\ud800'),
  fc.constantFrom<MarshalValue>({ raw: Uint8Array.of(0x72, 0, 0, 0, 0) }, { raw: Uint8Array.of(0x52, 1, 0, 0, 0) }, { raw: Uint8Array.of(0x3f) }, { raw: Uint8Array.of(0x30) }, { raw: Uint8Array.of(0x53) }),
);
const { value: pyValue } = fc.letrec<{ value: MarshalValue; tuple: MarshalValue; dict: MarshalValue }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('tuple'), tie('dict')),
  tuple: fc.array(tie('value'), { maxLength: 6 }),
  dict: fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 }).map((entries) => new Map(entries)),
}));
const goodKey = fc.tuple(fc.constantFrom('a.py', '~', '<string>', ''), fc.integer({ min: 0, max: 5 }), fc.constantFrom('f', 'g', 'h', '<module>', '__proto__'));
const key = fc.oneof({ weight: 12, arbitrary: goodKey }, { weight: 1, arbitrary: pyValue });
/** mostly plain numbers, so that most dicts read and the sums, roots and tree get exercised */
const number = fc.oneof({ weight: 12, arbitrary: plainNumber }, { weight: 1, arbitrary: hostileNumber });
const numbers4 = fc.tuple(number, number, number, number);
const callers = fc.array(fc.tuple(key, fc.oneof({ weight: 12, arbitrary: numbers4 }, { weight: 1, arbitrary: number }, { weight: 1, arbitrary: pyValue })), { maxLength: 4 })
  .map((entries) => new Map<MarshalValue, MarshalValue>(entries));
const entryValue = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(number, number, number, number, callers).map((t) => t as MarshalValue) },
  { weight: 1, arbitrary: pyValue },
);
const statsDict = fc.array(fc.tuple(key, entryValue), { minLength: 0, maxLength: 8 }).map((entries) => marshal(new Map(entries)));

describe('fuzz: pstats', () => {
  afterAll(() => printCaseCounts('pstats.fuzz'));

  it('fuzz: truncated at every byte of a small .prof and 300 points of two others, directly and through importProfiles', () => {
    let profiles = 0;
    for (let cut = 0; cut < TINY.length; cut++) if (direct(TINY.subarray(0, cut)) === 'profile') profiles++;
    for (const bytes of [REPORT, SMALL]) {
      for (const cut of cutPoints(bytes.length, 300)) {
        direct(bytes.subarray(0, cut));
        viaIndex(bytes.subarray(0, cut));
      }
    }
    expect(profiles).toBe(0); // marshal data cut short never reads as a whole dict
  });

  it('fuzz: random truncation, flipped, set, inserted, deleted and duplicated bytes', () => {
    const file = fc.constantFrom(TINY, REPORT, SMALL);
    check(fc.property(file.chain((bytes) => fc.oneof(truncated(bytes), mutatedBytes(bytes))), (bytes) => {
      direct(bytes);
      viaIndex(bytes);
    }), 400);
  });

  it('fuzz: generated stats dicts with values of every type (NaN, inf, 1e308, huge longs, strings, tuples, dicts, bad references)', () => {
    check(fc.property(statsDict, (bytes) => {
      direct(bytes);
      viaIndex(bytes);
    }), 400);
  });

  it('fuzz: the decoder throws nothing but ProfileFormatError on arbitrary bytes after a dict opening', () => {
    check(fc.property(fc.uint8Array({ maxLength: 64 }), (tail) => {
      const bytes = Uint8Array.of(0x7b, 0x29, ...tail);
      try {
        decodeMarshal(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(ProfileFormatError);
      }
      direct(bytes);
    }), 400);
  });

  it('fuzz: the byte scanner and the general decoder give the same profile or the same error', () => {
    const file = fc.constantFrom(TINY, REPORT);
    check(fc.property(fc.oneof(file.chain((bytes) => mutatedBytes(bytes, 3)), statsDict), (bytes) => {
      expectSameOutcome(outcome(() => importPstats(bytes, { name: 'x' })), outcome(() => importPstatsDecoded(bytes, { name: 'x' })));
    }), 200);
  });

  it('fuzz: read through a small window of a ByteSource, as the worker reads a File, the same profile or the same error', () => {
    const file = fc.constantFrom(TINY, REPORT, SMALL);
    const input = fc.oneof(file.chain((bytes) => fc.oneof(truncated(bytes), mutatedBytes(bytes, 3))), statsDict);
    check(fc.property(input, fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 40 }), (bytes, chunk, window) => {
      expectSameOutcome(outcome(() => importPstatsOrAny(bytesSource(bytes, chunk), window)), outcome(() => importProfiles(bytes, { name: 'x' })[0]));
    }), 300);
  });
});

/** importProfiles of a source, with the scanner's window made tiny so that values straddle its ends */
function importPstatsOrAny(source: ByteSource, window: number): Profile {
  const head = source.read(0, 2);
  if (head.length === 2 && looksLikePstats(head) && !isGzip(head)) {
    const scan = scanPstats(source, window);
    expect(scan).toEqual(scanPstats(readAll(source)));
  }
  return importProfiles(source, { name: 'x' })[0];
}
