import { create } from 'zustand';

/**
 * Where the mouse is over the chart, for the tooltip alone: kept out of the view store and out of
 * the Chart component so a mouse move re-renders only the tooltip, not the chart.
 */
export const usePointer = create<{ at: { x: number; y: number } | null }>()(() => ({ at: null }));

export function movePointer(at: { x: number; y: number } | null): void {
  usePointer.setState({ at });
}
