import type { CallTree } from '../core/model';
import { Channel } from './channel';

/**
 * The page's side of the invert worker (the bottom-up tree), over a Channel. A worker that dies
 * (out of memory on a huge profile) fails its requests; `onStop` hears of it once.
 */
export class InvertWorker {
  private readonly channel: Channel<{ id: number; tree: CallTree }, { id: number; tree: CallTree }, Error>;

  constructor(onStop: (message: string) => void) {
    this.channel = new Channel({
      start: () => new Worker(new URL('./invert.worker.ts', import.meta.url), { type: 'module', name: 'profburst-invert' }),
      idOf: (reply) => reply.id,
      error: (stop) => new Error(stop.kind === 'crashed' ? stop.message : 'stopped'),
      onStop: (stop) => onStop(stop.kind === 'crashed' ? stop.message : stop.kind),
    });
  }

  /** The bottom-up tree of `tree`; the page keeps its tree, so it is copied in. */
  invert(tree: CallTree): Promise<CallTree> {
    return this.channel.request<CallTree>((id) => ({ id, tree }), { read: (reply) => ({ value: reply.tree }) }).result;
  }
}
