/**
 * Paths of source files as profiles name them, and how the page matches them with source files
 * the user gives it. Profiles name files in many ways: absolute paths (cProfile, callgrind),
 * `file://` URLs (V8), Windows paths, and things that are not files at all (`<frozen
 * importlib._bootstrap>`, `node:internal/...`, `~`, `[kernel.kallsyms]`). All strings here are
 * untrusted: they are compared and shown as text, never used as markup or fetched as they are.
 */

/** Extensions of files the page keeps as source text when they are dropped, instead of importing them as profiles. */
const SOURCE_EXTENSIONS = new Set([
  'py', 'pyx', 'pxd', 'pyi', 'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'vue', 'svelte',
  'c', 'h', 'cc', 'cpp', 'cxx', 'hh', 'hpp', 'hxx', 'inl', 'm', 'mm', 's', 'asm',
  'go', 'rs', 'php', 'inc', 'rb', 'java', 'kt', 'scala', 'cs', 'swift', 'zig', 'lua', 'pl', 'pm',
]);

export function isSourceFileName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && SOURCE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/** A file path with `/` separators: a `file://` URL becomes its path, Windows separators become `/`. */
export function normalizeSourcePath(path: string): string {
  let p = path.trim();
  if (/^file:\/\//i.test(p)) {
    p = p.slice(7);
    try {
      p = decodeURIComponent(p);
    } catch {
      // a malformed escape: keep the text as written
    }
    // file:///C:/x arrives as /C:/x
    if (/^\/[A-Za-z]:\//.test(p)) p = p.slice(1);
  }
  return p.replace(/\\/g, '/');
}

/** Whether a path names a file on the user's machine (an editor can open it), not a URL or a pseudo-file. */
export function isLocalPath(path: string): boolean {
  if (/^file:\/\//i.test(path)) return true;
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
}

function components(path: string): string[] {
  return normalizeSourcePath(path).split('/').filter((c) => c !== '' && c !== '.');
}

/**
 * The candidate whose path shares the longest tail of components with `profilePath`: a dropped
 * `src/app/views.py` (or a folder's `myproject/src/app/views.py`) answers for
 * `/home/ci/build/src/app/views.py`. The file names must be equal; among candidates sharing
 * equally long tails the first wins. Null when no candidate has the same file name.
 */
export function matchBySuffix(profilePath: string, candidates: Iterable<string>): string | null {
  const want = components(profilePath);
  if (want.length === 0) return null;
  let best: string | null = null;
  let bestLength = 0;
  for (const candidate of candidates) {
    const have = components(candidate);
    let n = 0;
    while (n < want.length && n < have.length && want[want.length - 1 - n] === have[have.length - 1 - n]) n++;
    if (n > bestLength) {
      best = candidate;
      bestLength = n;
    }
  }
  return best;
}

/** The editor link most people can use: VS Code opens `vscode://file/home/me/app.py:12`. */
export const DEFAULT_EDITOR_LINK = 'vscode://file{path}:{line}';

/** Schemes that run or embed content in the page rather than open an editor. */
const REFUSED_SCHEMES = new Set(['javascript', 'data', 'vbscript', 'blob', 'about']);

/**
 * A link that opens `path` at `line` in an editor, from a template with `{path}` and `{line}`
 * (`vscode://file{path}:{line}`, `idea://open?file={path}&line={line}`, ...). `{path}` is the
 * path as a URL writes it, always with a leading slash (`/home/me/app.py`, `/C:/src/app.py`).
 * Null when the path is not local or the template is not a link to another application.
 */
export function editorHref(template: string, path: string, line: number): string | null {
  if (!isLocalPath(path)) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(template.trim());
  if (!scheme || REFUSED_SCHEMES.has(scheme[1].toLowerCase()) || !template.includes('{path}')) return null;
  const file = normalizeSourcePath(path);
  // as in a file:// URL: /home/x stays, C:/x becomes /C:/x
  const shown = file.startsWith('/') ? file : `/${file}`;
  return template.trim()
    .replace(/\{path\}/g, encodeURI(shown).replace(/[?#]/g, encodeURIComponent))
    .replace(/\{line\}/g, String(Math.max(1, Math.floor(line) || 1)));
}
