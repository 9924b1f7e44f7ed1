import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../../test/support/corpus';
import { assertSaneProfile } from '../../../../test/support/saneProfile';
import { importChromeTraceAll } from './chromeTrace';

// DevTools traces (Profile and ProfileChunk events) against an independent Python reader
// (test/support/oracles/chrome_trace_oracle.py) that applies DevTools' rule: samples in time
// order, each lasting until the next. Chrome-116 and Chrome-70 hold negative time deltas.

const ORACLE = new URL('../../../../test/support/oracles/chrome_trace_oracle.py', import.meta.url).pathname;

interface OracleProfile { tid: number; total: number; functions: Record<string, { self: number; total: number }> }

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

describe('Chrome traces: sampled CPU profiles against the oracle', () => {
  it.each(['Chrome-69-simple.json', 'Chrome-70-worker.json', 'Chrome-116-Trace-20230603T221323.json'])('%s', (name) => {
    const file = join(CORPUS, 'chrome', name);
    const oracle = (JSON.parse(execFileSync('python3', [ORACLE, file], { encoding: 'utf8', maxBuffer: 1 << 28 })) as OracleProfile[]).filter((p) => p.total > 0);
    const ps = importChromeTraceAll(readBytes(file), { name });
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
  });

  it('samples out of time order are weighed in time order and said (Chrome-116: 7 negative deltas)', () => {
    const [p] = importChromeTraceAll(readBytes(join(CORPUS, 'chrome', 'Chrome-116-Trace-20230603T221323.json')));
    expect(p.warnings?.some((w) => /^7 negative time deltas \(samples out of time order\)/.test(w))).toBe(true);
    const t = p.samples!.time;
    for (let i = 1; i < p.samples!.size; i++) expect(t[i]).toBeGreaterThanOrEqual(t[i - 1]);
  });
});
