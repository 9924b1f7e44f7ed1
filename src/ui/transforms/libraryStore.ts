import { create } from 'zustand';
import { DEFAULT_LIBRARIES } from '../../core/transforms/libraries';
import { readStored, writeStored } from '../../state/stored';

/**
 * The user's list of library path prefixes for "only my code", edited in the Libraries panel and
 * kept in this browser (localStorage), and whether the panel is open. The transform records the
 * list only when it differs from the default, so links stay short.
 */
interface LibraryState {
  prefixes: string[];
  open: boolean;
  setPrefixes: (prefixes: string[]) => void;
  setOpen: (open: boolean) => void;
}

const KEY = 'profburst.libraries';

function saved(): string[] {
  try {
    const raw: unknown = JSON.parse(readStored(KEY) ?? 'null');
    if (Array.isArray(raw) && raw.every((p) => typeof p === 'string')) return raw;
  } catch {
    // not JSON (written by something else): the defaults
  }
  return [...DEFAULT_LIBRARIES];
}

export const useLibraryStore = create<LibraryState>()((set) => ({
  prefixes: saved(),
  open: false,
  setPrefixes: (prefixes) => {
    writeStored(KEY, JSON.stringify(prefixes));
    set({ prefixes });
  },
  setOpen: (open) => set({ open }),
}));

/** The list as "only my code" records it: null for the default list. */
export function libsForTransform(prefixes: readonly string[]): string[] | null {
  const same = prefixes.length === DEFAULT_LIBRARIES.length && prefixes.every((p, i) => p === DEFAULT_LIBRARIES[i]);
  return same ? null : [...prefixes];
}
