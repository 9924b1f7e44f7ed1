import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pstatsFile, type PstatsEntry, type PstatsKey } from '../../../test/support/marshal';
import { importPstats } from '../formats/pstats';

const key = (name: string): PstatsKey => ['app.py', 1, name];

/**
 * Profiles whose call graph has no function without a caller: every function's calls all come
 * from other profiled functions (as in a merged or hand-built profile, or a cycle at the top).
 * Each function's ncalls equal the calls its callers record, so pstats' "outside calls" rule
 * finds no root.
 */
function closedGraph(n: number, edges: [number, number][], tt: number[]): PstatsEntry[] {
  return Array.from({ length: n }, (_, f) => {
    const callers = edges.filter(([, to]) => to === f).map(([from]) => from);
    const calls = callers.length;
    // cumtime: its own time and its callees', a plausible value (cycles make it an estimate anyway)
    const ct = tt[f] + edges.filter(([from, to]) => from === f && to !== f).reduce((s, [, to]) => s + tt[to], 0);
    return {
      key: key(`f${f}`), cc: calls, nc: calls, tt: tt[f], ct,
      callers: callers.map((c): [PstatsKey, [number, number, number, number]] => [key(`f${c}`), [1, 1, tt[f] / calls, ct / calls]]),
    };
  });
}

describe('every call graph draws', () => {
  it('roots a cycle at the top at its heaviest member, so the chart is not one empty root', () => {
    // f0 -> f1 -> f0, f1 -> f2: nothing outside calls in
    const p = importPstats(pstatsFile(closedGraph(3, [[0, 1], [1, 0], [1, 2]], [0.5, 0.25, 1])));
    const { tree } = p;
    let childSum = 0;
    for (let i = 1; i < tree.size; i++) if (tree.parent[i] === 0) childSum += tree.total[i];
    expect(tree.self[0]).toBeCloseTo(0, 12);
    expect(childSum).toBeCloseTo(p.total, 12);
    const top = [...Array(tree.size).keys()].filter((i) => tree.parent[i] === 0).map((i) => p.frames[tree.frame[i]].name);
    expect(top).toEqual(['f1']); // ct: f1 = 0.25 + 0.5 + 1 beats f0 = 0.5 + 0.25
  });

  it('for random graphs where every function has a caller, the root keeps no self time', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 9 }).chain((n) => fc.tuple(
        fc.constant(n),
        fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { minLength: n, maxLength: 3 * n }),
        fc.array(fc.double({ min: 0.001, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
      )),
      ([n, extra, tt]) => {
        // every function gets a caller: a ring through all of them, plus random edges
        const ring: [number, number][] = Array.from({ length: n }, (_, f) => [f, (f + 1) % n]);
        const seen = new Set<string>();
        const edges = [...ring, ...extra].filter(([a, b]) => !seen.has(`${a} ${b}`) && (seen.add(`${a} ${b}`), true));
        const p = importPstats(pstatsFile(closedGraph(n, edges, tt)));
        expect(p.tree.size).toBeGreaterThan(1);
        expect(p.tree.self[0]).toBeLessThan(p.total * 1e-9 + 1e-15);
      },
    ), { numRuns: 200 });
  });
});
