import { statSync } from 'node:fs';
import { SORT_ALIASES } from '../core/stats/table';
import type { Direction } from '../core/stats/callers';
import { callGroups, callsJson, callsText } from './callers';
import { CONVERT_USAGE, convertCommand } from './convert';
import { DIFF_USAGE, diffCommand } from './diff';
import { loadGroup } from './group';
import { loadProfiles } from './load';
import { SERVE_USAGE, serveCommand } from './serve';
import { selectRows, statsJson, statsText } from './stats';
import { applyOptions, takeTransformOption, TRANSFORMS_USAGE, type TransformOption } from './transforms';

const USAGE = `usage:
${SERVE_USAGE}
  profburst stats FILE... [--json] [--sort KEY] [--limit N] [--event NAME|N] [--callers NAME | --callees NAME]
      KEY: ncalls, tottime, percall, cumtime, cumpercall, function (pstats names work too)
      NAME: a regular expression (or plain text) searched in "file:line(function)", as pstats does
      several FILEs or a folder: their merge (for .prof files what pstats.Stats(A, B, ...) reads)
${TRANSFORMS_USAGE}
${DIFF_USAGE}
${CONVERT_USAGE}`;

/** A number for commands that finish, a promise for `serve`, which runs until interrupted. */
export function main(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'stats') return statsCommand(rest);
  if (command === 'convert') return convertCommand(rest, usageError);
  if (command === 'diff') return diffCommand(rest, usageError);
  if (command === 'serve') return serveCommand(rest, usageError);
  if (command === undefined || command === '-h' || command === '--help') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  // `profburst FILE...`: anything else that is not an option is a file or folder to serve
  if (!command.startsWith('-') || argv.some((a) => !a.startsWith('-'))) return serveCommand(argv, usageError);
  console.error(`profburst: unknown command '${command}'\n${USAGE}`);
  return 2;
}

function statsCommand(args: string[]): number {
  const files: string[] = [];
  let json = false;
  let sortName = 'cumtime';
  let limit = 0;
  let event: string | undefined;
  let calls: { direction: Direction; pattern: string } | undefined;
  const transforms: TransformOption[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const t = takeTransformOption(args, i);
    if (typeof t === 'string') return usageError(t);
    if (t) {
      transforms.push(t.option);
      i += t.used - 1;
    } else if (a === '--json') json = true;
    else if (a === '--sort') sortName = args[++i] ?? '';
    else if (a === '--limit') limit = Number(args[++i]);
    else if (a === '--event') event = args[++i];
    else if (a === '--callers' || a === '--callees') {
      const pattern = args[++i];
      if (pattern === undefined) return usageError(`${a} needs a NAME`);
      if (calls) return usageError('one of --callers and --callees at a time');
      calls = { direction: a === '--callers' ? 'callers' : 'callees', pattern };
    } else if (a.startsWith('-')) return usageError(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length === 0) return usageError('stats needs a FILE');
  const sort = SORT_ALIASES.get(sortName);
  if (!sort) return usageError(`unknown sort key '${sortName}'`);
  if (!Number.isInteger(limit) || limit < 0) return usageError('--limit needs a whole number');

  let profile;
  if (files.length === 1 && !isDirectory(files[0])) {
    const loaded = loadProfiles(files[0], event, usageError);
    if ('exit' in loaded) return loaded.exit;
    profile = loaded.profiles[0];
    // on stderr, so --json output stays the contract's
    for (const w of profile.warnings ?? []) console.error(`profburst: ${profile.name}: repaired: ${w}`);
  } else {
    const group = loadGroup(files, event);
    if ('exit' in group) return group.exit;
    profile = group.profile;
    // a merge's warnings name their file already
    for (const w of profile.warnings ?? []) console.error(`profburst: repaired: ${w}`);
  }
  profile = applyOptions(profile, transforms);
  if (calls) {
    const groups = callGroups(profile, selectRows(profile, sort, 0), calls.pattern, calls.direction);
    const shown = limit > 0 ? groups.slice(0, limit) : groups;
    console.log(json ? callsJson(profile, shown, calls.direction) : callsText(profile, shown, calls.direction));
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

function usageError(message: string): number {
  console.error(`profburst: ${message}\n${USAGE}`);
  return 2;
}
