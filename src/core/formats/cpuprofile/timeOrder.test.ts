import { describe, expect, it } from 'vitest';
import { importCpuProfile } from './cpuprofile';

// Samples out of time order weigh the time to the next sample in time order (DevTools sorts them,
// equal times in the file's order). The reference below does that the plain way, a full stable
// sort of (time, position) pairs, for the two shapes the importer's sort treats differently: V8's
// own few local inversions, and a file shuffled far out of order.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['a', 'b', 'c', 'd', 'e'];
const nodes = [
  { id: 1, callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }, children: [2, 3, 4, 5, 6] },
  ...NAMES.map((name, i) => ({ id: i + 2, callFrame: { functionName: name, scriptId: '1', url: 'x.js', lineNumber: i, columnNumber: 0 }, children: [] })),
];

function reference(samples: number[], deltas: number[], startTime: number, endTime: number): Map<string, number> {
  let t = startTime;
  const timed = samples.map((node, i) => ({ node, time: (t += deltas[i]), i }));
  timed.sort((x, y) => x.time - y.time || x.i - y.i);
  const self = new Map<string, number>();
  timed.forEach((s, k) => {
    const weight = (k + 1 < timed.length ? timed[k + 1].time : endTime) - s.time;
    const name = NAMES[s.node - 2];
    if (weight > 0) self.set(name, (self.get(name) ?? 0) + weight);
  });
  return self;
}

function check(samples: number[], deltas: number[]): void {
  const startTime = 1000;
  const endTime = startTime + deltas.reduce((a, b) => a + b, 0) + 1e6; // after every sample
  const p = importCpuProfile(new TextEncoder().encode(JSON.stringify({ nodes, startTime, endTime, samples, timeDeltas: deltas })));
  const want = reference(samples, deltas, startTime, endTime);
  for (const name of NAMES) {
    const frame = p.frames.findIndex((f) => f.name === name);
    expect(frame >= 0 ? p.functions.self[frame] : 0, name).toBe(want.get(name) ?? 0);
  }
  const times = p.samples!.time;
  for (let i = 1; i < p.samples!.size; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
}

describe('cpuprofile samples out of time order', () => {
  it('a few local inversions, as V8 writes them (ties included), weigh as in time order', () => {
    const r = rng(7);
    const samples: number[] = [], deltas: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      samples.push(2 + Math.floor(r() * 5));
      const x = r();
      deltas.push(x < 0.02 ? -Math.floor(r() * 300) : x < 0.05 ? 0 : 100 + Math.floor(r() * 50));
    }
    check(samples, deltas);
  });

  it('a file shuffled far out of order weighs the same as the reference', () => {
    const r = rng(11);
    const samples: number[] = [], deltas: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      samples.push(2 + Math.floor(r() * 5));
      deltas.push(Math.floor((r() - 0.5) * 1e6));
    }
    check(samples, deltas);
  });
});
