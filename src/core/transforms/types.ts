/**
 * A transform is a small serialisable record, as in Firefox Profiler: frames are indexes into
 * the profile's frames (stable for one file; frames a transform adds, such as a collapsed
 * library, are appended, so replaying a stack from the original gives the same indexes).
 * Paths are frames from the root, the root's frame included, as the zoom path is.
 */
export type Transform =
  | { type: 'focus-subtree'; path: number[] }
  | { type: 'focus-function'; funcs: number[] }
  | { type: 'merge-function'; funcs: number[] }
  | { type: 'merge-call-node'; path: number[] }
  | { type: 'drop-function'; funcs: number[] }
  | { type: 'collapse-recursion'; func: number }
  | { type: 'collapse-direct-recursion'; func: number }
  | { type: 'collapse-lib'; prefix: string }
  /** libs: the path prefixes that mark library code; null for the default list */
  | { type: 'only-my-code'; libs: string[] | null }
  | { type: 'hide'; pattern: string };

export type TransformType = Transform['type'];

/** What applying one transform of a stack did, for the page's note and the CLI's stderr. */
export interface TransformNote {
  index: number;
  transform: Transform;
  /** set when the transform was skipped: why, in words */
  skipped?: string;
  /** weight the transform removed from the total (drop, focus), in the profile's unit */
  removed?: number;
  /** the total before it, for "dropped X (Y% of the total)" */
  before?: number;
}
