import { create } from 'zustand';
import type { SortKey } from '../core/stats/table';
import { readStored, writeStored } from './stored';

export type ChartStyle = 'sunburst' | 'icicle' | 'timeline';
/** package: a stable hue per file or package; self: white to red by the node's self time */
export type ColorMode = 'package' | 'function' | 'self';

const STYLE_KEY = 'profburst.chart';

function storedStyle(): ChartStyle {
  const stored = readStored(STYLE_KEY);
  return stored === 'icicle' || stored === 'timeline' ? stored : 'sunburst';
}

/** What the user is looking at in the loaded profile. Reset when another profile is shown. */
interface ViewState {
  chart: ChartStyle;
  /** tree node the chart is zoomed into */
  zoom: number;
  /** frame (function) selected in the table or chart */
  selectedFrame: number | null;
  hoverNode: number | null;
  /** function whose table row the pointer is over: its nodes are outlined in the chart */
  hoveredFrame: number | null;
  sort: SortKey;
  reversed: boolean;
  search: string;
  depth: number;
  cutoff: number;
  /** bottom-up: the chart and breadcrumbs show the inverted tree; zoom indexes that tree then */
  inverted: boolean;
  colorMode: ColorMode;
  /** the time range selected on the timeline, in the profile's unit from its start: every view shows only its samples */
  timeRange: { start: number; end: number } | null;
  /** fold chains of single-child nodes into one band (the depth then counts bands) */
  fold: boolean;
  /** sampled profiles: set (idle) and (program), and (garbage collector), aside (core/tree/setAside) */
  hideIdle: boolean;
  hideGc: boolean;
  setHidden: (idle: boolean, gc: boolean) => void;
  setFold: (fold: boolean) => void;
  setChart: (chart: ChartStyle) => void;
  setZoom: (node: number) => void;
  select: (frame: number | null) => void;
  hover: (node: number | null) => void;
  hoverFrame: (frame: number | null) => void;
  sortBy: (key: SortKey) => void;
  setSearch: (search: string) => void;
  setDepth: (depth: number) => void;
  setCutoff: (cutoff: number) => void;
  /** switches between the call tree and the bottom-up tree; zoom goes back to the root (node numbers differ) */
  setInverted: (inverted: boolean) => void;
  setColorMode: (mode: ColorMode) => void;
  setTimeRange: (range: { start: number; end: number } | null) => void;
  reset: () => void;
}

export const useViewStore = create<ViewState>()((set, get) => ({
  chart: storedStyle(),
  zoom: 0,
  selectedFrame: null,
  hoverNode: null,
  hoveredFrame: null,
  // the hot spot first: tottime, as SnakeViz starts (cumtime put `report` above the `fib` doing 91% of the work)
  sort: 'tottime',
  reversed: false,
  search: '',
  depth: 10,
  cutoff: 0.001,
  inverted: false,
  colorMode: 'package',
  timeRange: null,
  fold: true,
  hideIdle: false,
  hideGc: false,
  setHidden: (hideIdle, hideGc) => set({ hideIdle, hideGc }),
  setFold: (fold) => set({ fold }),
  setChart: (chart) => {
    writeStored(STYLE_KEY, chart);
    set({ chart });
  },
  setZoom: (zoom) => set({ zoom, hoverNode: null }),
  select: (selectedFrame) => set({ selectedFrame }),
  hover: (hoverNode) => {
    if (get().hoverNode !== hoverNode) set({ hoverNode });
  },
  // a second click on the same column flips the direction, as in every sortable table
  hoverFrame: (hoveredFrame) => {
    if (get().hoveredFrame !== hoveredFrame) set({ hoveredFrame });
  },
  sortBy: (key) => set((s) => (s.sort === key ? { reversed: !s.reversed } : { sort: key, reversed: false })),
  setSearch: (search) => set({ search }),
  setDepth: (depth) => set({ depth }),
  setCutoff: (cutoff) => set({ cutoff }),
  setInverted: (inverted) => {
    if (get().inverted !== inverted) set({ inverted, zoom: 0, hoverNode: null });
  },
  setColorMode: (colorMode) => set({ colorMode }),
  // the range's profile has other node numbers: zoom goes back to the root
  setTimeRange: (timeRange) => set({ timeRange, zoom: 0, hoverNode: null }),
  reset: () => set({ zoom: 0, selectedFrame: null, hoverNode: null, search: '', timeRange: null }),
}));
