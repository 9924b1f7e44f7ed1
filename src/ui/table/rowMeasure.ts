import { useCallback, useLayoutEffect, useRef } from 'react';
import type { Virtualizer } from '@tanstack/react-virtual';

/**
 * The ref each row of a virtualized table measures itself by. The virtualizer's own ref, handed a
 * row that leaves (null), checks every row it has measured for whether it is still in the page:
 * fine for the few rows a scroll removes, but when the table itself goes (a new profile shown)
 * every row leaves, and those checks (rows x rows) were a third of the commit that takes the old
 * workspace away (4 ms of 12 on the 200 MB perf file, twice that at half the CPU). While the table
 * is going, a row that leaves is not looked for: the virtualizer goes with it.
 */
export function useRowMeasure<E extends Element>(virtualizer: Virtualizer<HTMLDivElement, E>): (row: E | null) => void {
  // set by the table's layout clean-up, which React runs before it detaches the rows' refs
  const going = useRef(false);
  useLayoutEffect(() => {
    going.current = false; // mounted again (StrictMode mounts twice)
    return () => {
      going.current = true;
    };
  }, []);
  return useCallback((row: E | null) => {
    if (row !== null || !going.current) virtualizer.measureElement(row);
  }, [virtualizer]);
}
