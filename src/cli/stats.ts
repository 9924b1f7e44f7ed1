import { statSync } from 'node:fs';
import { jsonHead } from './jsonHead';
import type { Profile } from '../core/model';
import type { Direction } from '../core/stats/callers';
import { cumPercall, functionLabel, functionRows, percall, SORT_ALIASES, sortRows, type FunctionRow, type SortKey } from '../core/stats/table';
import { formatCalls, formatWeight } from '../core/units';
import { callGroups, callsJson, callsText } from './callers';
import { loadGroup } from './group';
import { lineGroups, linesJson, linesText } from './lines';
import { loadProfiles } from './load';
import { HELP, parseCommand, usageError as commandUsageError, type CommandSpec, type OptionTable } from './options';
import { applyOptions, TRANSFORM_OPTIONS, TRANSFORMS_NOTE, transformOptions } from './transforms';

export const STATS = {
  synopsis: ['stats FILE... [options]'],
  notes: [
    'several FILEs or a folder: their merge (for .prof files what pstats.Stats(A, B, ...) reads)',
    'NAME: a regular expression (or plain text) searched in "file:line(function)", as pstats does',
    TRANSFORMS_NOTE,
  ],
  options: {
    json: { type: 'boolean', help: 'the stable JSON contract (README) instead of the table' },
    sort: { type: 'string', value: 'KEY', default: 'cumtime', help: "ncalls, tottime, percall, cumtime, cumpercall or function; pstats' names work too" },
    limit: { type: 'string', value: 'N', default: '0', help: 'the first N functions; 0 for all' },
    event: { type: 'string', value: 'NAME|N', help: 'the callgrind event, pprof sample type or perf event to show (N counts from 0)' },
    profile: { type: 'string', value: 'N', help: 'which profile of a file of several (Chrome trace, perf, Firefox Profiler threads; 0, the first, is all threads where the file has that)' },
    callers: { type: 'string', value: 'NAME', help: "the callers of the matching functions, as pstats' print_callers" },
    callees: { type: 'string', value: 'NAME', help: "the callees of the matching functions, as pstats' print_callees" },
    lines: { type: 'string', value: 'NAME', help: 'the cost of each source line of the matching functions, as callgrind_annotate or pprof -list (callgrind; pprof; .cpuprofile positionTicks)' },
    ...TRANSFORM_OPTIONS,
    ...HELP,
  },
} as const satisfies CommandSpec<OptionTable>;

/** `profburst stats`: the page's table as text or JSON, or the callers or callees of functions. */
export function statsCommand(args: string[]): number {
  const parsed = parseCommand(STATS, args);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals: files, tokens } = parsed;
  const usageError = (message: string) => commandUsageError(STATS, message);
  const { json, event } = values;
  const sortName = values.sort;
  const limit = Number(values.limit);
  if ([values.callers, values.callees, values.lines].filter((v) => v !== undefined).length > 1) return usageError('one of --callers, --callees and --lines at a time');
  const calls: { direction: Direction; pattern: string } | undefined = values.callers !== undefined
    ? { direction: 'callers', pattern: values.callers }
    : values.callees !== undefined ? { direction: 'callees', pattern: values.callees } : undefined;
  const transforms = transformOptions(tokens);
  if (files.length === 0) return usageError('stats needs a FILE');
  const sort = SORT_ALIASES.get(sortName);
  if (!sort) return usageError(`unknown sort key '${sortName}'`);
  if (!Number.isInteger(limit) || limit < 0) return usageError('--limit needs a whole number');
  const pick = values.profile === undefined ? undefined : Number(values.profile);
  if (pick !== undefined && !(Number.isInteger(pick) && pick >= 0)) return usageError('--profile needs a whole number');
  const merged = files.length > 1 || isDirectory(files[0]);
  if (pick !== undefined && merged) return usageError('--profile picks a profile of one file; several files are merged');

  let profile;
  if (!merged) {
    const loaded = loadProfiles(files[0], event, usageError, values.lines !== undefined ? true : undefined);
    if ('exit' in loaded) return loaded.exit;
    const index = pick ?? 0;
    if (index >= loaded.profiles.length) {
      console.error(`profburst: ${files[0]} has ${loaded.profiles.length} profile(s): ${loaded.profiles.map((p, i) => `${i} ${p.name}`).join(', ')}; --profile ${index} is out of range`);
      return 2;
    }
    profile = loaded.profiles[index];
    if (pick === undefined && loaded.profiles.length > 1) {
      console.error(`profburst: ${files[0]} has ${loaded.profiles.length} profiles; showing ${profile.name}, choose another with --profile N (${loaded.profiles.slice(1, 4).map((p, i) => `${i + 1} ${p.name}`).join(', ')}${loaded.profiles.length > 4 ? ', ...' : ''})`);
    }
  } else {
    const group = loadGroup(files, event);
    if ('exit' in group) return group.exit;
    profile = group.profile;
  }
  profile = applyOptions(profile, transforms);
  if (calls) {
    const groups = callGroups(profile, selectRows(profile, sort, 0), calls.pattern, calls.direction);
    const shown = limit > 0 ? groups.slice(0, limit) : groups;
    console.log(json ? callsJson(profile, shown, calls.direction) : callsText(profile, shown, calls.direction));
    return 0;
  }
  if (values.lines !== undefined) {
    if (!profile.lines) {
      console.error(`profburst: ${profile.name}: this ${profile.format} profile records no cost per source line (callgrind, pprof and .cpuprofile files do)`);
      return 1;
    }
    const groups = lineGroups(profile, selectRows(profile, sort, 0), values.lines);
    const shown = limit > 0 ? groups.slice(0, limit) : groups;
    console.log(json ? linesJson(profile, shown) : linesText(profile, shown));
    return 0;
  }
  const rows = selectRows(profile, sort, limit);
  console.log(json ? statsJson(profile, rows) : statsText(profile, rows, sort));
  return 0;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // loadProfiles says what is wrong
  }
}

/** The stable JSON contract other tools check numbers through: see README, "profburst stats --json". */
export function statsJson(profile: Profile, rows: FunctionRow[]): string {
  return JSON.stringify({
    ...jsonHead(profile),
    // what the importer repaired, as stderr says it: scripts reading the numbers see it too
    ...(profile.warnings && profile.warnings.length > 0 ? { warnings: profile.warnings } : {}),
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
