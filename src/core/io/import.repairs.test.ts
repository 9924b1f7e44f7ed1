import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CORPUS, readBytes, readJson } from '../../../test/support/corpus';
import { importProfiles } from './import';
import { refused } from '../../../test/support/refused';

// Issue 18: a file whose repairs leave nothing is an error, not an empty profile. Each case is a
// real corpus file made hostile; the counts expected are read from the file here, not from the
// importer. Found by a hostile-file sweep of the CLI (stats said "total 0" beside a warning).

const enc = new TextEncoder();


interface Evented { profiles: { events: { type: string }[] }[] }
interface TraceEvent { ph: string }

describe('repairs that leave nothing are errors', () => {
  it('speedscope: a corpus file with only its close events', () => {
    const file = readJson<Evented>(join(CORPUS, 'others/speedscope/0.0.1-simple.speedscope.json'));
    const closes = file.profiles[0].events.filter((e) => e.type === 'C').length;
    file.profiles[0].events = file.profiles[0].events.filter((e) => e.type === 'C');
    const e = refused(enc.encode(JSON.stringify(file)), 'only-close.speedscope.json');
    expect(e.format).toBe('speedscope');
    expect(e.problem).toBe(`nothing is left after repairing the file: ${closes} close events of frames that were not open: dropped (first at profiles[0].events[0])`);
    expect(e.where).toBe('profiles[0].events[0]');
  });

  it('trace events: a corpus trace with its begin events removed', () => {
    const events = readJson<TraceEvent[]>(join(CORPUS, 'others/trace-event/end-event-with-empty-stack.json'));
    const ends = events.filter((e) => e.ph === 'E');
    const e = refused(enc.encode(JSON.stringify(ends)), 'only-end.json');
    expect(e.format).toBe('chrome-trace');
    expect(e.problem).toBe(`nothing is left after repairing the file: ${ends.length} end events (E) with no begin event open on their thread: dropped (first at traceEvents[0])`);
  });

  it('pprof: the corpus CPU profile concatenated with itself (protobuf merges it into 4 sample types, each sample with 2 values)', () => {
    const raw = gunzipSync(readBytes(join(CORPUS, 'pprof/cpu.pprof')));
    const twice = new Uint8Array(raw.length * 2);
    twice.set(raw);
    twice.set(raw, raw.length);
    const e = refused(twice, 'twice.pprof');
    expect(e.format).toBe('pprof');
    expect(e.problem).toMatch(/^nothing is left after repairing the file: .*samples have a number of values other than the 4 sample types/);
  });

  it('a file with no cost and nothing repaired still opens: the corpus sampled speedscope file with every weight 0', () => {
    const file = readJson<{ profiles: { weights: number[] }[] }>(join(CORPUS, 'others/speedscope/0.1.2-simple-sampled.speedscope.json'));
    for (const p of file.profiles) p.weights = p.weights.map(() => 0);
    const [p] = importProfiles(enc.encode(JSON.stringify(file)), { name: 'idle.speedscope.json' });
    expect(p.total).toBe(0);
    expect(p.warnings).toBeUndefined();
  });
});
