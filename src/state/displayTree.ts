import { useEffect, useSyncExternalStore } from 'react';
import type { CallTree, Profile } from '../core/model';
import { subtreeSizes } from '../core/tree/grow';
import { useViewStore } from './viewStore';
import { subtreeSizesOf } from './derived';

/** The tree the chart and breadcrumbs show: the call tree, or its bottom-up inversion. */
export interface DisplayTree {
  tree: CallTree;
  sizes: Int32Array;
  /** true when `tree` is the bottom-up tree */
  inverted: boolean;
  /** bottom-up was asked for and is still being built (the call tree is shown meanwhile) */
  building: boolean;
}

interface Built {
  tree: CallTree;
  sizes: Int32Array;
}

// One bottom-up tree per call tree, built once in a worker and kept while the profile lives.
const built = new WeakMap<CallTree, Built>();
const started = new WeakSet<CallTree>();
const listeners = new Set<() => void>();
let version = 0;
let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, CallTree>();
const resolvers = new WeakMap<CallTree, ((inverted: CallTree) => void)[]>();

function build(tree: CallTree): void {
  if (started.has(tree)) return;
  started.add(tree);
  if (!worker) {
    worker = new Worker(new URL('../worker/invert.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<{ id: number; tree: CallTree }>) => {
      const source = waiting.get(e.data.id);
      waiting.delete(e.data.id);
      if (!source) return;
      built.set(source, { tree: e.data.tree, sizes: subtreeSizes(e.data.tree) });
      for (const resolve of resolvers.get(source) ?? []) resolve(e.data.tree);
      resolvers.delete(source);
      version++;
      for (const l of listeners) l();
    };
    // a worker that dies (out of memory on a huge profile) must not leave "building" on for ever
    worker.onerror = (e) => {
      console.error('bottom-up tree failed:', e.message);
      for (const source of waiting.values()) started.delete(source);
      waiting.clear();
      worker?.terminate();
      worker = null;
      useViewStore.getState().setInverted(false);
    };
  }
  const id = nextId++;
  waiting.set(id, tree);
  worker.postMessage({ id, tree });
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
  const ready = inverted ? built.get(profile.tree) : undefined;
  if (ready) return { tree: ready.tree, sizes: ready.sizes, inverted: true, building: false };
  return { tree: profile.tree, sizes: subtreeSizesOf(profile), inverted: false, building: inverted };
}

/** The bottom-up tree of a call tree once built (null before), for code outside React such as the URL sync. */
export function builtInvertedTree(tree: CallTree): CallTree | null {
  return built.get(tree)?.tree ?? null;
}

/** The bottom-up tree of a call tree, building it if needed (for resolving a zoom path from the address). */
export function invertedTreeOf(tree: CallTree): Promise<CallTree> {
  const done = built.get(tree);
  if (done) return Promise.resolve(done.tree);
  return new Promise((resolve) => {
    resolvers.set(tree, [...(resolvers.get(tree) ?? []), resolve]);
    build(tree);
  });
}
