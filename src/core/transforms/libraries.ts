import type { Frame } from '../model';

/**
 * Which frames are library code, for "only my code" and "collapse a library". An entry is a
 * path prefix: it matches a file that starts with it, or that holds it right after a `/`, so
 * `site-packages/` matches `/home/me/.venv/lib/python3.12/site-packages/requests/api.py`
 * wherever the environment lives. `(built-in)` matches frames with no file (V8 natives such as
 * `(garbage collector)`, pstats' `~` built-ins), since no path can say that.
 */
export const BUILT_IN = '(built-in)';

export const DEFAULT_LIBRARIES: readonly string[] = [
  BUILT_IN,
  'node:', // Node's own modules
  'node_modules/',
  'site-packages/',
  'dist-packages/',
  '<frozen ', // Python's frozen import machinery
  '/usr/lib/', // the system's Python, shared objects
  '/usr/local/lib/',
  'lib/python3', // a venv's or pyenv's standard library
  '/lib/x86_64-linux-gnu/', // shared objects (and /lib64/, /usr/lib/ above)
  '/lib/aarch64-linux-gnu/',
  '/lib64/',
  '[kernel', // perf: [kernel.kallsyms]
  '[vdso]',
];

export function matchesPrefix(file: string, prefix: string): boolean {
  if (prefix === BUILT_IN) return file === '' || file === '~';
  if (prefix === '') return false;
  if (file.startsWith(prefix)) return true;
  return !prefix.startsWith('/') && file.includes(`/${prefix}`);
}

/** Per frame: 1 when its file matches one of `prefixes`. The root frame (0 of the tree) is the caller's concern. */
export function framesMatching(frames: Frame[], prefixes: readonly string[]): Uint8Array {
  const out = new Uint8Array(frames.length);
  for (let f = 0; f < frames.length; f++) {
    const file = frames[f].file;
    for (const p of prefixes) {
      if (matchesPrefix(file, p)) {
        out[f] = 1;
        break;
      }
    }
  }
  return out;
}

/**
 * The library a file belongs to, for "collapse this library": the package folder under
 * node_modules/, site-packages/ or dist-packages/ (`node_modules/react-dom/`), `node:` internals
 * by their first segment, otherwise the file's folder; null for frames without a file.
 */
export function libraryOf(file: string): string | null {
  if (!file || file === '~') return null;
  const pkg = /(?:^|\/)((?:node_modules|site-packages|dist-packages)\/(?:@[^/]+\/)?[^/]+\/)/.exec(file);
  if (pkg) return pkg[1];
  if (file.startsWith('node:')) {
    const slash = file.indexOf('/');
    return slash > 0 ? file.slice(0, slash + 1) : 'node:';
  }
  const slash = file.lastIndexOf('/');
  return slash > 0 ? file.slice(0, slash + 1) : null;
}
