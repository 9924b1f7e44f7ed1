import type { Profile } from '../core/model';
import { jsonHead } from './jsonHead';
import { callEdges, edgeEntries, type Direction, type EdgeEntry } from '../core/stats/callers';
import { functionLabel, type FunctionRow } from '../core/stats/table';
import { formatCalls, formatWeight } from '../core/units';

/**
 * `profburst stats --callers NAME` / `--callees NAME`, as pstats' print_callers and
 * print_callees: for every function whose "file:line(name)" label matches NAME, the edges into
 * (or out of) it with ncalls, tottime and cumtime per edge. The numbers are the page's function
 * panel's (core/stats/callers.ts): the format's call graph, or for sampled profiles the call
 * tree's edges, where there are no call counts (ncalls '–') and cumtime counts each sample once
 * per edge.
 */
export interface CallGroup {
  frame: number;
  edges: EdgeEntry[];
}

/** NAME as pstats takes it: a regular expression searched in the label, or plain text when it is not one */
export function labelMatcher(pattern: string): (label: string) => boolean {
  try {
    const re = new RegExp(pattern);
    return (label) => re.test(label);
  } catch {
    return (label) => label.includes(pattern);
  }
}

/** Groups for the matching functions, in the order of `rows` (the chosen sort). */
export function callGroups(profile: Profile, rows: FunctionRow[], pattern: string, direction: Direction): CallGroup[] {
  const matches = labelMatcher(pattern);
  const frames = rows.map((r) => r.frame).filter((f) => matches(functionLabel(profile.frames[f])));
  const entries = edgeEntries(callEdges(profile), frames, direction);
  return frames.map((frame) => ({ frame, edges: entries.get(frame)! }));
}

export function callsJson(profile: Profile, groups: CallGroup[], direction: Direction): string {
  const fn = (f: number) => {
    const { name, file, line } = profile.frames[f];
    return { name, file, line };
  };
  return JSON.stringify({
    ...jsonHead(profile),
    direction,
    functions: groups.map((g) => ({
      ...fn(g.frame),
      [direction]: g.edges.map((e) => ({ ...fn(e.frame), ncalls: e.ncalls, primcalls: e.primcalls, self: e.self, total: e.total })),
    })),
  }, null, 1);
}

export function callsText(profile: Profile, groups: CallGroup[], direction: Direction): string {
  const u = profile.unit;
  const arrow = direction === 'callers' ? '<-' : '->';
  const heading = direction === 'callers' ? 'was called by...' : 'called...';
  const labels = groups.map((g) => functionLabel(profile.frames[g.frame]));
  const cells = groups.map((g) => g.edges.map((e) => [
    formatCalls(e.ncalls, e.primcalls),
    e.self === null ? '–' : formatWeight(e.self, u),
    formatWeight(e.total, u),
    functionLabel(profile.frames[e.frame]),
  ]));
  const all = cells.flat();
  const w = [0, 1, 2].map((c) => Math.max(['ncalls', 'tottime', 'cumtime'][c].length, ...all.map((row) => row[c].length)));
  const left = Math.max('Function'.length, ...labels.map((l) => l.length));
  const row = (r: string[]) => `${r[0].padStart(w[0])}  ${r[1].padStart(w[1])}  ${r[2].padStart(w[2])}  ${r[3]}`;
  const out = [
    `${profile.name}: ${groups.length} function${groups.length === 1 ? '' : 's'} matched`,
    '',
    `${'Function'.padEnd(left)}  ${heading}`,
    `${''.padEnd(left + 4)}${row(['ncalls', 'tottime', 'cumtime', ''])}`.trimEnd(),
  ];
  groups.forEach((g, i) => {
    if (cells[i].length === 0) out.push(`${labels[i].padEnd(left)}  ${arrow}`);
    cells[i].forEach((r, k) => out.push(`${(k === 0 ? labels[i] : '').padEnd(left)}  ${k === 0 ? arrow : '  '}${row(r)}`));
  });
  return out.join('\n');
}
