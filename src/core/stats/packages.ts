import type { Frame } from '../model';

/**
 * Which package a frame belongs to: the folder of a file, a URL's path without its file name, or
 * for built-ins the module they come from. The chart colours by it and its legend sums self time
 * by it; the worker sums it once per profile (packageTimes), so it lives here, below both.
 */
export function packageOf(frame: Frame): string {
  const file = frame.file;
  if (!file || file === '~') {
    // "<built-in method posix.stat>", "<method 'sub' of 're.Pattern' objects>", "Math.random"
    const method = /^<method '[^']*' of '([\w$]+)\./.exec(frame.name);
    if (method) return `builtin:${method[1]}`;
    const builtin = /^<built-in (?:method|function) ([\w$]+)\./.exec(frame.name);
    if (builtin) return `builtin:${builtin[1]}`;
    if (frame.name.startsWith('<')) return 'builtin:builtins';
    const m = /^([\w$]+)/.exec(frame.name);
    return m ? `builtin:${m[1]}` : 'builtin';
  }
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return slash > 0 ? file.slice(0, slash) : file;
}

/** V8's pseudo-frames: each is a key of its own (and has a colour of its own on the chart). */
export const PSEUDO_FRAMES: ReadonlySet<string> = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

/** What a frame's colour and legend entry are keyed by: its package, or its own name for V8's pseudo-frames. */
export function colorKeyOf(frame: Frame): string {
  return !frame.file && PSEUDO_FRAMES.has(frame.name) ? frame.name : packageOf(frame);
}

/** Self time per colour key, biggest first: the legend's packages. Self times never overlap, so they add up. */
export function packageTimes(frames: Frame[], self: Float64Array): { key: string; time: number }[] {
  const sums = new Map<string, number>();
  frames.forEach((frame, f) => {
    if (self[f] > 0) {
      const key = colorKeyOf(frame);
      sums.set(key, (sums.get(key) ?? 0) + self[f]);
    }
  });
  return [...sums].map(([key, time]) => ({ key, time })).sort((a, b) => b.time - a.time);
}
