import type { Profile } from '../core/model';

/** Messages between the page and the import worker. */
export type WorkerRequest =
  | { type: 'open'; job: number; bytes: ArrayBuffer; name: string }
  /** re-read the file kept from job `source` with another callgrind event */
  | { type: 'event'; job: number; source: number; event: number }
  | { type: 'forget'; source: number };

export type WorkerReply =
  | { type: 'progress'; job: number; phase: string; fraction: number }
  | { type: 'done'; job: number; profiles: Profile[] }
  | { type: 'error'; job: number; message: string; format: string; where: string };

/** Every typed array buffer of a profile, so postMessage moves it instead of copying it. */
export function transferablesOf(profiles: Profile[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (a: { buffer: ArrayBufferLike } | null) => {
    if (a && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  };
  for (const p of profiles) {
    const { tree, functions, graph } = p;
    [tree.parent, tree.frame, tree.self, tree.total].forEach(add);
    [functions.ncalls, functions.primcalls, functions.self, functions.total].forEach(add);
    if (graph) [graph.caller, graph.callee, graph.ncalls, graph.primcalls, graph.self, graph.total].forEach(add);
  }
  return [...out];
}
