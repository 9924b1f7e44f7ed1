import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORPUS, corpusFiles, readBytes, readJson } from '../../../../test/support/corpus';
import { expectSameOutcome, outcome } from '../../../../test/support/sameProfile';
import { ProfileFormatError } from '../../errors';
import type { Profile } from '../../model';
import { detectFormat } from '../../io/detect';
import { importCallgrind, unitForEvent } from './callgrind';
import { components } from '../../tree/components';

interface AnnotateOracle {
  event: string;
  total: number;
  self: Record<string, number>;
  inclusive: Record<string, number>;
  self_by_function: Record<string, number>;
}

const cg = (text: string, options = {}): Profile => importCallgrind(new TextEncoder().encode(text), options);

function fn(p: Profile, name: string, file?: string) {
  const i = p.frames.findIndex((f) => f.name === name && (file === undefined || f.file === file));
  if (i < 0) throw new Error(`no frame ${name}`);
  const f = p.functions;
  return { frame: p.frames[i], self: f.self[i], total: f.total[i], ncalls: f.ncalls![i], index: i };
}

function edge(p: Profile, from: string, to: string) {
  const g = p.graph!;
  for (let e = 0; e < g.size; e++) {
    if (p.frames[g.caller[e]].name === from && p.frames[g.callee[e]].name === to) {
      return { ncalls: g.ncalls[e], total: g.total[e] };
    }
  }
  throw new Error(`no edge ${from} -> ${to}`);
}

/** root total == profile total, preorder parents, no child above its parent, everything finite */
function expectSaneTree(p: Profile): void {
  const t = p.tree;
  const eps = 1e-9 * Math.max(1, Math.abs(p.total));
  expect(t.size).toBeGreaterThan(0);
  expect(p.frames[t.frame[0]].name).toBe('(root)');
  expect(t.parent[0]).toBe(-1);
  expect(Math.abs(t.total[0] - p.total)).toBeLessThanOrEqual(eps);
  for (let i = 1; i < t.size; i++) {
    expect(t.parent[i]).toBeLessThan(i);
    expect(Number.isFinite(t.total[i]) && Number.isFinite(t.self[i])).toBe(true);
    expect(t.self[i]).toBeGreaterThanOrEqual(0);
    expect(t.total[i]).toBeLessThanOrEqual(t.total[t.parent[i]] + eps);
  }
}

function expectFormatError(run: () => unknown, problem: RegExp, where?: string): void {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ProfileFormatError);
    expect((e as ProfileFormatError).problem).toMatch(problem);
    if (where !== undefined) expect((e as ProfileFormatError).where).toBe(where);
    return;
  }
  throw new Error('no error thrown');
}

// ---------------------------------------------------------------------------------------------
const corpus = [
  ...corpusFiles('callgrind', '.callgrind'),
  ...corpusFiles('seed', '.prof.log'),
  ...corpusFiles('python', '.prof.log'),
  join(CORPUS, 'xdebug/work.cachegrind.out'),
  // yappi's saver on threads: calls into functions it never defines (read, with a warning)
  new URL('../../../../test/fixtures/callgrind/yappi-threads.callgrind', import.meta.url).pathname,
  // pyprof2calltree of a cProfile with mutual recursion (f -> g -> h -> f, walk -> sum -> genexpr -> walk)
  new URL('../../../../test/fixtures/callgrind/cycles.prof.callgrind', import.meta.url).pathname,
];

describe('callgrind importer against callgrind_annotate', () => {
  it.each(corpus.map((f) => [basename(f), f]))('%s', (_name, file) => {
    const oracle = readJson<AnnotateOracle>(`${file}.annotate.json`);
    const p = importCallgrind(readBytes(file), { name: basename(file) });
    expect(p.format).toBe('callgrind');
    expect(p.events[p.event]).toBe(oracle.event);
    expect(p.total).toBe(oracle.total);

    // self per function name, summed over files as the oracle's self_by_function is
    const self = new Map<string, number>();
    p.frames.forEach((f, i) => {
      if (p.functions.self[i] !== 0) self.set(f.name, (self.get(f.name) ?? 0) + p.functions.self[i]);
    });
    const want = new Map(Object.entries(oracle.self_by_function).filter(([, v]) => v !== 0));
    expect([...self.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [name, v] of want) expect(Math.abs(self.get(name)! - v), name).toBeLessThanOrEqual(1e-9 * Math.abs(v));

    // inclusive: annotate's value for every function outside recursion; inside, at most the total
    const g = p.graph!;
    const { component } = components(p.frames.length, g.caller, g.callee, g.size);
    const cyclic = new Set<number>();
    const members = new Map<number, number>();
    for (const c of component) members.set(c, (members.get(c) ?? 0) + 1);
    p.frames.forEach((_, i) => { if (members.get(component[i])! > 1) cyclic.add(i); });
    for (let e = 0; e < g.size; e++) if (g.caller[e] === g.callee[e]) cyclic.add(g.caller[e]);
    let compared = 0;
    p.frames.forEach((f, i) => {
      const total = p.functions.total[i];
      expect(total).toBeGreaterThanOrEqual(p.functions.self[i] - 1e-6);
      if (cyclic.has(i)) {
        expect(total, f.name).toBeLessThanOrEqual(p.total * (1 + 1e-12));
        return;
      }
      const v = oracle.inclusive[`${f.file}:${f.name}`];
      if (v === undefined) return;
      compared++;
      expect(Math.abs(total - v), f.name).toBeLessThanOrEqual(1e-9 * Math.abs(v));
    });
    expect(compared).toBeGreaterThan(5);
    expectSaneTree(p);
  });

  it('reads the gzip profile: a stripped binary whose function names look like hex positions', () => {
    const p = importCallgrind(readBytes(join(CORPUS, 'callgrind/gzip.callgrind')));
    expect(p.name).toBe('gzip -c work.c'); // from cmd: when no name is given
    expect(p.total).toBe(480122);
    expect(fn(p, '0x0000000000004710').self).toBe(61940);
    expect(p.unit).toEqual({ name: 'Ir', kind: 'count', seconds: 0 });
  });

  it('reads every event of the cache simulation profile', () => {
    const bytes = readBytes(join(CORPUS, 'callgrind/cachesim.callgrind'));
    const p = importCallgrind(bytes, { event: 1 });
    expect(p.events.slice(0, 3)).toEqual(['Ir', 'Dr', 'Dw']);
    expect(p.event).toBe(1);
    expect(p.total).toBe(2916144); // summary:'s Dr column
    const selfSum = p.functions.self.reduce((a, b) => a + b, 0);
    expect(selfSum).toBe(2916144); // and totals: agrees
    expectSaneTree(p);
  });

  it('gives Xdebug files their units', () => {
    const bytes = readBytes(join(CORPUS, 'xdebug/work.cachegrind.out'));
    expect(importCallgrind(bytes).unit).toEqual({ name: 'Time_(10ns)', kind: 'time', seconds: 1e-8 });
    const memory = importCallgrind(bytes, { event: 1 });
    expect(memory.unit).toEqual({ name: 'Memory_(bytes)', kind: 'bytes', seconds: 0 });
    expect(memory.total).toBe(2467912);
    expect(fn(memory, '{main}').frame.file).toBe('/tmp/demo-project/work.php');
  });

  it('reads every corpus file alike through the fast line reader and the general one', () => {
    // a blank in front of every line leaves its meaning alone but sends it to the general reader
    const read = (bytes: Uint8Array, event: number) => outcome(() => importCallgrind(bytes, { event }), (e) => `${e.problem} @ ${e.where}`);
    const dec = new TextDecoder();
    const enc = new TextEncoder();
    // and the shapes at the fast reader's edges: hex and relative positions, 15 and 16 digits,
    // names after blanks or a tab, `(below main)`, a BOM in a name, ids past the table, calls= forms
    const edges = enc.encode(`positions: instr line
events: Ir Dr
fl=(1) a.c
fn=(1) main
0x4005f0 12 123456789012345 1
+0x10 +2 1234567890123456 2
-3 * 99999999999 3
fn=(2)  two blanks
* * 1
fn=(3)\tafter a tab
+1 -1 1 1
fn=(below main)
0 0 5
fn=(5) \ufeffbom
0 0 1
fn=bom
0 0 1
cfn=(1)
calls=3 0x4005f0 12
* * 7 7
cfn=(4194305) far id
calls=0x10 1
* * 2
cfn=(4194305)
calls=4294967296
* * 1
ob=(2) lib.so
cob=(2)
cfl=(9) b.c
cfn=(6) g
calls=1 0 0
0 0 3
`);
    const files: [string, Uint8Array][] = [...corpus.map((f): [string, Uint8Array] => [f, readBytes(f)]), ['edges', edges]];
    for (const [file, bytes] of files) {
      const indented = enc.encode(dec.decode(bytes).split('\n').map((l) => ` ${l}`).join('\n'));
      for (const event of [0, 1]) {
        expectSameOutcome(read(indented, event), read(bytes, event), file);
      }
    }
    const p = importCallgrind(edges);
    expect(p.frames.map((f) => f.name)).toEqual(['(root)', 'main', 'two blanks', 'after a tab', '(below main)', 'bom', 'far id', 'g']);
    expect(fn(p, 'main').self).toBe(123456789012345 + 1234567890123456 + 99999999999);
    expect(fn(p, 'bom').self).toBe(2); // `\ufeffbom` decodes to `bom`, as TextDecoder drops a leading BOM
    expect(edge(p, 'bom', 'far id')).toEqual({ ncalls: 16 + 4294967296, total: 3 });
  });

  it('is recognised from its content by the detection the importers use, and nothing else is', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    for (const file of corpus) expect(detectFormat(new Uint8Array(readFileSync(file))), file).toBe('callgrind');
    expect(detectFormat(new Uint8Array(readFileSync(join(CORPUS, 'cpuprofile/small.cpuprofile'))))).not.toBe('callgrind');
    expect(detectFormat(new Uint8Array(readFileSync(join(CORPUS, 'python/small.prof'))))).not.toBe('callgrind');
    expect(detectFormat(text('hello: world\nthis is a note\n'))).toBe(null);
    expect(detectFormat(text('events: Ir\nfl=a.c\nfn=main\n1 2\n'))).toBe('callgrind');
  });
});

// ---------------------------------------------------------------------------------------------
// The valgrind manual's "Extended Example": main calls func1 once and func2 3 times, func1 calls
// func2 twice. Self: main 20, func1 100, func2 700 (lines after calls= are not self cost).
// Inclusive: main 20 + 400 + 400 = 820, func1 = the call into it = 400, func2 = 400 + 300 = 700.
// No summary:, so the total is the sum of self costs, 820.
const EXTENDED = `# callgrind format
events: Instructions

fl=file1.c
fn=main
16 20
cfn=func1
calls=1 50
16 400
cfi=file2.c
cfn=func2
calls=3 20
16 400

fn=func1
51 100
cfi=file2.c
cfn=func2
calls=2 20
51 300

fl=file2.c
fn=func2
20 700
`;

// the same with name compression, as the manual writes it
const EXTENDED_COMPRESSED = `# callgrind format
events: Instructions

fl=(1) file1.c
fn=(1) main
16 20
cfn=(2) func1
calls=1 50
16 400
cfi=(2) file2.c
cfn=(3) func2
calls=3 20
16 400

fn=(2)
51 100
cfi=(2)
cfn=(3)
calls=2 20
51 300

fl=(2)
fn=(3)
20 700
`;

// and with every id defined up front (the manual's third form): fn=(1) main is defined while
// file2.c is in force, yet no (main, file2.c) function may appear
const EXTENDED_DEFINED_FIRST = `# callgrind format
events: Instructions
# define file ID mapping
fl=(1) file1.c
fl=(2) file2.c
# define function ID mapping
fn=(1) main
fn=(2) func1
fn=(3) func2

fl=(1)
fn=(1)
16 20
cfn=(2)
calls=1 50
16 400
cfi=(2)
cfn=(3)
calls=3 20
16 400
fn=(2)
51 100
cfi=(2)
cfn=(3)
calls=2 20
51 300
fl=(2)
fn=(3)
20 700
`;

describe('callgrind syntax, checked by hand against the format specification', () => {
  it.each([
    ['plain names', EXTENDED],
    ['compressed names', EXTENDED_COMPRESSED],
    ['ids defined ahead of use', EXTENDED_DEFINED_FIRST],
    ['CRLF line ends', EXTENDED.replace(/\n/g, '\r\n')],
  ])('reads the manual\'s extended example with %s', (_how, text) => {
    const p = cg(text);
    expect(p.frames.length).toBe(4); // (root), main, func1, func2
    expect(p.total).toBe(820);
    expect(fn(p, 'main')).toMatchObject({ self: 20, total: 820, ncalls: 0, frame: { file: 'file1.c', line: 16 } });
    expect(fn(p, 'func1')).toMatchObject({ self: 100, total: 400, ncalls: 1, frame: { file: 'file1.c', line: 51 } });
    expect(fn(p, 'func2')).toMatchObject({ self: 700, total: 700, ncalls: 5, frame: { file: 'file2.c', line: 20 } });
    expect(p.graph!.size).toBe(3);
    expect(edge(p, 'main', 'func1')).toEqual({ ncalls: 1, total: 400 });
    expect(edge(p, 'main', 'func2')).toEqual({ ncalls: 3, total: 400 });
    expect(edge(p, 'func1', 'func2')).toEqual({ ncalls: 2, total: 300 });
    expect(p.graph!.self).toBeNull();
    expect(p.functions.primcalls).toBeNull();
    // tree: (root) 820 > main 820 > func1 400 > func2 300; main > func2 400
    expectSaneTree(p);
    expect(p.tree.size).toBe(5);
  });

  it('reads instr and line subpositions, hex, +N, -N and *', () => {
    // the manual's subposition example: instr 0x80001234 line 90, then +3 * (line 90),
    // then +1 +1 (line 91): self 1 + 5 + 6 = 12, first line 90
    const p = cg(`# callgrind format
positions: instr line
events: ticks
fn=func
0x80001234 90 1
+3 * 5
+1 +1 6
`);
    expect(fn(p, 'func')).toMatchObject({ self: 12, frame: { line: 90, file: '' } });
    // lines 20, 20-5 = 15, 15+2 = 17, 17 again: self 1+2+3+4 = 10, smallest line 15
    const q = cg('events: Ir\nfl=a.c\nfn=f\n20 1\n-5 2\n+2 3\n* 4\n');
    expect(fn(q, 'f')).toMatchObject({ self: 10, frame: { line: 15 } });
    // instr only: no line at all
    const r = cg('positions: instr\nevents: Ir\nfn=f\n0x10 3\n+0x2 4\n');
    expect(fn(r, 'f')).toMatchObject({ self: 7, frame: { line: 0 } });
  });

  it('sums parts, each with its own events order and total, and keeps ids across parts', () => {
    // part 1 (events A B): main self A 10 / B 100, f self 20 / 200, summary 30 300.
    // part 2 (events B A): f self A 4 / B 30, g self A 5 / B 10, summary B 40 A 9.
    // A: main 10, f 24, g 5, total 30 + 9 = 39.  B: main 100, f 230, g 10, total 300 + 40 = 340.
    const text = `# callgrind format
version: 1
part: 1
events: A B
summary: 30 300
fl=(1) a.c
fn=(1) main
1 10 100
cfn=(2) f
calls=2 5
1 20 200
fn=(2)
5 20 200
totals: 30 300

part: 2
events: B A
summary: 40 9
fl=(1)
fn=(2)
5 30 4
fn=(3) g
9 10 5
totals: 40 9
`;
    const a = cg(text);
    expect(a.events).toEqual(['A', 'B']);
    expect([fn(a, 'main').self, fn(a, 'f').self, fn(a, 'g').self, a.total]).toEqual([10, 24, 5, 39]);
    const b = cg(text, { event: 1 });
    expect(b.event).toBe(1);
    expect([fn(b, 'main').self, fn(b, 'f').self, fn(b, 'g').self, b.total]).toEqual([100, 230, 10, 340]);
    expectSaneTree(a);
    expectSaneTree(b);
  });

  it('takes a part\'s total from summary:, else totals:, else its self costs', () => {
    // part 1 summary 50 (more than its lines: the spec allows it), part 2 totals 7, part 3 none (3)
    const p = cg(`events: Ir
part: 1
summary: 50
fn=a
1 10
part: 2
fn=a
1 7
totals: 7
part: 3
fn=b
1 3
`);
    expect(p.total).toBe(50 + 7 + 3);
    expect(fn(p, 'a').self).toBe(17);
    expectSaneTree(p);
  });

  it('picks an event; missing trailing costs are zero', () => {
    // Dr column: 4 on the first line, nothing (0) on the second; summary 15 4
    const text = 'events: Ir Dr\nsummary: 15 4\nfl=a.c\nfn=main\n1 10 4\n2 5\n';
    const ir = cg(text);
    expect([ir.total, fn(ir, 'main').self, ir.event]).toEqual([15, 15, 0]);
    const dr = cg(text, { event: 1 });
    expect([dr.total, fn(dr, 'main').self, dr.event]).toEqual([4, 4, 1]);
    expect(dr.events).toEqual(['Ir', 'Dr']);
    expect(dr.unit).toEqual({ name: 'Dr', kind: 'count', seconds: 0 });
    expectFormatError(() => cg(text, { event: 2 }), /event 2 does not exist/, 'line 1');
    expectFormatError(() => cg(text, { event: -1 }), /event -1/);
  });

  it("keeps recursion names like fib'2 as written and counts a recursive function once", () => {
    // main (self 5) calls fib once (50); fib (self 10) calls fib'2 (40); fib'2 (self 40) calls
    // itself 5 times (35, already inside its 40). Total 5 + 10 + 40 = 55.
    // fib'2's total: 40 (callgrind_annotate sums the calls into it: 40 + 35 = 75).
    const p = cg(`events: Ir
fl=r.c
fn=main
1 5
cfn=fib
calls=1 10
2 50
fn=fib
10 10
cfn=fib'2
calls=1 10
11 40
fn=fib'2
10 40
cfn=fib'2
calls=5 10
11 35
`);
    expect(p.total).toBe(55);
    expect(fn(p, 'main')).toMatchObject({ self: 5, total: 55, ncalls: 0 });
    expect(fn(p, 'fib')).toMatchObject({ self: 10, total: 50, ncalls: 1 });
    expect(fn(p, "fib'2")).toMatchObject({ self: 40, total: 40, ncalls: 6 });
    expect(edge(p, "fib'2", "fib'2")).toEqual({ ncalls: 5, total: 35 });
    // tree: (root) 55 > main 55 > fib 50 > fib'2 40 > fib'2 35, the self call a leaf of its own
    // (not expanded again), so fib'2's node keeps only 5 as self
    expectSaneTree(p);
    expect(p.tree.size).toBe(5);
    expect([...p.tree.total]).toEqual([55, 55, 50, 40, 35]);
    expect([...p.tree.recursion!]).toEqual([0, 0, 0, 0, 1]);
  });

  it('bounds functions in a cycle by what enters the cycle, and the tree ends', () => {
    // main (1) calls a once (70); a1 (10) > b1 (20) > a2 (20) > b2 (20).
    // Edges: a -> b twice (60 + 20 = 80), b -> a once (40). Total 1 + 30 + 40 = 71.
    // a: min(30 + 80, entry 70, total 71) = 70; b: min(40 + 40, 70, 71) = 70.
    const p = cg(`events: ns
fl=m.py
fn=main
1 1
cfn=a
calls=1 1
1 70
fn=a
1 30
cfn=b
calls=2 2
1 80
fn=b
2 40
cfn=a
calls=1 1
2 40
`);
    expect(p.total).toBe(71);
    expect(fn(p, 'a')).toMatchObject({ self: 30, total: 70 });
    expect(fn(p, 'b')).toMatchObject({ self: 40, total: 70 });
    expectSaneTree(p);
  });

  it('roots a cycle that nothing calls at its largest member (pyprof2calltree\'s exec)', () => {
    // exec > mod > imp > exec: everything is called, yet the tree must not be empty
    const p = cg(`events: ns
summary: 100
fl=~
fn=exec
0 10
cfl=x.py
cfn=mod
calls=1 1
0 90
fl=x.py
fn=mod
1 50
cfn=imp
calls=1 2
1 40
fn=imp
2 10
cfl=~
cfn=exec
calls=1 0
2 30
`);
    expect(p.tree.size).toBeGreaterThan(3);
    expect(p.frames[p.tree.frame[1]].name).toBe('exec');
    expect(p.tree.total[1]).toBe(100);
    expectSaneTree(p);
  });

  it('moves cost lines to inlined files with fi=/fe= but keeps them in the function', () => {
    // main in a.c: 1 + 7 (in b.h) + 1 = 9; a call made inside b.h without cfi= goes to
    // (inl, b.h); after fe=a.c, to (g, a.c). main's line is its smallest in a.c: 5.
    const p = cg(`events: Ir
fl=a.c
fn=main
5 1
fi=b.h
3 7
cfn=inl
calls=1 1
3 2
fe=a.c
6 1
cfn=g
calls=1 1
6 4
fl=b.h
fn=inl
1 2
fl=a.c
fn=g
9 4
`);
    expect(p.frames.length).toBe(4);
    expect(fn(p, 'main')).toMatchObject({ self: 9, total: 15, frame: { file: 'a.c', line: 5 } });
    expect(fn(p, 'inl')).toMatchObject({ self: 2, total: 2, ncalls: 1, frame: { file: 'b.h' } });
    expect(fn(p, 'g')).toMatchObject({ self: 4, total: 4, ncalls: 1, frame: { file: 'a.c' } });
    expect(p.total).toBe(15);
  });

  it('reads pyprof2calltree and Xdebug idioms', () => {
    // cfl=~ for built-ins; summary (1000) beyond the lines (130) stays the total
    const py = cg(`event: ns : Nanoseconds
events: ns
summary: 1000
fl=/app.py
fn=main
1 100
cfl=~
cfn=<built-in method builtins.len>
calls=3 0
1 30
fl=~
fn=<built-in method builtins.len>
0 30
`);
    expect(py.total).toBe(1000);
    expect(py.unit).toEqual({ name: 'ns', kind: 'time', seconds: 1e-9 });
    expect(fn(py, '<built-in method builtins.len>')).toMatchObject({ self: 30, ncalls: 3, frame: { file: '~', line: 0 } });
    expectSaneTree(py);
    expect(py.tree.self[0]).toBe(870);
    // Xdebug: `calls=1 0 0`, {main} last, summary at the end; md5's call line (395) is more
    // than its self (390), and its total is the call's, as callgrind_annotate shows it
    const php = cg(`version: 1
creator: xdebug 3.2.0 (PHP 8.2.36)
cmd: /tmp/w.php
part: 1
positions: line

events: Time_(10ns) Memory_(bytes)

fl=(1) php:internal
fn=(1) php::md5
5 390 64

fl=(2) /tmp/w.php
fn=(2) {main}
5 100 10
cfl=(1)
cfn=(1)
calls=1 0 0
5 395 64

summary: 500 80
`);
    expect(php.name).toBe('/tmp/w.php');
    expect(php.total).toBe(500);
    expect(fn(php, 'php::md5')).toMatchObject({ self: 390, total: 395 });
    expect(fn(php, '{main}')).toMatchObject({ self: 100, total: 495 });
    expectSaneTree(php);
  });

  it('names units from event names', () => {
    expect(unitForEvent('Time_(10ns)')).toEqual({ name: 'Time_(10ns)', kind: 'time', seconds: 1e-8 });
    expect(unitForEvent('us')).toEqual({ name: 'us', kind: 'time', seconds: 1e-6 });
    expect(unitForEvent('Time')).toMatchObject({ kind: 'time', seconds: 1e-6 }); // Xdebug 2
    expect(unitForEvent('bytes')).toMatchObject({ kind: 'bytes', seconds: 0 });
    expect(unitForEvent('Ir')).toEqual({ name: 'Ir', kind: 'count', seconds: 0 });
    // a unit an event: line's long name gives wins over the name's guess (`sysTime` is no Xdebug 2 µs)
    expect(unitForEvent('sysTime', 'sysTime (elapsed us)')).toEqual({ name: 'sysTime', kind: 'time', seconds: 1e-6 });
    expect(unitForEvent('sysTime', 'sysTime (elapsed ms)')).toEqual({ name: 'sysTime', kind: 'time', seconds: 1e-3 });
    expect(unitForEvent('Ir', 'Instruction Fetch')).toEqual({ name: 'Ir', kind: 'count', seconds: 0 });
  });

  it("valgrind --collect-systime=nsec: the times in the event: lines' unit (test/fixtures/callgrind/make.sh)", () => {
    const text = readFileSync(new URL('../../../../test/fixtures/callgrind/systime.callgrind', import.meta.url), 'utf8');
    expect(text).toMatch(/^event: sysTime : sysTime \(elapsed ns\)$/m);
    const events = /^events: (.*)$/m.exec(text)![1].split(' ');
    const summary = /^summary: (.*)$/m.exec(text)![1].split(' ').map(Number);
    for (const name of ['sysTime', 'sysCpuTime']) {
      const p = importCallgrind(new TextEncoder().encode(text), { event: events.indexOf(name) });
      expect(p.unit).toEqual({ name, kind: 'time', seconds: 1e-9 });
      expect(p.total).toBe(summary[events.indexOf(name)]);
    }
    expect(importCallgrind(new TextEncoder().encode(text), { event: events.indexOf('sysCount') }).unit.kind).toBe('count');
  });

  it('reports progress', () => {
    const block = 'fl=a.c\nfn=f\n' + '1 2\n+1 3\n'.repeat(1000);
    const text = 'events: Ir\n' + block.repeat(2000); // ~16 MB
    const seen: number[] = [];
    const p = cg(text, { onProgress: (f: number) => seen.push(f) });
    expect(p.total).toBe(2000 * 1000 * 5);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[seen.length - 1]).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
  });
});

describe('pyprof2calltree files of recursive code, against the cumulative times cProfile measured', () => {
  interface PstatsOracle { functions: { file: string; line: number; name: string; cumtime: number; callers: unknown[] }[] }
  it('a function called from one place costs its call\'s cost, in a cycle too (g and h, one caller each)', () => {
    const file = new URL('../../../../test/fixtures/callgrind/cycles.prof.callgrind', import.meta.url).pathname;
    const p = importCallgrind(readBytes(file));
    const oracle = readJson<PstatsOracle>(file.replace(/\.callgrind$/, '.pstats.json'));
    let checked = 0;
    for (const o of oracle.functions) {
      if (o.callers.length !== 1) continue;
      // pyprof2calltree names a function by its name, with ':line' where a file holds it twice
      const i = p.frames.findIndex((f) => f.file === o.file && (f.name === o.name || f.name === `${o.name}:${o.line}`));
      // its one caller edge holds cProfile's cumtime of every call (cProfile counts an edge's time
      // once per outermost call, as a function's), written in whole ns as pyprof2calltree does
      expect(p.functions.total[i], `${o.file}:${o.name}`).toBe(Math.trunc(o.cumtime * 1e9));
      checked++;
    }
    expect(checked).toBe(10);
    // g and h lie in the cycle f -> g -> h -> f: before, both took f's bound (3142141 ns)
    expect(fn(p, 'g').total).toBe(3121922);
    expect(fn(p, 'h').total).toBe(3111386);
  });
});

describe('yappi\'s callgrind files of threaded programs', () => {
  it('read with a warning naming the ids used and never defined, as callgrind_annotate reads them', () => {
    const file = new URL('../../../../test/fixtures/callgrind/yappi-threads.callgrind', import.meta.url);
    const p = importCallgrind(new Uint8Array(readFileSync(file)));
    // the ids the file uses in cfn= and never defines in fn= (checked by hand with grep)
    expect(p.warnings).toContain('2 function ids are used and never defined: (89), (88) (first at line 109); their calls are kept, under functions named "(undefined function 89)" and so on');
    const oracle = readJson<AnnotateOracle>(`${file.pathname}.annotate.json`);
    // callgrind_annotate names such a function by the empty string: the calls' inclusive costs are its
    const made = p.frames.flatMap((f, i) => (/^\(undefined function \d+\)$/.test(f.name) ? [p.functions.total[i]] : []));
    expect(made.reduce((a, b) => a + b, 0)).toBe(oracle.inclusive['./yappi_threads.py:']);
  });
});

describe('callgrind errors', () => {
  it('names the problem and the line', () => {
    expectFormatError(() => cg('events: Ir\nfn=f\n16 abc\n'), /not a number/, 'line 3');
    expectFormatError(() => cg('events: Ir\nfn=f\n16 1 2\n'), /more costs than the 1 events/, 'line 3');
    expectFormatError(() => cg('events: Ir\nfn=f\n+x 1\n'), /position/, 'line 3');
    expectFormatError(() => cg('events: Ir\nfn=f\ncfn=g\ncalls=1 2\nfn=h\n1 2\n'), /calls= on line 4 is not followed/, 'line 5');
    expectFormatError(() => cg('events: Ir\nfn=f\ncfn=g\ncalls=1 2\n'), /calls= on line 4 has no cost line/);
    expectFormatError(() => cg('events: Ir\nfn=f\ncalls=1 2\n1 1\n'), /without a cfn=/, 'line 3');
    expectFormatError(() => cg('events: Ir\nfn=f\ncfn=g\ncalls=x\n1 1\n'), /call count/, 'line 4');
    expectFormatError(() => cg('events: Ir\n16 5\n'), /before any fn=/, 'line 2');
    expectFormatError(() => cg('fn=f\n16 5\n'), /before the events: line/, 'line 2');
    expectFormatError(() => cg('events: Ir\nhello world\n'), /not a callgrind line/, 'line 2');
    expectFormatError(() => cg('events: Ir\nsummary: lots\n'), /summary: holds "lots"/, 'line 2');
    expectFormatError(() => cg(''), /no events: line/);
  });

  it('throws only ProfileFormatError, and always ends, on mangled files', () => {
    const lines = EXTENDED_COMPRESSED.split('\n');
    const junk = ['calls=', 'fn=(', 'fn=(7)', '0x', '+', '-', '*', '* *', 'events:', 'positions: instr line',
      'summary:', 'part: 2', 'events: A B C', '99999999999999999999 1', '1 1.5e3', '1 -2', 'cfn=(1)', '\u00e9=\u00e9'];
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...lines), fc.constantFrom(...junk), fc.string({ maxLength: 12 })), { maxLength: 40 }),
        fc.integer({ min: 0, max: 2 }),
        (picked, event) => {
          let p: Profile;
          try {
            p = cg(picked.join('\n'), { event });
          } catch (e) {
            expect(e).toBeInstanceOf(ProfileFormatError);
            return;
          }
          expect(Number.isFinite(p.total)).toBe(true);
          expect(p.tree.size).toBeGreaterThan(0);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps its invariants on files a few edits away from a valid one', () => {
    const lines = EXTENDED_COMPRESSED.split('\n');
    const edit = fc.tuple(fc.constantFrom('drop', 'dup', 'byte'), fc.nat(), fc.integer({ min: 32, max: 126 }));
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 4 }), (edits) => {
        const text = [...lines];
        for (const [kind, at, byte] of edits) {
          const i = at % text.length;
          if (kind === 'drop') text.splice(i, 1);
          else if (kind === 'dup') text.splice(i, 0, text[i]);
          else if (text[i].length > 0) {
            const j = (at >> 4) % text[i].length;
            text[i] = text[i].slice(0, j) + String.fromCharCode(byte) + text[i].slice(j + 1);
          }
        }
        let p: Profile;
        try {
          p = cg(text.join('\n'));
        } catch (e) {
          expect(e).toBeInstanceOf(ProfileFormatError);
          expect((e as ProfileFormatError).where).toMatch(/^line \d+$/);
          return;
        }
        expectSaneTree(p);
      }),
      { numRuns: 300 },
    );
  });
});

describe('callgrind: a negative summary or totals is no total (found by a hostile-file sweep: the page drew an empty chart beside a full table)', () => {
  // the corpus file and callgrind_annotate's total of it
  const file = join(CORPUS, 'callgrind/default.callgrind');
  const text = readFileSync(file, 'utf8');
  const { total } = JSON.parse(readFileSync(`${file}.annotate.json`, 'utf8')) as { total: number };
  const lineOf = (key: string) => text.split('\n').findIndex((l) => l.startsWith(key)) + 1;
  const read = (t: string) => importCallgrind(new TextEncoder().encode(t), { name: 'default.callgrind' });

  it('summary: -5 gives way to totals:, and says so', () => {
    const p = read(text.replace(/^summary: .*$/m, 'summary: -5'));
    expect(p.total).toBe(total);
    expect(p.warnings).toEqual([`1 summary: lines with a negative total: the next one in line (totals:, else the sum of the self costs) taken instead (first at line ${lineOf('summary:')})`]);
  });

  it('with totals: negative too, the sum of the self costs', () => {
    const p = read(text.replace(/^summary: .*$/m, 'summary: -5').replace(/^totals: .*$/m, 'totals: -7'));
    expect(p.total).toBe(total);
    expect(p.functions.self.reduce((a, b) => a + b, 0)).toBe(total);
    expect(p.warnings).toHaveLength(2);
    expect(p.tree.total[0]).toBe(total);
  });
});
