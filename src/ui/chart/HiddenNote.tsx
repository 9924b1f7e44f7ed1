import { memo } from 'react';
import type { VisibleTree } from '../../core/tree/visible';
import { formatPercent } from '../../core/units';

const count = (n: number) => n.toLocaleString('en-US');

export function percentLabel(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(2))}%`;
}

/**
 * What the chart leaves out, and how much time that is, e.g.
 * "1,234 nodes below 0.1% hidden, 2.3% of the total · 56 nodes deeper than 10 levels, 0.4% of the total".
 * Shares are of the zoomed node's total; the hidden parts still count in their parents' spans.
 */
export const HiddenNote = memo(function HiddenNote({ visible, total, cutoff, depth, pixels, maxNodes, asideNames = [] }: {
  visible: VisibleTree; total: number; cutoff: number; depth: number; pixels: number; maxNodes: number;
  /** the pseudo-frames set aside, named: the chart and the shares are of the rest */
  asideNames?: string[];
}) {
  const parts: string[] = [];
  if (visible.asideWeight > 0) {
    parts.push(`${asideNames.join(', ') || 'pseudo-frames'} set aside: ${formatPercent(visible.asideWeight, total)} of the total; the chart spans the rest`);
  }
  const share = (w: number) => formatPercent(w, total);
  if (visible.smallNodes > 0) {
    // which of the two limits hides the small nodes: the cut-off, or half a pixel when that is wider
    const why = 0.5 / pixels > cutoff ? (cutoff > 0 ? `below ${percentLabel(cutoff)} or narrower than half a pixel` : 'narrower than half a pixel') : `below ${percentLabel(cutoff)}`;
    parts.push(`${nodes(visible.smallNodes)} ${why} hidden, ${share(visible.smallWeight)} of the total`);
  }
  if (visible.deepNodes > 0) parts.push(`${nodes(visible.deepNodes)} deeper than ${depth} levels, ${share(visible.deepWeight)} of the total`);
  if (visible.cappedNodes > 0) parts.push(`${nodes(visible.cappedNodes)} past the ${count(maxNodes)}-node limit, ${share(visible.cappedWeight)} of the total`);
  if (!parts.length) return <p className="hidden-note">{visible.count === 1 ? 'The one node drawn' : `All ${count(visible.count)} nodes drawn`}</p>;
  return <p className="hidden-note">{parts.join(' · ')}</p>;
});

/** "1 node", "1,234 nodes" */
function nodes(n: number): string {
  return `${count(n)} node${n === 1 ? '' : 's'}`;
}
