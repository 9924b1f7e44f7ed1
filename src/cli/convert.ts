import { statSync, writeFileSync } from 'node:fs';
import { toCallgrind } from '../core/export/callgrind';
import { toCollapsed } from '../core/export/collapsed';
import { toJson } from '../core/export/json';
import { toPprof } from '../core/export/pprof';
import { toPstats } from '../core/export/pstats';
import { toSpeedscope } from '../core/export/speedscope';
import { loadGroup } from './group';
import { loadProfiles } from './load';
import { applyOptions, takeTransformOption, TRANSFORMS_USAGE, type TransformOption } from './transforms';

export const CONVERT_USAGE = `  profburst convert FILE... --to callgrind|speedscope|collapsed|json|pprof|pstats [-o OUT] [--event NAME|N] [--profile N]
      OUT defaults to standard output; --profile picks one thread of a Chrome trace
      (speedscope writes them all); several FILEs or a folder are merged, then written
${TRANSFORMS_USAGE}`;

/**
 * `profburst convert`: a profile in another tool's format. speedscope files hold several
 * profiles, so every thread of a Chrome trace goes in; callgrind and our JSON hold one.
 */
export function convertCommand(args: string[], usage: (message: string) => number): number {
  const files: string[] = [];
  let to: string | undefined;
  let outPath: string | undefined;
  let event: string | undefined;
  let pick: number | undefined;
  const transforms: TransformOption[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const t = takeTransformOption(args, i);
    if (typeof t === 'string') return usage(t);
    if (t) {
      transforms.push(t.option);
      i += t.used - 1;
    } else if (a === '--to') to = args[++i];
    else if (a === '-o' || a === '--output') {
      outPath = args[++i];
      if (outPath === undefined) return usage(`${a} needs a file name`);
    }
    else if (a === '--event') event = args[++i];
    else if (a === '--profile') pick = Number(args[++i]);
    else if (a.startsWith('-') && a !== '-') return usage(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length === 0) return usage('convert needs a FILE');
  if (!['callgrind', 'speedscope', 'collapsed', 'json', 'pprof', 'pstats'].includes(to ?? '')) return usage('--to needs callgrind, speedscope, collapsed, json, pprof or pstats');
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
