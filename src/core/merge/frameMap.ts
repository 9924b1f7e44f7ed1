import { FrameTable } from '../frames';
import type { Profile } from '../model';

/**
 * Frames of several profiles in one table, matched by (name, file, line, column): the same
 * function in two files is one frame of the merge. Every profile's root maps to the merge's
 * root (frame 0), whatever the importer named it.
 */
export function mergedFrames(profiles: readonly Profile[]): { table: FrameTable; maps: Int32Array[] } {
  const table = new FrameTable();
  table.intern('(root)', '', 0, 0);
  const maps = profiles.map((p) => {
    const map = new Int32Array(p.frames.length);
    p.frames.forEach((f, i) => { map[i] = table.intern(f.name, f.file, f.line, f.column); });
    if (p.tree.size > 0) map[p.tree.frame[0]] = 0;
    return map;
  });
  return { table, maps };
}
