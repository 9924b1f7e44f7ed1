/// <reference lib="webworker" />
// Sorts a big function table by one column off the main thread (see state/tableOrder.ts). The
// page keeps its columns, so they are copied in and only the two orders are transferred back.
import { sortColumn, type OrderRequest } from './tableOrders';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (e: MessageEvent<OrderRequest & { id: number }>) => {
  const { id, ...request } = e.data;
  const { forward, reversed } = sortColumn(request);
  self.postMessage({ id, forward, reversed }, [forward.buffer, reversed.buffer] as ArrayBuffer[]);
};
