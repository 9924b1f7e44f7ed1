import type { Profile, WeightUnit } from '../model';
import { frameKey } from '../frames';

/**
 * Profiles as a speedscope file (https://www.speedscope.app/file-format-schema.json): one
 * "sampled" profile per input profile, frames shared between them.
 * Our call tree already aggregates samples, so every node with self weight becomes one "sample":
 * its stack (root to node) with weight = the node's self. Speedscope rebuilds the same tree and
 * the same totals from that. The tree's root is left out of the stacks when it carries no weight
 * of its own (V8's "(root)", the synthetic root of graph-built trees), as speedscope's own
 * importers do.
 * Size: a stack is as long as the node is deep, so a deep tree with self weight on every level
 * writes depth x nodes numbers. Fine for real profiles; an evented profile would avoid it.
 */
export interface SpeedscopeFile {
  $schema: 'https://www.speedscope.app/file-format-schema.json';
  exporter: string;
  name: string;
  activeProfileIndex: number;
  shared: { frames: { name: string; file?: string; line?: number; col?: number }[] };
  profiles: {
    type: 'sampled';
    name: string;
    unit: string;
    startValue: number;
    endValue: number;
    samples: number[][];
    weights: number[];
  }[];
}

export function toSpeedscope(profiles: Profile[], name = profiles[0]?.name ?? 'profile'): string {
  return JSON.stringify(speedscopeFile(profiles, name));
}

export function speedscopeFile(profiles: Profile[], name: string): SpeedscopeFile {
  const frames: SpeedscopeFile['shared']['frames'] = [];
  const frameIndex = new Map<string, number>();
  const shared = (p: Profile, f: number): number => {
    const fr = p.frames[f];
    const key = frameKey(fr);
    let i = frameIndex.get(key);
    if (i === undefined) {
      i = frames.length;
      frameIndex.set(key, i);
      // our lines and columns are 1-based with 0 for unknown; speedscope's are 1-based and optional
      frames.push({
        name: fr.name,
        ...(fr.file ? { file: fr.file } : {}),
        ...(fr.line > 0 ? { line: fr.line } : {}),
        ...(fr.column > 0 ? { col: fr.column } : {}),
      });
    }
    return i;
  };

  const out = profiles.map((p) => {
    const { unit, factor } = speedscopeUnit(p.unit);
    const { parent, frame, self, size } = p.tree;
    const samples: number[][] = [];
    const weights: number[] = [];
    const skipRoot = size > 0 && !(self[0] > 0);
    const nodeFrame = new Int32Array(size);
    for (let i = 0; i < size; i++) nodeFrame[i] = shared(p, frame[i]);
    const path: number[] = []; // tree nodes from the first written level down
    for (let i = 0; i < size; i++) {
      // parent[i] < i and preorder: pop until the parent is on top
      while (path.length > 0 && path[path.length - 1] !== parent[i]) path.pop();
      if (!(i === 0 && skipRoot)) path.push(i);
      if (self[i] > 0) {
        samples.push(path.map((n) => nodeFrame[n]));
        weights.push(self[i] * factor);
      }
    }
    const total = weights.reduce((a, b) => a + b, 0);
    return { type: 'sampled' as const, name: p.name, unit, startValue: 0, endValue: total, samples, weights };
  });
  return {
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    exporter: 'profburst',
    name,
    activeProfileIndex: 0,
    shared: { frames },
    profiles: out,
  };
}

/** speedscope's units; other time units are converted to nanoseconds, counts become "none" */
function speedscopeUnit(u: WeightUnit): { unit: string; factor: number } {
  if (u.kind === 'bytes') return { unit: 'bytes', factor: 1 };
  if (u.kind === 'count') return { unit: 'none', factor: 1 };
  const named: [number, string][] = [[1, 'seconds'], [1e-3, 'milliseconds'], [1e-6, 'microseconds'], [1e-9, 'nanoseconds']];
  for (const [seconds, unit] of named) if (u.seconds === seconds) return { unit, factor: 1 };
  return { unit: 'nanoseconds', factor: u.seconds * 1e9 };
}
