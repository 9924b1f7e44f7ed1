import type { CallTree, Profile } from '../core/model';
import { byCumtime, rowFrames, sortFrames } from '../core/stats/order';
import type { SortKey } from '../core/stats/table';
import { subtreeSizes } from '../core/tree/grow';
import { nodeSelfShares } from '../core/tree/nodeSelf';
import { orderName, type OrderName, type Prepared } from '../worker/protocol';

// Derived once per profile object and shared by every component that needs it. A profile from
// the import worker comes with most of it worked out there (Prepared); any other (tests, a
// profile built by hand) gets it worked out here, the first time it is asked for.
const prepared = new WeakMap<Profile, Prepared>();
const sizes = new WeakMap<Profile, Int32Array>();
const cumtimes = new WeakMap<Profile, Int32Array>();
const orders = new WeakMap<Profile, Map<OrderName, Int32Array>>();

export function rememberPrepared(profile: Profile, p: Prepared): void {
  prepared.set(profile, p);
}

export function preparedOf(profile: Profile): Prepared | undefined {
  return prepared.get(profile);
}

export function subtreeSizesOf(profile: Profile): Int32Array {
  let s = prepared.get(profile)?.sizes ?? sizes.get(profile);
  if (!s) sizes.set(profile, (s = subtreeSizes(profile.tree)));
  return s;
}

/** The function table's rows (frame indexes) in its first order: cumtime, biggest first. */
export function tableRowsOf(profile: Profile): Int32Array {
  let c = prepared.get(profile)?.cumtime ?? cumtimes.get(profile);
  if (!c) cumtimes.set(profile, (c = byCumtime(profile.functions, rowFrames(profile.functions, profile.frames.length))));
  return c;
}

/** The table's rows sorted as sortRows sorts them; each order is worked out once per profile. */
export function tableOrder(profile: Profile, key: SortKey, reversed: boolean): Int32Array {
  const cumtime = tableRowsOf(profile);
  if (key === 'cumtime' && !reversed) return cumtime;
  const first = prepared.get(profile)?.tottime;
  if (key === 'tottime' && !reversed && first && first.length === cumtime.length) return first;
  const ready = prepared.get(profile)?.orders;
  let known = orders.get(profile);
  if (!known) orders.set(profile, (known = new Map<OrderName, Int32Array>()));
  const name = orderName(key, reversed);
  let order = ready?.get(name) ?? known.get(name);
  if (!order) {
    const forward = ready?.get(orderName(key, false)) ?? known.get(orderName(key, false));
    known.set(name, (order = sortFrames(profile.functions, profile.frames, cumtime, key, reversed, forward)));
  }
  return order;
}

/** The function with the most self time (the table's first row), selected when a profile opens; null when none has any. */
export function hottestFrame(profile: Profile): number | null {
  const order = tableOrder(profile, 'tottime', false);
  return order.length > 0 && profile.functions.self[order[0]] > 0 ? order[0] : null;
}

const nodeSelves = new WeakMap<CallTree, Float64Array>();

/**
 * The self time the chart gives each node of a tree (nodeSelfShares): one pass over the tree the
 * first time a node of it is hovered (a few ms at a million nodes), then kept with the tree.
 */
export function nodeSelfOf(tree: CallTree, functionSelf: Float64Array): Float64Array {
  let s = nodeSelves.get(tree);
  if (!s) nodeSelves.set(tree, (s = nodeSelfShares(tree, functionSelf)));
  return s;
}
