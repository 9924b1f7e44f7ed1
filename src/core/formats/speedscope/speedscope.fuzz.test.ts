import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../../test/support/corpus';
import {
  applyJsonEdits, check, cutPoints, expectSaneOrFormatError, MAX_CASE_MS, jsonEdit, jsonPaths, mutatedBytes, printCaseCounts, truncated,
} from '../../../../test/support/fuzz';
import { assertSaneProfile } from '../../../../test/support/saneProfile';
import { ProfileFormatError } from '../../errors';
import { importProfiles } from '../../io/import';
import { importSpeedscopeAll } from './speedscope';

// Property-based tests and attacks of the speedscope importer: the sample files cut short and
// mangled, structure edits, 100 000-deep stacks both ways, and hostile names.

const enc = new TextEncoder();
const json = (v: unknown) => enc.encode(JSON.stringify(v));
const EVENTED = readBytes(join(CORPUS, 'others/speedscope/0.0.1-simple.speedscope.json'));
const TWO = readBytes(join(CORPUS, 'others/speedscope/0.6.0-two-sampled.speedscope.json'));
const FORMATS = ['speedscope'];
const ANY_FORMAT = ['cpuprofile', 'chrome-trace', 'callgrind', 'pstats', 'speedscope', 'gecko', 'unknown format', 'gzip'];
const WHERE = /^(byte \d+( of \d+)?|shared\.frames(\[\d+\](\.name)?)?|profiles(\[\d+\](\.(type|unit|samples|weights|events)(\[\d+\](\[\d+\]|\.(at|frame|type))?)?)?)?)$/;
const ANY_WHERE = new RegExp(`${WHERE.source}|^(line \\d+|nodes\\[\\d+\\]|timeDeltas\\[\\d+\\]|endTime)$`);

const direct = (bytes: Uint8Array) => expectSaneOrFormatError('speedscope', () => importSpeedscopeAll(bytes), FORMATS, WHERE);
const viaIndex = (bytes: Uint8Array) => expectSaneOrFormatError('speedscope', () => importProfiles(bytes), ANY_FORMAT, ANY_WHERE);

const SCHEMA = 'https://www.speedscope.app/file-format-schema.json';
const doc = (frames: unknown[], profiles: unknown[]) => ({ $schema: SCHEMA, shared: { frames }, profiles });

function formatError(run: () => unknown): ProfileFormatError {
  try {
    run();
  } catch (e) {
    if (e instanceof ProfileFormatError) return e;
    throw e;
  }
  throw new Error('expected a ProfileFormatError');
}

describe('fuzz: speedscope', () => {
  afterAll(() => printCaseCounts('speedscope.fuzz'));

  it('fuzz: the sample files truncated at every byte', () => {
    for (const file of [EVENTED, TWO]) for (const cut of cutPoints(file.length, 2000)) {
      direct(file.subarray(0, cut));
      viaIndex(file.subarray(0, cut));
    }
  });

  it('fuzz: random truncation, flipped, set, inserted, deleted and duplicated bytes', () => {
    check(fc.property(fc.oneof(truncated(EVENTED), mutatedBytes(EVENTED), mutatedBytes(TWO)), (bytes) => {
      direct(bytes);
      viaIndex(bytes);
    }), 500);
  });

  for (const [name, bytes] of [['evented', EVENTED], ['two sampled', TWO]] as const) {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    const paths = jsonPaths(parsed);
    it(`fuzz: JSON structure edits of the ${name} file (frames, events, stacks, weights of the wrong kind)`, () => {
      check(fc.property(fc.array(jsonEdit(paths.length), { minLength: 1, maxLength: 6 }), (edits) => {
        const b = json(applyJsonEdits(parsed, paths, edits));
        direct(b);
        viaIndex(b);
      }), 400);
    });
  }
});

describe('speedscope attacks', () => {
  it('an evented profile 100 000 frames deep, opened and closed', () => {
    const N = 100_000;
    const events: unknown[] = [];
    for (let i = 0; i < N; i++) events.push({ type: 'O', frame: i % 2, at: i });
    for (let i = N - 1; i >= 0; i--) events.push({ type: 'C', frame: i % 2, at: 2 * N - i });
    const bytes = json(doc([{ name: 'a' }, { name: 'b' }], [{ type: 'evented', unit: 'none', startValue: 0, endValue: 0, events }]));
    // the import alone, not the making of the file; in CPU time, which a machine shared by many
    // test runs does not stretch the way it stretches wall time
    const c0 = process.cpuUsage();
    const [p] = importSpeedscopeAll(bytes);
    const cpu = process.cpuUsage(c0);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(MAX_CASE_MS);
    assertSaneProfile(p);
    expect(p.tree.size).toBe(N + 1);
    expect(p.total).toBe(2 * N - (N - 1) + N - 1); // the outermost frame is open from 0 to N + 1
    expect(p.functions.ncalls![p.frames.findIndex((f) => f.name === 'a')]).toBe(N / 2);
    expect(p.functions.primcalls![p.frames.findIndex((f) => f.name === 'a')]).toBe(1);
  });

  it('a 100 000-deep evented profile never closed: closed at the end, one warning', () => {
    const events = Array.from({ length: 100_000 }, (_, i) => ({ type: 'O', frame: 0, at: i }));
    const [p] = importSpeedscopeAll(json(doc([{ name: 'r' }], [{ type: 'evented', unit: 'none', startValue: 0, endValue: 200_000, events }])));
    assertSaneProfile(p);
    expect(p.total).toBe(200_000);
    expect(p.warnings).toEqual(['100000 frames were still open at the end: closed at endValue (200000) (first at profiles[0].events[0])']);
  });

  it('a sampled stack 100 000 frames deep', () => {
    const stack = Array.from({ length: 100_000 }, (_, i) => i % 3);
    const [p] = importSpeedscopeAll(json(doc([{ name: 'a' }, { name: 'b' }, { name: 'c' }], [
      { type: 'sampled', unit: 'nanoseconds', startValue: 0, endValue: 3, samples: [stack, stack, [0]], weights: [1, 1, 1] },
    ])));
    assertSaneProfile(p);
    expect(p.tree.size).toBe(100_001);
    expect(p.functions.total[p.frames.findIndex((f) => f.name === 'c')]).toBe(2);
    expect(p.functions.self[p.frames.findIndex((f) => f.name === 'a')]).toBe(3);
  });

  it('hostile names stay text; __proto__ keys are data, not prototypes', () => {
    const names = ['__proto__', 'constructor', 'toString', '<img src=x onerror=alert(1)>', '\u202e\ud83d\ude00', '\ud800', 'a\u0000b', ''];
    const bytes = enc.encode(`{"$schema":"${SCHEMA}","__proto__":{"profiles":[]},"shared":{"frames":[${names.map((n) => `{"name":${JSON.stringify(n)},"__proto__":{"file":"x"}}`).join(',')}]},`
      + `"profiles":[{"type":"sampled","unit":"none","samples":[${names.map((_, i) => `[${i}]`).join(',')}],"weights":[${names.map(() => 1).join(',')}]}]}`);
    const [p] = importSpeedscopeAll(bytes);
    assertSaneProfile(p);
    expect(p.frames.slice(1).map((f) => f.name)).toEqual(names);
    expect(p.frames.every((f) => f.file === '')).toBe(true);
    expect(({} as Record<string, unknown>).file).toBeUndefined();
  });

  it('frame indexes, weights and units that lie are errors that say where', () => {
    const frames = [{ name: 'a' }];
    const sampled = (extra: object) => json(doc(frames, [{ type: 'sampled', unit: 'none', samples: [[0]], weights: [1], ...extra }]));
    expect(formatError(() => importSpeedscopeAll(sampled({ samples: [[1]] }))).where).toBe('profiles[0].samples[0][0]');
    expect(formatError(() => importSpeedscopeAll(sampled({ samples: [[0.5]] }))).where).toBe('profiles[0].samples[0][0]');
    expect(formatError(() => importSpeedscopeAll(sampled({ weights: [-1] }))).where).toBe('profiles[0].weights[0]');
    expect(formatError(() => importSpeedscopeAll(sampled({ weights: [1, 2] }))).problem).toBe('1 samples but 2 weights');
    expect(formatError(() => importSpeedscopeAll(sampled({ unit: 'parsecs' }))).where).toBe('profiles[0].unit');
    const evented = (events: unknown[]) => json(doc(frames, [{ type: 'evented', unit: 'none', events }]));
    expect(formatError(() => importSpeedscopeAll(evented([{ type: 'O', frame: 3, at: 0 }]))).where).toBe('profiles[0].events[0].frame');
    expect(formatError(() => importSpeedscopeAll(evented([{ type: 'X', frame: 0, at: 0 }]))).where).toBe('profiles[0].events[0].type');
    expect(formatError(() => importSpeedscopeAll(evented([{ type: 'O', frame: 0, at: 'soon' }]))).where).toBe('profiles[0].events[0].at');
    expect(formatError(() => importSpeedscopeAll(json(doc(frames, [])))).problem).toBe('the file holds no profiles');
  });

  it('the timeline starts at startValue, or at an earlier first event: no negative times', () => {
    const [p] = importSpeedscopeAll(json(doc([{ name: 'a' }], [{ type: 'evented', unit: 'none', startValue: 10, endValue: 20, events: [
      { type: 'O', frame: 0, at: 4 }, { type: 'C', frame: 0, at: 12 },
    ] }])));
    expect([...p.samples!.time]).toEqual([0]);
    expect([...p.samples!.weight]).toEqual([8]);
  });

  it('events that go back in time are taken at the time before, and said so', () => {
    const [p] = importSpeedscopeAll(json(doc([{ name: 'a' }, { name: 'b' }], [{ type: 'evented', unit: 'none', events: [
      { type: 'O', frame: 0, at: 10 }, { type: 'O', frame: 1, at: 5 }, { type: 'C', frame: 1, at: 12 }, { type: 'C', frame: 0, at: 20 },
    ] }])));
    assertSaneProfile(p);
    expect(p.total).toBe(10);
    expect(p.warnings).toEqual(['1 events go back in time: taken as happening at the time of the event before (first at profiles[0].events[1])']);
  });
});
