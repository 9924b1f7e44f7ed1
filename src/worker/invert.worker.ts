/// <reference lib="webworker" />
// Builds the bottom-up tree off the main thread: the walk is O(self nodes x stack depth), far
// too slow for a click handler on a big profile. The page keeps its own copy of the tree, so
// the input is copied in and only the result is transferred back.
import type { CallTree } from '../core/model';
import { invertTree } from '../core/tree/invert';
import { transferablesOfTree } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (e: MessageEvent<{ id: number; tree: CallTree }>) => {
  const { id, tree } = e.data;
  const inverted = invertTree(tree);
  self.postMessage({ id, tree: inverted }, transferablesOfTree(inverted));
};
