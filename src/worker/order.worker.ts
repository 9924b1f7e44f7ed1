/// <reference lib="webworker" />
// Sorts a big function table by one column off the main thread (see state/tableOrder.ts). The
// page keeps its columns, so they are copied in and only the two orders are transferred back;
// the name column's labels come first, in chunks (LABEL_CHUNK), each its own message.
import { LabelFrames, sortColumn, type OrderMessage } from './tableOrders';

declare const self: DedicatedWorkerGlobalScope;

const sent = new LabelFrames();

self.onmessage = (e: MessageEvent<OrderMessage>) => {
  const msg = e.data;
  if (msg.type === 'labels') return sent.add(msg.labels);
  const { id, type: _, ...request } = msg;
  const { forward, reversed } = sortColumn(request, request.labels === 'sent' ? sent.take() : []);
  self.postMessage({ id, forward, reversed }, [forward.buffer, reversed.buffer] as ArrayBuffer[]);
};
