import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../../test/support/corpus';
import {
  applyLineEdits, check, cutPoints, expectSaneOrFormatError, lineEdit, MAX_CASE_MS, mutatedBytes, printCaseCounts, shuffledLines, truncated,
} from '../../../../test/support/fuzz';
import { assertSaneProfile } from '../../../../test/support/saneProfile';
import { invertTree } from '../../tree/invert';
import { functionRows } from '../../stats/table';
import { importProfiles } from '../../io/import';
import { importCollapsed } from './collapsed';

// Property-based tests and attacks of the collapsed-stacks importer: real folded files cut short,
// mangled, shuffled; hostile names; very deep stacks.

const WORK = readBytes(join(CORPUS, 'collapsed/work.collapsed'));
const VERTX = readBytes(join(CORPUS, 'others/stackcollapse/perf-vertx-stacks-01-collapsed-all.txt'));
const UTF16 = readBytes(join(CORPUS, 'others/stackcollapse/simple-utf16-le.txt'));
const SMALL = WORK.subarray(0, 2000);
const FORMATS = ['collapsed'];
const WHERE = /^line \d+$/;
const ANY_FORMAT = ['cpuprofile', 'chrome-trace', 'callgrind', 'pstats', 'perf', 'collapsed', 'unknown format', 'gzip'];
const ANY_WHERE = /^(byte \d+( of \d+)?|line \d+|nodes\[\d+\]|timeDeltas\[\d+\]|endTime)$/;
const enc = new TextEncoder();
const JUNK = ['', ' ', '#', '// x', ';', ';;; 1', 'a', 'a ', 'a 1.', 'a .5', 'a 1.5', 'a -1', 'a 1e9', `a ${'9'.repeat(400)}`, 'a 9007199254740993',
  '__proto__ 1', 'constructor;toString 2', '<img src=x onerror=alert(1)>;\u202e 3', '\ud800 1', 'a\u0000b 1', '\r', 'a;b\t\t4\r', '\ufeffa 1'];

const direct = (bytes: Uint8Array) => expectSaneOrFormatError('collapsed', () => importCollapsed(bytes), FORMATS, WHERE);
const viaIndex = (bytes: Uint8Array) => expectSaneOrFormatError('collapsed', () => importProfiles(bytes), ANY_FORMAT, ANY_WHERE);

describe('fuzz: collapsed', () => {
  afterAll(() => printCaseCounts('collapsed.fuzz'));

  it('fuzz: real files truncated at 200 points each (UTF-16 at every byte)', () => {
    for (const file of [WORK, VERTX]) for (const cut of cutPoints(file.length, 200)) { direct(file.subarray(0, cut)); viaIndex(file.subarray(0, cut)); }
    for (const cut of cutPoints(UTF16.length, 200)) direct(UTF16.subarray(0, cut));
  });

  it('fuzz: random truncation, flipped, set, inserted, deleted and duplicated bytes', () => {
    check(fc.property(fc.oneof(truncated(SMALL), mutatedBytes(SMALL), mutatedBytes(UTF16)), (bytes) => {
      direct(bytes);
      viaIndex(bytes);
    }), 500);
  });

  const lines = new TextDecoder().decode(SMALL).split('\n');
  it('fuzz: line edits (dropped, duplicated, swapped, junk lines): the total is the sum of the lines that are stacks', () => {
    check(fc.property(fc.array(lineEdit(lines.length, JUNK), { minLength: 1, maxLength: 8 }), (edits) => {
      const text = applyLineEdits(lines, edits).join('\n');
      if (direct(enc.encode(text)) === 'error') return;
      let sum = 0;
      for (const line of text.split('\n')) {
        const m = /^(.*[^;\s].*?)[ \t]+(\d+(\.\d+)?)[\r \t]*$/.exec(line.replace(/^\ufeff/, ''));
        if (m && Number(m[2]) <= Number.MAX_SAFE_INTEGER && m[1].split(';').some((s) => s !== '')) sum += Number(m[2]);
      }
      expect(importCollapsed(enc.encode(text)).total).toBeCloseTo(sum, 6);
    }), 400);
  });

  it('fuzz: shuffled lines give the same per-function self and total', () => {
    const base = importCollapsed(VERTX);
    const rows = (p: ReturnType<typeof importCollapsed>) => new Map(functionRows(p).map((r) => [p.frames[r.frame].name, `${r.self}/${r.total}`]));
    const expected = rows(base);
    const vertxLines = new TextDecoder().decode(VERTX).split('\n');
    check(fc.property(shuffledLines(vertxLines), (shuffled) => {
      const p = importCollapsed(enc.encode(shuffled.join('\n')));
      expect(p.total).toBe(base.total);
      expect(rows(p)).toEqual(expected);
    }), 20);
  });
});

/** an import within MAX_CASE_MS of CPU time, as every fuzz case */
function timed<T>(run: () => T): T {
  // CPU time, not wall time: on a machine shared by many test runs the wall clock says more
  // about the neighbours than about this import
  const c0 = process.cpuUsage();
  const out = run();
  const c = process.cpuUsage(c0);
  expect((c.user + c.system) / 1000).toBeLessThan(MAX_CASE_MS);
  return out;
}

describe('collapsed attacks', () => {
  it('a stack 100 000 frames deep, and 100 000 distinct frames: import, stats, inverted tree', () => {
    const deep = Array.from({ length: 100_000 }, (_, i) => `f${i}`).join(';');
    // not timed: 100 000 distinct names cost what interning them costs, seconds on a loaded machine
    const p = importCollapsed(enc.encode(`${deep} 5\n${deep};leaf 2\n`));
    assertSaneProfile(p);
    expect(p.tree.size).toBe(100_002);
    expect(p.total).toBe(7);
    const rows = functionRows(p);
    expect(rows.length).toBeGreaterThan(100_000);
    assertSaneProfile({ ...p, tree: invertTree(p.tree) });
    const same = timed(() => importCollapsed(enc.encode(`${Array(100_000).fill('r').join(';')} 3\n`)));
    expect(same.functions.total[same.frames.findIndex((f) => f.name === 'r')]).toBe(3); // recursion counted once
  });

  it('reserved and hostile frame names come out as distinct frames, exactly', () => {
    const names = ['__proto__', 'constructor', 'toString', '<img src=x onerror=alert(1)>', '\u202eevil', 'hasOwnProperty', '"quoted"'];
    const p = importCollapsed(enc.encode(`${names.join(';')} 1\n${[...names].reverse().join(';')} 2\n\ud800 1\n`));
    assertSaneProfile(p);
    expect(p.frames.map((f) => f.name).sort()).toEqual(['(root)', ...names, '\ufffd'].sort());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('counts that are not numbers, too large to be exact, or negative skip the line, not the sum', () => {
    const p = importCollapsed(enc.encode(`a 1\nb ${'9'.repeat(400)}\nc 9007199254740993\nd -1\ne 1e5\nf 2.5\n`));
    expect(p.total).toBe(3.5);
    expect(p.warnings?.[0]).toMatch(/^1 line is not a stack .* at line 5$/);
    expect(p.warnings?.[1]).toMatch(/^2 lines have counts above 2\^53 - 1, .* at line 2$/);
    expect(p.warnings?.[2]).toMatch(/^1 line has a negative count .* at line 4$/);
  });
});
