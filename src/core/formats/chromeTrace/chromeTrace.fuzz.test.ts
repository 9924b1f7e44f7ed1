import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { CORPUS, readBytes } from '../../../../test/support/corpus';
import { ANY_FORMAT, applyJsonEdits, check, cutPoints, expectSaneOrFormatError, jsonEdit, jsonPaths, mutatedBytes, printCaseCounts, truncated } from '../../../../test/support/fuzz';
import { importChromeTraceAll } from './chromeTrace';
import { importProfiles } from '../../io/import';

// Property-based tests of the Chrome trace importer: real DevTools traces cut short and mangled.

const SIMPLE = readBytes(join(CORPUS, 'chrome/Chrome-69-simple.json'));
const WORKER = readBytes(join(CORPUS, 'chrome/Chrome-70-worker.json'));
const FORMATS = ['chrome-trace', 'cpuprofile'];
const WHERE = /^(byte \d+( of \d+)?|nodes\[\d+\]|samples\[\d+\]|timeDeltas\[\d+\]|endTime)$/;
const ANY_WHERE = /^(byte \d+( of \d+)?|line \d+|nodes\[\d+\]|samples\[\d+\]|timeDeltas\[\d+\]|endTime)$/;
const enc = new TextEncoder();

/** The trace's profile events only, and only its first chunks: a small real trace that imports in a millisecond. */
function smallTrace(bytes: Uint8Array, chunks: number): unknown {
  const parsed = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  const events = (Array.isArray(parsed) ? parsed : (parsed as { traceEvents: unknown[] }).traceEvents) as { name?: string }[];
  let n = 0;
  return { traceEvents: events.filter((e) => ['Profile', 'thread_name', 'process_name'].includes(e.name ?? '') || (e.name === 'ProfileChunk' && n++ < chunks)) };
}

const SMALL_DOC = smallTrace(SIMPLE, 4);
const SMALL = enc.encode(JSON.stringify(SMALL_DOC));
const TWO_THREADS_DOC = smallTrace(WORKER, 6);

const direct = (bytes: Uint8Array) => expectSaneOrFormatError('chrome-trace', () => importChromeTraceAll(bytes), FORMATS, WHERE);
const viaIndex = (bytes: Uint8Array) => expectSaneOrFormatError('chrome-trace', () => importProfiles(bytes), ANY_FORMAT, ANY_WHERE);

describe('fuzz: chrome-trace', () => {
  afterAll(() => printCaseCounts('chromeTrace.fuzz'));

  it('fuzz: real traces truncated at 100 points each, and the small one at 300', () => {
    for (const file of [SIMPLE, WORKER]) for (const cut of cutPoints(file.length, 100)) viaIndex(file.subarray(0, cut));
    for (const cut of cutPoints(SMALL.length, 300)) direct(SMALL.subarray(0, cut));
  });

  it('fuzz: random truncation, flipped, set, inserted, deleted and duplicated bytes', () => {
    check(fc.property(fc.oneof(truncated(SMALL), mutatedBytes(SMALL)), (bytes) => {
      direct(bytes);
      viaIndex(bytes);
    }), 400);
  });

  for (const [name, doc] of [['one thread', SMALL_DOC], ['two threads', TWO_THREADS_DOC]] as const) {
    const paths = jsonPaths(doc);
    it(`fuzz: JSON structure edits of a ${name} trace (ids, parents, chunks, samples, deltas of the wrong kind)`, () => {
      check(fc.property(fc.array(jsonEdit(paths.length), { minLength: 1, maxLength: 6 }), (edits) => {
        const bytes = enc.encode(JSON.stringify(applyJsonEdits(doc, paths, edits)));
        direct(bytes);
        viaIndex(bytes);
      }), 300);
    });
  }
});
