import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { marshal, pstatsFile, wtf8, type MarshalValue, type PstatsEntry, type PstatsKey } from '../../../test/support/marshal';
import { assertSaneProfile } from '../../../test/support/saneProfile';
import { ProfileFormatError } from '../errors';
import type { Profile } from '../model';
import { callersAndCallees } from '../stats/callers';
import { matchFrames } from '../stats/search';
import { functionRows, sortRows } from '../stats/table';
import { treeFromGraph } from '../tree/fromGraph';
import { subtreeSizes } from '../tree/grow';
import { invertTree } from '../tree/invert';
import { visibleSubtree } from '../tree/visible';
import { importCallgrind } from './callgrind/callgrind';
import { importChromeTraceAll } from './chromeTrace/chromeTrace';
import { importCpuProfile, profileFromV8 } from './cpuprofile/cpuprofile';
import { gunzip } from '../io/gzip';
import { importProfiles } from '../io/import';
import { decodeMarshal } from './pstats/marshal';
import { importPstats } from './pstats/pstats';

// Structural attacks on every importer, one test each: files that are well-formed at the surface
// and lie underneath. Each must give a sane profile or a ProfileFormatError that says what and where.

const enc = new TextEncoder();
const text = (s: string) => enc.encode(s);
const json = (v: unknown) => enc.encode(JSON.stringify(v));

function formatError(run: () => unknown): ProfileFormatError {
  try {
    run();
  } catch (e) {
    if (e instanceof ProfileFormatError) return e;
    throw new Error(`expected a ProfileFormatError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  throw new Error('expected a ProfileFormatError, got a profile');
}

function sane<T extends Profile | Profile[]>(p: T): T {
  for (const x of Array.isArray(p) ? p : [p]) assertSaneProfile(x);
  return p;
}

const frameNamed = (p: Profile, name: string) => p.frames.findIndex((f) => f.name === name);

// ---- V8 .cpuprofile ---------------------------------------------------------------------------

const cf = (functionName: string, url = 'a.js', lineNumber = 0, columnNumber = 0) => ({ functionName, scriptId: '1', url, lineNumber, columnNumber });
const node = (id: number, name: string, children: number[] = []) => ({ id, callFrame: cf(name), hitCount: 0, children });

function cpuprofile(nodes: unknown[], samples: unknown[], timeDeltas: unknown[], endTime = 1000, startTime = 0) {
  return { nodes, startTime, endTime, samples, timeDeltas };
}

describe('cpuprofile attacks', () => {
  it('children that form a cycle: every node kept once, no endless walk', () => {
    const p = sane(importCpuProfile(json(cpuprofile(
      [node(1, '(root)', [2]), node(2, 'a', [3]), node(3, 'b', [4]), node(4, 'c', [2])],
      [2, 3, 4], [0, 10, 10], 30,
    ))));
    expect(p.total).toBe(30);
    for (const name of ['a', 'b', 'c']) expect(p.functions.self[frameNamed(p, name)]).toBe(10);
    // a loop with no way in: still every node, under a synthetic root
    const q = sane(importCpuProfile(json(cpuprofile([node(1, 'x', [2]), node(2, 'y', [1])], [1, 2], [0, 5], 10))));
    expect(q.total).toBe(10);
    expect(q.tree.size).toBeGreaterThanOrEqual(2);
  });

  it('a node that is its own child', () => {
    const p = sane(importCpuProfile(json(cpuprofile([node(1, '(root)', [2]), node(2, 'me', [2, 2, 3]), node(3, 'kid')], [2, 3], [0, 5], 10))));
    expect(p.tree.size).toBe(3);
    expect(p.total).toBe(10);
  });

  it('a node with no id, or a non-numeric one', () => {
    const e = formatError(() => importCpuProfile(json(cpuprofile([node(1, '(root)', [2]), { callFrame: cf('x') }], [], []))));
    expect([e.format, e.problem, e.where]).toEqual(['cpuprofile', 'node 1 has no numeric "id"', 'nodes[1]']);
    const f = formatError(() => importCpuProfile(json(cpuprofile([{ id: '1', callFrame: cf('x') }], [], []))));
    expect(f.problem).toMatch(/node 0 has no numeric "id"/);
  });

  it('duplicate ids', () => {
    const e = formatError(() => importCpuProfile(json(cpuprofile([node(1, '(root)', [2]), node(2, 'a'), node(2, 'b')], [2], [0]))));
    expect([e.format, e.problem, e.where]).toEqual(['cpuprofile', 'node id 2 appears twice', 'nodes[2]']);
  });

  it('samples that name unknown nodes are left out', () => {
    const p = sane(importCpuProfile(json(cpuprofile([node(1, '(root)', [2]), node(2, 'a')], [2, 99, -1, 'x', null, 2.5, 2], [0, 10, 10, 10, 10, 10, 10], 70))));
    expect(p.total).toBe(20); // the two samples of node 2, 10 each
    expect(p.functions.self[frameNamed(p, 'a')]).toBe(20);
  });

  it('negative, zero, missing and non-numeric time deltas are clamped', () => {
    const p = sane(importCpuProfile(json(cpuprofile([node(1, '(root)', [2, 3]), node(2, 'a'), node(3, 'b')], [2, 3, 2, 3], [100, -50, 'x', null], 200))));
    // times 100, 50, 50, 50 (the text and null deltas are 0): in time order (as DevTools sorts
    // them) b@50, a@50, b@50, a@100, end 200: b weighs 0 and 50, a 0 and 100
    expect(p.total).toBe(150);
    expect(p.functions.self[frameNamed(p, 'b')]).toBe(50);
    expect(p.functions.self[frameNamed(p, 'a')]).toBe(100);
  });

  it('NaN and infinite deltas and times (as a trace can hand them over) are clamped', () => {
    const nodes = [node(1, '(root)', [2]), node(2, 'a')];
    const p = sane(profileFromV8({ nodes, samples: [2, 2, 2, 2], timeDeltas: [NaN, Infinity, -Infinity, 5], startTime: NaN, endTime: NaN }, 'chrome-trace', 't'));
    expect(Number.isFinite(p.total)).toBe(true);
    // a start that is not a number is 0, as in a .cpuprofile, and then the end has nothing to be
    // measured against: the last sample ends where it starts, and the warning says so
    const q = sane(profileFromV8({ nodes, samples: [2, 2], timeDeltas: [0, 5], startTime: Infinity, endTime: 10 }, 'chrome-trace', 't'));
    expect(q.total).toBe(5);
    expect(q.warnings).toEqual(['1 startTime that is not a number: the samples count from 0 and the last one 0 µs (first at startTime)']);
    const t = sane(profileFromV8({ nodes, samples: [2, 2], timeDeltas: [1, 5], startTime: 0, endTime: -Infinity }, 'chrome-trace', 't'));
    expect(t.total).toBe(5);
  });

  it('times like 1e308 are rejected, not summed into Infinity', () => {
    const nodes = [node(1, '(root)', [2]), node(2, 'a')];
    for (const profile of [
      cpuprofile(nodes, [2, 2, 2], [0, 1e308, 1e308], 1e308),
      cpuprofile(nodes, [2, 2], [-1e308, 1e308], 1e308),
      cpuprofile(nodes, [2], [0], 1e308, -1e308),
      cpuprofile(nodes, [2, 2], [0, 1.7976931348623157e308], 1.7976931348623157e308, -1.7976931348623157e308),
    ]) {
      const e = formatError(() => importCpuProfile(json(profile)));
      expect(e.format).toBe('cpuprofile');
      expect(e.problem).toMatch(/sample times/);
      expect(e.where).toMatch(/^timeDeltas/);
    }
    // large but countable: fine
    const p = sane(importCpuProfile(json(cpuprofile(nodes, [2, 2], [0, 1e200], 2e200))));
    expect(p.total).toBe(2e200);
  });

  it('huge and odd line and column numbers stay finite', () => {
    const nodes = [node(1, '(root)', [2, 3]), { id: 2, callFrame: cf('a', 'a.js', 1e308, -1e308) }, { id: 3, callFrame: { functionName: 'b', lineNumber: '7', columnNumber: null } }];
    const p = sane(importCpuProfile(json(cpuprofile(nodes, [2, 3], [0, 1], 2))));
    expect(p.frames[frameNamed(p, 'a')].column).toBe(0);
    expect(p.frames[frameNamed(p, 'b')].line).toBe(0);
  });

  it('a chain of 100 000 nodes: import, stats, callers, inverted and visible tree, search', () => {
    const N = 100_000;
    const nodes = Array.from({ length: N }, (_, i) => node(i + 1, `f${i}`, i + 1 < N ? [i + 2] : []));
    const p = sane(importCpuProfile(json(cpuprofile(nodes, [N, N / 2, 1], [0, 10, 10], 30))));
    expect(p.tree.size).toBe(N);
    expect(p.functions.total[frameNamed(p, 'f0')]).toBe(30);
    expect(p.functions.total[frameNamed(p, `f${N - 1}`)]).toBe(10);
    exerciseDeepProfile(p, N);
  });

  it('reserved and hostile function names come out as distinct frames, exactly', () => {
    const nodes = [node(1, '(root)', HOSTILE_NAMES.map((_, i) => i + 2)), ...HOSTILE_NAMES.map((name, i) => ({ id: i + 2, callFrame: cf(name, name) }))];
    const p = sane(importCpuProfile(json(cpuprofile(nodes, HOSTILE_NAMES.map((_, i) => i + 2), HOSTILE_NAMES.map(() => 1), HOSTILE_NAMES.length + 1))));
    expectHostileNames(p, (name) => name);
  });

  it('"__proto__" keys anywhere in the JSON pollute nothing', () => {
    const polluting = '"__proto__": {"polluted": 1, "functionName": "evil", "id": 7, "children": [1]}';
    const file = `{${polluting}, "nodes": [{${polluting}, "id": 1, "callFrame": {${polluting}, "functionName": "__proto__", "url": "constructor"}, "children": [2]},
      {"id": 2, "callFrame": {"functionName": "toString", "url": "", "__proto__": null}}], "samples": [1, 2], "timeDeltas": [0, 1], "endTime": 2}`;
    for (const run of [() => importCpuProfile(text(file)), () => importProfiles(text(file))[0]]) {
      const p = sane(run());
      expect(p.frames.map((f) => f.name)).toEqual(['(root)', '__proto__', 'toString']);
      expect(p.frames[1].file).toBe('constructor');
      expectNoPollution();
    }
  });
});

// ---- Chrome traces ----------------------------------------------------------------------------

describe('chrome-trace attacks', () => {
  const chunk = (nodes: unknown[], samples: number[], timeDeltas: number[], extra: Record<string, unknown> = {}) =>
    ({ name: 'ProfileChunk', ph: 'P', pid: 1, tid: 1, id: '0x1', ts: 0, args: { data: { cpuProfile: { nodes, samples }, timeDeltas } }, ...extra });
  const start = { name: 'Profile', ph: 'P', pid: 1, tid: 1, id: '0x1', ts: 0, args: { data: { startTime: 0 } } };

  it('ids that are objects whose toString is not a function', () => {
    const evil = { toString: 1, valueOf: 1 };
    const events = [
      { name: 'thread_name', pid: evil, tid: evil, args: { name: 'T' } },
      { ...start, pid: evil, id: { toString: 1 } },
      chunk([{ id: 1, callFrame: cf('(root)') }, { id: 2, parent: 1, callFrame: cf('a') }], [2, 2], [0, 5], { pid: evil, id: { toString: 1 } }),
    ];
    const [p] = sane(importChromeTraceAll(json(events)));
    expect(p.total).toBe(5);
  });

  it('parent links that loop, and a node that is its own parent', () => {
    const nodes = [{ id: 1, parent: 3, callFrame: cf('a') }, { id: 2, parent: 1, callFrame: cf('b') }, { id: 3, parent: 2, callFrame: cf('c') }, { id: 4, parent: 4, callFrame: cf('d') }];
    const [p] = sane(importChromeTraceAll(json({ traceEvents: [start, chunk(nodes, [1, 2, 3, 4], [1, 1, 1, 1])] })));
    expect(p.frames.map((f) => f.name).sort()).toEqual(['(root)', 'a', 'b', 'c', 'd']);
  });

  it('arrays nested 100 000 deep', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const e = formatError(() => importProfiles(text(deep)));
    expect(e.format).toBe('chrome-trace');
    expect(e.problem).toMatch(/no CPU profile/);
    const f = formatError(() => importCpuProfile(text(`{"nodes": ${deep}}`)));
    expect(f.format).toBe('cpuprofile');
  });

  it('"__proto__" keys in events and arguments pollute nothing', () => {
    const file = `[{"__proto__": {"polluted": 1}, "name": "Profile", "pid": 1, "id": "__proto__", "args": {"__proto__": {"polluted": 1}, "data": {"startTime": 0}}},
      {"name": "ProfileChunk", "pid": 1, "id": "__proto__", "args": {"data": {"__proto__": {"polluted": 1}, "cpuProfile": {"nodes": [{"id": 1, "callFrame": {"functionName": "constructor", "__proto__": {"polluted": 1}}}], "samples": [1, 1]}, "timeDeltas": [0, 5]}}}]`;
    const [p] = sane(importChromeTraceAll(text(file)));
    expect(p.frames.map((f) => f.name)).toEqual(['(root)', 'constructor']);
    expectNoPollution();
  });
});

// ---- callgrind --------------------------------------------------------------------------------

const cg = (s: string) => importCallgrind(text(s));

describe('callgrind attacks', () => {
  it('compressed ids used but never defined: read as made-up names, and said so', () => {
    for (const [file, warning, names] of [
      ['events: Ir\nfl=a.c\nfn=(5)\n1 1\n', '1 function id is used and never defined: (5) (first at line 3)', ['(root)', '(undefined function 5)']],
      ['events: Ir\nfl=a.c\nfn=f\ncfn=(7)\ncalls=1 1\n1 1\n2 1\n', '1 function id is used and never defined: (7) (first at line 4)', ['(root)', 'f', '(undefined function 7)']],
      ['events: Ir\nfl=(3)\nfn=f\n1 1\n', '1 file id is used and never defined: (3) (first at line 2)', ['(root)', 'f']],
      ['events: Ir\nfl=a.c\nfn=f\ncfi=(9)\ncfn=g\ncalls=1 1\n1 1\n2 1\n', '1 file id is used and never defined: (9) (first at line 4)', ['(root)', 'f', 'g']],
      ['events: Ir\nob=(2)\nfn=f\n1 1\n', '1 object id is used and never defined: (2) (first at line 2)', ['(root)', 'f']],
    ] as [string, string, string[]][]) {
      const p = sane(cg(file));
      expect(p.warnings?.[0], file).toContain(warning);
      expect(p.frames.map((f) => f.name), file).toEqual(names);
      expect(p.total, file).toBe(1);
    }
    // a thousand distinct ones: one warning, five of them named
    const many = Array.from({ length: 1000 }, (_, i) => `cfn=(${i + 10})\ncalls=1 1\n1 1`).join('\n');
    const p = sane(cg(`events: Ir\nfl=a.c\nfn=f\n${many}\n2 1\n`));
    expect(p.warnings).toEqual(['1000 function ids are used and never defined: (10), (11), (12), (13), (14), ... (first at line 4); their calls are kept, under functions named "(undefined function 10)" and so on']);
  });

  it('a calls= line with no cost line after it', () => {
    const e = formatError(() => cg('events: Ir\nfn=f\n1 1\ncfn=g\ncalls=3 1\n'));
    expect(e.problem).toBe('calls= on line 5 has no cost line after it');
    const f = formatError(() => cg('events: Ir\nfn=f\ncfn=g\ncalls=3 1\nfn=h\n1 1\n'));
    expect([f.problem, f.where]).toEqual(['calls= on line 4 is not followed by its cost line', 'line 5']);
    const g = formatError(() => cg('events: Ir\nfn=f\ncfn=g\ncalls=3 1\n# a comment\n\n'));
    expect(g.problem).toMatch(/calls= on line 4 has no cost line/);
  });

  it('huge positions: 0xffffffffffffffff is a line, 1e30 is not a number, +N past any number is unknown', () => {
    const p = sane(cg('events: Ir\nfl=a.c\nfn=f\n0xffffffffffffffff 5\n'));
    expect(p.frames[frameNamed(p, 'f')].line).toBe(18446744073709552000);
    expect(p.total).toBe(5);
    const e = formatError(() => cg('events: Ir\nfl=a.c\nfn=f\n1e30 5\n'));
    expect([e.problem, e.where]).toEqual(['a position is not a number', 'line 4']);
    const nines = '9'.repeat(308);
    const q = sane(cg(`events: Ir\nfl=a.c\nfn=f\n+${nines} 1\n+${nines} 1\n+${nines} 1\nfn=g\n* 2\n-1 3\n`));
    expect(q.frames[frameNamed(q, 'g')].line).toBe(0);
    expect(q.total).toBe(8);
    const big = sane(cg(`events: Ir\nfl=a.c\nfn=f\n${'9'.repeat(400)} 1\n`));
    expect(big.frames[frameNamed(big, 'f')].line).toBe(0);
    const s = sane(cg('positions: instr line\nevents: Ir\nfl=a.c\nfn=f\n0xffffffffffffffff 0xffffffffffffffff 1\n+0xffffffffffffffff * 1\n'));
    expect(s.total).toBe(2);
  });

  it('costs, call counts and totals like 1e308 are rejected before any sum overflows', () => {
    for (const [file, problem] of [
      ['events: Ir\nfn=f\n1 1e308\n1 1e308\n', /a cost is too large/],
      [`events: Ir\nfn=f\n1 ${'9'.repeat(309)}\n`, /a cost is/],
      ['events: Ir\nfn=f\ncfn=g\ncalls=1e308 1\n1 1\n', /call count/],
      [`events: Ir\nfn=f\ncfn=g\ncalls=${'9'.repeat(308)} 1\n1 1\n`, /calls= count .* is too large/],
      ['events: Ir\nsummary: 1e308\nfn=f\n1 1\n', /summary: 1e308 is too large/],
      ['events: Ir\ntotals: -1e301\nfn=f\n1 1\n', /totals: -1e301 is too large/],
    ] as const) {
      const e = formatError(() => cg(file));
      expect(e.format).toBe('callgrind');
      expect(e.problem).toMatch(problem);
      expect(e.where).toMatch(/^line \d+$/);
    }
    // many large costs: a finite total
    const lines = Array.from({ length: 1000 }, () => `1 ${'9'.repeat(299)}`).join('\n');
    const p = sane(cg(`events: Ir\nfn=f\n${lines}\ncfn=g\ncalls=1 1\n1 ${'9'.repeat(299)}\nfn=g\n1 ${'9'.repeat(299)}\n`));
    expect(Number.isFinite(p.total)).toBe(true);
  });

  it('recursion through several functions and into itself, with costs that contradict each other', () => {
    const p = sane(cg('events: Ir\nfn=a\n1 10\ncfn=b\ncalls=5 1\n1 1000000\ncfn=a\ncalls=2 1\n1 999999999\nfn=b\n1 1\ncfn=a\ncalls=1 1\n1 0.000001\ncfn=c\ncalls=1 1\n1 99999999999\nfn=c\n1 0\n'));
    expect(Number.isFinite(p.functions.total[frameNamed(p, 'a')])).toBe(true);
  });

  it('negative costs (Xdebug memory deltas) keep the tree sane', () => {
    sane(cg('events: Memory\nfn=a\n1 -1000\ncfn=b\ncalls=1 1\n1 5000\nfn=b\n1 -7000\ncfn=c\ncalls=1 1\n1 1e-300\nfn=c\n1 1e-300\n'));
  });

  it('a chain f1 -> f2 -> ... -> f100000: import, stats, callers, inverted and visible tree, search', () => {
    const N = 100_000;
    const parts = ['events: Ir', 'fl=(1) a.c'];
    for (let i = 1; i <= N; i++) {
      parts.push(i === 1 ? `fn=(${i}) f${i}` : `fn=(${i})`, '1 1');
      if (i < N) parts.push(`cfn=(${i + 1}) f${i + 1}`, 'calls=1 1', `1 ${N - i}`);
    }
    const p = sane(cg(parts.join('\n')));
    expect(p.total).toBe(N);
    expect(p.tree.size).toBe(N + 1);
    expect(p.functions.total[frameNamed(p, 'f1')]).toBe(N);
    expect(p.functions.total[frameNamed(p, `f${N}`)]).toBe(1);
    exerciseDeepProfile(p, N);
  });

  it('reserved and hostile function names come out as distinct frames, exactly', () => {
    // callgrind is UTF-8 text: lone surrogates cannot be written, and a name is one line
    const names = HOSTILE_NAMES.filter((n) => !LONE_SURROGATE.test(n) && !/^[\s(]/.test(n));
    const body = names.map((n, i) => `fl=${n}\nfn=${n}\n${i + 1} 1`).join('\n');
    const p = sane(cg(`events: Ir\n${body}\n`));
    expectHostileNames(p, (name) => name, names);
  });
});

// ---- cProfile .prof (marshal) -----------------------------------------------------------------

const key = (name: string, line = 1, file = 'a.py'): PstatsKey => [file, line, name];
const entry = (k: PstatsKey, ct = 1, callers: PstatsEntry['callers'] = []): PstatsEntry => ({ key: k, cc: 1, nc: 1, tt: 1, ct, callers });
/** a dict with one (key, value) whose value is written as given */
const dictOf = (k: MarshalValue, v: MarshalValue) => marshal(new Map([[k, v]]));
const r = (...b: number[]) => ({ raw: Uint8Array.from(b) });

describe('pstats attacks', () => {
  it('references to objects that do not exist (yet)', () => {
    const e = formatError(() => importPstats(dictOf(r(0x72, 5, 0, 0, 0), [1, 1, 1, 1, new Map()])));
    expect([e.format, e.where]).toEqual(['pstats', 'byte 1']);
    expect(e.problem).toBe('bad marshal reference 5 (0 objects so far)');
    const f = formatError(() => importPstats(dictOf(['a', 1, 'f'], [1, 1, 1, 1, r(0x72, 0xff, 0xff, 0xff, 0xff)])));
    expect(f.problem).toMatch(/bad marshal reference -1/);
    const g = formatError(() => importPstats(dictOf(['a', 1, 'f'], [1, 1, 1, 1, r(0x52, 0, 0, 0, 0)])));
    expect(g.problem).toMatch(/bad marshal string reference 0/);
  });

  it('a dict whose entry refers back to the dict itself', () => {
    // {FLAG_REF  ('a', 1, 'f'): (1, 1, 1, 1, ref 0 = the dict)}: callers is the whole stats dict
    const bytes = new Uint8Array([0xfb, ...marshal(['a', 1, 'f']), 0x28, 5, 0, 0, 0, ...[1, 1, 1, 1].flatMap((v) => [0x69, v, 0, 0, 0]), 0x72, 0, 0, 0, 0, 0x30]);
    try {
      sane(importPstats(bytes));
    } catch (e) {
      expect(e).toBeInstanceOf(ProfileFormatError);
    }
  });

  it('values of the wrong type', () => {
    const k = ['a', 1, 'f'];
    for (const [value, problem] of [
      [[1, 1, 1, 1], /not \(cc, nc, tt, ct, callers\)/],
      ['(1, 1, 1, 1, {})', /not \(cc, nc, tt, ct, callers\)/],
      [[1, 1, 1, 1, 'callers'], /not \(cc, nc, tt, ct, callers\)/],
      [['1', 1, 1, 1, new Map()], /not \(cc, nc, tt, ct, callers\)/],
      [null, /not \(cc, nc, tt, ct, callers\)/],
      [[1, 1, 1, 1, new Map([[['b', 2, 'g'], 'string']])], /caller entry/],
      [[1, 1, 1, 1, new Map([[['b', 2, 'g'], [1, 1, 1]]])], /caller entry/],
      [[1, 1, 1, 1, new Map([['not a key', [1, 1, 1, 1]]])], /function key/],
    ] as [MarshalValue, RegExp][]) {
      const e = formatError(() => importPstats(dictOf(k, value)));
      expect(e.format).toBe('pstats');
      expect(e.problem).toMatch(problem);
      expect(e.where).toMatch(/^byte \d+$/);
    }
    for (const badKey of [['a', 1], ['a', '1', 'f'], [1, 1, 1], 'key', [['a'], 1, 'f']] as MarshalValue[]) {
      const e = formatError(() => importPstats(dictOf(badKey, [1, 1, 1, 1, new Map()])));
      expect(e.problem).toMatch(/function key is not \(filename, lineno, funcname\)/);
    }
  });

  it('times and counts that are NaN, infinite or so large that sums overflow', () => {
    const k = key('f');
    for (const value of [
      [1, 1, { float: NaN }, 1, new Map()],
      [1, 1, 1, { float: Infinity }, new Map()],
      [{ long: [1, ...Array(80).fill(0x7fff)] }, 1, 1, 1, new Map()],
      [1, 1, 1e308, 1e308, new Map()],
      [1, 1, 1, 1, new Map([[key('g'), [1, 1, { float: -Infinity }, 1]]])],
    ] as MarshalValue[]) {
      const e = formatError(() => importPstats(dictOf(k, value)));
      expect(e.format).toBe('pstats');
      expect(e.problem).toMatch(/not a finite number|too large/);
      expect(e.where).toMatch(/^byte \d+$/);
    }
    // two functions that are each fine but would add up past the largest double
    const two = pstatsFile([{ ...entry(key('f')), tt: 1e299, ct: 1e299 }, { ...entry(key('g')), tt: 1e299, ct: 1e299 }]);
    expect(sane(importPstats(two)).total).toBe(2e299);
  });

  it('tuples nested 100 000 deep, as a value, a key and a caller', () => {
    const N = 100_000;
    const nested = new Uint8Array(N * 2 + 1).map((_, i) => (i === N * 2 ? 0x4e : i % 2 === 0 ? 0x29 : 1)); // ')' with one item, N times, then None
    const deep = { raw: nested };
    for (const bytes of [dictOf(['a', 1, 'f'], deep), dictOf(deep, [1, 1, 1, 1, new Map()]), dictOf(['a', 1, 'f'], [1, 1, 1, 1, new Map([[['b', 1, 'g'], deep]])])]) {
      const e = formatError(() => importPstats(bytes));
      expect(e.format).toBe('pstats');
      expect(e.where).toMatch(/^byte \d+$/);
      expect(() => importProfiles(bytes)).toThrow(ProfileFormatError);
    }
    // the decoder itself builds the whole depth
    let v = decodeMarshal(marshal(deep));
    let depth = 0;
    while (Array.isArray(v)) { v = v[0]; depth++; }
    expect(depth).toBe(N);
  });

  it('a chain f1 -> f2 -> ... -> f100000: import, stats, callers, inverted and visible tree, search', () => {
    const N = 100_000;
    const entries: PstatsEntry[] = [];
    for (let i = 1; i <= N; i++) {
      const ct = N - i + 1;
      entries.push(entry(key(`f${i}`, i), ct, i > 1 ? [[key(`f${i - 1}`, i - 1), [1, 1, 1, ct]]] : []));
    }
    const p = sane(importPstats(pstatsFile(entries)));
    expect(p.total).toBe(N);
    expect(p.tree.size).toBe(N + 1);
    expect(p.functions.total[frameNamed(p, 'f1')]).toBe(N);
    exerciseDeepProfile(p, N);
  });

  it('reserved and hostile function names come out as distinct frames, exactly', () => {
    const p = sane(importPstats(pstatsFile(HOSTILE_NAMES.map((n, i) => entry([n, i + 1, n])))));
    expectHostileNames(p, (name) => name);
    // and names written as py2 byte strings or latin-1: still exact where they are ASCII
    expect(wtf8('\ud800').length).toBe(3);
  });
});

// ---- gzip -------------------------------------------------------------------------------------

describe('gzip attacks', () => {
  const inner = json(cpuprofile([node(1, '(root)', [2]), node(2, 'a')], [2], [0], 5));
  const gz = new Uint8Array(gzipSync(inner));

  it('a truncated file', () => {
    for (const cut of [2, 10, 17, 20, gz.length - 9, gz.length - 8, gz.length - 1]) {
      const e = formatError(() => importProfiles(gz.subarray(0, cut)));
      expect(e.format).toBe('gzip');
      expect(e.problem).toMatch(/truncated/);
      expect(e.where).toMatch(/^byte \d+$/);
    }
  });

  it('a corrupt checksum, length or body', () => {
    const crc = gz.slice(); crc[crc.length - 6] ^= 1;
    const len = gz.slice(); len[len.length - 1] = 0xff; // claims ~4 GiB: nothing that big is allocated
    const body = gz.slice(); body[12] ^= 0x40;
    for (const bytes of [crc, len, body]) {
      const e = formatError(() => importProfiles(bytes));
      expect(e.format).toBe('gzip');
      expect(e.problem).toMatch(/corrupt|truncated/);
    }
  });

  it('not deflate, or reserved flags', () => {
    const method = gz.slice(); method[2] = 7;
    expect(formatError(() => importProfiles(method)).problem).toMatch(/compression method 7/);
    const flags = gz.slice(); flags[3] = 0xe0;
    expect(formatError(() => importProfiles(flags)).problem).toMatch(/reserved header flags/);
  });

  it('several members are one file, as gzip -d reads them', () => {
    const half = inner.length >> 1;
    const two = new Uint8Array([...gzipSync(inner.subarray(0, half)), ...gzipSync(inner.subarray(half))]);
    expect(sane(importProfiles(two))[0].total).toBe(5);
  });

  it('a file that decompresses to more than the limit stops with a message', () => {
    const bomb = new Uint8Array(gzipSync(new Uint8Array(4 << 20)));
    const e = formatError(() => gunzip(bomb, 1 << 20));
    expect([e.format, e.problem]).toEqual(['gzip', `the file decompresses to more than ${1 << 20} bytes, more than can be read`]);
  });

  it('gzip inside gzip is read once, and what is inside must still be a profile', () => {
    const e = formatError(() => importProfiles(new Uint8Array(gzipSync(gz))));
    expect(e.format).toBe('unknown format');
  });
});

// ---- the tree rebuilt from a call graph (pstats, callgrind) -----------------------------------

describe('call-graph tree attacks', () => {
  const graph = (edges: [number, number, number][]) => ({
    size: edges.length,
    caller: Int32Array.from(edges.map((e) => e[0])),
    callee: Int32Array.from(edges.map((e) => e[1])),
    ncalls: new Float64Array(edges.length).fill(1),
    primcalls: null,
    self: null,
    total: Float64Array.from(edges.map((e) => e[2])),
  });
  const frames = ['(root)', 'f', 'g', 'h'].map((name) => ({ name, file: '', line: 0, column: 0 }));
  const asProfile = (tree: ReturnType<typeof treeFromGraph>, total: number): Profile => ({
    format: 'pstats', name: 't', unit: { name: 's', kind: 'time', seconds: 1 }, total, frames, tree,
    functions: { ncalls: null, primcalls: null, self: new Float64Array(4), total: new Float64Array(4) }, graph: null, events: ['time'], event: 0,
  });

  it('edges that outweigh a tiny inclusive cost split the weight instead of overflowing into NaN', () => {
    // f's inclusive cost is 1e-300 but its edges record 1e10 and 3e10: weight / inclusive * edge overflows
    const tree = treeFromGraph({
      graph: graph([[1, 2, 1e10], [1, 3, 3e10]]), frameCount: 4, inclusive: Float64Array.of(0, 1e-300, 1, 1),
      roots: [1], rootWeights: [8], rootFrame: 0, total: 8,
    });
    assertSaneProfile(asProfile(tree, 8));
    expect([...tree.total]).toEqual([8, 8, 2, 6]);
  });

  it('root weights that add up past the largest double', () => {
    const tree = treeFromGraph({
      graph: graph([]), frameCount: 4, inclusive: Float64Array.of(0, 1e308, 1e308, 1e308),
      roots: [1, 2, 3], rootWeights: [1e308, 1e308, 5e307], rootFrame: 0, total: 10,
    });
    assertSaneProfile(asProfile(tree, 10));
    expect([...tree.total]).toEqual([10, 4, 4, 2]);
  });

  it('a negative total (negative costs) with a tiny positive root weight', () => {
    const tree = treeFromGraph({
      graph: graph([]), frameCount: 4, inclusive: Float64Array.of(0, 1, 1, 1),
      roots: [1], rootWeights: [1e-300], rootFrame: 0, total: -1e300,
    });
    assertSaneProfile(asProfile(tree, -1e300));
    expect(tree.total[0]).toBe(0);
  });
});

// ---- shared checks ----------------------------------------------------------------------------

/** Names that break object-keyed tables, HTML, bidi text, or UTF-16. */
const HOSTILE_NAMES = [
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__',
  '<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '"quoted" & \'apos\'',
  'x'.repeat(10_000), '\u202eevil\u202c.js', 'right\u202eto\u202dleft', '😀 emoji 👩‍👩‍👧', 'e\u0301 combining',
  '\ud800 lone high', 'lone low \udc00', '\udc00\ud800 swapped', 'nul\u0000inside', 'tab\tinside', '{}', '[]', '0', '-1', 'NaN',
];

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function expectHostileNames(p: Profile, nameOf: (name: string) => string, names = HOSTILE_NAMES): void {
  for (const name of names) {
    const matches = p.frames.filter((f) => f.name === nameOf(name));
    expect(matches.length, JSON.stringify(name.slice(0, 40))).toBe(1);
  }
  const rows = functionRows(p);
  sortRows(rows, p.frames, 'function');
  expect(new Set(rows.map((row) => row.frame)).size).toBe(rows.length);
  for (const name of names) {
    const f = frameNamed(p, name);
    expect(matchFrames(p.frames, name.slice(0, 50))?.[f]).toBe(1);
    callersAndCallees(p, f);
  }
  expectNoPollution();
}

function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  expect(typeof ({}).toString).toBe('function');
}

/** The views of a 100 000-deep profile: none may recurse per level. */
function exerciseDeepProfile(p: Profile, depth: number): void {
  const rows = functionRows(p);
  expect(rows.length).toBeGreaterThanOrEqual(depth);
  sortRows(rows, p.frames, 'cumtime');
  const mid = frameNamed(p, p.frames[p.tree.frame[p.tree.size >> 1]].name);
  const edges = callersAndCallees(p, mid);
  expect(edges.callers.length).toBe(1);
  expect(edges.callees.length).toBe(1);
  const inverted = invertTree(p.tree);
  expect(Number.isFinite(inverted.total[0])).toBe(true);
  expect(Math.abs(inverted.total[0] - p.tree.total[0])).toBeLessThanOrEqual(1e-9 * Math.max(1, p.tree.total[0]));
  const sizes = subtreeSizes(p.tree);
  expect(sizes[0]).toBe(p.tree.size);
  const visible = visibleSubtree(p.tree, sizes, 0, 1_000_000, 0, { maxNodes: 1_000_000 });
  expect(visible.count).toBe(p.tree.size);
  expect(matchFrames(p.frames, `/^f${depth - 1}$/`)?.reduce((a, b) => a + b, 0)).toBe(1);
}
