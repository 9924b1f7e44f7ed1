import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { Profile } from '../core/model';
import type { SortKey } from '../core/stats/table';
import { OrderWorker } from '../worker/orderClient';
import { orderRequest } from '../worker/tableOrders';
import { Kept, keepTableOrders, knownTableOrder, tableOrder, tableRowsOf } from './derived';

/**
 * Rows from which a table is sorted in the order worker, not in the click's task: sorting the
 * names of 20 000 functions takes ~25 ms on the page (node, 100 000 take 110-160 ms; the
 * numbers 10-50 ms), and a profile's first orders come made from the import worker.
 */
const SORT_HERE_ROWS = 20_000;

// jsdom has no Worker: unit tests sort every table here
const worker = typeof Worker === 'function' ? new OrderWorker() : null;
/** columns being sorted in the worker, per table rows (state/derived's key for orders) */
const sorting = new Kept<Int32Array, Set<SortKey>>();
const listeners = new Set<() => void>();
let version = 0;

function changed(): void {
  version++;
  for (const l of listeners) l();
}

function sortInWorker(profile: Profile, key: SortKey): void {
  const rows = tableRowsOf(profile);
  const keys = sorting.get(rows, () => new Set());
  if (keys.has(key) || !worker) return;
  keys.add(key);
  worker.sort(orderRequest(key, rows, profile.functions), profile.frames).then(
    ({ forward, reversed }) => keepTableOrders(profile, key, forward, reversed),
    // a worker that died: sorted here, slower but right
    () => { tableOrder(profile, key, false); tableOrder(profile, key, true); },
  ).finally(() => {
    keys.delete(key);
    changed();
  });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The table's rows in the order asked for. A big table's new order is sorted in the worker; until
 * it comes, the rows stay in the order they were shown in (`sorting` true).
 */
export function useTableOrder(profile: Profile, key: SortKey, reversed: boolean): { order: Int32Array; sorting: boolean } {
  const seen = useSyncExternalStore(subscribe, () => version);
  const known = useMemo(() => {
    const done = knownTableOrder(profile, key, reversed);
    if (done || (worker && tableRowsOf(profile).length >= SORT_HERE_ROWS)) return done;
    return tableOrder(profile, key, reversed);
    // `seen`: an order the worker has delivered since
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [profile, key, reversed, seen]);
  useEffect(() => {
    if (!known) sortInWorker(profile, key);
  }, [known, profile, key]);
  const shown = useRef<{ profile: Profile; order: Int32Array } | null>(null);
  useEffect(() => {
    if (known) shown.current = { profile, order: known };
  }, [known, profile]);
  if (known) return { order: known, sorting: false };
  const before = shown.current?.profile === profile ? shown.current.order : tableRowsOf(profile);
  return { order: before, sorting: true };
}
