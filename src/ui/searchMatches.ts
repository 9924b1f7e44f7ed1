import type { Profile } from '../core/model';
import { matchFrames } from '../core/stats/search';
import { tableRowsOf } from '../state/derived';
import { useViewStore } from '../state/viewStore';

/** What the search box matches: per frame 0/1 (null: no search), or the regular expression's error. */
export interface SearchResult {
  matches: Uint8Array | null;
  error: string | null;
  /** table rows (functions with weight or calls) that match; all of them when there is no search */
  rowCount: number;
}

// Chart, table and toolbar all need the same result: computed once per (profile, query).
const cache = new WeakMap<Profile, { query: string; result: SearchResult }>();

export function searchProfile(profile: Profile, query: string): SearchResult {
  const hit = cache.get(profile);
  if (hit && hit.query === query) return hit.result;
  const rows = tableRowsOf(profile); // the table's rows, from the import worker
  let result: SearchResult;
  try {
    const matches = matchFrames(profile.frames, query);
    let rowCount = rows.length;
    if (matches) {
      rowCount = 0;
      for (const f of rows) rowCount += matches[f];
    }
    result = { matches, error: null, rowCount };
  } catch (e) {
    result = { matches: null, error: e instanceof Error ? e.message : String(e), rowCount: rows.length };
  }
  cache.set(profile, { query, result });
  return result;
}

export function useSearch(profile: Profile): SearchResult {
  const search = useViewStore((s) => s.search);
  return searchProfile(profile, search);
}
