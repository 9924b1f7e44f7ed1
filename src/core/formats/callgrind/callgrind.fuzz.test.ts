import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { CORPUS, readBytes } from '../../../../test/support/corpus';
import { expectSameOutcome, outcome } from '../../../../test/support/sameProfile';
import { ANY_FORMAT, applyLineEdits, CALLGRIND_JUNK, check, cutPoints, expectSaneOrFormatError, lineEdit, mutatedBytes, printCaseCounts, shuffledLines, truncated } from '../../../../test/support/fuzz';
import { importCallgrind } from './callgrind';
import { importProfiles } from '../../io/import';

// Property-based tests of the callgrind importer on mutations of real files from valgrind
// (line and instr+line positions, several events), pyprof2calltree and Xdebug.

const dec = new TextDecoder();
const enc = new TextEncoder();
const head = (path: string, lines: number) => enc.encode(`${dec.decode(readBytes(join(CORPUS, path))).split('\n').slice(0, lines).join('\n')}\n`);

const FILES: [string, Uint8Array][] = [
  ['threads-03.callgrind', readBytes(join(CORPUS, 'callgrind/threads-03.callgrind'))],
  ['report.prof.log (pyprof2calltree)', readBytes(join(CORPUS, 'seed/report.prof.log'))],
  ['instr.callgrind, first 400 lines (positions: instr line)', head('callgrind/instr.callgrind', 400)],
  ['cachesim.callgrind, first 400 lines (13 events)', head('callgrind/cachesim.callgrind', 400)],
  ['work.cachegrind.out, first 600 lines (Xdebug)', head('xdebug/work.cachegrind.out', 600)],
];
const FORMATS = ['callgrind'];
const WHERE = /^line \d+$/;
const ANY_WHERE = /^(byte \d+( of \d+)?|line \d+|nodes\[\d+\]|timeDeltas\[\d+\]|endTime)$/;

const direct = (bytes: Uint8Array, event = 0) => expectSaneOrFormatError('callgrind', () => importCallgrind(bytes, { event }), FORMATS, WHERE);
const viaIndex = (bytes: Uint8Array) => expectSaneOrFormatError('callgrind', () => importProfiles(bytes), ANY_FORMAT, ANY_WHERE);

const file = fc.constantFrom(...FILES.map(([, bytes]) => bytes));
const event = fc.oneof(fc.constant(0), fc.integer({ min: -1, max: 14 }));

describe('fuzz: callgrind', () => {
  afterAll(() => printCaseCounts('callgrind.fuzz'));

  it('fuzz: each file truncated at 250 points, directly and through importProfiles', () => {
    for (const [, bytes] of FILES) {
      for (const cut of cutPoints(bytes.length, 250)) {
        direct(bytes.subarray(0, cut));
        viaIndex(bytes.subarray(0, cut));
      }
    }
  });

  it('fuzz: random truncation, flipped, set, inserted, deleted and duplicated bytes', () => {
    check(fc.property(file.chain((bytes) => fc.oneof(truncated(bytes), mutatedBytes(bytes))), event, (bytes, ev) => {
      direct(bytes, ev);
      viaIndex(bytes);
    }), 400);
  });

  it('fuzz: dropped, duplicated, swapped and replaced lines, and hostile lines inserted', () => {
    const texts = FILES.map(([, bytes]) => dec.decode(bytes).split('\n'));
    const edited = fc.constantFrom(...texts).chain((lines) => fc.array(lineEdit(lines.length, CALLGRIND_JUNK), { minLength: 1, maxLength: 8 }).map((edits) => applyLineEdits(lines, edits)));
    check(fc.property(edited, event, (lines, ev) => {
      const bytes = enc.encode(lines.join('\n'));
      direct(bytes, ev);
      viaIndex(bytes);
    }), 400);
  });

  it('fuzz: whole files with their lines shuffled', () => {
    const texts = FILES.map(([, bytes]) => dec.decode(bytes).split('\n'));
    // the header stays first half the time, so the shuffled body gets read rather than refused at line 1
    const shuffled = fc.constantFrom(...texts).chain((lines) => {
      const at = lines.findIndex((l) => /^(fl|fn|ob)=/.test(l));
      return fc.tuple(fc.boolean(), shuffledLines(lines.slice(at)), shuffledLines(lines)).map(([keep, body, all]) => (keep ? [...lines.slice(0, at), ...body] : all));
    });
    check(fc.property(shuffled, (lines) => {
      direct(enc.encode(lines.join('\n')));
    }), 150);
  });

  it('fuzz: tabs for spaces in cost lines and CRLF line ends change nothing (the fast line reader against the general one)', () => {
    const texts = FILES.map(([, bytes]) => dec.decode(bytes).split('\n'));
    const edited = fc.constantFrom(...texts).chain((lines) => fc.array(lineEdit(lines.length, CALLGRIND_JUNK), { maxLength: 4 }).map((edits) => applyLineEdits(lines, edits)));
    const read = (text: string) => outcome(() => importCallgrind(enc.encode(text)), (e) => `${e.problem} @ ${e.where}`);
    check(fc.property(edited, fc.boolean(), (lines, crlf) => {
      const plain = read(lines.join('\n'));
      expectSameOutcome(read(lines.map((l) => (/^[\d+*-]/.test(l) ? l.replace(/ /g, '\t') : l)).join(crlf ? '\r\n' : '\n')), plain);
    }), 150);
  });
});
