import type { Frame, Profile } from '../core/model';
import { Channel } from './channel';
import type { Prepared } from './protocol';
import { appendSlice } from './frameSlices';
import type { Compare, ListFile, ListReply, ListRequest, ListRow } from './listProtocol';
import type { Transform, TransformNote } from '../core/transforms/types';

export interface Merged {
  profile: Profile;
  /** files left out, each "name: what is wrong" */
  left: string[];
  compare?: Compare;
  /** what each transform of a comparison's stack did on the new side */
  notes?: TransformNote[];
}

const CRASHED = 'the list worker crashed (out of memory?); add the files again';

/**
 * The page's side of the list worker (listProtocol.ts), over a Channel (its ids are the
 * protocol's jobs). Rows arrive in batches through `onRows`; a merge or a comparison resolves
 * with one profile ready to show. Errors are the worker's message, as a string.
 */
export class ListWorker {
  private readonly channel: Channel<ListRequest, ListReply, string>;

  /** onPrepared: the page keeps what the worker prepared beside a profile (state/derived), unknown to this layer */
  constructor(
    onRows: (rows: ListRow[]) => void,
    onCrash: (message: string) => void,
    private readonly onPrepared: (profile: Profile, prepared: Prepared) => void = () => {},
  ) {
    this.channel = new Channel<ListRequest, ListReply, string>({
      start: () => new Worker(new URL('./list.worker.ts', import.meta.url), { type: 'module', name: 'profburst-list' }),
      idOf: (reply) => (reply.type === 'rows' ? undefined : reply.job),
      error: () => CRASHED,
      onOther: (reply) => {
        if (reply.type === 'rows') onRows(reply.rows);
      },
      onStop: () => onCrash(CRASHED),
    });
  }

  add(files: ListFile[]): void {
    this.channel.post({ type: 'add', files });
  }

  remove(ids: number[]): void {
    this.channel.post({ type: 'remove', ids });
  }

  merge(ids: number[], event?: string): Promise<Merged> {
    return this.submit((job) => ({ type: 'merge', job, ids, event }));
  }

  compare(base: number[], next: number[], normalize: boolean, event?: string, transforms?: Transform[]): Promise<Merged> {
    return this.submit((job) => ({ type: 'diff', job, base, next, normalize, event, transforms }));
  }

  private submit(make: (job: number) => ListRequest): Promise<Merged> {
    const frames: Frame[] = [];
    const strings: string[] = [];
    return this.channel.request<Merged>(make, {
      read: (reply) => {
        switch (reply.type) {
          case 'frames': return void appendSlice(reply, strings, frames);
          case 'failed': return { error: reply.message };
          case 'merged':
            reply.profile.frames = frames;
            this.onPrepared(reply.profile, reply.prepared);
            return { value: { profile: reply.profile, left: reply.left, compare: reply.compare, notes: reply.notes } };
          case 'rows': return undefined;
        }
      },
    }).result;
  }
}
