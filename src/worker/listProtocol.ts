import type { FunctionDiffRow } from '../core/diff/functions';
import type { FormatId, Profile } from '../core/model';
import type { FrameSlice, Prepared } from './protocol';
import type { Transform, TransformNote } from '../core/transforms/types';

// Messages between the page and the list worker, which holds many profiles at once (a folder of
// per-request files) and merges or compares any subset of them. Each file is read once; what
// crosses to the page per file is one small row, never its profile, so 10 000 files list fast.

/** A file to add: a local File, or a same-origin URL the worker fetches itself. */
export interface ListFile {
  id: number;
  name: string;
  /** ms since 1970 */
  mtime: number;
  size: number;
  blob?: Blob;
  url?: string;
}

/** One row of the list. `error` is set, and the numbers 0, when the file could not be read. */
export interface ListRow {
  id: number;
  name: string;
  mtime: number;
  size: number;
  format: FormatId | '';
  unit: string;
  /** the profile's total in its unit, and in seconds where the unit is a time (else NaN) */
  total: number;
  seconds: number;
  /** the function with the most self weight, as pstats labels it, and its share of the total */
  hottest: string;
  hottestShare: number;
  error?: string;
}

export type ListRequest =
  /** `more`: files of the same addition follow in the next message, so its last rows may wait for them */
  | { type: 'add'; files: ListFile[]; more?: boolean }
  | { type: 'remove'; ids: number[] }
  /** `event`: a callgrind event by name, matched in every file (else the first file's) */
  | { type: 'merge'; job: number; ids: number[]; event?: string }
  /** `transforms`: the stack the user applied on the comparison, replayed on both sides before the diff */
  | { type: 'diff'; job: number; base: number[]; next: number[]; normalize: boolean; event?: string; transforms?: Transform[] };

/** The call-path side of a comparison, per node of the new side's tree (see core/diff/paths). */
export interface PathCompare {
  baseTotal: Float64Array;
  goneCount: number;
  goneTotal: number;
  /** the heaviest paths gone, as "a > b > c" with their base totals */
  gonePaths: { path: string; total: number }[];
  estimated: boolean;
}

export interface Compare {
  baseTotal: number;
  nextTotal: number;
  baseCount: number;
  nextCount: number;
  normalized: boolean;
  rows: FunctionDiffRow[];
  paths: PathCompare;
}

export type ListReply =
  | { type: 'rows'; rows: ListRow[] }
  | ({ type: 'frames'; job: number } & FrameSlice)
  /** the merged profile (frames sent before in slices); `left` names the files left out */
  | { type: 'merged'; job: number; profile: Profile; prepared: Prepared; left: string[]; compare?: Compare; notes?: TransformNote[] }
  | { type: 'failed'; job: number; message: string };
