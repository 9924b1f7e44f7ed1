import type { CallTree, Profile } from '../core/model';
import { byCumtime, rowFrames, sortFrames } from '../core/stats/order';
import { packageTimes } from '../core/stats/packages';
import { matchFrames } from '../core/stats/search';
import type { SortKey } from '../core/stats/table';
import type { TimelineBoxes } from '../core/timeline/boxes';
import type { TimelineRows } from '../core/timeline/rows';
import type { TreeResolution } from '../core/tree/resolution';
import { subtreeSizes } from '../core/tree/grow';
import { countEstimated } from '../core/tree/estimated';
import { nodeSelfShares } from '../core/tree/nodeSelf';
import type { Compare } from '../worker/listProtocol';
import { orderName, type OrderName, type Prepared } from '../worker/protocol';

/*
 * Everything the page works out from a profile, in one place: each value below is kept per
 * object and dropped with it (a WeakMap), so nothing here needs clearing by hand.
 *
 * Per Profile object. A profile on screen is replaced by a new object when another file or
 * event is opened, a transform applied, a tree refined or a time range selected; the values of
 * the old one go with it.
 *   prepared        what the worker worked out beside the profile (Prepared), from the clients
 *   sizes           subtree sizes of its call tree (Prepared's, else worked out here)
 *   tableRows       the table's rows by cumtime (Prepared's, else worked out here)
 *   packageTimes    self time per colour key, the legend (Prepared's, else worked out here)
 *   search          the last search's matches (one query at a time: the one in the box)
 *   timelineKeys    the profile's number in the timeline worker
 *   compares        the comparison a profile was made for (state/compare)
 *   paletteRanks    the legend's palette entry per key (ranked by ui/chart/colors)
 *   frameColors     a colour per frame, by package and by function, filled in by
 *   functionColors    ui/chart/colors as the chart draws
 *   timelines       its timeline boxes and rows, built in the worker (state/timeline)
 *   timeRanges      the last time range's profile, built in the worker (one range at a time)
 *   refinements     subtrees being rebuilt finer, per node (state/refine): one build per ask
 *
 * Per table rows (the cumtime order, an Int32Array). A refined profile keeps its rows (its
 * functions are the same), so it keeps the orders sorted for the profile it was refined from.
 *   tableOrders     the table's other orders, each sorted the first time it is shown
 *
 * Per CallTree object. A refinement splices a new tree into a new profile; the bottom-up tree
 * and the resolution belong to a tree, so they outlive a profile that only changed its frames.
 *   nodeSelves      the self time the chart gives each node (a pass over the tree on first hover)
 *   bottomUp        the bottom-up tree and its sizes, built in the worker (state/displayTree)
 *   bottomUpWaits   callers waiting for it (invertedTreeOf); dropped once it is built
 *   resolutions     how fine each part of a tree rebuilt from a call graph is (state/refine)
 *   estimatedCounts how many of its nodes are estimates (the legend and table notes ask)
 */

/** A value kept per key object and dropped with it (a WeakMap with a name and one way in). */
export class Kept<K extends object, V> {
  private readonly values = new WeakMap<K, V>();

  get(key: K, make: () => V): V {
    let v = this.values.get(key);
    if (v === undefined) this.values.set(key, (v = make()));
    return v;
  }

  peek(key: K): V | undefined {
    return this.values.get(key);
  }

  set(key: K, value: V): void {
    this.values.set(key, value);
  }

  drop(key: K): void {
    this.values.delete(key);
  }
}

// ---- per profile: worked out here, on first ask ----

const prepared = new Kept<Profile, Prepared>();
const sizes = new Kept<Profile, Int32Array>();
const tableRows = new Kept<Profile, Int32Array>();
const tableOrders = new Kept<Int32Array, Map<OrderName, Int32Array>>();
const packageTimesKept = new Kept<Profile, { key: string; time: number }[]>();
const search = new Kept<Profile, { query: string; result: SearchResult }>();
const timelineKeys = new Kept<Profile, number>();

/** What the worker prepared beside a profile: the worker clients hand it here before the profile is shown. */
export function rememberPrepared(profile: Profile, p: Prepared): void {
  prepared.set(profile, p);
}

export function preparedOf(profile: Profile): Prepared | undefined {
  return prepared.peek(profile);
}

export function subtreeSizesOf(profile: Profile): Int32Array {
  return prepared.peek(profile)?.sizes ?? sizes.get(profile, () => subtreeSizes(profile.tree));
}

/** The function table's rows (frame indexes) in its first order: cumtime, biggest first. */
export function tableRowsOf(profile: Profile): Int32Array {
  return prepared.peek(profile)?.cumtime ?? tableRows.get(profile, () => byCumtime(profile.functions, rowFrames(profile.functions, profile.frames.length)));
}

/**
 * The table's rows sorted as sortRows sorts them, if known without a sort: the first orders come
 * from the import worker (Prepared), the others once sorted (here or in the order worker, see
 * state/tableOrder.ts); null when not yet.
 */
export function knownTableOrder(profile: Profile, key: SortKey, reversed: boolean): Int32Array | null {
  const cumtime = tableRowsOf(profile);
  if (key === 'cumtime' && !reversed) return cumtime;
  const first = prepared.peek(profile)?.tottime;
  if (key === 'tottime' && !reversed && first && first.length === cumtime.length) return first;
  return tableOrders.peek(cumtime)?.get(orderName(key, reversed)) ?? null;
}

/** The table's rows sorted as sortRows sorts them, sorted on this thread if not known (a small table's way). */
export function tableOrder(profile: Profile, key: SortKey, reversed: boolean): Int32Array {
  const known = knownTableOrder(profile, key, reversed);
  if (known) return known;
  const cumtime = tableRowsOf(profile);
  const orders = tableOrders.get(cumtime, () => new Map<OrderName, Int32Array>());
  const order = sortFrames(profile.functions, profile.frames, cumtime, key, reversed, orders.get(orderName(key, false)));
  orders.set(orderName(key, reversed), order);
  return order;
}

/** A column's orders sorted elsewhere (the order worker), for knownTableOrder. */
export function keepTableOrders(profile: Profile, key: SortKey, forward: Int32Array, reversed: Int32Array): void {
  const orders = tableOrders.get(tableRowsOf(profile), () => new Map<OrderName, Int32Array>());
  orders.set(orderName(key, false), forward);
  orders.set(orderName(key, true), reversed);
}

/** The function with the most self time (the table's first row), selected when a profile opens; null when none has any. */
export function hottestFrame(profile: Profile): number | null {
  const order = tableOrder(profile, 'tottime', false);
  return order.length > 0 && profile.functions.self[order[0]] > 0 ? order[0] : null;
}

/** Self time per colour key (core/stats/packages), biggest first: the legend. */
export function packageTimesOf(profile: Profile): { key: string; time: number }[] {
  return prepared.peek(profile)?.packages ?? packageTimesKept.get(profile, () => packageTimes(profile.frames, profile.functions.self));
}

/** What the search box matches: per frame 0/1 (null: no search), or the regular expression's error. */
export interface SearchResult {
  matches: Uint8Array | null;
  error: string | null;
  /** table rows (functions with weight or calls) that match; all of them when there is no search */
  rowCount: number;
}

/** Chart, table and toolbar all need the same result: worked out once per (profile, query). */
export function searchOf(profile: Profile, query: string): SearchResult {
  const hit = search.peek(profile);
  if (hit && hit.query === query) return hit.result;
  const rows = tableRowsOf(profile); // the table's rows, from the import worker
  let result: SearchResult;
  try {
    const matches = matchFrames(profile.frames, query);
    let rowCount = rows.length;
    if (matches) {
      rowCount = 0;
      for (const f of rows) rowCount += matches[f];
    }
    result = { matches, error: null, rowCount };
  } catch (e) {
    result = { matches: null, error: e instanceof Error ? e.message : String(e), rowCount: rows.length };
  }
  search.set(profile, { query, result });
  return result;
}

let nextTimelineKey = 1;

/** The profile's number in the timeline worker (which holds the last profile sent to it). */
export function timelineKeyOf(profile: Profile): number {
  return timelineKeys.get(profile, () => nextTimelineKey++);
}

// ---- per profile: worked out elsewhere (a worker, the chart), kept here ----

/** The comparison a profile was made for (state/compare: the list store attaches it, the chart and table read it). */
export const compares = new Kept<Profile, Compare>();

/** The legend's palette entry per colour key (ui/chart/colors ranks them: it knows the palette). */
export const paletteRanks = new Kept<Profile, Map<string, number>>();

/**
 * A colour per frame, by package and by function, filled in by ui/chart/colors the first time
 * the chart draws the frame: a profile can have 100 000 frames, and colouring them all up front
 * was a 50 ms pass on the page's thread.
 */
export const frameColors = new Kept<Profile, (string | undefined)[]>();
export const functionColors = new Kept<Profile, (string | undefined)[]>();

/** What the timeline draws: the boxes, their rows, and the profile's duration. */
export interface TimelineData {
  boxes: TimelineBoxes;
  rows: TimelineRows;
  duration: number;
}

/** The timeline of a profile with samples, built in the timeline worker (state/timeline). */
export const timelines = new Kept<Profile, Promise<TimelineData>>();

/** The profile of the last time range selected in a profile (one at a time: the one in view), built in the timeline worker. */
export const timeRanges = new Kept<Profile, { range: string; profile: Promise<Profile> }>();

/** Subtrees being rebuilt finer per node (state/refine): two asks for one node share one build. */
export const refinements = new Kept<Profile, Map<number, Promise<boolean>>>();

// ---- per call tree ----

const nodeSelves = new Kept<CallTree, Float64Array>();

/**
 * The self time the chart gives each node of a tree (nodeSelfShares): one pass over the tree the
 * first time a node of it is hovered (a few ms at a million nodes), then kept with the tree.
 */
export function nodeSelfOf(tree: CallTree, functionSelf: Float64Array): Float64Array {
  return nodeSelves.get(tree, () => nodeSelfShares(tree, functionSelf));
}

/** A bottom-up tree and its subtree sizes. */
export interface BottomUp {
  tree: CallTree;
  sizes: Int32Array;
}

/** The bottom-up tree of a call tree, built once in the invert worker (state/displayTree). */
export const bottomUp = new Kept<CallTree, BottomUp>();

/** Callers waiting for a bottom-up tree not built yet (invertedTreeOf); dropped once it is. */
export const bottomUpWaits = new Kept<CallTree, ((inverted: CallTree) => void)[]>();

/** How fine each part of a tree rebuilt from a call graph is (core/tree/resolution; state/refine). */
export const resolutions = new Kept<CallTree, TreeResolution>();

const estimatedCounts = new Kept<CallTree, number>();

/**
 * How many nodes of a tree are estimates (CallTree.estimated; 0 for real stacks): one pass over a
 * byte per node (about a millisecond at a million nodes), then kept with the tree.
 */
export function estimatedCountOf(tree: CallTree): number {
  return estimatedCounts.get(tree, () => countEstimated(tree));
}
