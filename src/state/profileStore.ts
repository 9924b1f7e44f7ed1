import { create } from 'zustand';
import type { Profile } from '../core/model';
import { ImportWorker, type ImportError, type Opened } from '../worker/client';

export { QUIET_LIMIT_MS } from '../worker/client';
import { fetchBytes } from './fetchBytes';
import { rememberPrepared } from './derived';

/** One profile on screen; a file may give several (one per thread of a Chrome trace). */
export interface LoadedProfile {
  key: number;
  profile: Profile;
  /** the import job it came from: profiles of one file (a trace's threads) share it; -1 for a merge */
  source: number;
  /**
   * for a file with several events, the file to read again with another one (see
   * ImportWorker.reopen), and the name it was read under (a thread's profile is named after it)
   */
  reread: { file: Blob; name: string } | null;
  /** where it came from: a file name or a URL */
  origin: string;
  /** the URL it was downloaded from, so the address can reopen it; null for local files */
  url: string | null;
  /** for a profile made from others (a merge): the same made again with another event */
  remake?: (event: number) => Promise<Profile>;
}

export interface Loading {
  name: string;
  phase: string;
  fraction: number;
  /** how long the import worker has said nothing (worker/client.ts's heartbeat); 0 while it reports */
  quietMs?: number;
}

export interface LoadError {
  /** the file or URL */
  subject: string;
  message: string;
}

/** What the loader throws and its own catch shows in the banner (a record, not an Error: no stack to keep). */
function loadError(subject: string, message: string): LoadError {
  return { subject, message };
}

interface ProfileState {
  profiles: LoadedProfile[];
  active: number;
  loading: Loading | null;
  error: LoadError | null;
  /** bumps on every successful load, so views reset */
  generation: number;
  openFiles: (files: File[]) => Promise<void>;
  openUrls: (urls: string[], title?: string) => Promise<void>;
  cancel: () => void;
  setActive: (index: number) => void;
  setEvent: (event: number) => Promise<void>;
  dismissError: () => void;
  /** shows a profile made in a worker from others (a merge or a comparison of the profile list) */
  showMade: (profile: Profile, origin: string, remake?: (event: number) => Promise<Profile>) => void;
  /** shows profile `key` reshaped by its transforms (state/transformStore.ts keeps the original) */
  showTransformed: (key: number, profile: Profile) => void;
}

const worker = new ImportWorker(rememberPrepared, (quietMs) => {
  const loading = useProfileStore.getState().loading;
  if (loading) useProfileStore.setState({ loading: { ...loading, quietMs } });
});
let nextKey = 1;
let abort: AbortController | null = null;

interface Source {
  name: string;
  origin: string;
  url: string | null;
  /** a download's pieces, or a local file as the File: the worker joins or reads them (see fetchBytes) */
  bytes: () => Promise<Uint8Array[] | Blob>;
}

export const useProfileStore = create<ProfileState>()((set, get) => {
  /**
   * Loads every source, then shows them all at once. Until then the profiles on screen stay; if
   * any source fails, they still stay and the error names the file and what is wrong with it.
   */
  async function load(sources: Source[]): Promise<void> {
    get().cancel();
    const controller = new AbortController();
    abort = controller;
    const loaded: LoadedProfile[] = [];
    try {
      for (const source of sources) {
        set({ loading: { name: source.name, phase: 'reading', fraction: 0 }, error: null });
        let bytes: Uint8Array[] | Blob;
        try {
          bytes = await source.bytes();
        } catch (e) {
          if (controller.signal.aborted) return;
          throw loadError(source.origin, e instanceof Error ? e.message : String(e));
        }
        if (controller.signal.aborted) return;
        const { job, result } = worker.open(bytes, source.name, (phase, fraction) => {
          if (abort === controller) set({ loading: { name: source.name, phase, fraction } });
        });
        let opened: Opened;
        try {
          opened = await result;
        } catch (e) {
          if (controller.signal.aborted) return;
          const err = e as ImportError;
          throw loadError(source.origin, err.message);
        }
        for (const profile of opened.profiles) loaded.push({ key: nextKey++, profile, source: job, reread: opened.source && { file: opened.source, name: source.name }, origin: source.origin, url: source.url });
      }
      if (abort !== controller) return;
      set((s) => ({ profiles: loaded, active: 0, loading: null, error: null, generation: s.generation + 1 }));
    } catch (e) {
      if (abort !== controller) return;
      set({ loading: null, error: e as LoadError });
    } finally {
      if (abort === controller) abort = null;
    }
  }

  return {
    profiles: [],
    active: 0,
    loading: null,
    error: null,
    generation: 0,

    openFiles: (files) =>
      load(files.map((file) => ({ name: file.name, origin: file.name, url: null, bytes: () => readFile(file) }))),

    openUrls: (urls, title) =>
      load(urls.map((url) => {
        const name = title ?? decodeURIComponent(new URL(url, location.href).pathname.split('/').pop() || url);
        return {
          name,
          origin: url,
          url,
          bytes: () => fetchBytes(url, abort!.signal, (fraction) => set({ loading: { name, phase: 'downloading', fraction } })),
        };
      })),

    cancel: () => {
      if (!abort && !get().loading) return;
      abort?.abort();
      abort = null;
      if (get().loading) worker.cancel();
      set({ loading: null });
    },

    setActive: (index) => set({ active: index }),

    setEvent: async (event) => {
      const { profiles, active } = get();
      const current = profiles[active];
      if (!current || current.profile.event === event || (!current.remake && !current.reread)) return;
      set({ loading: { name: current.profile.name, phase: 'reading event', fraction: 0 } });
      try {
        const reread = current.remake
          ? [await current.remake(event)]
          : (await worker.reopen(current.reread!.file, current.reread!.name, event, (phase, fraction) => set({ loading: { name: current.profile.name, phase, fraction } }))).profiles;
        // A file of several threads gives its profiles per event in an order of its own (perf:
        // heaviest thread first, only threads with samples of that event): each of the file's
        // profiles takes the one of the same name; the shown one, if its thread has none, the first
        // (all threads). Another thread chosen later then shows the same event.
        const byName = new Map(reread.map((p) => [p.name, p]));
        const sameFile = (p: LoadedProfile) => !current.remake && p.source === current.source;
        set((s) => ({
          profiles: s.profiles.map((p) => {
            if (p.key === current.key) return { ...p, profile: byName.get(p.profile.name) ?? reread[0] };
            const again = sameFile(p) ? byName.get(p.profile.name) : undefined;
            return again ? { ...p, profile: again } : p;
          }),
          loading: null,
        }));
      } catch (e) {
        set({ loading: null, error: { subject: current.origin, message: typeof e === 'string' ? e : (e as ImportError).message } });
      }
    },

    dismissError: () => set({ error: null }),

    showTransformed: (key, profile) =>
      set((s) => ({ profiles: s.profiles.map((p) => (p.key === key ? { ...p, profile } : p)) })),

    showMade: (profile, origin, remake) => {
      get().cancel();
      // no file to read again: another event is a new merge
      const made: LoadedProfile = { key: nextKey++, profile, source: -1, reread: null, origin, url: null, remake };
      set((s) => ({ profiles: [made], active: 0, loading: null, error: null, generation: s.generation + 1 }));
    },
  };
});

/** Tabs die rather than throw when a file outgrows memory; refuse such files up front, in words. */
const MAX_FILE_BYTES = 2 ** 31 - 1;

function readFile(file: File): Promise<Blob> {
  if (file.size > MAX_FILE_BYTES) {
    return Promise.reject(new Error(`the file is ${(file.size / 2 ** 30).toFixed(1)} GiB; a browser tab can read at most 2 GiB. Use \`profburst stats\` on the command line, or a smaller profile`));
  }
  return Promise.resolve(file);
}

export function activeProfile(s: ProfileState): LoadedProfile | null {
  return s.profiles[s.active] ?? null;
}
