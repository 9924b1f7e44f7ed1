import { readSource } from './sourceFiles';
import { sourceNames } from './sourceNames';

/**
 * `GET /__profburst/source?profile=<a profile URL the server serves>&file=<a name the profile
 * gives a source file>`, for the page's source view. The page asks by the profile's own name for
 * the file, and only a name that profile holds is looked up: a request can never name an
 * arbitrary path, and the roots (sourceFiles.ts) bound even the names a profile holds.
 */
export const SOURCE_PATH = '/__profburst/source';

export interface SourceAnswer {
  status: 200 | 400 | 403 | 404 | 413;
  body: string | Buffer;
}

const NOT_FOUND: SourceAnswer = { status: 404, body: 'not found\n' };

/**
 * `query` is the request's text after `?`; `profileFile` the server's own lookup of a /profiles/
 * URL path (null when it serves no such profile); `roots` the roots' real paths.
 */
export async function answerSource(query: string, profileFile: (urlPath: string) => Promise<string | null>, roots: string[]): Promise<SourceAnswer> {
  const params = new URLSearchParams(query);
  const profiles = params.getAll('profile');
  const files = params.getAll('file');
  // one of each: with two, which one was checked and which one read could differ
  if (profiles.length !== 1 || files.length !== 1) return { status: 400, body: 'bad request: give one profile= and one file=\n' };
  const [profile, file] = [profiles[0], files[0]];
  if (!profile.startsWith('/profiles/')) return NOT_FOUND;
  const path = await profileFile(profile);
  if (!path) return NOT_FOUND;
  try {
    if (!(await sourceNames(path)).has(file)) return NOT_FOUND;
  } catch {
    return NOT_FOUND; // the profile went away since
  }
  const read = await readSource(file, roots);
  return read.status === 200 ? { status: 200, body: read.bytes } : { status: read.status, body: read.message };
}
