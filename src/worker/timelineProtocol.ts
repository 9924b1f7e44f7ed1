import type { CallTree, FunctionStats, SampleList } from '../core/model';
import type { TimelineBoxes } from '../core/timeline/boxes';
import type { TimelineRows } from '../core/timeline/rows';

/** Messages between the page and the timeline worker (timeline.worker.ts). */
export type TimelineRequest =
  /** a profile's tree and samples; answered with its boxes. `key` names the profile for later ranges */
  | { type: 'load'; id: number; key: number; tree: CallTree; samples: SampleList; frameCount: number }
  /** the profile of the samples that start in [from, to) */
  | { type: 'range'; id: number; key: number; from: number; to: number };

export type TimelineReply =
  | { type: 'boxes'; id: number; boxes: TimelineBoxes; rows: TimelineRows }
  | { type: 'range'; id: number; tree: CallTree; functions: FunctionStats; samples: SampleList; total: number }
  | { type: 'error'; id: number; message: string };
