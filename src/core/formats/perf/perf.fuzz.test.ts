import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../../test/support/corpus';
import {
  applyLineEdits, check, cutPoints, expectSaneOrFormatError, lineEdit, MAX_CASE_MS, mutatedBytes, printCaseCounts, shuffledLines, truncated,
} from '../../../../test/support/fuzz';
import { assertSaneProfile } from '../../../../test/support/saneProfile';
import { functionRows } from '../../stats/table';
import { invertTree } from '../../tree/invert';
import { importProfiles } from '../../io/import';
import { importPerfAll } from './perf';

// Property-based tests and attacks of the perf script importer: real recordings cut short,
// mangled and reordered; hostile names; very deep call chains.

const WORK = readBytes(join(CORPUS, 'perf/work.perf.txt'));
const SYSTEM = readBytes(join(CORPUS, 'others/linux-perf/system-wide.linux-perf.txt'));
const SMALL = WORK.subarray(0, 6000);
const FORMATS = ['perf'];
const WHERE = /^line \d+$/;
const ANY_FORMAT = ['cpuprofile', 'chrome-trace', 'callgrind', 'pstats', 'pprof', 'perf', 'collapsed', 'unknown format', 'gzip'];
const ANY_WHERE = /^(byte \d+( of \d+)?|line \d+|nodes\[\d+\]|timeDeltas\[\d+\]|endTime)$/;
const enc = new TextEncoder();
const JUNK = [
  '', '\t', '#', '# comment', 'x', 'work-c 1 1.5: 9 cpu-clock:', 'work-c 1 1.5: cpu-clock:', 'a 1/2 [003] 9.9: 99999999999999999999999 e:', 'a 1 1.1: 1e308 e:',
  '\t0 [unknown] ([unknown])', '\tffffffffffffffffffff x ([kernel.kallsyms])', '\t1 __proto__ (x)', '\t1 constructor+0x1 ((((', '\t1 a ()', '\t1 ))) (y)',
  '\t1 <img src=x onerror=alert(1)>+0x2 (/tmp/\u202e)', '\t1 _ZN3foo3barE (/x)', '\t1 _RNvC3foo3bar (/x)', '\t1 _Z (/x)', '\t1 _R (/x)', '\tzz', ' \t ',
];

const direct = (bytes: Uint8Array) => expectSaneOrFormatError('perf', () => importPerfAll(bytes), FORMATS, WHERE);
const viaIndex = (bytes: Uint8Array) => expectSaneOrFormatError('perf', () => importProfiles(bytes), ANY_FORMAT, ANY_WHERE);

function timed<T>(run: () => T): T {
  // CPU time, not wall time: on a machine shared by many test runs the wall clock says more
  // about the neighbours than about this import
  const c0 = process.cpuUsage();
  const out = run();
  const c = process.cpuUsage(c0);
  expect((c.user + c.system) / 1000).toBeLessThan(MAX_CASE_MS);
  return out;
}

describe('fuzz: perf', () => {
  afterAll(() => printCaseCounts('perf.fuzz'));

  it('fuzz: real files (300 kB of one) truncated at 150 points each, directly and through detection', () => {
    for (const file of [WORK.subarray(0, 300_000), SYSTEM]) for (const cut of cutPoints(file.length, 150)) { direct(file.subarray(0, cut)); viaIndex(file.subarray(0, cut)); }
    for (const cut of cutPoints(SMALL.length, 300)) direct(SMALL.subarray(0, cut));
  });

  it('fuzz: random truncation, flipped, set, inserted, deleted and duplicated bytes', () => {
    check(fc.property(fc.oneof(truncated(SMALL), mutatedBytes(SMALL)), (bytes) => {
      direct(bytes);
      viaIndex(bytes);
    }), 500);
  });

  const lines = new TextDecoder().decode(SMALL).split('\n');
  it('fuzz: line edits (dropped, duplicated, swapped lines, junk headers and frames)', () => {
    check(fc.property(fc.array(lineEdit(lines.length, JUNK), { minLength: 1, maxLength: 8 }), (edits) => {
      direct(enc.encode(applyLineEdits(lines, edits).join('\n')));
    }), 400);
  });

  it('fuzz: samples in another order give the same per-function self and total', () => {
    const samples = new TextDecoder().decode(WORK).split('\n\n');
    const rows = (bytes: Uint8Array) => {
      const [p] = importPerfAll(bytes);
      return new Map(functionRows(p).map((r) => [`${p.frames[r.frame].name}|${p.frames[r.frame].file}`, `${r.self}/${r.total}`]));
    };
    const expected = rows(WORK);
    check(fc.property(shuffledLines(samples), (shuffled) => {
      expect(rows(enc.encode(shuffled.join('\n\n')))).toEqual(expected);
    }), 15);
  });
});

describe('perf attacks', () => {
  it('a call chain 100 000 frames deep: import, stats, inverted tree', () => {
    const frames = Array.from({ length: 100_000 }, (_, i) => `\t${(i + 1).toString(16)} f${i % 1000}+0x1 (/bin/x)`).join('\n');
    const file = `x 1 1.0: 5 cpu-clock:\n${frames}\n\nx 1 2.0: 7 cpu-clock:\n\t1 f0+0x1 (/bin/x)\n`;
    const [p] = timed(() => importPerfAll(enc.encode(file)));
    assertSaneProfile(p);
    expect(p.total).toBe(12);
    expect(p.tree.size).toBe(100_002);
    expect(functionRows(p).length).toBeGreaterThanOrEqual(1000);
    assertSaneProfile({ ...p, tree: invertTree(p.tree) });
    expect(p.functions.total[p.frames.findIndex((f) => f.name === 'f0')]).toBe(12); // recursion counted once per sample
    expect(p.functions.self[p.frames.findIndex((f) => f.name === 'f0')]).toBe(12);
  });

  it('hostile symbol, dso and comm names come out as exactly those names', () => {
    const names = ['__proto__', 'constructor', 'toString', '<img src=x onerror=alert(1)>', '\u202eevil', 'hasOwnProperty'];
    const file = names.map((n, i) => `${n} ${i + 1} 1.${i}: 1 cpu-clock:\n\t${i + 10} ${n}+0x1 (${n})\n\t1 main (/bin/x)\n`).join('\n');
    const profiles = importPerfAll(enc.encode(file));
    for (const p of profiles) assertSaneProfile(p);
    const [all] = profiles;
    for (const n of names) expect(all.frames.some((f) => f.name === n && f.file === n)).toBe(true);
    expect(profiles.length).toBe(names.length + 1);
    for (const n of names) expect(profiles.some((p) => p.name === `perf script (${n} ${names.indexOf(n) + 1})`)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('periods past what a number holds exactly leave nothing, an error; a file without samples too', () => {
    const huge = `${'9'.repeat(400)}`;
    expect(() => importProfiles(enc.encode(`x 1 1.0: ${huge} cpu-clock:\n\t1 a (b)\n\nx 1 2.0: ${huge} cpu-clock:\n\t1 a (b)\n`))).toThrow(/perf: nothing is left after repairing the file: 2 samples with a period above 2\^53 - 1/);
    expect(() => importPerfAll(enc.encode('# only a comment\n'))).toThrow(/perf: no samples/);
  });
});
