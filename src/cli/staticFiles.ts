import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Mapping a request path to a file inside one folder, and nothing outside it. The checks are
 * layered because each alone has a known hole:
 *  - the path is percent-decoded once, then any `..` or `.`-prefixed segment, backslash or NUL
 *    is refused (covers `..`, `%2e%2e`, `%2f` tricks and dotfiles);
 *  - the resolved path must stay under the root (covers absolute paths such as `//etc/passwd`);
 *  - the *real* path, symlinks resolved, must stay under the root's real path (covers a symlink
 *    inside dist/ pointing out of it).
 * Returns null for anything refused or missing; callers answer 404 and say no more.
 */
export async function resolveInside(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.'))) return null;
  if (decoded.endsWith('/')) segments.push('index.html');
  const full = resolve(root, ...segments);
  if (!isInside(resolve(root), full)) return null;
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(full)]);
    if (!isInside(realRoot, real)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.mjs': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** The viewer's files by extension; anything unknown is octet-stream, never sniffed (see nosniff). */
export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}
