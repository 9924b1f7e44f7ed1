import { isInSubtree } from '../../core/tree/visible';
import type { View } from './draw';
import type { ChartLayout } from './layout';

/** Zoom animations stay under 300 ms: long enough to follow, short enough not to wait for. */
export const ZOOM_MS = 250;

/**
 * The view of the new layout that looks like the old one, to animate from:
 *  - zooming in to a node that was drawn: where it was (its x0..x1 span and level) becomes the
 *    whole, so the new layout starts squeezed into that span and one level out;
 *  - zooming out to an ancestor: the old zoomed node is found in the new layout and the view
 *    starts stretched so that it fills the chart again.
 * null when the two are unrelated or the node was not drawn: the chart then just redraws.
 */
export function zoomTransition(
  sizes: Int32Array,
  from: { layout: ChartLayout; zoom: number },
  to: { layout: ChartLayout; zoom: number },
): View | null {
  if (from.zoom === to.zoom) return null;
  if (isInSubtree(sizes, from.zoom, to.zoom)) {
    const j = from.layout.indexOf.get(to.zoom);
    if (j === undefined) return null;
    const a = from.layout.x0[j], b = from.layout.x1[j];
    return b > a ? { k: b - a, o: a, dd: from.layout.depth[j] } : null;
  }
  if (isInSubtree(sizes, to.zoom, from.zoom)) {
    const j = to.layout.indexOf.get(from.zoom);
    if (j === undefined) return null;
    const a = to.layout.x0[j], b = to.layout.x1[j];
    return b > a ? { k: 1 / (b - a), o: -a / (b - a), dd: -to.layout.depth[j] } : null;
  }
  return null;
}

/** The view a fraction t (0..1, eased) of the way from `from` to the identity. */
export function viewAt(from: View, t: number): View {
  const e = t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2; // cubic in-out
  return { k: from.k + (1 - from.k) * e, o: from.o * (1 - e), dd: from.dd * (1 - e) };
}
