import type { Profile } from '../core/model';
import type { WorkerReply, WorkerRequest } from './protocol';

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

  open(bytes: ArrayBuffer, name: string, onProgress: Progress): { job: number; result: Promise<Profile[]> } {
    const job = this.nextJob++;
    const result = this.submit(job, { type: 'open', job, bytes, name }, onProgress, [bytes]);
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
      this.pending.set(job, { resolve, reject, onProgress });
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
    const p = this.pending.get(msg.job);
    if (!p) return;
    if (msg.type === 'progress') return p.onProgress(msg.phase, msg.fraction);
    this.pending.delete(msg.job);
    if (msg.type === 'done') p.resolve(msg.profiles);
    else p.reject({ message: msg.message, format: msg.format, where: msg.where });
  }

  private failAll(error: ImportError): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
