import { scratch } from '../io/scratch';

/**
 * Strongly connected components of a call graph (Tarjan's algorithm with an explicit stack, so a
 * call chain of any depth is fine). Two functions share a component when each reaches the other:
 * recursion through several functions. Components are numbered in reverse topological order.
 * `component` is a scratch view (see scratch.ts), valid until the next call.
 */
export function components(
  nodeCount: number,
  from: Int32Array,
  to: Int32Array,
  edgeCount: number,
): { component: Int32Array; count: number } {
  // out-edges per node, CSR; all arrays are views of ones kept between imports (see scratch.ts):
  // callers use `component` before the next call
  const start = scratch('scc.start', Int32Array, nodeCount + 1, true);
  for (let e = 0; e < edgeCount; e++) start[from[e] + 1]++;
  for (let v = 0; v < nodeCount; v++) start[v + 1] += start[v];
  const fill = scratch('scc.fill', Int32Array, nodeCount, false);
  fill.set(start.subarray(0, nodeCount));
  const out = scratch('scc.out', Int32Array, edgeCount, false);
  for (let e = 0; e < edgeCount; e++) out[fill[from[e]]++] = to[e];

  const index = scratch('scc.index', Int32Array, nodeCount, false).fill(-1);
  const low = scratch('scc.low', Int32Array, nodeCount, false);
  const next = scratch('scc.next', Int32Array, nodeCount, false); // next out-edge to visit
  const onStack = scratch('scc.onStack', Uint8Array, nodeCount, true);
  const component = scratch('scc.component', Int32Array, nodeCount, false).fill(-1);
  const stack: number[] = []; // Tarjan's stack of open nodes
  const walk: number[] = []; // the depth-first path
  let counter = 0;
  let count = 0;
  for (let root = 0; root < nodeCount; root++) {
    if (index[root] >= 0) continue;
    index[root] = low[root] = counter++;
    next[root] = start[root];
    stack.push(root); onStack[root] = 1;
    walk.push(root);
    while (walk.length > 0) {
      const v = walk[walk.length - 1];
      if (next[v] < start[v + 1]) {
        const w = out[next[v]++];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          next[w] = start[w];
          stack.push(w); onStack[w] = 1;
          walk.push(w);
        } else if (onStack[w] && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      walk.pop();
      if (walk.length > 0) {
        const u = walk[walk.length - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component[w] = count;
        } while (w !== v);
        count++;
      }
    }
  }
  return { component, count };
}
