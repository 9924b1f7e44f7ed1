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

/**
 * Per frame: the index of the first of `prefixes` its file matches, or -1. Matched once per
 * distinct file, so a profile of 100 000 functions in 2 000 files costs 2 000 lookups.
 */
function firstPrefixOf(frames: Frame[], prefixes: readonly string[]): Int32Array {
  const byFile = new Map<string, number>();
  const out = new Int32Array(frames.length);
  for (let f = 0; f < frames.length; f++) {
    const file = frames[f].file;
    let k = byFile.get(file);
    if (k === undefined) {
      k = prefixes.findIndex((p) => matchesPrefix(file, p));
      byFile.set(file, k);
    }
    out[f] = k;
  }
  return out;
}

/** Per frame: 1 when its file matches one of `prefixes`. The root frame (0 of the tree) is the caller's concern. */
export function framesMatching(frames: Frame[], prefixes: readonly string[]): Uint8Array {
  return Uint8Array.from(firstPrefixOf(frames, prefixes), (k) => (k >= 0 ? 1 : 0));
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

/** What "only my code" would treat as library code: per prefix, the functions it claims first and their self weight. */
export interface LibraryClassification {
  prefixes: { prefix: string; functions: number; self: number }[];
  user: { functions: number; self: number };
}

/**
 * The classification the page shows beside the editable list of prefixes: each function goes to
 * the first prefix its file matches (as framesMatching decides), or to the user's code. `self`
 * is the functions' self weights (FunctionStats.self); frame 0, the root, is left out.
 */
export function classifyLibraries(frames: Frame[], self: Float64Array, prefixes: readonly string[]): LibraryClassification {
  const first = firstPrefixOf(frames, prefixes);
  const out = prefixes.map((prefix) => ({ prefix, functions: 0, self: 0 }));
  const user = { functions: 0, self: 0 };
  for (let f = 1; f < frames.length; f++) {
    const k = first[f];
    const into = k >= 0 ? out[k] : user;
    into.functions++;
    into.self += self[f] ?? 0;
  }
  return { prefixes: out, user };
}
