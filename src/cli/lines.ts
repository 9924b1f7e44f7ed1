import type { Profile } from '../core/model';
import { jsonHead } from './jsonHead';
import { functionLines, type LineRow } from '../core/source/lines';
import { functionLabel, type FunctionRow } from '../core/stats/table';
import { formatWeight } from '../core/units';
import { labelMatcher } from './callers';

/**
 * `profburst stats FILE --lines NAME`: the cost of each source line of the matching functions, as
 * callgrind_annotate prints beside the source and `pprof -list` per function: self (the line's own
 * cost) and total (with the calls made from it). Read from Profile.lines (core/source), recorded
 * by callgrind files (valgrind, Xdebug, pyprof2calltree), pprof (flat and cum, as -list) and
 * .cpuprofile files (positionTicks).
 */
export interface LineGroup {
  frame: number;
  lines: LineRow[];
}

/** Groups for the matching functions, in the order of `rows` (the chosen sort); functions without line costs are left out. */
export function lineGroups(profile: Profile, rows: FunctionRow[], pattern: string): LineGroup[] {
  const matches = labelMatcher(pattern);
  const out: LineGroup[] = [];
  for (const r of rows) {
    if (!matches(functionLabel(profile.frames[r.frame]))) continue;
    const lines = functionLines(profile.lines, r.frame);
    if (lines.length > 0) out.push({ frame: r.frame, lines });
  }
  return out;
}

export function linesJson(profile: Profile, groups: LineGroup[]): string {
  return JSON.stringify({
    ...jsonHead(profile),
    functions: groups.map((g) => {
      const { name, file, line } = profile.frames[g.frame];
      // file per line too: inlined code (callgrind's fi=/fe=) puts a function's lines in other files
      return { name, file, line, lines: g.lines.map((l) => ({ file: l.file, line: l.line, self: l.self, total: l.total })) };
    }),
  }, null, 1);
}

export function linesText(profile: Profile, groups: LineGroup[]): string {
  const u = profile.unit;
  const out: string[] = [`${profile.name}: ${profile.format}, total ${formatWeight(profile.total, u)}, cost per source line`];
  for (const g of groups) {
    const cells = g.lines.map((l) => [formatWeight(l.self, u), formatWeight(l.total, u), `${l.file}:${l.line}`]);
    const head = ['self', 'total', 'file:line'];
    const widths = [0, 1].map((c) => Math.max(head[c].length, ...cells.map((row) => row[c].length)));
    const row = (r: string[]) => `${r[0].padStart(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2]}`;
    // the hottest line by self, marked as callgrind_annotate's readers look for it
    let hottest = 0;
    g.lines.forEach((l, i) => { if (l.self > g.lines[hottest].self) hottest = i; });
    out.push('', functionLabel(profile.frames[g.frame]), row(head), ...cells.map((r, i) => row(r) + (i === hottest && g.lines[i].self > 0 ? '  <- hottest' : '')));
  }
  return out.join('\n');
}
