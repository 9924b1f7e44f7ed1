import type { Frame, Profile } from '../core/model';
import { appendSlice } from './frameSlices';
import type { Prepared, WorkerReply, WorkerRequest } from './protocol';

export interface ImportError {
  message: string;
  format: string;
  where: string;
}

export type Progress = (phase: string, fraction: number) => void;

interface Pending {
  resolve: (profiles: Profile[]) => void;
  reject: (error: ImportError) => void;
  onProgress: Progress;
  /** frames per profile, as their slices come */
  frames: Frame[][];
  /** the job's strings so far (FrameSlice) */
  strings: string[];
}

/**
 * The page's side of the import worker. Cancelling terminates the worker (a parse in a tight
 * loop cannot be interrupted any other way) and starts a fresh one; a worker that dies (out of
 * memory, say) fails its jobs with a message and is replaced the same way.
 */
export class ImportWorker {
  private worker: Worker | null = null;
  private nextJob = 1;
  private readonly pending = new Map<number, Pending>();
  /** jobs done whose table orders are still to come (see Prepared.orders) */
  private readonly ordersDue = new Map<number, Prepared[]>();

  /**
   * onPrepared hears of what the worker worked out beside each profile, before the profile is
   * handed over: the page keeps it (state/derived) without this layer knowing the page's caches.
   */
  constructor(private readonly onPrepared: (profile: Profile, prepared: Prepared) => void = () => {}) {}

  /** A File is sent as it is, for the worker to read; a download's pieces are moved there. */
  open(bytes: Uint8Array[] | Blob, name: string, onProgress: Progress): { job: number; result: Promise<Profile[]> } {
    const job = this.nextJob++;
    const buffers = bytes instanceof Blob ? [] : [...new Set(bytes.map((c) => c.buffer as ArrayBuffer))];
    const result = this.submit(job, { type: 'open', job, bytes, name }, onProgress, buffers);
    return { job, result };
  }

  /** Reads the file of an earlier job again with another event (callgrind). */
  reopen(source: number, event: number, onProgress: Progress): Promise<Profile[]> {
    const job = this.nextJob++;
    return this.submit(job, { type: 'event', job, source, event }, onProgress, []);
  }

  forget(source: number): void {
    this.worker?.postMessage({ type: 'forget', source } satisfies WorkerRequest);
  }

  cancel(reason = 'cancelled'): void {
    this.failAll({ message: reason, format: '', where: '' });
    this.worker?.terminate();
    this.worker = null;
  }

  private submit(job: number, msg: WorkerRequest, onProgress: Progress, transfer: Transferable[]): Promise<Profile[]> {
    return new Promise<Profile[]>((resolve, reject) => {
      this.pending.set(job, { resolve, reject, onProgress, frames: [], strings: [] });
      this.ensureWorker().postMessage(msg, transfer);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'profburst-import' });
    worker.onmessage = (e: MessageEvent<WorkerReply>) => this.receive(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      this.worker = null;
      worker.terminate();
      this.failAll({ message: `the import worker crashed (${e.message || 'out of memory?'}); it has been restarted`, format: '', where: '' });
    };
    this.worker = worker;
    return worker;
  }

  private receive(msg: WorkerReply): void {
    if (msg.type === 'orders') {
      // Prepared objects are shared with the page's caches (state/derived): fill them in place
      this.ordersDue.get(msg.job)?.forEach((p, i) => msg.orders[i]?.forEach((order, key) => p.orders.set(key, order)));
      this.ordersDue.delete(msg.job);
      return;
    }
    const p = this.pending.get(msg.job);
    if (!p) return;
    if (msg.type === 'progress') return p.onProgress(msg.phase, msg.fraction);
    if (msg.type === 'frames') return appendSlice(msg, p.strings, (p.frames[msg.profile] ??= []));
    this.pending.delete(msg.job);
    if (msg.type === 'error') return p.reject({ message: msg.message, format: msg.format, where: msg.where });
    msg.profiles.forEach((profile, i) => {
      profile.frames = p.frames[i] ?? [];
      this.onPrepared(profile, msg.prepared[i]);
    });
    this.ordersDue.set(msg.job, msg.prepared);
    p.resolve(msg.profiles);
    const worker = this.worker;
    whenIdle(() => {
      if (this.worker === worker && this.ordersDue.has(msg.job)) worker?.postMessage({ type: 'orders', job: msg.job } satisfies WorkerRequest);
    });
  }

  private failAll(error: ImportError): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    this.ordersDue.clear();
  }
}

/** After the page has drawn what it was drawing (requestIdleCallback), or within 2 s. */
function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 500);
}
