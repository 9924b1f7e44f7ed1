/// <reference lib="webworker" />
// Rebuilds one subtree of a tree made from a call graph with a finer cut-off, off the main
// thread (see state/refine.ts). The page keeps its graph, so the input is copied in and only
// the subtree is transferred back.
import type { CallGraph } from '../core/model';
import { subtreeFromGraph } from '../core/tree/fromGraph';
import { transferablesOfTree } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

export interface RefineRequest {
  id: number;
  graph: CallGraph;
  frameCount: number;
  inclusive: Float64Array;
  frame: number;
  weight: number;
  ancestors: Int32Array;
  tops: Int32Array;
  estimated: boolean;
  minWeight: number;
}

self.onmessage = (e: MessageEvent<RefineRequest>) => {
  const { id, ...input } = e.data;
  const tree = subtreeFromGraph(input);
  self.postMessage({ id, tree }, transferablesOfTree(tree));
};
