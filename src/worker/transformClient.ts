import { Channel } from './channel';
import type { Prepared } from './protocol';
import type { Profile } from '../core/model';
import type { Transform, TransformNote } from '../core/transforms/types';
import type { TransformReply, TransformRequest } from './transform.worker';

export interface Transformed {
  profile: Profile;
  notes: TransformNote[];
}

/**
 * The page's side of the transform worker, over a Channel. The original of each profile goes
 * over once (a copy); then only stacks do. A user pattern that JavaScript cannot interrupt (see
 * core/transforms/pattern.ts for the guard) or a stack that runs too long ends the worker after
 * TIMEOUT_MS: it is replaced and the stack fails with a message, the page never blocks.
 */
const TIMEOUT_MS = 20_000;

export class TransformWorker {
  /** keys of the originals the running worker holds */
  private readonly sent = new Set<number>();
  private readonly channel = new Channel<TransformRequest, TransformReply, Error>({
    start: () => new Worker(new URL('./transform.worker.ts', import.meta.url), { type: 'module', name: 'profburst-transform' }),
    idOf: (reply) => reply.id,
    error: (stop) => new Error(
      stop.kind === 'timed out' || stop.kind === 'silent' ? `applying the transforms took over ${stop.ms / 1000} s; stopped`
        : stop.kind === 'crashed' ? `the transform worker crashed (${stop.message || 'out of memory?'})`
          : stop.message,
    ),
    // a new worker holds no originals
    onStop: () => this.sent.clear(),
  });

  /** onPrepared: the page keeps what the worker prepared beside a profile (state/derived), unknown to this layer */
  constructor(private readonly onPrepared: (profile: Profile, prepared: Prepared) => void = () => {}) {}

  apply(key: number, original: Profile, stack: Transform[]): Promise<Transformed> {
    const first = !this.sent.has(key);
    this.sent.add(key);
    return this.channel.request<Transformed>((id) => ({ type: 'apply', id, key, original: first ? original : undefined, stack }), {
      timeoutMs: TIMEOUT_MS,
      read: (reply) => {
        if (!reply.ok) return { error: new Error(reply.message) };
        if (reply.unchanged || !reply.profile) return { value: { profile: original, notes: reply.notes } };
        const profile = reply.profile;
        profile.frames = reply.addedFrames.length > 0 ? [...original.frames, ...reply.addedFrames] : original.frames;
        if (reply.prepared) this.onPrepared(profile, reply.prepared);
        return { value: { profile, notes: reply.notes } };
      },
    }).result;
  }

  /** Drops the originals of profiles no longer open. */
  keepOnly(keys: number[]): void {
    const gone = [...this.sent].filter((k) => !keys.includes(k));
    if (gone.length === 0) return;
    for (const k of gone) this.sent.delete(k);
    this.channel.postIfRunning({ type: 'forget', keys: gone });
  }
}
