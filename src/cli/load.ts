import { basename } from 'node:path';
import { ProfileFormatError } from '../core/errors';
import { importProfiles } from '../core/io/import';
import type { Profile } from '../core/model';
import { readProfileFile } from './readProfileFile';

/** What a command gets back: the profiles, or the exit code after the message was printed. */
export type Loaded = { profiles: Profile[] } | { exit: number };

/**
 * Reads and imports FILE for a command, choosing a callgrind event by name or index. Prints the
 * problem (unreadable file, not a profile, unknown event) and returns the exit code instead of
 * throwing, so every command reports errors the same way. `lines` keeps per-line costs whatever
 * the file's size (stats --lines; by default importers keep them up to 32 MB).
 */
export function loadProfiles(file: string, event: string | undefined, usage: (message: string) => number, lines?: boolean): Loaded {
  let bytes: Uint8Array;
  try {
    bytes = readProfileFile(file);
  } catch (e) {
    console.error(`profburst: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    return { exit: 1 };
  }
  const name = basename(file);
  try {
    const options = lines === undefined ? { name } : { name, lines };
    let profiles = importProfiles(bytes, options);
    if (event !== undefined) {
      const first = profiles[0];
      const index = /^\d+$/.test(event) ? Number(event) : first.events.indexOf(event);
      if (index < 0 || index >= first.events.length) {
        // the file's, not the command line's, problem: no usage text after it
        console.error(`profburst: ${file}: no event '${event}'; it has ${first.events.map((e, i) => `${e} (${i})`).join(', ')}: --event takes a name or its number, from 0`);
        return { exit: 2 };
      }
      if (index !== first.event) profiles = importProfiles(bytes, { ...options, event: index });
    }
    warnRepairs(profiles, name);
    return { profiles };
  } catch (e) {
    if (e instanceof ProfileFormatError) {
      console.error(`profburst: ${file}: ${e.message}`);
      return { exit: 1 };
    }
    throw e;
  }
}

/**
 * What the importer repaired, one `profburst: warning:` line each on stderr (so --json output
 * stays the contract's), for every command that reads the file: stats, convert and diff alike.
 * A file of several threads gives each thread's profile the file's own repairs (perf's skipped
 * lines, a trace's missing `]`), so that the page says them whichever thread is on screen: a
 * warning several profiles carry is the file's, said once under `file`; one only a single
 * profile carries is that thread's, said under its profile's name.
 */
export function warnRepairs(profiles: Profile[], file: string): void {
  const carriers = new Map<string, Profile[]>();
  for (const p of profiles) {
    for (const w of new Set(p.warnings)) carriers.set(w, [...(carriers.get(w) ?? []), p]);
  }
  for (const [w, carried] of carriers) {
    console.error(`profburst: warning: ${carried.length > 1 ? file : carried[0].name}: repaired: ${w}`);
  }
}
