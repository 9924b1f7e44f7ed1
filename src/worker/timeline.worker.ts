/// <reference lib="webworker" />
// The timeline's boxes and the profile of a selected time range, off the main thread: both walk
// every sample (a million in a big .cpuprofile). The page keeps its own copy of the tree and the
// samples, so they are copied in once per profile and only results are transferred back.
import type { CallTree, Frame, SampleList } from '../core/model';
import { timelineBoxes } from '../core/timeline/boxes';
import { profileInRange } from '../core/timeline/range';
import { timelineRows } from '../core/timeline/rows';
import type { TimelineReply, TimelineRequest } from './timelineProtocol';
import { transferablesOfTree } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let current: { key: number; tree: CallTree; samples: SampleList; frameCount: number } | null = null;

self.onmessage = (e: MessageEvent<TimelineRequest>) => {
  const request = e.data;
  if (request.type === 'load') {
    current = { key: request.key, tree: request.tree, samples: request.samples, frameCount: request.frameCount };
    const boxes = timelineBoxes(request.tree, request.samples);
    const rows = timelineRows(boxes);
    const reply: TimelineReply = { type: 'boxes', id: request.id, boxes, rows };
    self.postMessage(reply, [boxes.node.buffer, boxes.depth.buffer, boxes.start.buffer, boxes.end.buffer, rows.rowStart.buffer, rows.order.buffer] as ArrayBuffer[]);
    return;
  }
  if (!current || current.key !== request.key) {
    self.postMessage({ type: 'error', id: request.id, message: 'the profile is no longer loaded in the timeline worker' } satisfies TimelineReply);
    return;
  }
  // profileInRange needs only the tree, the samples and the number of frames
  const cut = profileInRange({
    format: 'cpuprofile', name: '', unit: { name: '', kind: 'time', seconds: 0 }, total: 0, frames: new Array<Frame>(current.frameCount),
    tree: current.tree, functions: { ncalls: null, primcalls: null, self: new Float64Array(0), total: new Float64Array(0) },
    graph: null, events: [], event: 0, samples: current.samples,
  }, request.from, request.to);
  const { tree, functions, samples } = cut;
  const reply: TimelineReply = { type: 'range', id: request.id, tree, functions, samples: samples!, total: cut.total };
  // transferablesOfTree lists a buffer once: columns may share one (StackTrie's self and total),
  // and a buffer named twice in a transfer list throws
  self.postMessage(reply, [...transferablesOfTree(tree), functions.self.buffer, functions.total.buffer,
    samples!.node.buffer, samples!.time.buffer, samples!.weight.buffer] as ArrayBuffer[]);
};
