import type { Profile } from '../core/model';
import { searchOf, type SearchResult } from '../state/derived';
import { useViewStore } from '../state/viewStore';

/** The search box's matches in a profile (state/derived keeps the result per profile and query). */
export function useSearch(profile: Profile): SearchResult {
  const search = useViewStore((s) => s.search);
  return searchOf(profile, search);
}
