import type { Frame } from './model';

/**
 * A frame's identity, (name, file, line, column), as one string: the per-function key of every
 * format, and how two profiles' frames are matched (a re-read file, the sides of a comparison).
 * The name's length first: names and files may hold NUL themselves (a hostile file), and
 * "a\0b" + "c" must not meet "a" + "b\0c"; line and column are numbers, without NUL.
 */
export function frameKeyOf(name: string, file: string, line: number, column: number): string {
  return `${name.length}:${name}\u0000${file}\u0000${line}\u0000${column}`;
}

export function frameKey(f: Frame): string {
  return frameKeyOf(f.name, f.file, f.line, f.column);
}

/** Each key's first frame in `frames`: where another profile's frame is found in these. */
export function frameIndexByKey(frames: readonly Frame[]): Map<string, number> {
  const index = new Map<string, number>();
  frames.forEach((f, i) => {
    const k = frameKey(f);
    if (!index.has(k)) index.set(k, i);
  });
  return index;
}

/** A frame's function as callgrind names one, by file and name: its key without line and column. */
export function functionKey(f: Frame): string {
  return frameKeyOf(f.name, f.file, 0, 0);
}

/**
 * Each functionKey that names exactly one frame of `frames`, to that frame: a frame found by file
 * and name where its line differs (callgrind's parts, merge/frameMap.ts); a pair naming several
 * (two `<lambda>`s of one file) is left to the lines.
 */
export function frameIndexByFunction(frames: readonly Frame[]): Map<string, number> {
  const index = new Map<string, number>();
  const twice = new Set<string>();
  frames.forEach((f, i) => {
    const k = functionKey(f);
    if (index.has(k)) twice.add(k);
    else index.set(k, i);
  });
  for (const k of twice) index.delete(k);
  return index;
}

/** Interns frames by (name, file, line, column): the per-function key of every format. */
export class FrameTable {
  readonly frames: Frame[] = [];
  private readonly index = new Map<string, number>();

  intern(name: string, file: string, line: number, column: number): number {
    const key = frameKeyOf(name, file, line, column);
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.frames.length;
      this.frames.push({ name, file, line, column });
      this.index.set(key, id);
    }
    return id;
  }
}
