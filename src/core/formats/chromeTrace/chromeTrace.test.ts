import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, readBytes, readJson } from '../../../../test/support/corpus';
import { assertSaneProfile } from '../../../../test/support/saneProfile';
import type { Profile } from '../../model';
import { importChromeTraceAll } from './chromeTrace';

// DevTools traces (Profile and ProfileChunk events) against an independent Python reader
// (test/support/oracles/chrome_trace_oracle.py) that applies DevTools' rule: samples in time
// order, each lasting until the next. Chrome-116 and Chrome-70 hold negative time deltas.

const ORACLE = new URL('../../../../test/support/oracles/chrome_trace_oracle.py', import.meta.url).pathname;

interface OracleProfile { tid: number; total: number; functions: Record<string, { self: number; total: number }> }

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

const oracleOf = (file: string) => (JSON.parse(execFileSync('python3', [ORACLE, file], { encoding: 'utf8', maxBuffer: 1 << 28 })) as OracleProfile[]).filter((p) => p.total > 0);

/** Each profile matches one of the oracle's, total and every function's self and total. */
function expectOracle(ps: Profile[], oracle: OracleProfile[], name: string): void {
  expect(ps.length).toBe(oracle.length);
  const left = [...oracle];
  for (const p of ps) {
    assertSaneProfile(p);
    const ours = new Map(p.frames.map((f, i) => [`${f.name}|${f.file}|${f.line}|${f.column}`, { self: p.functions.self[i], total: p.functions.total[i] }]));
    const k = left.findIndex((t) => close(t.total, p.total) && Object.entries(t.functions).every(([key, f]) => {
      const r = ours.get(key);
      return r !== undefined && close(r.self, f.self) && close(r.total, f.total);
    }));
    expect(k, `${name}: no profile of the oracle matches ${p.name} (total ${p.total})`).toBeGreaterThanOrEqual(0);
    left.splice(k, 1);
  }
}

describe('Chrome traces: sampled CPU profiles against the oracle', () => {
  it.each(['Chrome-69-simple.json', 'Chrome-70-worker.json', 'Chrome-116-Trace-20230603T221323.json'])('%s', (name) => {
    const file = join(CORPUS, 'chrome', name);
    expectOracle(importChromeTraceAll(readBytes(file), { name }), oracleOf(file), name);
  });

  it('samples out of time order are weighed in time order and said (Chrome-116: 7 negative deltas)', () => {
    const [p] = importChromeTraceAll(readBytes(join(CORPUS, 'chrome', 'Chrome-116-Trace-20230603T221323.json')));
    expect(p.warnings?.some((w) => /^7 negative time deltas \(samples out of time order\)/.test(w))).toBe(true);
    const t = p.samples!.time;
    for (let i = 1; i < p.samples!.size; i++) expect(t[i]).toBeGreaterThanOrEqual(t[i - 1]);
  });
});

// Found by a hostile-file sweep: chunks whose profile has no Profile event, and chunks out of time
// order, were read without a word. Each case is a corpus trace made hostile; the oracle (which
// takes chunks in the file's order, as DevTools does) reads the same hostile file.
describe('Chrome traces: ProfileChunk events without their Profile event, or out of time order', () => {
  interface Event { name?: string; id?: string; ts?: number; args?: { data?: { startTime?: number } } }
  const corpus = (name: string) => readJson<Event[]>(join(CORPUS, 'chrome', name));
  const dir = mkdtempSync(join(tmpdir(), 'profburst-chunks-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** the hostile events as a file: the importer's profiles and the oracle's, of the same bytes */
  const both = (events: Event[], name: string) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(events));
    return { ps: importChromeTraceAll(readBytes(file), { name }), oracle: oracleOf(file) };
  };
  const chunkIndexes = (events: Event[], id?: string) => events.flatMap((e, i) => (e.name === 'ProfileChunk' && (id === undefined || e.id === id) ? [i] : []));

  it('a profile without its Profile event is read, said with the count of its chunks, its numbers the same', () => {
    const events = corpus('Chrome-69-simple.json').filter((e) => e.name !== 'Profile');
    const chunks = chunkIndexes(events);
    const { ps, oracle } = both(events, 'no-profile-event.json');
    expectOracle(ps, oracle, 'no-profile-event.json');
    expect(ps[0].warnings).toEqual([`${chunks.length} ProfileChunk events of a profile id with no Profile event (the sampled thread and start time): read as a thread of its own, started at its first chunk's ts less its time deltas, where DevTools leaves them out (first at traceEvents[${chunks[0]}])`]);
    expect(ps[0].name).toMatch(/^no-profile-event\.json \(pid \d+, profile 0x[0-9a-f]+\)$/);
  });

  it('a worker thread without its Profile event still lines up with the main thread (its start within 1 ms of the real one)', () => {
    const original = corpus('Chrome-70-worker.json');
    const profile = original.find((e) => e.name === 'Profile' && e.id === '0xa')!;
    const events = original.filter((e) => e !== profile);
    const chunks = chunkIndexes(events, '0xa');
    const { ps, oracle } = both(events, 'worker-no-profile-event.json');
    expectOracle(ps, oracle, 'worker-no-profile-event.json');
    const worker = ps.find((p) => p.warnings?.some((w) => w.includes('no Profile event')))!;
    expect(worker.warnings?.[0]).toMatch(new RegExp(`^${chunks.length} ProfileChunk events .* \\(first at traceEvents\\[${chunks[0]}\\]\\)$`));
    expect(Math.abs(worker.thread!.origin - profile.args!.data!.startTime!)).toBeLessThan(1000);
    // the main thread, whose Profile event is there, says nothing of its chunks
    expect(ps.filter((p) => p !== worker).flatMap((p) => p.warnings ?? []).some((w) => w.includes('ProfileChunk'))).toBe(false);
  });

  it('chunks in reverse order are taken in the file\'s order, as DevTools and the oracle take them, and said', () => {
    const events = corpus('Chrome-69-simple.json');
    const at = chunkIndexes(events);
    const reversed = [...events];
    at.forEach((i, k) => { reversed[i] = events[at[at.length - 1 - k]]; });
    // a chunk is out of order when its ts is earlier than the chunk's before it
    const late = at.filter((i, k) => k > 0 && reversed[i].ts! < reversed[at[k - 1]].ts!);
    expect(late.length).toBe(at.length - 1);
    const { ps, oracle } = both(reversed, 'reversed-chunks.json');
    expectOracle(ps, oracle, 'reversed-chunks.json');
    expect(ps[0].warnings).toEqual([`${late.length} ProfileChunk events with an earlier ts than the chunk before them of their profile: taken in the file's order, as DevTools takes them, which times their samples after that chunk's (first at traceEvents[${late[0]}])`]);
  });

  it('says nothing of the real traces\' chunks', () => {
    for (const name of ['Chrome-69-simple.json', 'Chrome-70-worker.json', 'Chrome-116-Trace-20230603T221323.json']) {
      for (const p of importChromeTraceAll(readBytes(join(CORPUS, 'chrome', name)))) expect(p.warnings?.filter((w) => w.includes('ProfileChunk')) ?? []).toEqual([]);
    }
  });
});
