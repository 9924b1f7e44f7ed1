import type { Frame } from '../core/model';
import { Channel } from './channel';
import { LABEL_CHUNK, labelChunk, transferablesOfOrder, type OrderMessage, type OrderRequest, type SortedColumn } from './tableOrders';

/**
 * The page's side of the order worker (see state/tableOrder.ts), over a Channel. A worker that
 * dies fails its requests; the page then sorts on its own thread, slower but right. An idle
 * worker is ended, as the import worker is: a sort of 100 000 names leaves its heap at its
 * high-water mark (node: +7-11 MiB of heap, +27-30 MiB of RSS).
 */
export class OrderWorker {
  private readonly channel = new Channel<OrderMessage, SortedColumn & { id: number }, Error>({
    start: () => new Worker(new URL('./order.worker.ts', import.meta.url), { type: 'module', name: 'profburst-order' }),
    idOf: (reply) => reply.id,
    error: (stop) => new Error(stop.kind === 'crashed' ? stop.message : stop.kind),
    onStop: (stop) => console.error('profburst: sorting the table failed:', stop.kind === 'crashed' ? stop.message : stop.kind),
  });
  /** one sort at a time: a name sort's chunks must not interleave with another's */
  private queue: Promise<unknown> = Promise.resolve();
  /** sorts asked for and not settled: the worker is ended only when none is left (chunks are no requests) */
  private waiting = 0;

  /** `request` as orderRequest made it; for the name column, `frames` gives the labels, sent in chunks first. */
  sort(request: OrderRequest, frames: Frame[]): Promise<SortedColumn> {
    const run = async () => {
      if (request.labels === 'sent') {
        for (let start = 0; start < request.cumtime.length; start += LABEL_CHUNK) {
          // each chunk made and posted in a task of its own (see LABEL_CHUNK)
          if (start > 0) await new Promise((resolve) => setTimeout(resolve, 0));
          const labels = labelChunk(request.cumtime, frames, start, Math.min(request.cumtime.length, start + LABEL_CHUNK));
          this.channel.post({ type: 'labels', labels }, [labels.file.buffer, labels.line.buffer] as ArrayBuffer[]);
        }
      }
      return this.channel.request<SortedColumn>((id) => ({ type: 'sort', id, ...request }), { read: (reply) => ({ value: reply }), transfer: transferablesOfOrder(request) }).result;
    };
    this.waiting++;
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    const settled = () => {
      if (--this.waiting === 0) this.channel.retire();
    };
    void result.then(settled, settled);
    return result;
  }
}
