import { create } from 'zustand';
import { ListWorker, type PickedFile } from '../worker/listClient';
import type { ListFile, ListRow } from '../worker/listProtocol';
import { attachCompare } from './compare';
import { rememberPrepared } from './derived';
import type { ListedProfile } from './dirListing';
import { matches, rangeIds, visibleRows, type ListFilter, type ListSortKey } from './listView';
import { useProfileStore } from './profileStore';
import type { Profile } from '../core/model';
import type { Transform, TransformNote } from '../core/transforms/types';

/**
 * The profile list: many files at once (several dropped or picked, a folder, `profburst DIR`),
 * read in the list worker, one row each. A selection is merged, or compared against a base
 * group, in that worker; the result is shown as any profile is (profileStore.showMade).
 */
interface ListState {
  rows: ListRow[];
  /** files sent to the worker whose rows have not come yet */
  reading: number;
  filter: ListFilter;
  sortKey: ListSortKey;
  descending: boolean;
  selected: ReadonlySet<number>;
  anchor: number | null;
  /** the base group of a comparison, once chosen */
  base: number[] | null;
  normalize: boolean;
  /** what is on screen from the list: a merge of these ids, or a comparison */
  shown: { kind: 'merge' | 'compare'; ids: number[] } | null;
  busy: string | null;
  message: string | null;
  /** in a folder served by the CLI with --watch: new files join the selection and the merge */
  follow: boolean;
  addFiles: (files: File[]) => void;
  addListed: (entries: ListedProfile[]) => void;
  click: (id: number, how: { shift: boolean; toggle: boolean }) => void;
  selectMatching: () => void;
  selectNone: () => void;
  setFilter: (filter: Partial<ListFilter>) => void;
  sortBy: (key: ListSortKey) => void;
  mergeSelected: () => Promise<void>;
  setBase: () => void;
  compareWithBase: () => Promise<void>;
  setNormalize: (normalize: boolean) => Promise<void>;
  /**
   * The comparison on screen again with `transforms` replayed on both sides (state/transformStore
   * asks, when the profile transformed is a comparison): the new side, its diff attached.
   */
  compareTransformed: (transforms: Transform[], event?: string) => Promise<{ profile: Profile; notes: TransformNote[] }>;
  setFollow: (follow: boolean) => void;
  clear: () => void;
  /** the link the list was opened from, kept in the address while its merge or comparison shows */
  links: { urls: string[]; base: string[]; merge: boolean } | null;
  /** `#url=A&url=B` (a list, the first shown), `&merge` (shown merged), `#url=NEW&base=BASE` (compared) */
  openLinks: (urls: string[], base: string[], merge: boolean) => void;
}

let nextId = 1;
/** a served folder's files by URL, with the id and mtime of their row */
const listedIds = new Map<string, { id: number; mtime: number }>();
/** merge automatically when the reads in flight are done (files just added) */
let mergeWhenRead = false;
/** or, for a link, what to show once its files are read */
let afterRead: (() => void) | null = null;

export const useListStore = create<ListState>()((set, get) => {
  const worker = new ListWorker(
    (rows) => {
      set((s) => {
        const replaced = new Set(rows.map((r) => r.id));
        const kept = s.rows.filter((r) => !replaced.has(r.id));
        return { rows: [...kept, ...rows], reading: Math.max(0, s.reading - rows.length) };
      });
      if (get().reading === 0 && afterRead) {
        const run = afterRead;
        afterRead = null;
        run();
      } else if (get().reading === 0 && mergeWhenRead) {
        mergeWhenRead = false;
        void get().mergeSelected();
      }
    },
    (message) => set({ busy: null, message }),
    rememberPrepared,
  );

  function send(files: (ListFile | PickedFile)[], select: boolean): void {
    if (files.length === 0) return;
    set((s) => ({
      reading: s.reading + files.length,
      selected: select ? new Set([...s.selected, ...files.map((f) => f.id)]) : s.selected,
    }));
    worker.add(files);
  }

  async function show(kind: 'merge' | 'compare', ids: number[], run: (event?: string) => ReturnType<ListWorker['merge']>): Promise<void> {
    set({ busy: kind === 'merge' ? `merging ${ids.length} profiles` : 'comparing', message: null });
    try {
      const made = async (event?: string) => {
        const { profile, left, compare } = await run(event);
        if (compare) attachCompare(profile, compare);
        return { profile, left };
      };
      const { profile, left } = await made();
      // another callgrind event: the same files merged again, matched by that event's name
      const remake = async (event: number) => (await made(profile.events[event])).profile;
      useProfileStore.getState().showMade(profile, profile.name, remake);
      set({ busy: null, shown: { kind, ids }, message: left.length > 0 ? `left out (unreadable): ${left.join('; ')}` : null });
    } catch (e) {
      set({ busy: null, message: typeof e === 'string' ? e : e instanceof Error ? e.message : String(e) });
    }
  }

  const readable = (ids: Iterable<number>) => {
    const ok = new Set(get().rows.filter((r) => !r.error).map((r) => r.id));
    return [...ids].filter((id) => ok.has(id));
  };

  return {
    rows: [],
    reading: 0,
    filter: { name: '', min: null, max: null },
    sortKey: 'mtime',
    descending: true,
    selected: new Set(),
    anchor: null,
    base: null,
    normalize: false,
    shown: null,
    busy: null,
    message: null,
    follow: true,

    addFiles: (files) => {
      set({ links: null });
      mergeWhenRead = get().shown === null || get().follow;
      // not f.lastModified here: the client reads it in slices (see ListWorker.add)
      send(files.map((file) => ({ id: nextId++, file })), true);
    },

    addListed: (entries) => {
      const fresh: ListFile[] = [];
      const gone: number[] = [];
      for (const e of entries) {
        const known = listedIds.get(e.url);
        if (known && known.mtime === e.mtime) continue;
        if (known) gone.push(known.id);
        const id = nextId++;
        listedIds.set(e.url, { id, mtime: e.mtime });
        fresh.push({ id, name: e.name, mtime: e.mtime, size: e.size, url: e.url });
      }
      if (gone.length > 0) {
        worker.remove(gone);
        const drop = new Set(gone);
        set((s) => ({ rows: s.rows.filter((r) => !drop.has(r.id)), selected: new Set([...s.selected].filter((id) => !drop.has(id))) }));
      }
      const first = get().rows.length === 0 && get().reading === 0;
      if (fresh.length > 0 && (first || get().follow)) mergeWhenRead = true;
      send(fresh, first || get().follow);
    },

    click: (id, how) => {
      const { selected, anchor, rows, filter, sortKey, descending } = get();
      if (how.shift && anchor !== null) {
        const ids = rangeIds(rows, visibleRows(rows, filter, sortKey, descending), anchor, id);
        set({ selected: new Set([...(how.toggle ? selected : []), ...ids]) });
        return;
      }
      const next = new Set(how.toggle ? selected : []);
      if (how.toggle && selected.has(id)) next.delete(id);
      else next.add(id);
      set({ selected: next, anchor: id });
    },

    selectMatching: () => {
      const { rows, filter } = get();
      set({ selected: new Set(rows.filter((r) => !r.error && matches(r, filter)).map((r) => r.id)) });
    },

    selectNone: () => set({ selected: new Set(), anchor: null }),

    setFilter: (filter) => set((s) => ({ filter: { ...s.filter, ...filter } })),

    sortBy: (key) => set((s) => ({ sortKey: key, descending: s.sortKey === key ? !s.descending : key !== 'name' && key !== 'format' && key !== 'hottest' })),

    mergeSelected: async () => {
      const ids = readable(get().selected);
      if (ids.length === 0) return set({ message: 'select at least one readable profile to merge' });
      await show('merge', ids, (event) => worker.merge(ids, event));
    },

    setBase: () => {
      const ids = readable(get().selected);
      if (ids.length === 0) return set({ message: 'select the base profiles first' });
      set({ base: ids, message: null });
    },

    compareWithBase: async () => {
      const { base, normalize } = get();
      const next = readable(get().selected);
      if (!base || next.length === 0) return set({ message: 'choose a base group, then select the new side' });
      await show('compare', next, (event) => worker.compare(base, next, normalize, event));
    },

    setNormalize: async (normalize) => {
      set({ normalize });
      const { shown, base } = get();
      if (shown?.kind === 'compare' && base) await show('compare', shown.ids, (event) => worker.compare(base, shown.ids, normalize, event));
    },

    compareTransformed: async (transforms, event) => {
      const { shown, base, normalize } = get();
      if (shown?.kind !== 'compare' || !base) throw new Error('the comparison is no longer open in the profile list');
      const { profile, compare, notes } = await worker.compare(base, shown.ids, normalize, event, transforms);
      if (compare) attachCompare(profile, compare);
      return { profile, notes: notes ?? [] };
    },

    setFollow: (follow) => set({ follow }),

    links: null,

    openLinks: (urls, base, merge) => {
      const file = (url: string): ListFile => ({
        id: nextId++, name: decodeURIComponent(new URL(url, location.href).pathname.split('/').pop() || url), mtime: Date.now(), size: 0, url,
      });
      const baseFiles = base.map(file), nextFiles = urls.map(file);
      const nextIds = nextFiles.map((f) => f.id), baseIds = baseFiles.map((f) => f.id);
      mergeWhenRead = false;
      afterRead = () => {
        if (baseIds.length > 0) void compareGroups(baseIds, nextIds);
        else if (merge) {
          set({ selected: new Set(nextIds) });
          void get().mergeSelected();
        } else {
          set({ selected: new Set(nextIds.slice(0, 1)) });
          void get().mergeSelected();
        }
      };
      set({ links: { urls, base, merge } });
      send([...baseFiles, ...nextFiles], false);
    },

    clear: () => {
      worker.remove(get().rows.map((r) => r.id));
      listedIds.clear();
      set({ rows: [], selected: new Set(), anchor: null, base: null, shown: null, message: null, links: null });
    },
  };
});

/** Compares two groups given by id at once (links `#url=NEW&base=BASE`, tests). */
export async function compareGroups(base: number[], next: number[]): Promise<void> {
  useListStore.setState({ base, selected: new Set(next) });
  await useListStore.getState().compareWithBase();
}
