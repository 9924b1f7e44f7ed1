import { SORT_ALIASES, type SortKey } from '../core/stats/table';
import type { Transform } from '../core/transforms/types';
import { decodeTransforms, encodeTransforms } from './transformsHash';
import type { ChartStyle } from './viewStore';

/**
 * The address holds the view, so a copied link reopens the same profile the same way:
 * `#url=…&title=…&chart=icicle&view=bottom-up&zoom=3.17.40&fn=17&sort=tottime&rev=1&q=json&p=1&transforms=mf-1z~f-0.3`.
 * zoom is the path of frames from the root (frame indexes are stable for the same file);
 * fn the selected frame; p which of several opened profiles is shown.
 */
export interface HashView {
  /** the transform stack (transformsHash.ts), applied before everything else the view shows */
  transforms?: Transform[];
  /** entries of `transforms=` that did not read (left out), for the page to say */
  transformErrors?: string[];
  chart?: ChartStyle;
  zoomPath?: number[];
  fn?: number;
  sort?: SortKey;
  reversed?: boolean;
  search?: string;
  /** pseudo-frames set aside: `hide=idle` ((idle) and (program)), `hide=gc`, or both */
  hideIdle?: boolean;
  hideGc?: boolean;
  profile?: number;
  /** bottom-up: zoomPath then walks the inverted tree */
  inverted?: boolean;
  /** the same zoom and selection by function identity, for a reload of a changed file whose frame indexes moved */
  zoomKeys?: string[];
  fnKey?: string;
  /** the time range selected on the timeline, in the profile's unit from its start */
  range?: { start: number; end: number };
}

export interface HashState {
  urls: string[];
  /** `#url=NEW&base=BASE`: a comparison, each side one or more URLs (issue 14) */
  base?: string[];
  /** `#url=A&url=B&merge`: the URLs opened as one merged profile, not only listed */
  merge?: boolean;
  title?: string;
  view: HashView;
}

export function readHash(hash: string): HashState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const urls = [...params.getAll('url'), ...params.getAll('profileURL')].filter((u) => u.length > 0);
  const view: HashView = {};
  const chart = params.get('chart');
  if (chart === 'sunburst' || chart === 'icicle' || chart === 'timeline') view.chart = chart;
  const range = /^(\d+(?:\.\d+)?(?:e[+-]?\d+)?)-(\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/.exec(params.get('range') ?? '');
  if (range && Number(range[1]) < Number(range[2])) view.range = { start: Number(range[1]), end: Number(range[2]) };
  const zoom = params.get('zoom');
  if (zoom) view.zoomPath = zoom.split('.').map(Number).filter((n) => Number.isInteger(n) && n >= 0);
  const fn = Number(params.get('fn') ?? NaN);
  if (Number.isInteger(fn) && fn >= 0) view.fn = fn;
  const sort = SORT_ALIASES.get(params.get('sort') ?? '');
  if (sort) view.sort = sort;
  if (params.get('rev') === '1') view.reversed = true;
  if (params.get('view') === 'bottom-up') view.inverted = true;
  const q = params.get('q');
  if (q) view.search = q;
  const hide = (params.get('hide') ?? '').split(',');
  if (hide.includes('idle')) view.hideIdle = true;
  if (hide.includes('gc')) view.hideGc = true;
  const p = Number(params.get('p') ?? NaN);
  if (Number.isInteger(p) && p > 0) view.profile = p;
  // read raw: the value is already percent-encoded per string, and `~` splits it (transformsHash.ts)
  const raw = /(?:^|[#&])transforms=([^&]*)/.exec(hash);
  if (raw && raw[1]) {
    const { transforms, errors } = decodeTransforms(raw[1]);
    if (transforms.length > 0) view.transforms = transforms;
    if (errors.length > 0) view.transformErrors = errors;
  }
  const base = params.getAll('base').filter((u) => u.length > 0);
  const out: HashState = { urls, title: params.get('title') ?? undefined, view };
  if (base.length > 0) out.base = base;
  if (params.has('merge')) out.merge = true;
  return out;
}

export function writeHash(state: HashState): string {
  const params = new URLSearchParams();
  for (const url of state.urls) params.append('url', url);
  for (const url of state.base ?? []) params.append('base', url);
  if (state.merge) params.set('merge', '1');
  if (state.title) params.set('title', state.title);
  const v = state.view;
  if (v.chart) params.set('chart', v.chart);
  if (v.zoomPath && v.zoomPath.length > 1) params.set('zoom', v.zoomPath.join('.'));
  if (v.fn !== undefined) params.set('fn', String(v.fn));
  if (v.sort && v.sort !== 'tottime') params.set('sort', v.sort);
  if (v.reversed) params.set('rev', '1');
  if (v.inverted) params.set('view', 'bottom-up');
  if (v.search) params.set('q', v.search);
  if (v.hideIdle || v.hideGc) params.set('hide', [v.hideIdle && 'idle', v.hideGc && 'gc'].filter(Boolean).join(','));
  if (v.profile) params.set('p', String(v.profile));
  if (v.range) params.set('range', `${v.range.start}-${v.range.end}`);
  let s = params.toString();
  // written raw, so the link shows `mf-1z~f-0.3` rather than `mf-1z%7Ef-0.3`
  if (v.transforms && v.transforms.length > 0) s += `${s ? '&' : ''}transforms=${encodeTransforms(v.transforms)}`;
  return s ? `#${s}` : '';
}

/** A frame's identity across two reads of a changing file (core/frames.ts). */
export { frameKey } from '../core/frames';
