import { useEffect, useSyncExternalStore } from 'react';
import type { CallTree, Profile } from '../core/model';
import { subtreeSizes } from '../core/tree/grow';
import { useViewStore } from './viewStore';
import { bottomUp, bottomUpWaits, subtreeSizesOf } from './derived';
import { InvertWorker } from '../worker/invertClient';

/** The tree the chart and breadcrumbs show: the call tree, or its bottom-up inversion. */
export interface DisplayTree {
  tree: CallTree;
  sizes: Int32Array;
  /** true when `tree` is the bottom-up tree */
  inverted: boolean;
  /** bottom-up was asked for and is still being built (the call tree is shown meanwhile) */
  building: boolean;
}

/** trees whose bottom-up tree the worker is building now */
const building = new Set<CallTree>();
const listeners = new Set<() => void>();
let version = 0;
// a worker that dies (out of memory on a huge profile) must not leave "building" on for ever
const worker = new InvertWorker((message) => {
  console.error('bottom-up tree failed:', message);
  building.clear();
  useViewStore.getState().setInverted(false);
});

/** Builds the bottom-up tree of `tree` once, in the worker; kept in state/derived while the tree lives. */
function build(tree: CallTree): void {
  if (building.has(tree) || bottomUp.peek(tree)) return;
  building.add(tree);
  worker.invert(tree).then(
    (inverted) => {
      building.delete(tree);
      bottomUp.set(tree, { tree: inverted, sizes: subtreeSizes(inverted) });
      for (const resolve of bottomUpWaits.peek(tree) ?? []) resolve(inverted);
      bottomUpWaits.drop(tree);
      version++;
      for (const l of listeners) l();
    },
    () => {}, // the stop is handled once, above
  );
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useDisplayTree(profile: Profile): DisplayTree {
  const inverted = useViewStore((s) => s.inverted);
  useSyncExternalStore(subscribe, () => version);
  useEffect(() => {
    if (inverted) build(profile.tree);
  }, [inverted, profile.tree]);
  const ready = inverted ? bottomUp.peek(profile.tree) : undefined;
  if (ready) return { tree: ready.tree, sizes: ready.sizes, inverted: true, building: false };
  return { tree: profile.tree, sizes: subtreeSizesOf(profile), inverted: false, building: inverted };
}

/** The bottom-up tree of a call tree once built (null before), for code outside React such as the URL sync. */
export function builtInvertedTree(tree: CallTree): CallTree | null {
  return bottomUp.peek(tree)?.tree ?? null;
}

/** The bottom-up tree of a call tree, building it if needed (for resolving a zoom path from the address). */
export function invertedTreeOf(tree: CallTree): Promise<CallTree> {
  const done = bottomUp.peek(tree);
  if (done) return Promise.resolve(done.tree);
  return new Promise((resolve) => {
    bottomUpWaits.set(tree, [...(bottomUpWaits.peek(tree) ?? []), resolve]);
    build(tree);
  });
}
