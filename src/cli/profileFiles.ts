import { open, readdir, realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { detectFormat } from '../core/io/detect';

/**
 * Which files of a served folder are profiles, for `profburst DIR`. Content decides (names lie,
 * and a folder also holds logs and scripts); the first 64 KiB are enough, gunzipped when gzip.
 * detectFormat calls any JSON object a cpuprofile, which would list package.json, so JSON
 * counts only with a V8 or trace key in its head. A name that only a profile has (`.prof`,
 * `.cpuprofile`, `callgrind.out.*`, ...) is listed even when the content is not recognised, so
 * old or unusual files still show up; the page then says what is wrong with them.
 */
export interface ListedProfile {
  name: string;
  url: string;
  mtime: number;
  size: number;
}

const PROFILE_NAME = /\.(prof|pstats|cpuprofile|callgrind)$|^(callgrind|cachegrind)\.out(\.|$)/i;
const JSON_MARKER = /"(nodes|samples|timeDeltas|traceEvents|ph|cpuProfile)"\s*:/;
const HEAD = 64 * 1024;

/** verdicts by path, size and mtime: a listing is asked for again on every change */
const verdicts = new Map<string, boolean>();

export function profileUrl(name: string): string {
  return `/profiles/dir/${encodeURIComponent(name)}`;
}

export async function isProfileFile(path: string, size: number, mtime: number): Promise<boolean> {
  const key = `${path}\u0000${size}\u0000${mtime}`;
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const verdict = (await contentIsProfile(path)) || hasProfileName(path);
  if (verdicts.size > 10_000) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}

async function contentIsProfile(path: string): Promise<boolean> {
  let head: Uint8Array;
  try {
    const file = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(HEAD);
      const { bytesRead } = await file.read(buffer, 0, HEAD, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
    // a cut gzip stream: SYNC_FLUSH returns what inflates so far instead of failing at the end
    if (head[0] === 0x1f && head[1] === 0x8b) head = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return false;
  }
  return headIsProfile(head);
}

/** The content test on a file's first bytes, gunzipped: also for the CLI's folders of files to merge. */
export function headIsProfile(head: Uint8Array): boolean {
  const start = head.subarray(0, 4096);
  const format = detectFormat(start);
  if (format === 'pstats' || format === 'callgrind' || format === 'speedscope' || format === 'gecko') return true;
  if (format === null) return false;
  return JSON_MARKER.test(new TextDecoder().decode(start));
}

/** A name only a profile has (`.prof`, `.cpuprofile`, `callgrind.out.*`, ...), gzipped or not. */
export function hasProfileName(path: string): boolean {
  return PROFILE_NAME.test(baseName(path).replace(/\.gz$/i, ''));
}

/**
 * The folder's top-level profiles, newest first. Symlinks are followed only to files inside the
 * folder; subfolders are not descended into.
 */
export async function listProfiles(dir: string): Promise<ListedProfile[]> {
  const realDir = await realpath(dir);
  const names = await readdir(realDir);
  const found = await Promise.all(names.map(async (name): Promise<ListedProfile | null> => {
    const path = await profilePath(realDir, name);
    if (!path) return null;
    try {
      const s = await stat(path);
      if (!s.isFile() || !(await isProfileFile(path, s.size, s.mtimeMs))) return null;
      return { name, url: profileUrl(name), mtime: s.mtimeMs, size: s.size };
    } catch {
      return null;
    }
  }));
  return found
    .filter((p): p is ListedProfile => p !== null)
    .sort((a, b) => b.mtime - a.mtime || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The file for `/profiles/dir/<name>`: a plain name (no separators, not hidden) whose real path
 * lies directly in the folder, or null. `realDir` must already be a real path.
 */
export async function profilePath(realDir: string, name: string): Promise<string | null> {
  if (name === '' || name.startsWith('.') || /[/\\\0]/.test(name)) return null;
  try {
    const real = await realpath(join(realDir, name));
    return dirname(real) === realDir ? real : null;
  } catch {
    return null;
  }
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
