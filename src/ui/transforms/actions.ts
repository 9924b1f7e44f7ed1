import type { Frame } from '../../core/model';
import { libraryOf } from '../../core/transforms/libraries';
import type { Transform } from '../../core/transforms/types';
import { libsForTransform, useLibraryStore } from './libraryStore';

/** What a transform is asked for on: a function, and the node's call path when it came from the chart. */
export interface TransformTarget {
  frame: number;
  /** frames from the root to the node (the top-down tree only); null for a function from the table */
  path: number[] | null;
}

export interface TransformAction {
  key: string;
  label: string;
  /** the record, or null when it does not apply to this target (no path, no file) */
  make: (t: TransformTarget, frames: Frame[]) => Transform | null;
}

/** One key per transform, shown in the menu and in the `?` panel. */
export const ACTIONS: TransformAction[] = [
  { key: 'f', label: 'Focus on subtree', make: (t) => (t.path && t.path.length > 1 ? { type: 'focus-subtree', path: t.path } : null) },
  { key: 'F', label: 'Focus on function', make: (t) => ({ type: 'focus-function', funcs: [t.frame] }) },
  { key: 'm', label: 'Merge function', make: (t) => ({ type: 'merge-function', funcs: [t.frame] }) },
  { key: 'M', label: 'Merge call node only', make: (t) => (t.path && t.path.length > 1 ? { type: 'merge-call-node', path: t.path } : null) },
  { key: 'd', label: 'Drop samples with this function', make: (t) => ({ type: 'drop-function', funcs: [t.frame] }) },
  { key: 'r', label: 'Collapse recursion', make: (t) => ({ type: 'collapse-recursion', func: t.frame }) },
  { key: 'R', label: 'Collapse direct recursion only', make: (t) => ({ type: 'collapse-direct-recursion', func: t.frame }) },
  {
    key: 'l',
    label: 'Collapse library',
    make: (t, frames) => {
      const lib = libraryOf(frames[t.frame]?.file ?? '');
      return lib ? { type: 'collapse-lib', prefix: lib } : null;
    },
  },
  // with the library list the user edited in the Libraries panel (null: the default list)
  { key: 'o', label: 'Only my code', make: () => ({ type: 'only-my-code', libs: libsForTransform(useLibraryStore.getState().prefixes) }) },
];

/** Keys that act on the stack itself rather than on a node. */
export const STACK_KEYS: { key: string; label: string }[] = [
  { key: 'h', label: 'Hide functions by pattern (a regular expression on name or file)' },
  { key: 'u', label: 'Undo the last transform' },
  { key: '?', label: 'This help' },
];
