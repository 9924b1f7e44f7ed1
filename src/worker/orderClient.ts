import { Channel } from './channel';
import type { OrderRequest, SortedColumn } from './tableOrders';

/**
 * The page's side of the order worker (see state/tableOrder.ts), over a Channel. A worker that
 * dies fails its requests; the page then sorts on its own thread, slower but right. An idle
 * worker is ended, as the import worker is: a sort of 100 000 names leaves its heap at ~20 MiB.
 */
export class OrderWorker {
  private readonly channel = new Channel<OrderRequest & { id: number }, SortedColumn & { id: number }, Error>({
    start: () => new Worker(new URL('./order.worker.ts', import.meta.url), { type: 'module', name: 'profburst-order' }),
    idOf: (reply) => reply.id,
    error: (stop) => new Error(stop.kind === 'crashed' ? stop.message : stop.kind),
    onStop: (stop) => console.error('profburst: sorting the table failed:', stop.kind === 'crashed' ? stop.message : stop.kind),
  });

  sort(request: OrderRequest): Promise<SortedColumn> {
    const { result } = this.channel.request<SortedColumn>((id) => ({ id, ...request }), { read: (reply) => ({ value: reply }) });
    // once this request has settled: a retire waits for no pending request
    void result.then(() => queueMicrotask(() => this.channel.retire()), () => {});
    return result;
  }
}
