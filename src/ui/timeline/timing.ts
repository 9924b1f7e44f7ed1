/**
 * The timeline's last draw times, for scripts/bench-chart.mjs and for anyone profiling the page
 * (window.__profburstTimeline in the console). Plain numbers, written after each draw.
 */
export interface TimelineTiming {
  /** the last drawTimeline call: every box in view, labels and outlines */
  drawMs: number;
  /** boxes visited by the last draw (those overlapping the window in the rows shown) */
  visited: number;
  draws: number;
  /** performance.now() after the last draw */
  drawnAt: number;
  /** performance.now() when a profile's timeline was first drawn */
  firstDrawAt: number;
  /** boxes of the whole timeline */
  boxes: number;
}

export const timelineTiming: TimelineTiming = { drawMs: 0, visited: 0, draws: 0, drawnAt: 0, firstDrawAt: 0, boxes: 0 };

if (typeof window !== 'undefined') (window as unknown as { __profburstTimeline: TimelineTiming }).__profburstTimeline = timelineTiming;
