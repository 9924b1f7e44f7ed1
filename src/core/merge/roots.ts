import type { CallGraph, FunctionStats } from '../model';

/**
 * The tree's top for a pstats graph, by the importer's rule (see importPstatsDecoded): a root is
 * a function with an entry that is called from outside the profiled code: no callers, or more
 * calls than its callers account for; it weighs its cumtime's share of those outside calls.
 */
export function pstatsRoots(graph: CallGraph, functions: FunctionStats, hasEntry: Uint8Array, rootFrame: number): { roots: number[]; rootWeights: number[] } {
  const n = hasEntry.length;
  const calledFromProfile = new Float64Array(n);
  const callers = new Int32Array(n);
  for (let e = 0; e < graph.size; e++) {
    calledFromProfile[graph.callee[e]] += graph.ncalls[e];
    callers[graph.callee[e]]++;
  }
  const roots: number[] = [], rootWeights: number[] = [];
  for (let f = 0; f < n; f++) {
    if (!hasEntry[f] || f === rootFrame) continue;
    const nc = functions.ncalls![f], cc = functions.primcalls ? functions.primcalls[f] : nc, ct = functions.total[f];
    const outside = nc - calledFromProfile[f];
    if (callers[f] === 0 || outside > 0) {
      roots.push(f);
      rootWeights.push(cc > outside ? ct * (outside / cc) : ct);
    }
  }
  return { roots, rootWeights };
}
