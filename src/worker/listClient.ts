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
/** Files per 'add' message at most, the time spent gathering one, and per task sending them (see add). */
const SLICE = 32;
const SLICE_MS = 8;
const TASK_MS = 12;

/** A picked file to add: its mtime and size are read as it is sent (see ListWorker.add). */
export interface PickedFile {
  id: number;
  file: File;
}

function listFile(f: ListFile | PickedFile): ListFile {
  return 'file' in f ? { id: f.id, name: f.file.name, mtime: f.file.lastModified, size: f.file.size, blob: f.file } : f;
}

/**
 * The page's side of the list worker (listProtocol.ts), over a Channel (its ids are the
 * protocol's jobs). Rows arrive in batches through `onRows`; a merge or a comparison resolves
 * with one profile ready to show. Errors are the worker's message, as a string.
 */
export class ListWorker {
  private readonly channel: Channel<ListRequest, ListReply, string>;
  /** the adds still being sent: what is asked after them waits for them (see afterAdds) */
  private sending: Promise<void> = Promise.resolve();

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

  /**
   * Sends `files` in slices, with the page free between them. A picked file's mtime and size are
   * read here, each its first time a synchronous call to the browser (cloning a File into a
   * message reads them too): ~0.5 ms a file when the browser is idle, several while it serves
   * the worker's reads. So files go out a few at a time, the page's task ending after ~12 ms plus a slice,
   * and the worker reads the first while the next are sent; 1 000 in one message held the page
   * for 0.6 to 0.8 s. The first slice waits for a task of its own too: the task that asked (a
   * change event of 1 000 picked files) has its own work, and with a slice in it took 43 ms.
   */
  add(files: (ListFile | PickedFile)[]): void {
    void this.afterAdds(async () => {
      let at = 0;
      if (files.length > SLICE) await new Promise((resolve) => setTimeout(resolve, 0));
      while (at < files.length) {
        const task = performance.now();
        while (at < files.length && performance.now() - task < TASK_MS) {
          const slice: ListFile[] = [];
          const start = performance.now();
          while (at < files.length && slice.length < SLICE && performance.now() - start < SLICE_MS) slice.push(listFile(files[at++]));
          this.channel.post({ type: 'add', files: slice, more: at < files.length });
        }
        if (at < files.length) await new Promise((resolve) => setTimeout(resolve, 0));
      }
    });
  }

  remove(ids: number[]): void {
    void this.afterAdds(() => this.channel.post({ type: 'remove', ids }));
  }

  merge(ids: number[], event?: string): Promise<Merged> {
    return this.afterAdds(() => ({ result: this.submit((job) => ({ type: 'merge', job, ids, event })) })).then((sent) => sent.result);
  }

  compare(base: number[], next: number[], normalize: boolean, event?: string, transforms?: Transform[]): Promise<Merged> {
    return this.afterAdds(() => ({ result: this.submit((job) => ({ type: 'diff', job, base, next, normalize, event, transforms })) })).then((sent) => sent.result);
  }

  /**
   * Sends with `send` once every add asked for before is sent, so the worker gets requests in
   * the order asked. What `send` returns is waited for before the next (an add's slices), so a
   * request's reply is wrapped in an object to be left out of that wait.
   */
  private afterAdds<T>(send: () => T | Promise<T>): Promise<T> {
    const sent = this.sending.then(send);
    this.sending = sent.then(() => {}, () => {});
    return sent;
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
