import { basename, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORPUS, corpusFiles, readBytes } from '../../../../test/support/corpus';
import { outcome } from '../../../../test/support/sameProfile';
import { ProfileFormatError } from '../../errors';
import { FrameTable } from '../../frames';
import type { Profile } from '../../model';
import { importCpuProfile, profileFromV8 } from './cpuprofile';
import { scanCpuProfile } from './scan';

// The byte scanner must give exactly what JSON.parse + the object walk give, and hand anything
// it does not read itself to that path.

const encoder = new TextEncoder();

function viaJson(text: string): Profile {
  const json = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>; // as TextDecoder drops it
  return profileFromV8({
    nodes: json.nodes as unknown[],
    samples: Array.isArray(json.samples) ? json.samples : [],
    timeDeltas: Array.isArray(json.timeDeltas) ? json.timeDeltas : [],
    startTime: typeof json.startTime === 'number' ? json.startTime : 0,
    endTime: typeof json.endTime === 'number' ? json.endTime : 0,
  }, 'cpuprofile', 'x');
}

function scanned(text: string): boolean {
  const frames = new FrameTable();
  frames.intern('(root)', '', 0, 0);
  return scanCpuProfile(encoder.encode(text), frames) !== null;
}

function expectSame(text: string, scannable = true): void {
  expect(scanned(text)).toBe(scannable);
  const a = outcome(() => importCpuProfile(encoder.encode(text), { name: 'x' }));
  const b = outcome(() => viaJson(text));
  // the same error (a profile without samples), or the same profile
  if (typeof a === 'string' || typeof b === 'string') {
    expect(a).toEqual(b);
    return;
  }
  expect(a.frames).toEqual(b.frames);
  expect(a.total).toBe(b.total);
  expect(a.tree.size).toBe(b.tree.size);
  expect([...a.tree.parent]).toEqual([...b.tree.parent]);
  expect([...a.tree.frame]).toEqual([...b.tree.frame]);
  expect([...a.tree.self]).toEqual([...b.tree.self]);
  expect([...a.functions.total]).toEqual([...b.functions.total]);
}

const cf = (functionName: string, url = 'a.js', lineNumber = 1, columnNumber = 2) =>
  ({ functionName, scriptId: '1', url, lineNumber, columnNumber });

const base = {
  nodes: [
    { id: 1, callFrame: cf('(root)', '', -1, -1), hitCount: 0, children: [2, 3] },
    { id: 2, callFrame: cf('f'), hitCount: 1, children: [4], positionTicks: [{ line: 2, ticks: 1 }] },
    { id: 3, callFrame: cf('g', 'b.js', 10, 0), hitCount: 2 },
    { id: 4, callFrame: cf('f'), hitCount: 1 },
  ],
  startTime: 1000,
  endTime: 2000,
  samples: [2, 3, 3, 4, 2],
  timeDeltas: [10, 100, 200, 50, 40],
};

describe('cpuprofile byte scanner', () => {
  it.each([...corpusFiles('cpuprofile', '.cpuprofile'), join(CORPUS, 'chrome/Chrome-65-sucrase.cpuprofile')].map((f) => [basename(f), f]))(
    'reads %s as JSON.parse does',
    (_name, file) => expectSame(new TextDecoder().decode(readBytes(file))),
  );

  it('takes whitespace, key order, unknown keys of every kind and a BOM', () => {
    expectSame(JSON.stringify(base, null, 2));
    expectSame(`\uFEFF${JSON.stringify(base)}`);
    const reordered = {
      timeDeltas: base.timeDeltas, extra: { a: [1, { b: null }, true, false, -1.5e3, 'x\\"y'], c: {} }, samples: base.samples,
      nodes: base.nodes.map((n) => ({ deoptReason: '', ...n, callFrame: { codeType: 'JS', ...n.callFrame }, hitCount: undefined })),
      endTime: 2000, startTime: 1000, title: [],
    };
    expectSame(JSON.stringify(reordered, null, '\t'));
  });

  it('decodes escapes and UTF-8, and merges two spellings of one name', () => {
    const p = structuredClone(base);
    p.nodes[1].callFrame = cf('caf\u00e9 "q" \\ \u2028 \ud83d\ude00', 'file:///x/\u00fc.js');
    p.nodes[2].callFrame = cf('f');
    const text = JSON.stringify(p).replace('"functionName":"g"', '"functionName":"\\u0066"').replace('"url":"b.js","lineNumber":10,"columnNumber":0', '"url":"a.js","lineNumber":1,"columnNumber":2');
    expectSame(text);
    expectSame(JSON.stringify(p).replace(/\\/g, '\\\\').replace('a.js', 'a\\/b.js').replace(/\\\\/g, '\\'));
  });

  it('takes fractions, exponents, negative and zero deltas, and big ids', () => {
    const p = structuredClone<typeof base>(base);
    p.timeDeltas = [1.5, 1e2, -3, 0, 2.5e-1];
    p.startTime = 1e3;
    expectSame(JSON.stringify(p));
    const sparse = JSON.stringify(base).replace(/\b([1-4])\b(?=[,\]}])/g, (m) => String(Number(m) * 1e9 + 7));
    expectSame(sparse);
    expectSame(JSON.stringify(base).replace(/"id":1,/, '"id":-1,').replace('"samples":[2', '"samples":[-1'));
  });

  it('takes nodes without callFrame and with parents instead of children', () => {
    const p = {
      nodes: [{ id: 1 }, { id: 2, parent: 1, callFrame: cf('x') }, { id: 3, parent: 2, callFrame: { functionName: 'y' } }],
      samples: [3, 2, 3], timeDeltas: [1, 2, 3], startTime: 0, endTime: 10,
    };
    expectSame(JSON.stringify(p));
  });

  it('reads callFrames met again by their bytes only where the first brace ends them', () => {
    // scan.ts looks a callFrame's bytes up before reading its members: a '}' inside a name, a
    // nested value, or scriptIds that differ must still come out as JSON.parse reads them
    const p = structuredClone(base);
    p.nodes[1].callFrame = cf('get {a}', 'x}.js');
    p.nodes[3].callFrame = cf('get {a}', 'x}.js');
    expectSame(JSON.stringify(p));
    const nested = { ...cf('h'), inlined: { at: [1, 2] } };
    const q = structuredClone(base);
    q.nodes[1].callFrame = nested;
    q.nodes[3].callFrame = nested;
    q.nodes[2].callFrame = { ...cf('h'), scriptId: '99' };
    expectSame(JSON.stringify(q));
    // the same callFrame bytes twice, then once more with a member repeated: the repeat is new bytes
    const text = JSON.stringify(base).replace(/("callFrame":\{"functionName":"f")(.*)("callFrame":\{"functionName":"f")/, '$1$2$3,"functionName":"f"');
    expect(text).toContain('"functionName":"f","functionName":"f"');
    expectSame(text, false);
  });

  it('leaves odd files to JSON.parse, with the same result', () => {
    expectSame(JSON.stringify({ ...base, samples: [2, 'x', 3] }), false);
    expectSame(JSON.stringify({ ...base, startTime: null, endTime: '5' }), true);
    expectSame(JSON.stringify(base).replace('"samples"', '"samples":[],"samples"'), false);
    expectSame(JSON.stringify(base).replace('"nodes":[', '"nodes":[{"id":9,"callFrame":{"functionName":7}},'), false);
  });

  it('rejects what JSON.parse rejects, with its errors', () => {
    const bad = [
      JSON.stringify(base).replace('"samples":[2,', '"samples":[2,,'),
      JSON.stringify(base).replace(']}', '],}'),
      JSON.stringify(base).replace('"hitCount":0', '"hitCount":01'),
      JSON.stringify(base).replace('"hitCount":0', '"hitCount":tru'),
      JSON.stringify(base).replace('"scriptId":"1"', '"scriptId":"\\x"'),
      JSON.stringify(base).slice(0, -1),
      `${JSON.stringify(base)} x`,
    ];
    for (const text of bad) {
      expect(scanned(text), text).toBe(false);
      expect(() => importCpuProfile(encoder.encode(text))).toThrow(ProfileFormatError);
    }
    const dup = JSON.stringify(base).replace('"id":3', '"id":2');
    expect(() => importCpuProfile(encoder.encode(dup))).toThrow(/node id 2 appears twice/);
    const noId = JSON.stringify(base).replace('"id":3', '"idx":3');
    expect(() => importCpuProfile(encoder.encode(noId))).toThrow(/node 2 has no numeric "id"/);
  });

  it('agrees with JSON.parse on random profiles printed in random ways', () => {
    const frame = fc.record({
      functionName: fc.oneof(fc.constantFrom('', 'f', 'g', '(program)'), fc.string({ maxLength: 6 })),
      url: fc.constantFrom('', 'a.js', 'node:fs', 'é.js'),
      lineNumber: fc.integer({ min: -1, max: 5 }),
      columnNumber: fc.integer({ min: -1, max: 3 }),
    });
    fc.assert(fc.property(
      fc.array(fc.tuple(frame, fc.nat()), { minLength: 1, maxLength: 30 }),
      fc.array(fc.nat(), { maxLength: 40 }),
      fc.array(fc.integer({ min: -5, max: 100 }), { maxLength: 40 }),
      fc.constantFrom(undefined, 1, '\t', 3),
      (spec, picks, deltas, indent) => {
        const nodes: { id: number; callFrame: unknown; children?: number[] }[] = spec.map(([callFrame], i) => ({ id: i + 1, callFrame }));
        spec.forEach(([, p], i) => {
          if (i === 0) return;
          const parent = nodes[p % i];
          (parent.children ??= []).push(i + 1);
        });
        const samples = picks.map((p) => (p % nodes.length) + 1);
        expectSame(JSON.stringify({ nodes, startTime: 5, endTime: 5000, samples, timeDeltas: deltas }, null, indent));
      },
    ), { numRuns: 200 });
  });
});
