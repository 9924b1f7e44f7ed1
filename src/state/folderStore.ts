import { create } from 'zustand';
import { fetchProfileList, type ListedProfile } from './dirListing';
import { useProfileStore } from './profileStore';

/**
 * `profburst DIR`: the folder's profiles, newest first, to pick from. While "follow" is on, a
 * new or rewritten profile in the folder opens by itself (the newest one).
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
      const newest = entries[0];
      const before = get().entries[0];
      set({ entries, error: null });
      const changed = newest && (!before || newest.url !== before.url || newest.mtime !== before.mtime);
      if (get().follow && changed && before) void useProfileStore.getState().openUrls([newest.url]);
    } catch (e) {
      set({ error: e instanceof Error ? e.message : String(e) });
    }
  },
  setFollow: (follow) => set({ follow }),
}));
