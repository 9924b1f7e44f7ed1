import { create } from 'zustand';
import { fetchProfileList, type ListedProfile } from './dirListing';
import { useListStore } from './listStore';

/**
 * `profburst DIR`: the folder's profiles, newest first, to pick from, and all of them in the
 * profile list. While "follow" is on, a new or rewritten profile joins the list's merge.
 */
interface FolderState {
  active: boolean;
  entries: ListedProfile[];
  follow: boolean;
  error: string | null;
  refresh: () => Promise<void>;
  setFollow: (follow: boolean) => void;
}

export const useFolderStore = create<FolderState>()((set, get) => ({
  active: typeof location !== 'undefined' && new URLSearchParams(location.search).get('dir') === '1',
  entries: [],
  follow: true,
  error: null,
  refresh: async () => {
    if (!get().active) return;
    try {
      const entries = await fetchProfileList();
      set({ entries, error: null });
      // every profile of the folder goes to the profile list, which merges them (and, following,
      // the new ones as they arrive); picking one in the menu still opens it alone
      useListStore.getState().addListed(entries);
    } catch (e) {
      set({ error: e instanceof Error ? e.message : String(e) });
    }
  },
  setFollow: (follow) => {
    set({ follow });
    useListStore.getState().setFollow(follow);
  },
}));
