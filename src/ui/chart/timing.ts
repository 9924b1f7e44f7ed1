/**
 * The chart's last draw times, for scripts/bench-chart.mjs and for anyone profiling the page
 * (window.__profburstTiming in the console). Plain numbers, written after each draw.
 */
export interface ChartTiming {
  /** visibleSubtree + d3 partition for the last layout */
  layoutMs: number;
  /** last full static layer draw (every arc, labels) */
  staticMs: number;
  /** last overlay draw (outlines only), and performance.now() when it ended */
  overlayMs: number;
  overlayAt: number;
  /** slowest frame of the last zoom animation */
  animationFrameMs: number;
  animationFrames: number;
  staticDraws: number;
  overlayDraws: number;
  /** performance.now() when a layout was first drawn for the current profile */
  firstDrawAt: number;
  /** nodes in the last layout, drawn (wider than half a pixel), and drawn hatched (estimates) */
  layoutNodes: number;
  drawnNodes: number;
  hatchedNodes: number;
}

export const timing: ChartTiming = {
  layoutMs: 0, staticMs: 0, overlayMs: 0, overlayAt: 0, animationFrameMs: 0, animationFrames: 0,
  staticDraws: 0, overlayDraws: 0, firstDrawAt: 0, layoutNodes: 0, drawnNodes: 0, hatchedNodes: 0,
};

if (typeof window !== 'undefined') (window as unknown as { __profburstTiming: ChartTiming }).__profburstTiming = timing;
