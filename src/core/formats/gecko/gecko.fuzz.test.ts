import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../../test/support/corpus';
import {
  applyJsonEdits, check, cutPoints, expectSaneOrFormatError, jsonEdit, jsonPaths, MAX_CASE_MS, mutatedBytes, printCaseCounts, truncated,
} from '../../../../test/support/fuzz';
import { assertSaneProfile } from '../../../../test/support/saneProfile';
import { ProfileFormatError } from '../../errors';
import type { Profile } from '../../model';
import { importProfiles } from '../../io/import';
import { importGeckoAll } from './gecko';

// Property-based tests and attacks of the Firefox Profiler importer: the Firefox 61 recording cut
// short and mangled, structure edits of its tables, 100 000-deep stacks in both forms, loops
// through prefixes, and hostile strings.

const enc = new TextEncoder();
const json = (v: unknown) => enc.encode(JSON.stringify(v));
const SMALL = readBytes(join(CORPUS, 'others/firefox/61-recursion.json'));
const FORMATS = ['gecko'];
const ANY_FORMAT = ['cpuprofile', 'chrome-trace', 'callgrind', 'pstats', 'pprof', 'perf', 'collapsed', 'speedscope', 'gecko', 'unknown format', 'gzip'];
const WHERE = /^(?!$)(byte \d+( of \d+)?|(profile\.?)?((processes|threads)\[\d+\]\.?)*(meta(\.interval)?|threads|stringTable|(stackTable|frameTable|funcTable|samples)(\.(schema|data(\[\d+\])?|\w+(\[\d+\])?))?)?)$/;
const ANY_WHERE = /^(byte \d+( of \d+)?|line \d+|nodes\[\d+\]|timeDeltas\[\d+\]|endTime|(shared|profiles|threads|traceEvents|meta|profile|processes)[\w.[\]]*)$/;

const direct = (bytes: Uint8Array) => expectSaneOrFormatError('gecko', () => importGeckoAll(bytes), FORMATS, WHERE);
const viaIndex = (bytes: Uint8Array) => expectSaneOrFormatError('gecko', () => importProfiles(bytes), ANY_FORMAT, ANY_WHERE);

/** A small document: the recording's profile with its samples cut to a few, for fast structure edits. */
const parsed = JSON.parse(new TextDecoder().decode(SMALL)) as { profile: { threads: { samples: { data: unknown[] }; markers?: unknown }[]; libs?: unknown } };
const small = structuredClone(parsed.profile);
small.libs = [];
small.threads[0].samples.data = small.threads[0].samples.data.slice(0, 6);
delete small.threads[0].markers;

function timed(bytes: Uint8Array): Profile[] {
  const c0 = process.cpuUsage();
  const ps = importGeckoAll(bytes);
  const cpu = process.cpuUsage(c0);
  expect((cpu.user + cpu.system) / 1000).toBeLessThan(MAX_CASE_MS);
  for (const p of ps) assertSaneProfile(p);
  return ps;
}

function formatError(run: () => unknown): ProfileFormatError {
  try {
    run();
  } catch (e) {
    if (e instanceof ProfileFormatError) return e;
    throw e;
  }
  throw new Error('expected a ProfileFormatError');
}

describe('fuzz: gecko', () => {
  afterAll(() => printCaseCounts('gecko.fuzz'));

  it('fuzz: the Firefox 61 recording truncated at 400 points', () => {
    for (const cut of cutPoints(SMALL.length, 400)) {
      direct(SMALL.subarray(0, cut));
      viaIndex(SMALL.subarray(0, cut));
    }
  });

  it('fuzz: random truncation, flipped, set, inserted, deleted and duplicated bytes', () => {
    check(fc.property(fc.oneof(truncated(SMALL), mutatedBytes(SMALL)), (bytes) => {
      direct(bytes);
      viaIndex(bytes);
    }), 300);
  });

  const paths = jsonPaths(small);
  it('fuzz: JSON structure edits (schemas, rows, prefixes, frames, strings of the wrong kind)', () => {
    check(fc.property(fc.array(jsonEdit(paths.length), { minLength: 1, maxLength: 6 }), (edits) => {
      const b = json(applyJsonEdits(small, paths, edits));
      direct(b);
      viaIndex(b);
    }), 400);
  });
});

describe('gecko attacks', () => {
  const N = 100_000;
  const meta = { interval: 1, version: 9, startTime: 0 };

  it('a raw stack 100 000 frames deep', () => {
    const data = Array.from({ length: N }, (_, i) => [i === 0 ? null : i - 1, i % 3]);
    const thread = {
      name: 'deep', stringTable: ['a', 'b (x.js:1:2)', 'c'],
      stackTable: { schema: { prefix: 0, frame: 1 }, data },
      frameTable: { schema: { location: 0 }, data: [[0], [1], [2]] },
      samples: { schema: { stack: 0, time: 1 }, data: [[N - 1, 0], [N - 1, 1], [5, 2]] },
    };
    const [p] = timed(json({ meta, threads: [thread] }));
    expect(p.tree.size).toBe(N + 1);
    expect(p.total).toBe(3);
  });

  it('a processed stack 100 000 frames deep', () => {
    const thread = {
      name: 'deep', stringArray: ['f', 'g'],
      funcTable: { length: 2, name: [0, 1] },
      frameTable: { length: 2, func: [0, 1] },
      stackTable: { length: N, prefix: Array.from({ length: N }, (_, i) => (i === 0 ? null : i - 1)), frame: Array.from({ length: N }, (_, i) => i % 2) },
      samples: { length: 2, stack: [N - 1, null], time: [0, 1] },
    };
    const [p] = timed(json({ meta: { ...meta, preprocessedProfileVersion: 48 }, threads: [thread] }));
    expect(p.tree.size).toBe(N + 1);
    expect(p.total).toBe(1);
  });

  it('prefixes that point forward or loop are errors that say where', () => {
    const thread = (data: unknown[][]) => ({
      name: 't', stringTable: ['a'],
      stackTable: { schema: { prefix: 0, frame: 1 }, data },
      frameTable: { schema: { location: 0 }, data: [[0]] },
      samples: { schema: { stack: 0 }, data: [[0]] },
    });
    expect(formatError(() => importGeckoAll(json({ meta, threads: [thread([[1, 0], [0, 0]])] }))).where).toBe('threads[0].stackTable.data[0]');
    expect(formatError(() => importGeckoAll(json({ meta, threads: [thread([[0, 0]])] }))).where).toBe('threads[0].stackTable.data[0]');
    expect(formatError(() => importGeckoAll(json({ meta, threads: [thread([[null, 4]])] }))).problem).toBe('frame 4 is not a row of the frame table (1 rows)');
  });

  it('hostile strings stay text; __proto__ keys and schema names are data', () => {
    const names = ['__proto__', 'constructor', '<img src=x onerror=alert(1)>', '\u202e\ud83d\ude00', `${' ('.repeat(50_000)}x)`, 'a\u0000b'];
    const bytes = enc.encode(JSON.stringify({
      meta, threads: [{
        name: '__proto__', stringTable: names,
        stackTable: { schema: { prefix: 0, frame: 1 }, data: names.map((_, i) => [null, i]) },
        frameTable: { schema: { location: 0 }, data: names.map((_, i) => [i]) },
        samples: { schema: { stack: 0, constructor: 1 }, data: names.map((_, i) => [i]) },
      }],
    }).replace('"schema":{"prefix"', '"schema":{"__proto__":{"frame":5},"prefix"'));
    const [p] = timed(bytes);
    expect(p.frames.slice(1).map((f) => f.name)).toEqual(names);
    expect(p.name).toContain('__proto__');
  });
});
