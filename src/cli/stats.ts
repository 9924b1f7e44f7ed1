import type { Profile } from '../core/model';
import { cumPercall, functionLabel, functionRows, percall, sortRows, type FunctionRow, type SortKey } from '../core/stats/table';
import { formatCalls, formatWeight } from '../core/units';

/** The stable JSON contract other tools check numbers through: see README, "profburst stats --json". */
export function statsJson(profile: Profile, rows: FunctionRow[]): string {
  return JSON.stringify({
    format: profile.format,
    unit: profile.unit.name,
    event: profile.events[profile.event],
    total: profile.total,
    functions: rows.map((r) => {
      const frame = profile.frames[r.frame];
      return {
        name: frame.name,
        file: frame.file,
        line: frame.line,
        ncalls: r.ncalls,
        primcalls: r.primcalls,
        self: r.self,
        total: r.total,
      };
    }),
  }, null, 1);
}

/** The same table the page shows, as text. */
export function statsText(profile: Profile, rows: FunctionRow[], sort: SortKey): string {
  const u = profile.unit;
  const cells = rows.map((r) => [
    formatCalls(r.ncalls, r.primcalls),
    formatWeight(r.self, u),
    orDash(percall(r), profile),
    formatWeight(r.total, u),
    orDash(cumPercall(r), profile),
    functionLabel(profile.frames[r.frame]),
  ]);
  const head = ['ncalls', 'tottime', 'percall', 'cumtime', 'percall', 'filename:lineno(function)'];
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 5 ? cell : cell.padStart(widths[c]))).join('  ');
  const eventNote = profile.events.length > 1 ? `, event ${profile.events[profile.event]} of ${profile.events.join(' ')}` : '';
  return [
    `${profile.name}: ${profile.format}, total ${formatWeight(profile.total, u)}${eventNote}`,
    `ordered by: ${sort}`,
    '',
    line(head),
    ...cells.map(line),
  ].join('\n');
}

function orDash(v: number | null, profile: Profile): string {
  return v === null ? '–' : formatWeight(v, profile.unit);
}

export function selectRows(profile: Profile, sort: SortKey, limit: number): FunctionRow[] {
  const rows = sortRows(functionRows(profile), profile.frames, sort);
  return limit > 0 ? rows.slice(0, limit) : rows;
}
