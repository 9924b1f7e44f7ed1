import type { Frame, FunctionStats } from '../model';

/**
 * The pseudo-frames V8 and Chrome record beside the program: time the thread was idle, in the
 * engine itself, or collecting garbage. In a browser trace (idle) is often most of the profile
 * (65-87% in the corpus's traces) and hides the program's own share, so the view can set them
 * aside: not drawn, not counted in the total the shares are of, and named in the note.
 */
export const IDLE_FRAMES: readonly string[] = ['(idle)', '(program)'];
export const GC_FRAMES: readonly string[] = ['(garbage collector)'];

/** 1 per frame set aside, or null when none is (or the profile has none of them). */
export function setAsideFrames(frames: Frame[], idle: boolean, gc: boolean): Uint8Array | null {
  if (!idle && !gc) return null;
  const names = new Set([...(idle ? IDLE_FRAMES : []), ...(gc ? GC_FRAMES : [])]);
  let out: Uint8Array | null = null;
  frames.forEach((f, i) => {
    if (f.file || !names.has(f.name)) return;
    out ??= new Uint8Array(frames.length);
    out[i] = 1;
  });
  return out;
}

/** Whether a profile has any of the pseudo-frames, so the toggle is worth showing. */
export function hasPseudoFrames(frames: Frame[]): boolean {
  return frames.some((f) => !f.file && (IDLE_FRAMES.includes(f.name) || GC_FRAMES.includes(f.name)));
}

/** The total the shares are of with those frames set aside, and the names and weight set aside. */
export function totalWithout(total: number, functions: FunctionStats, frames: Frame[], aside: Uint8Array | null): { total: number; names: string[]; weight: number } {
  if (!aside) return { total, names: [], weight: 0 };
  let weight = 0;
  const names: string[] = [];
  for (let f = 0; f < aside.length; f++) {
    if (!aside[f]) continue;
    weight += functions.total[f];
    if (functions.total[f] > 0 && !names.includes(frames[f].name)) names.push(frames[f].name);
  }
  return { total: total - weight, names, weight };
}
