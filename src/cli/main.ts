import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ProfileFormatError } from '../core/errors';
import { importProfile } from '../core/formats';
import { SORT_ALIASES } from '../core/stats/table';
import { selectRows, statsJson, statsText } from './stats';

const USAGE = `usage:
  profburst stats FILE [--json] [--sort KEY] [--limit N] [--event NAME|N]
      KEY: ncalls, tottime, percall, cumtime, cumpercall, function (pstats names work too)`;

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === 'stats') return statsCommand(rest);
  if (command === undefined || command === '-h' || command === '--help') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  console.error(`profburst: unknown command '${command}'\n${USAGE}`);
  return 2;
}

function statsCommand(args: string[]): number {
  let file: string | undefined;
  let json = false;
  let sortName = 'cumtime';
  let limit = 0;
  let event: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--sort') sortName = args[++i] ?? '';
    else if (a === '--limit') limit = Number(args[++i]);
    else if (a === '--event') event = args[++i];
    else if (a.startsWith('-')) return usageError(`unknown option ${a}`);
    else if (file === undefined) file = a;
    else return usageError(`one FILE only, got also ${a}`);
  }
  if (!file) return usageError('stats needs a FILE');
  const sort = SORT_ALIASES.get(sortName);
  if (!sort) return usageError(`unknown sort key '${sortName}'`);
  if (!Number.isInteger(limit) || limit < 0) return usageError('--limit needs a whole number');

  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    console.error(`profburst: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    return 1;
  }
  try {
    let profile = importProfile(bytes, { name: basename(file) });
    if (event !== undefined) {
      const index = /^\d+$/.test(event) ? Number(event) : profile.events.indexOf(event);
      if (index < 0 || index >= profile.events.length) {
        return usageError(`no event '${event}' in ${file}; it has ${profile.events.join(', ')}`);
      }
      if (index !== profile.event) profile = importProfile(bytes, { name: basename(file), event: index });
    }
    const rows = selectRows(profile, sort, limit);
    console.log(json ? statsJson(profile, rows) : statsText(profile, rows, sort));
    return 0;
  } catch (e) {
    if (e instanceof ProfileFormatError) {
      console.error(`profburst: ${file}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

function usageError(message: string): number {
  console.error(`profburst: ${message}\n${USAGE}`);
  return 2;
}
