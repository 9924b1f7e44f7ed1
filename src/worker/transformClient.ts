import type { Prepared } from './protocol';
import type { Profile } from '../core/model';
import type { Transform, TransformNote } from '../core/transforms/types';
import type { TransformReply, TransformRequest } from './transform.worker';

export interface Transformed {
  profile: Profile;
  notes: TransformNote[];
}

/**
 * The page's side of the transform worker. The original of each profile goes over once (a copy);
 * then only stacks do. A user pattern that JavaScript cannot interrupt (see core/transforms/
 * pattern.ts for the guard) or a stack that runs too long ends the worker after TIMEOUT_MS: it is
 * replaced and the stack fails with a message, the page never blocks.
 */
const TIMEOUT_MS = 20_000;

export class TransformWorker {
  /** onPrepared: the page keeps what the worker prepared beside a profile (state/derived), unknown to this layer */
  constructor(private readonly onPrepared: (profile: Profile, prepared: Prepared) => void = () => {}) {}

  private worker: Worker | null = null;
  private sent = new Set<number>();
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: Transformed) => void; reject: (e: Error) => void; original: Profile; timer: ReturnType<typeof setTimeout> }>();

  apply(key: number, original: Profile, stack: Transform[]): Promise<Transformed> {
    const id = this.nextId++;
    const worker = this.ensure();
    return new Promise<Transformed>((resolve, reject) => {
      const timer = setTimeout(() => this.restart(`applying the transforms took over ${TIMEOUT_MS / 1000} s; stopped`), TIMEOUT_MS);
      this.waiting.set(id, { resolve, reject, original, timer });
      const first = !this.sent.has(key);
      this.sent.add(key);
      worker.postMessage({ type: 'apply', id, key, original: first ? original : undefined, stack } satisfies TransformRequest);
    });
  }

  /** Drops the originals of profiles no longer open. */
  keepOnly(keys: number[]): void {
    const gone = [...this.sent].filter((k) => !keys.includes(k));
    if (gone.length === 0) return;
    for (const k of gone) this.sent.delete(k);
    this.worker?.postMessage({ type: 'forget', keys: gone } satisfies TransformRequest);
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./transform.worker.ts', import.meta.url), { type: 'module', name: 'profburst-transform' });
    worker.onmessage = (e: MessageEvent<TransformReply>) => this.receive(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      this.restart(`the transform worker crashed (${e.message || 'out of memory?'})`);
    };
    this.worker = worker;
    return worker;
  }

  private restart(message: string): void {
    this.worker?.terminate();
    this.worker = null;
    this.sent.clear();
    for (const w of this.waiting.values()) {
      clearTimeout(w.timer);
      w.reject(new Error(message));
    }
    this.waiting.clear();
  }

  private receive(msg: TransformReply): void {
    const w = this.waiting.get(msg.id);
    if (!w) return;
    this.waiting.delete(msg.id);
    clearTimeout(w.timer);
    if (!msg.ok) return w.reject(new Error(msg.message));
    if (msg.unchanged || !msg.profile) return w.resolve({ profile: w.original, notes: msg.notes });
    const profile = msg.profile;
    profile.frames = msg.addedFrames.length > 0 ? [...w.original.frames, ...msg.addedFrames] : w.original.frames;
    if (msg.prepared) this.onPrepared(profile, msg.prepared);
    w.resolve({ profile, notes: msg.notes });
  }
}
