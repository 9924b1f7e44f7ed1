import { writeFileSync } from 'node:fs';
import { toCallgrind } from '../core/export/callgrind';
import { toCollapsed } from '../core/export/collapsed';
import { toJson } from '../core/export/json';
import { toSpeedscope } from '../core/export/speedscope';
import { loadProfiles } from './load';

export const CONVERT_USAGE = `  profburst convert FILE --to callgrind|speedscope|collapsed|json [-o OUT] [--event NAME|N] [--profile N]
      OUT defaults to standard output; --profile picks one thread of a Chrome trace
      (speedscope writes them all)`;

/**
 * `profburst convert`: a profile in another tool's format. speedscope files hold several
 * profiles, so every thread of a Chrome trace goes in; callgrind and our JSON hold one.
 */
export function convertCommand(args: string[], usage: (message: string) => number): number {
  let file: string | undefined;
  let to: string | undefined;
  let outPath: string | undefined;
  let event: string | undefined;
  let pick: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--to') to = args[++i];
    else if (a === '-o' || a === '--output') {
      outPath = args[++i];
      if (outPath === undefined) return usage(`${a} needs a file name`);
    }
    else if (a === '--event') event = args[++i];
    else if (a === '--profile') pick = Number(args[++i]);
    else if (a.startsWith('-') && a !== '-') return usage(`unknown option ${a}`);
    else if (file === undefined) file = a;
    else return usage(`one FILE only, got also ${a}`);
  }
  if (!file) return usage('convert needs a FILE');
  if (to !== 'callgrind' && to !== 'speedscope' && to !== 'collapsed' && to !== 'json') return usage('--to needs callgrind, speedscope, collapsed or json');
  if (pick !== undefined && !(Number.isInteger(pick) && pick >= 0)) return usage('--profile needs a whole number');

  const loaded = loadProfiles(file, event, usage);
  if ('exit' in loaded) return loaded.exit;
  const { profiles } = loaded;
  const index = pick ?? 0;
  if (index >= profiles.length) return usage(`${file} has ${profiles.length} profile(s); --profile ${index} is out of range`);
  if (to !== 'speedscope' && pick === undefined && profiles.length > 1) {
    console.error(`profburst: ${file} has ${profiles.length} profiles (threads); writing the first, choose with --profile N`);
  }
  const text = to === 'speedscope'
    ? toSpeedscope(pick === undefined ? profiles : [profiles[index]])
    : to === 'callgrind' ? toCallgrind(profiles[index])
      : to === 'collapsed' ? toCollapsed(profiles[index]) : toJson(profiles[index]);

  if (outPath === undefined || outPath === '-') {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return 0;
  }
  try {
    writeFileSync(outPath, text);
  } catch (e) {
    console.error(`profburst: cannot write ${outPath}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    return 1;
  }
  return 0;
}
