import type { Frame } from './model';

/** Interns frames by (name, file, line, column): the per-function key of every format. */
export class FrameTable {
  readonly frames: Frame[] = [];
  private readonly index = new Map<string, number>();

  intern(name: string, file: string, line: number, column: number): number {
    // the name's length first: names and files may hold NUL themselves (a hostile file), and
    // "a\0b" + "c" must not meet "a" + "b\0c"; line and column are numbers, without NUL
    const key = `${name.length}:${name}\u0000${file}\u0000${line}\u0000${column}`;
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.frames.length;
      this.frames.push({ name, file, line, column });
      this.index.set(key, id);
    }
    return id;
  }
}
