import { create } from 'zustand';
import type { SortKey } from '../core/stats/table';

export type ChartStyle = 'sunburst' | 'icicle';

const STYLE_KEY = 'profburst.chart';

function storedStyle(): ChartStyle {
  try {
    return localStorage.getItem(STYLE_KEY) === 'icicle' ? 'icicle' : 'sunburst';
  } catch {
    return 'sunburst';
  }
}

/** What the user is looking at in the loaded profile. Reset when another profile is shown. */
interface ViewState {
  chart: ChartStyle;
  /** tree node the chart is zoomed into */
  zoom: number;
  /** frame (function) selected in the table or chart */
  selectedFrame: number | null;
  hoverNode: number | null;
  sort: SortKey;
  reversed: boolean;
  search: string;
  depth: number;
  cutoff: number;
  setChart: (chart: ChartStyle) => void;
  setZoom: (node: number) => void;
  select: (frame: number | null) => void;
  hover: (node: number | null) => void;
  sortBy: (key: SortKey) => void;
  setSearch: (search: string) => void;
  setDepth: (depth: number) => void;
  setCutoff: (cutoff: number) => void;
  reset: () => void;
}

export const useViewStore = create<ViewState>()((set, get) => ({
  chart: storedStyle(),
  zoom: 0,
  selectedFrame: null,
  hoverNode: null,
  sort: 'cumtime',
  reversed: false,
  search: '',
  depth: 10,
  cutoff: 0.001,
  setChart: (chart) => {
    try {
      localStorage.setItem(STYLE_KEY, chart);
    } catch {
      // private mode: the choice lasts for this page only
    }
    set({ chart });
  },
  setZoom: (zoom) => set({ zoom, hoverNode: null }),
  select: (selectedFrame) => set({ selectedFrame }),
  hover: (hoverNode) => {
    if (get().hoverNode !== hoverNode) set({ hoverNode });
  },
  // a second click on the same column flips the direction, as in every sortable table
  sortBy: (key) => set((s) => (s.sort === key ? { reversed: !s.reversed } : { sort: key, reversed: false })),
  setSearch: (search) => set({ search }),
  setDepth: (depth) => set({ depth }),
  setCutoff: (cutoff) => set({ cutoff }),
  reset: () => set({ zoom: 0, selectedFrame: null, hoverNode: null, search: '' }),
}));
