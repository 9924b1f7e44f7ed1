/** One profile of the folder `profburst DIR` serves; mtime in ms since 1970, size in bytes. */
export interface ListedProfile {
  name: string;
  url: string;
  mtime: number;
  size: number;
}

/**
 * The served folder's profiles, newest first, from the CLI's `/__profburst/list` (relative to
 * the page, like the events). Entries that are not what the CLI writes are dropped rather than
 * trusted; a failed request throws a sentence the page can show.
 */
export async function fetchProfileList(): Promise<ListedProfile[]> {
  let response: Response;
  try {
    response = await fetch('__profburst/list', { cache: 'no-store', credentials: 'same-origin' });
  } catch {
    throw new Error('could not list the folder: the profburst server did not answer');
  }
  if (!response.ok) throw new Error(`could not list the folder: the server answered ${response.status}`);
  const data: unknown = await response.json().catch(() => null);
  if (!Array.isArray(data)) throw new Error('could not list the folder: the answer is not a list');
  return data.filter(isListed).map(({ name, url, mtime, size }) => ({ name, url, mtime, size }));
}

function isListed(v: unknown): v is ListedProfile {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return typeof p.name === 'string' && typeof p.url === 'string' && p.url.startsWith('/') && !p.url.startsWith('//')
    && typeof p.mtime === 'number' && Number.isFinite(p.mtime) && typeof p.size === 'number' && Number.isFinite(p.size);
}
