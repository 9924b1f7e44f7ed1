import type { CallTree, FunctionStats, SampleList } from '../core/model';
import type { TimelineBoxes } from '../core/timeline/boxes';
import type { TimelineRows } from '../core/timeline/rows';
import { Channel } from './channel';
import type { TimelineReply, TimelineRequest } from './timelineProtocol';

/** The profile of a time range, as the worker cuts it: what differs from the whole profile. */
export interface RangeCut {
  tree: CallTree;
  functions: Pick<FunctionStats, 'self' | 'total'>;
  samples: SampleList;
  total: number;
}

/**
 * The page's side of the timeline worker, over a Channel. The worker holds the last profile
 * loaded into it (by the page's key for it), so a range of that profile needs no copy.
 */
export class TimelineWorker {
  /** the key of the profile the running worker holds; -1 for none */
  private loaded = -1;
  private readonly channel = new Channel<TimelineRequest, TimelineReply, Error>({
    start: () => new Worker(new URL('./timeline.worker.ts', import.meta.url), { type: 'module', name: 'profburst-timeline' }),
    idOf: (reply) => reply.id,
    error: (stop) => new Error(stop.kind === 'crashed' ? stop.message || 'the timeline worker stopped' : stop.kind === 'cancelled' ? stop.message : 'the timeline worker stopped'),
    // a worker that dies (out of memory) holds nothing any more
    onStop: () => {
      this.loaded = -1;
    },
  });

  /** Whether the worker holds profile `key` (its last load), so that ranges of it can be cut. */
  holds(key: number): boolean {
    return this.loaded === key;
  }

  /** Copies a profile's tree and samples into the worker and builds its boxes and rows. */
  load(key: number, tree: CallTree, samples: SampleList, frameCount: number): Promise<{ boxes: TimelineBoxes; rows: TimelineRows }> {
    this.loaded = key;
    return this.channel.request<{ boxes: TimelineBoxes; rows: TimelineRows }>((id) => ({ type: 'load', id, key, tree, samples, frameCount }), {
      read: (reply) => (reply.type === 'boxes' ? { value: { boxes: reply.boxes, rows: reply.rows } } : { error: failure(reply) }),
    }).result;
  }

  /** The samples of profile `key` that start in [from, to), as a profile of their own. */
  range(key: number, from: number, to: number): Promise<RangeCut> {
    return this.channel.request<RangeCut>((id) => ({ type: 'range', id, key, from, to }), {
      read: (reply) => (reply.type === 'range' ? { value: { tree: reply.tree, functions: reply.functions, samples: reply.samples, total: reply.total } } : { error: failure(reply) }),
    }).result;
  }
}

function failure(reply: TimelineReply): Error {
  return new Error(reply.type === 'error' ? reply.message : 'unexpected reply');
}
