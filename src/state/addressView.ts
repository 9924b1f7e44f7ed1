import type { CallTree, Frame } from '../core/model';
import type { SortKey } from '../core/stats/table';
import { framePath, nodeAtFramePath } from '../core/tree/framePath';
import type { Transform } from '../core/transforms/types';
import { frameKey, type HashState, type HashView } from './viewHash';
import type { ChartStyle } from './viewStore';
import { frameIndexByKey } from '../core/frames';

// The view and the address, both ways, as pure functions (issue 13, item 4): what urlSync.ts reads
// from the stores goes in, what it writes to them comes out, so every field is tested without a page.

/** The fields of the view store the address holds. */
export interface AddressedView {
  chart: ChartStyle;
  zoom: number;
  inverted: boolean;
  timeRange: { start: number; end: number } | null;
  selectedFrame: number | null;
  sort: SortKey;
  reversed: boolean;
  search: string;
  hideIdle: boolean;
  hideGc: boolean;
}

/**
 * The view as the address holds it. `tree` is the tree the chart shows (the bottom-up one when
 * inverted), null before a profile is open; with a time range the chart shows the range's own tree,
 * whose node numbers are not this tree's, so no zoom path is written then.
 */
export function hashViewOf(v: AddressedView, tree: CallTree | null, profile: number, transforms: Transform[]): HashView {
  return {
    chart: v.chart,
    zoomPath: tree && !v.timeRange ? framePath(tree, Math.min(v.zoom, tree.size - 1)) : undefined,
    inverted: v.inverted,
    range: v.timeRange ?? undefined,
    fn: v.selectedFrame ?? undefined,
    sort: v.sort,
    reversed: v.reversed,
    search: v.search,
    hideIdle: v.hideIdle,
    hideGc: v.hideGc,
    profile,
    transforms,
  };
}

/**
 * The same view by function identity instead of frame index: `profburst --watch` rereads a changed
 * file whose frames may have moved, and the view follows the functions that are still there.
 */
export function keyedHashViewOf(v: AddressedView, tree: CallTree, frames: readonly Frame[], profile: number, transforms: Transform[]): HashView {
  const { zoomPath, fn, ...rest } = hashViewOf({ ...v, timeRange: null }, tree, profile, transforms);
  return {
    ...rest,
    zoomKeys: (zoomPath ?? []).map((f) => frameKey(frames[f])),
    fnKey: fn !== undefined ? frameKey(frames[fn]) : undefined,
  };
}

/** Frame keys back to this profile's frame indexes: a function gone ends the zoom path there, or clears the selection. */
export function resolveFrameKeys(view: HashView, frames: readonly Frame[]): HashView {
  if (!view.zoomKeys && view.fnKey === undefined) return view;
  const index = frameIndexByKey(frames);
  const zoomPath: number[] = [];
  for (const k of view.zoomKeys ?? []) {
    const f = index.get(k);
    if (f === undefined) break;
    zoomPath.push(f);
  }
  return { ...view, zoomPath, fn: view.fnKey !== undefined ? index.get(view.fnKey) : undefined };
}

/** The profile the address's view is applied to: its tree (the one the zoom path walks), sizes, frame count and hot spot. */
export interface ShownProfile {
  tree: CallTree;
  sizes: Int32Array;
  frameCount: number;
  /** the function with the most self time, asked for only when the address selects none */
  hottest: () => number | null;
}

/**
 * The view store's fields for the address's view. `zoomHere` is false when the zoom is found
 * elsewhere: on the bottom-up tree or a transformed one, both built in a worker first, so the zoom
 * starts at the root and follows once that tree is there. A selection of a frame the profile does not
 * have is cleared; no selection in the address selects the hot spot.
 */
export function viewStateOf(view: HashView, shown: ShownProfile | null, zoomHere: boolean): Omit<AddressedView, 'chart' | 'inverted' | 'timeRange'> {
  const path = view.zoomPath;
  return {
    zoom: shown && path && zoomHere ? nodeAtFramePath(shown.tree, shown.sizes, path) : 0,
    selectedFrame: !shown ? null : view.fn === undefined ? shown.hottest() : view.fn < shown.frameCount ? view.fn : null,
    sort: view.sort ?? 'tottime',
    reversed: view.reversed ?? false,
    search: view.search ?? '',
    hideIdle: view.hideIdle ?? false,
    hideGc: view.hideGc ?? false,
  };
}

/**
 * The whole address: the opened URLs (each once, in order), or, for a merge or comparison opened by
 * a link, that link's URLs, so the address still reopens the same group.
 */
export function addressOf(
  urls: readonly (string | null)[],
  links: { urls: string[]; base: string[]; merge: boolean } | null,
  title: string | undefined,
  view: HashView,
): HashState {
  return {
    urls: links ? links.urls : [...new Set(urls.filter((u): u is string => u !== null))],
    base: links?.base.length ? links.base : undefined,
    merge: links?.merge || undefined,
    title,
    view,
  };
}
