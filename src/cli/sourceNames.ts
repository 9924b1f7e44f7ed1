import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { importProfiles } from '../core/io/import';

/**
 * The source file names a profile holds: every frame's file and every file of its line costs,
 * in every profile the file yields, read with core's importer as the page reads it. The server
 * serves a source file only when the profile names it, so a request cannot pick the file.
 *
 * Kept per path, size and mtime: the page asks once per function it shows, and parsing a big
 * profile again for each would take seconds. The promise is kept, so requests that arrive while
 * the first parse runs wait for it instead of parsing too. A file that is not a profile names
 * nothing.
 */
const known = new Map<string, Promise<ReadonlySet<string>>>();
const KEEP = 32;

export async function sourceNames(path: string): Promise<ReadonlySet<string>> {
  const { size, mtimeMs } = await stat(path);
  const key = `${path}\u0000${size}\u0000${mtimeMs}`;
  let names = known.get(key);
  if (!names) {
    names = readNames(path);
    // a Map iterates in insertion order: the first key is the oldest
    if (known.size >= KEEP) known.delete(known.keys().next().value as string);
    known.set(key, names);
  }
  return names;
}

async function readNames(path: string): Promise<ReadonlySet<string>> {
  const names = new Set<string>();
  try {
    const profiles = importProfiles(await readFile(path), { name: basename(path) });
    for (const profile of profiles) {
      for (const frame of profile.frames) if (frame.file !== '') names.add(frame.file);
      for (const file of profile.lines?.files ?? []) names.add(file);
    }
  } catch {
    // unreadable, or not a profile core reads: no names, so no source is served for it
  }
  return names;
}
