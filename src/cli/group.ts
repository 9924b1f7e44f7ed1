import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ProfileFormatError } from '../core/errors';
import { decompress, importProfiles } from '../core/formats';
import { alignEvents, mergeProfiles, MergeError } from '../core/merge/index';
import type { Profile } from '../core/model';
import { warnRepairs } from './load';
import { hasProfileName, headIsProfile } from './profileFiles';
import { readProfileFile } from './readProfileFile';

/** A side of a command that takes many profiles: their merge and the files it holds. */
export interface Group {
  profile: Profile;
  files: string[];
}

/**
 * Reads FILEs and folders (their top-level profiles, in name order) for a command that merges
 * them: `stats A B`, `convert A B`, each side of `diff`. A file that cannot be read or imported
 * is named on stderr with what is wrong and where, and left out; the rest still merge (a broken
 * file among 1 000 requests must not hide the other 999). In a folder, files that are plainly
 * no profile (a README, a log) are passed over in silence. Callgrind events are matched by name
 * (`--event`, else the first file's); a Chrome trace with several threads adds its first, as
 * `stats FILE` shows it. Returns the exit code instead when nothing is left or units clash.
 */
export function loadGroup(paths: string[], event: string | undefined, name?: string): Group | { exit: number } {
  const groups = loadGroups([paths], event, [name]);
  return 'exit' in groups ? groups : groups[0];
}

/**
 * Several groups read as loadGroup reads one, their callgrind events matched across all of them
 * (`diff`'s two sides): `--event Dr` on a side whose files lack Dr counts 0 there, as a file of a
 * merge without it does, rather than being refused while the other side has it.
 */
export function loadGroups(sides: string[][], event: string | undefined, names: (string | undefined)[]): Group[] | { exit: number } {
  const read = (file: string, index?: number): Profile => {
    const bytes = readProfileFile(file);
    return importProfiles(bytes, { name: basename(file), event: index })[0];
  };
  const profiles: Profile[] = [];
  const kept: string[] = [];
  const sizes: number[] = [];
  for (const paths of sides) {
    const files = expand(paths);
    if ('exit' in files) return files;
    const before = profiles.length;
    for (const { path, listed } of files) {
      try {
        const profile = read(path);
        warnRepairs([profile], basename(path));
        profiles.push(profile);
        kept.push(path);
      } catch (e) {
        if (listed && !looksLikeProfile(path)) continue;
        const what = e instanceof ProfileFormatError ? e.message : (e as NodeJS.ErrnoException).code ?? String(e);
        console.error(`profburst: ${path}: ${what} (left out)`);
      }
    }
    if (profiles.length === before) {
      console.error(`profburst: no profile to read in ${paths.join(', ')}`);
      return { exit: 1 };
    }
    sizes.push(profiles.length - before);
  }
  try {
    const first = profiles.find((p) => p.format === 'callgrind');
    const eventName = event !== undefined && /^\d+$/.test(event) && first ? first.events[Number(event)] ?? event : event;
    const aligned = alignEvents(profiles, (i, index) => read(kept[i], index), eventName);
    let at = 0;
    return sizes.map((size, side) => {
      const from = at;
      at += size;
      const shown = aligned.slice(from, at).find((p) => p.format === 'callgrind');
      const event = shown?.events[shown.event];
      if (sides.length > 1 && event !== undefined && !profiles.slice(from, at).some((p) => p.format === 'callgrind' && p.events.includes(event))) {
        console.error(`profburst: warning: ${names[side] ?? sides[side].join(', ')}: no file has the event ${event}; it counts 0 there`);
      }
      const files = kept.slice(from, at);
      return { profile: mergeProfiles(aligned.slice(from, at), names[side] ?? (files.length === 1 ? basename(files[0]) : undefined)), files };
    });
  } catch (e) {
    if (e instanceof MergeError || e instanceof ProfileFormatError) {
      console.error(`profburst: ${e.message}`);
      return { exit: 1 };
    }
    throw e;
  }
}

/** Paths to files: a folder's top-level regular files in name order (`listed`), files as given. */
function expand(paths: string[]): { path: string; listed: boolean }[] | { exit: number } {
  const out: { path: string; listed: boolean }[] = [];
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (e) {
      console.error(`profburst: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      return { exit: 1 };
    }
    if (!isDir) {
      out.push({ path, listed: false });
      continue;
    }
    const names = readdirSync(path).filter((n) => !n.startsWith('.')).sort();
    for (const n of names) {
      const full = join(path, n);
      try {
        if (statSync(full).isFile()) out.push({ path: full, listed: true });
      } catch {
        // gone since the listing, or a dangling link: not a profile to merge
      }
    }
  }
  return out;
}

/** for a folder's file that failed: say so only when it claims to be a profile, by name or content */
function looksLikeProfile(path: string): boolean {
  if (hasProfileName(path)) return true;
  try {
    return headIsProfile(decompress(readFileSync(path).subarray(0, 1 << 16)));
  } catch {
    return false;
  }
}
