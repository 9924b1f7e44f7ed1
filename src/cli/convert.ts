import { statSync, writeFileSync } from 'node:fs';
import { toCallgrind } from '../core/export/callgrind';
import { toCollapsed } from '../core/export/collapsed';
import { toJson } from '../core/export/json';
import { toPprof } from '../core/export/pprof';
import { toPstats } from '../core/export/pstats';
import { toSpeedscope } from '../core/export/speedscope';
import { loadGroup } from './group';
import { loadProfiles } from './load';
import { HELP, parseCommand, usageError, type CommandSpec, type OptionTable } from './options';
import { applyOptions, TRANSFORM_OPTIONS, TRANSFORMS_NOTE, transformOptions } from './transforms';

const TARGETS = ['callgrind', 'speedscope', 'collapsed', 'json', 'pprof', 'pstats'];

export const CONVERT = {
  synopsis: [`convert FILE... --to ${TARGETS.join('|')} [options]`],
  notes: [
    'several FILEs or a folder are merged, then written',
    TRANSFORMS_NOTE,
  ],
  options: {
    to: { type: 'string', value: 'FORMAT', help: `the format to write: ${TARGETS.join(', ')}` },
    output: { type: 'string', short: 'o', value: 'OUT', help: 'the file to write; - or none: standard output' },
    event: { type: 'string', value: 'NAME|N', help: 'the callgrind event, pprof sample type or perf event to write (N counts from 0)' },
    profile: { type: 'string', value: 'N', help: 'which profile of a file of several (Chrome trace, perf, Firefox Profiler threads: 0 is the first) to write; without it, speedscope writes them all' },
    ...TRANSFORM_OPTIONS,
    ...HELP,
  },
} as const satisfies CommandSpec<OptionTable>;

/**
 * `profburst convert`: a profile in another tool's format. speedscope files hold several
 * profiles, so every thread of a Chrome trace goes in; callgrind and our JSON hold one.
 */
export function convertCommand(args: string[]): number {
  const parsed = parseCommand(CONVERT, args);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals: files, tokens } = parsed;
  const usage = (message: string) => usageError(CONVERT, message);
  const { to, output: outPath, event } = values;
  const pick = values.profile === undefined ? undefined : Number(values.profile);
  const transforms = transformOptions(tokens);
  if (files.length === 0) return usage('convert needs a FILE');
  if (!TARGETS.includes(to ?? '')) return usage(`--to needs ${TARGETS.slice(0, -1).join(', ')} or ${TARGETS[TARGETS.length - 1]}`);
  if (pick !== undefined && !(Number.isInteger(pick) && pick >= 0)) return usage('--profile needs a whole number');

  const [file] = files;
  let profiles;
  if (files.length === 1 && !statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
    const loaded = loadProfiles(file, event, usage);
    if ('exit' in loaded) return loaded.exit;
    profiles = loaded.profiles;
  } else {
    if (pick !== undefined) return usage('--profile picks a thread of one file; several files are merged');
    const group = loadGroup(files, event);
    if ('exit' in group) return group.exit;
    profiles = [group.profile];
  }
  const index = pick ?? 0;
  if (index >= profiles.length) return usage(`${file} has ${profiles.length} profile(s); --profile ${index} is out of range`);
  if (to !== 'speedscope' && pick === undefined && profiles.length > 1) {
    console.error(`profburst: ${file} has ${profiles.length} profiles (threads); writing the first, choose with --profile N`);
  }
  // the transforms reshape the profile written (every thread, for speedscope)
  if (transforms.length > 0) profiles = profiles.map((p, i) => (i === index || (to === 'speedscope' && pick === undefined) ? applyOptions(p, transforms) : p));
  const profile = profiles[index];
  if (to === 'pstats' && profile.unit.kind !== 'time') {
    console.error(`profburst: ${file} counts ${profile.unit.name}, not time; the .prof holds those numbers where pstats expects seconds`);
  }
  const text: string | Uint8Array = to === 'speedscope'
    ? toSpeedscope(pick === undefined ? profiles : [profile])
    : to === 'callgrind' ? toCallgrind(profile)
    : to === 'collapsed' ? toCollapsed(profile)
    : to === 'pprof' ? toPprof(profile)
    : to === 'pstats' ? toPstats(profile)
    : toJson(profile);

  if (outPath === undefined || outPath === '-') {
    if (typeof text !== 'string') process.stdout.write(text);
    else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
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
