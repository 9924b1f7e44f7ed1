import type { CallTree } from '../../core/model';
import type { ChartLayout } from './layout';

/**
 * Differential colouring of the new side's tree: a node's change is its total minus the base's
 * total on the same call path (core/diff/paths). Red is slower, blue faster, grey unchanged;
 * the intensity is the change against the largest change drawn, through a square root as the
 * self colouring does, so middling changes stay visible. Changes under 0.1% of the root's total
 * count as unchanged: timer noise on the same code should not paint the chart.
 */
export function diffColor(delta: number, scale: number): string {
  if (!(scale > 0)) return 'hsl(0 0% 80%)';
  const s = Math.sqrt(Math.min(1, Math.abs(delta) / scale));
  if (s === 0) return 'hsl(0 0% 80%)';
  const hue = delta > 0 ? 4 : 215;
  return `hsl(${hue} ${25 + 60 * s}% ${82 - 32 * s}%)`;
}

export function diffFills(layout: ChartLayout, tree: CallTree, baseTotal: Float64Array): { fills: string[]; maxChange: number } {
  const fills = new Array<string>(layout.count);
  const noise = Math.abs(tree.total[0]) * 1e-3;
  const change = (i: number) => {
    const n = layout.node[i];
    const d = tree.total[n] - (baseTotal[n] ?? 0);
    return Math.abs(d) < noise ? 0 : d;
  };
  let maxChange = 0;
  for (let i = 0; i < layout.count; i++) if (layout.node[i] !== 0) maxChange = Math.max(maxChange, Math.abs(change(i)));
  for (let i = 0; i < layout.count; i++) fills[i] = diffColor(change(i), maxChange);
  return { fills, maxChange };
}
