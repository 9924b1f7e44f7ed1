import { create } from 'zustand';
import type { Profile } from '../core/model';
import { nodeAtFramePath } from '../core/tree/framePath';
import type { Transform, TransformNote } from '../core/transforms/types';
import { TransformWorker } from '../worker/transformClient';
import { rememberPrepared, subtreeSizesOf } from './derived';
import { compareOf } from './compare';
import { useListStore } from './listStore';
import { useProfileStore } from './profileStore';
import { useViewStore } from './viewStore';

/**
 * The transform stack of each open profile (by its LoadedProfile key) and the original it is
 * replayed from, in the worker, every time it changes: push one, go back to a chip, remove one.
 * The shown profile (profileStore) is the result, so the table, callers/callees, bottom-up,
 * search and chart all show the transformed profile without knowing about transforms.
 */
interface Entry {
  original: Profile;
  stack: Transform[];
  notes: TransformNote[];
}

interface TransformState {
  entries: Map<number, Entry>;
  /** the stack being applied, until the worker answers */
  busy: boolean;
  error: string | null;
  /** replaces the active profile's stack; `zoomPath` is where to zoom once applied (a link) */
  setStack: (stack: Transform[], zoomPath?: number[]) => Promise<void>;
  push: (t: Transform) => Promise<void>;
  /** back to the point after the first `count` transforms (a chip's click) */
  backTo: (count: number) => Promise<void>;
  remove: (index: number) => Promise<void>;
  dismissError: () => void;
}

const worker = new TransformWorker(rememberPrepared);
let latest = 0;
/** the profiles this store put on screen, to tell them from a profile read again (another event) */
const made = new WeakSet<Profile>();

export const useTransformStore = create<TransformState>()((set, get) => ({
  entries: new Map(),
  busy: false,
  error: null,

  setStack: async (stack, zoomPath) => {
    const { profiles, active } = useProfileStore.getState();
    const loaded = profiles[active];
    if (!loaded) return;
    const entry = get().entries.get(loaded.key);
    const original = entry?.original ?? loaded.profile;
    const request = ++latest;
    set({ busy: true, error: null });
    let result: { profile: Profile; notes: TransformNote[] };
    try {
      result = stack.length === 0
        ? { profile: original, notes: [] }
        // a comparison: the list worker replays the stack on both sides and diffs them again
        : compareOf(original)
          ? await useListStore.getState().compareTransformed(stack, original.events[original.event])
          : await worker.apply(loaded.key, original, stack);
    } catch (e) {
      if (request === latest) set({ busy: false, error: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (request !== latest) return; // a newer stack was asked for meanwhile
    // the shown profile and the view first, with busy still set (urlSync writes nothing then), and
    // the stack last: one step in the history per transform
    made.add(result.profile);
    useProfileStore.getState().showTransformed(loaded.key, result.profile);
    const selected = useViewStore.getState().selectedFrame;
    useViewStore.setState({
      zoom: zoomPath ? nodeAtFramePath(result.profile.tree, subtreeSizesOf(result.profile), zoomPath) : 0,
      hoverNode: null,
      // a function the transforms took away is no longer selectable
      selectedFrame: selected !== null && selected < result.profile.frames.length && result.profile.functions.total[selected] !== 0 ? selected : null,
    });
    const entries = new Map(get().entries);
    entries.set(loaded.key, { original, stack, notes: result.notes });
    set({ entries, busy: false });
  },

  push: (t) => get().setStack([...activeStack(), t]),
  backTo: (count) => get().setStack(activeStack().slice(0, count)),
  remove: (index) => get().setStack(activeStack().filter((_, i) => i !== index)),
  dismissError: () => set({ error: null }),
}));

/** The active profile's stack (empty when it has none). */
export function activeStack(): Transform[] {
  const { profiles, active } = useProfileStore.getState();
  const loaded = profiles[active];
  return (loaded && useTransformStore.getState().entries.get(loaded.key)?.stack) || [];
}

export function activeEntry(s: TransformState, key: number | undefined): Entry | undefined {
  return key === undefined ? undefined : s.entries.get(key);
}

// a new load replaces the profiles, and another callgrind event re-reads one under the same key:
// forget the stacks and originals of profiles gone or replaced
useProfileStore.subscribe((s, prev) => {
  if (s.profiles === prev.profiles) return;
  const current = useTransformStore.getState().entries;
  const live = (k: number, e: Entry) => s.profiles.some((p) => p.key === k && (p.profile === e.original || made.has(p.profile)));
  const entries = new Map([...current].filter(([k, e]) => live(k, e)));
  if (entries.size === current.size) return;
  useTransformStore.setState({ entries });
  worker.keepOnly([...entries.keys()]);
});
