import type { CallTree } from '../core/model';
import { Channel } from './channel';
import type { RefineRequest } from './refine.worker';

/**
 * The page's side of the refine worker (see state/refine.ts), over a Channel. A worker that dies
 * leaves the tree as it is, coarser, never wrong: its requests answer null.
 */
export class RefineWorker {
  private readonly channel = new Channel<RefineRequest, { id: number; tree: CallTree }, Error>({
    start: () => new Worker(new URL('./refine.worker.ts', import.meta.url), { type: 'module', name: 'profburst-refine' }),
    idOf: (reply) => reply.id,
    error: (stop) => new Error(stop.kind === 'crashed' ? stop.message : 'stopped'),
    onStop: (stop) => console.error('profburst: refining the tree failed:', stop.kind === 'crashed' ? stop.message : stop.kind),
  });

  /** The subtree rebuilt finer, or null when the worker failed. */
  rebuild(request: Omit<RefineRequest, 'id'>): Promise<CallTree | null> {
    return this.channel.request<CallTree>((id) => ({ id, ...request }), { read: (reply) => ({ value: reply.tree }) }).result.catch(() => null);
  }
}
