import { FrameTable, frameIndexByFunction, functionKey } from '../frames';
import type { Profile } from '../model';

/**
 * Frames of several profiles in one table, matched by (name, file, line, column): the same
 * function in two files is one frame of the merge. Every profile's root maps to the merge's
 * root (frame 0), whatever the importer named it.
 *
 * Callgrind names a function by its file and name (callgrind_annotate's `file:function` rows);
 * the line the importer gives it is the smallest line with a cost in that one file, which another
 * file of the same program can put elsewhere: a part dumped while `main` was running
 * (--dump-before) records main from the line it resumed at. So a callgrind function is matched by
 * (name, file) and takes the smallest of its lines, as one file holding all the costs would give
 * it. Only where (name, file) names one frame of its profile: a merge that mixed in pstats can
 * hold two `<lambda>`s of one file, which only their lines tell apart.
 */
export function mergedFrames(profiles: readonly Profile[]): { table: FrameTable; maps: Int32Array[] } {
  const table = new FrameTable();
  table.intern('(root)', '', 0, 0);
  // a callgrind profile's frames by (name, file); none for other formats
  const byFunction = profiles.map((p) => (p.format === 'callgrind' ? frameIndexByFunction(p.frames) : new Map<string, number>()));
  const lineOf = new Map<string, number>(); // (name, file) -> the smallest known line of its frames
  profiles.forEach((p, i) => {
    for (const [key, f] of byFunction[i]) {
      const line = p.frames[f].line, prior = lineOf.get(key);
      if (prior === undefined || (line > 0 && (prior === 0 || line < prior))) lineOf.set(key, line);
    }
  });
  const maps = profiles.map((p, i) => {
    const map = new Int32Array(p.frames.length);
    const loose = byFunction[i];
    p.frames.forEach((f, k) => {
      const key = loose.size > 0 ? functionKey(f) : '';
      const line = loose.size > 0 && loose.get(key) === k ? lineOf.get(key)! : f.line;
      map[k] = table.intern(f.name, f.file, line, f.column);
    });
    if (p.tree.size > 0) map[p.tree.frame[0]] = 0;
    return map;
  });
  return { table, maps };
}
