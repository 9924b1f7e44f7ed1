import type { Frame, Profile } from '../core/model';
import type { Prepared } from './protocol';
import { appendSlice } from './frameSlices';
import type { Compare, ListFile, ListReply, ListRequest, ListRow } from './listProtocol';

export interface Merged {
  profile: Profile;
  /** files left out, each "name: what is wrong" */
  left: string[];
  compare?: Compare;
}

interface Pending {
  resolve: (m: Merged) => void;
  reject: (message: string) => void;
  frames: Frame[];
  strings: string[];
}

/**
 * The page's side of the list worker (listProtocol.ts). Rows arrive in batches through
 * `onRows`; a merge or a comparison resolves with one profile ready to show.
 */
export class ListWorker {
  private worker: Worker | null = null;
  private nextJob = 1;
  private readonly pending = new Map<number, Pending>();

  /** onPrepared: the page keeps what the worker prepared beside a profile (state/derived), unknown to this layer */
  constructor(
    private readonly onRows: (rows: ListRow[]) => void,
    private readonly onCrash: (message: string) => void,
    private readonly onPrepared: (profile: Profile, prepared: Prepared) => void = () => {},
  ) {}

  add(files: ListFile[]): void {
    this.post({ type: 'add', files });
  }

  remove(ids: number[]): void {
    this.post({ type: 'remove', ids });
  }

  merge(ids: number[], event?: string): Promise<Merged> {
    const job = this.nextJob++;
    return this.submit(job, { type: 'merge', job, ids, event });
  }

  compare(base: number[], next: number[], normalize: boolean, event?: string): Promise<Merged> {
    const job = this.nextJob++;
    return this.submit(job, { type: 'diff', job, base, next, normalize, event });
  }

  private submit(job: number, msg: ListRequest): Promise<Merged> {
    return new Promise<Merged>((resolve, reject) => {
      this.pending.set(job, { resolve, reject, frames: [], strings: [] });
      this.post(msg);
    });
  }

  private post(msg: ListRequest): void {
    if (!this.worker) {
      const worker = new Worker(new URL('./list.worker.ts', import.meta.url), { type: 'module', name: 'profburst-list' });
      worker.onmessage = (e: MessageEvent<ListReply>) => this.receive(e.data);
      worker.onerror = (e) => {
        e.preventDefault();
        worker.terminate();
        this.worker = null;
        for (const p of this.pending.values()) p.reject('the list worker crashed (out of memory?); add the files again');
        this.pending.clear();
        this.onCrash('the list worker crashed (out of memory?); add the files again');
      };
      this.worker = worker;
    }
    this.worker.postMessage(msg);
  }

  private receive(msg: ListReply): void {
    if (msg.type === 'rows') return this.onRows(msg.rows);
    const p = this.pending.get(msg.job);
    if (!p) return;
    if (msg.type === 'frames') return appendSlice(msg, p.strings, p.frames);
    this.pending.delete(msg.job);
    if (msg.type === 'failed') return p.reject(msg.message);
    msg.profile.frames = p.frames;
    this.onPrepared(msg.profile, msg.prepared);
    p.resolve({ profile: msg.profile, left: msg.left, compare: msg.compare });
  }
}
