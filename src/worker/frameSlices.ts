import type { Frame } from '../core/model';
import type { FrameSlice } from './protocol';

// Frames across the worker boundary as string tables (see FrameSlice): the worker's side cuts
// them into slices, the page's side appends each slice as it comes.

/** Slices of `size` frames; `known` (one per job) holds the strings sent before, by index. */
export function* frameSlices(frames: Frame[], known: Map<string, number>, size: number): Generator<FrameSlice> {
  for (let start = 0; start < frames.length; start += size) {
    const n = Math.min(frames.length - start, size);
    const slice: FrameSlice = { strings: [], name: new Int32Array(n), file: new Int32Array(n), line: new Float64Array(n), column: new Float64Array(n) };
    const index = (s: string) => {
      let i = known.get(s);
      if (i === undefined) {
        known.set(s, (i = known.size));
        slice.strings.push(s);
      }
      return i;
    };
    for (let i = 0; i < n; i++) {
      const f = frames[start + i];
      slice.name[i] = index(f.name);
      slice.file[i] = index(f.file);
      slice.line[i] = f.line;
      slice.column[i] = f.column;
    }
    yield slice;
  }
}

/** Appends a slice's frames to `into`; `strings` is the job's table so far, and grows. */
export function appendSlice(slice: FrameSlice, strings: string[], into: Frame[]): void {
  for (const s of slice.strings) strings.push(s);
  for (let i = 0; i < slice.name.length; i++) {
    into.push({ name: strings[slice.name[i]], file: strings[slice.file[i]], line: slice.line[i], column: slice.column[i] });
  }
}
