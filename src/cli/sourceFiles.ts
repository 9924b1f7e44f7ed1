import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInside } from './staticFiles';

/**
 * A source file name, as a profile gives it, to the file's bytes under the source roots, or why
 * not. The name is untrusted twice over: the profile is anyone's file, and the request may be
 * anyone's too (sourceRequest.ts only lets through names the profile holds, so this is the
 * second line). Every check below closes a hole the others leave open.
 */
export const SOURCE_LIMIT = 16 * 1024 * 1024;

export type SourceRead =
  | { status: 200; bytes: Buffer }
  | { status: 403 | 404 | 413; message: string };

const NOT_FOUND = { status: 404, message: 'not found\n' } as const;
const OUTSIDE = { status: 403, message: 'forbidden: outside the source roots\n' } as const;
/** `node:internal/…`, `webpack://…`, `http://…`: a scheme other than file: names no file here */
const SCHEME = /^[a-z][a-z\d+.-]*:/i;

/** The roots' real paths, in the order given; a root that does not exist is left out. */
export async function realRoots(roots: string[]): Promise<string[]> {
  const real = await Promise.all(roots.map((r) => realpath(resolve(r)).catch(() => null)));
  return real.filter((r): r is string => r !== null);
}

/** `roots` must come from realRoots(): the comparisons are between real paths. */
export async function readSource(name: string, roots: string[], limit = SOURCE_LIMIT): Promise<SourceRead> {
  const path = await locate(name, roots);
  if (typeof path !== 'string') return path;
  // the real path, so that a symlink inside a root pointing out of every root is caught
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    return NOT_FOUND;
  }
  if (!roots.some((root) => isInside(root, real))) return OUTSIDE;
  try {
    // stat before opening: opening a FIFO would wait for a writer, and a device never ends
    if (!(await stat(real)).isFile()) return NOT_FOUND;
    // O_NONBLOCK: the same for a FIFO swapped in since; O_NOFOLLOW: nor a symlink swapped in
    const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    try {
      const s = await handle.stat();
      if (!s.isFile()) return NOT_FOUND;
      if (s.size > limit) {
        return { status: 413, message: `too large: ${s.size} bytes; source files are served up to ${limit}\n` };
      }
      const bytes = Buffer.alloc(s.size);
      let done = 0;
      while (done < s.size) {
        const { bytesRead } = await handle.read(bytes, done, s.size - done, done);
        if (bytesRead === 0) break; // cut short while we read: send what is there
        done += bytesRead;
      }
      return { status: 200, bytes: bytes.subarray(0, done) };
    } finally {
      await handle.close();
    }
  } catch {
    return NOT_FOUND;
  }
}

/**
 * The path the name stands for, not yet checked against the roots by real path: a file:// URL's
 * path, an absolute path as it is, a relative path under the first root that has it.
 */
async function locate(name: string, roots: string[]): Promise<string | SourceRead> {
  // NUL ends a C string: the OS would read a shorter name than the one checked. A backslash is a
  // separator on Windows, so `a\..\..\x` would mean different files on different systems.
  if (name === '' || name.includes('\0') || name.includes('\\')) return NOT_FOUND;
  let path = name;
  if (/^file:/i.test(name)) {
    try {
      // throws on a remote host (file://server/…) and on an encoded separator (%2F), both refused
      path = fileURLToPath(name);
    } catch {
      return NOT_FOUND;
    }
    if (path.includes('\0')) return NOT_FOUND; // %00 decoded by the URL
  } else if (SCHEME.test(name)) {
    return NOT_FOUND;
  }
  // an absolute name is the file itself; whether it is inside a root is the real path's test
  if (isAbsolute(path)) return (await exists(path)) ? path : NOT_FOUND;
  for (const root of roots) {
    const full = resolve(root, path);
    // `..` out of every root is refused before the file system is asked, so a relative name
    // cannot even tell whether a file exists out there
    if (!roots.some((r) => isInside(r, full))) continue;
    if (await exists(full)) return full;
  }
  return NOT_FOUND;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
