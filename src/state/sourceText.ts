import { useEffect, useMemo, useState } from 'react';
import { matchBySuffix } from '../core/source/sourcePaths';
import { useSourceStore } from './sourceStore';

/** The text of a source file for the source view, split into lines, or why there is none. */
export type SourceText =
  | { state: 'loading' }
  | { state: 'ok'; lines: string[]; from: string }
  | { state: 'none'; why: string };

/** Texts read or fetched, so that selecting another function of the same file reads nothing again. */
const read = new WeakMap<File, Promise<string[]>>();
const fetched = new Map<string, Promise<SourceText>>();
const FETCHED_KEPT = 64;

function linesOf(text: string): string[] {
  return text.split(/\r?\n/);
}

/**
 * The address the profburst command serves `file`'s text at, when the profile came from that
 * command's server (/profiles/... on this page's origin); null for any other profile. The server
 * serves only files the profile names, under its --source-root folders (src/cli/sourceFiles.ts).
 */
export function sourceEndpoint(profileUrl: string | null, file: string, page: string): string | null {
  if (!profileUrl) return null;
  let u: URL;
  try {
    u = new URL(profileUrl, page);
  } catch {
    return null;
  }
  const here = new URL(page);
  if (u.origin !== here.origin || !u.pathname.startsWith('/profiles/')) return null;
  const q = new URLSearchParams({ profile: u.pathname, file });
  return `${here.origin}/__profburst/source?${q.toString()}`;
}

function fetchSource(endpoint: string): Promise<SourceText> {
  let p = fetched.get(endpoint);
  if (!p) {
    p = fetch(endpoint, { cache: 'no-store' }).then(async (res): Promise<SourceText> => {
      if (res.ok) return { state: 'ok', lines: linesOf(await res.text()), from: 'served by profburst from its source roots' };
      if (res.status === 403) return { state: 'none', why: 'the file lies outside the folders profburst serves sources from (--source-root)' };
      if (res.status === 413) return { state: 'none', why: 'the file is too big to show' };
      return { state: 'none', why: 'profburst found no such file under its source roots (start it with --source-root DIR)' };
    }, (): SourceText => ({ state: 'none', why: 'the profburst server did not answer' }));
    if (fetched.size >= FETCHED_KEPT) fetched.delete(fetched.keys().next().value!);
    fetched.set(endpoint, p);
  }
  return p;
}

function readFile(file: File, path: string): Promise<SourceText> {
  let p = read.get(file);
  if (!p) {
    p = file.text().then(linesOf);
    read.set(file, p);
  }
  return p.then(
    (lines): SourceText => ({ state: 'ok', lines, from: `from ${path}, matched by its path` }),
    (): SourceText => ({ state: 'none', why: `${path} could not be read` }),
  );
}

/**
 * The text of `file` as the profile names it: a file the user dropped or picked whose path ends
 * the same way (matchBySuffix), else the profburst server's copy, else none, with the reason.
 */
export function useSourceText(profileUrl: string | null, file: string): SourceText {
  const files = useSourceStore((s) => s.files);
  const [text, setText] = useState<SourceText>({ state: 'loading' });
  // a dropped project folder may hold thousands of files: matched once per file and set of files
  const match = useMemo(() => matchBySuffix(file, files.keys()), [file, files]);
  const dropped = match === null ? null : files.get(match)!;
  useEffect(() => {
    let live = true;
    const endpoint = sourceEndpoint(profileUrl, file, location.href);
    const pending = dropped ? readFile(dropped, match!) : endpoint ? fetchSource(endpoint) : null;
    if (!pending) {
      setText({ state: 'none', why: 'drop or pick the source file to see it here' });
      return;
    }
    setText({ state: 'loading' });
    void pending.then((t) => {
      if (live) setText(t);
    });
    return () => {
      live = false;
    };
  }, [profileUrl, file, dropped, match]);
  return text;
}
