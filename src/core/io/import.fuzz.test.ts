import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../test/support/corpus';
import { assertFormatError } from '../../../test/support/saneProfile';
import { ANY_FORMAT, check, concat, cutPoints, expectSaneOrFormatError, mutatedBytes, printCaseCounts, truncated } from '../../../test/support/fuzz';
import { detectFormat } from './detect';
import { gunzip } from './gzip';
import { importProfiles } from './import';

// Property-based tests of what sits in front of every importer: the gzip wrapper (found by its
// magic bytes) and detection by content. Whatever the bytes: a format or null from detectFormat,
// and from importProfiles sane profiles or a ProfileFormatError.

const FILES = [
  'cpuprofile/small.cpuprofile', 'seed/report.prof', 'seed/report.prof.log', 'callgrind/threads-03.callgrind',
].map((f) => readBytes(join(CORPUS, f)));
const GZIPPED = FILES.map((f) => new Uint8Array(gzipSync(f)));
const ANY_WHERE = /^(byte \d+( of \d+)?|line \d+|nodes\[\d+\]|timeDeltas\[\d+\]|endTime|(shared|profiles|threads|traceEvents)[\w.[\]]*)$/;
const FORMAT_IDS = ['cpuprofile', 'chrome-trace', 'callgrind', 'pstats', 'pprof', 'perf', 'collapsed', 'speedscope', 'gecko', null];

const viaIndex = (bytes: Uint8Array) => expectSaneOrFormatError('gzip+detect', () => importProfiles(bytes), ANY_FORMAT, ANY_WHERE);

/** Starts of each format, so random tails get past detection into the importers. */
const PREFIXES = ['{(', '{)', '\u00fb(', '{"nodes":', '{"traceEvents":', '[', '[{"ph":"P"', '# callgrind format\n', 'events: Ir\n', 'version: 1\ncreator: x\n', '\u001f\u008b', '\ufeff{', '{"$schema":"https://www.speedscope.app/file-format-schema.json",'];

describe('fuzz: gzip and detection', () => {
  afterAll(() => printCaseCounts('index.fuzz'));

  it('fuzz: a gzipped file cut at any byte is a gzip error (1200 cut points of each of four corpus files)', () => {
    let cases = 0;
    for (const gz of GZIPPED) {
      for (const cut of cutPoints(gz.length - 2, 1200).map((c) => c + 2)) {
        const e = (() => {
          try {
            importProfiles(gz.subarray(0, cut));
          } catch (err) {
            return err;
          }
          return null;
        })();
        assertFormatError(e, ['gzip'], /^byte \d+$/);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(4000);
  });

  it('fuzz: gzipped files with flipped, inserted and deleted bytes: a gzip error or, where the bytes do not matter, the profile', () => {
    check(fc.property(fc.constantFrom(...GZIPPED).chain((gz) => fc.oneof(truncated(gz), mutatedBytes(gz, 4))), (bytes) => {
      viaIndex(bytes);
    }), 400);
  });

  it('fuzz: the bytes inside gzip still go through detection and the importers', () => {
    check(fc.property(fc.constantFrom(...FILES).chain((f) => mutatedBytes(f, 4)), (inner) => {
      viaIndex(new Uint8Array(gzipSync(inner)));
    }), 200);
  });

  it('fuzz: detection never throws, and importProfiles gives a profile or a ProfileFormatError, for arbitrary bytes behind each format start', () => {
    const enc = new TextEncoder();
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.tuple(fc.constantFrom(...PREFIXES), fc.uint8Array({ maxLength: 200 })).map(([p, tail]) => concat(enc.encode(p), tail)),
      fc.tuple(fc.constantFrom(...PREFIXES), fc.string({ maxLength: 100 })).map(([p, s]) => enc.encode(p + s)),
      fc.tuple(fc.uint8Array({ maxLength: 16 }), fc.constantFrom(...FILES)).map(([junk, f]) => concat(junk, f)),
      fc.tuple(fc.constantFrom(...FILES), fc.uint8Array({ maxLength: 16 })).map(([f, junk]) => concat(f, junk)),
    );
    check(fc.property(bytes, (b) => {
      expect(FORMAT_IDS).toContain(detectFormat(b));
      viaIndex(b);
    }), 600);
  });

  it('fuzz: gunzip reads what zlib writes, at every level and in several members', () => {
    check(fc.property(fc.uint8Array({ maxLength: 5000 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 3 }), (data, level, parts) => {
      const cut = Math.floor(data.length / parts);
      const members = Array.from({ length: parts }, (_, i) => new Uint8Array(gzipSync(data.subarray(i * cut, i === parts - 1 ? data.length : (i + 1) * cut), { level })));
      expect(gunzip(concat(...members))).toEqual(data);
    }), 200);
  });
});
