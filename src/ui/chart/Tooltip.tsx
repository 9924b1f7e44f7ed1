import type { CallTree, Profile } from '../../core/model';
import { formatCalls, formatPercent, formatWeight } from '../../core/units';
import { nodeSelfOf } from '../../state/derived';
import { compareOf } from '../../state/compare';
import { useViewStore } from '../../state/viewStore';
import { bandLength } from './nodeLabel';
import { usePointer } from './pointer';

/**
 * Function, place, self, total, shares and calls of the hovered node, next to the pointer.
 * Profile strings are rendered as React text only.
 */
export function Tooltip({ profile, tree, zoomNode, inverted, bottomOf, focused }: {
  profile: Profile; tree: CallTree; zoomNode: number; inverted: boolean;
  /** the keyboard-focused node and where it is on screen: shown as a hover is, when nothing is hovered */
  focused: { node: number; x: number; y: number } | null;
  /** the bottom of a folded band the node tops (the node itself when not folded) */
  bottomOf: (node: number) => number;
}) {
  const hovered = useViewStore((s) => s.hoverNode);
  const pointer = usePointer((s) => s.at);
  const byPointer = hovered !== null && pointer !== null;
  const node = byPointer ? hovered : focused?.node ?? null;
  const at = byPointer ? pointer : focused;
  if (node === null || !at || node >= tree.size) return null;
  const { unit, frames, functions } = profile;
  const f = tree.frame[node];
  const frame = frames[f];
  const parent = tree.parent[node];
  const rootTotal = tree.total[0];
  const recursion = tree.recursion?.[node] === 1;
  const compare = compareOf(profile);
  const bottom = bottomOf(node);
  // as the chart hatches a folded band: when its top or its bottom is an estimate
  const estimated = tree.estimated !== undefined && (tree.estimated[node] === 1 || tree.estimated[bottom] === 1);
  const nodeSelf = inverted || recursion ? 0 : nodeSelfOf(tree, functions.self)[node];
  // keep the box on screen: flip to the left or above the pointer near the right or bottom edge
  const left = at.x + 340 > window.innerWidth ? Math.max(4, at.x - 340) : at.x + 14;
  const top = at.y + 200 > window.innerHeight ? Math.max(4, at.y - 200) : at.y + 14;
  return (
    <div className="tooltip" role="tooltip" style={{ left, top }}>
      <div className="tooltip-name">{recursion ? `↻ ${frame.name}` : frame.name}</div>
      {frame.file && <div className="tooltip-file">{frame.file}{frame.line ? `:${frame.line}` : ''}</div>}
      {bottom !== node && <div className="tooltip-note">{bandLength(tree, node, bottom)} frames folded, each the only drawn callee of the one above: {frame.name} … {frames[tree.frame[bottom]].name}. Click to unfold it here.</div>}
      {recursion && <div className="tooltip-note">recursion, not expanded: a call back into {frame.name}, already on the path above; its time is that call's</div>}
      {estimated && <div className="tooltip-note tooltip-estimated">estimated: this profile records callers, not stacks</div>}
      {inverted && parent > 0 && <div className="tooltip-note">bottom-up: self time of {frames[tree.frame[leafOf(tree, node)]].name} reached through this caller</div>}
      <table>
        <tbody>
          <tr><th>total</th><td>{formatWeight(tree.total[node], unit)}</td><td>{formatPercent(tree.total[node], rootTotal)} of all</td></tr>
          {!inverted && !recursion && <tr><th>self here</th><td>{formatWeight(nodeSelf, unit)}</td><td>{formatPercent(nodeSelf, rootTotal)} of all</td></tr>}
          {parent >= 0 && <tr><th>tottime</th><td>{formatWeight(functions.self[f], unit)}</td><td>the function's own time, in all its calls</td></tr>}
          {parent >= 0 && <tr><th>of parent</th><td colSpan={2}>{formatPercent(tree.total[node], tree.total[parent])}</td></tr>}
          {node !== zoomNode && zoomNode !== 0 && <tr><th>of zoomed</th><td colSpan={2}>{formatPercent(tree.total[node], tree.total[zoomNode])}</td></tr>}
          {compare && tree === profile.tree && (
            <tr className="tooltip-diff"><th>base</th><td>{formatWeight(compare.paths.baseTotal[node], unit)}</td><td>Δ {signed(tree.total[node] - compare.paths.baseTotal[node], unit)}{compare.paths.baseTotal[node] > 0 ? ` (${formatPercent(tree.total[node] - compare.paths.baseTotal[node], compare.paths.baseTotal[node])})` : ', new path'}</td></tr>
          )}
          {functions.ncalls && <tr><th>ncalls</th><td colSpan={2}>{formatCalls(functions.ncalls[f], functions.primcalls ? functions.primcalls[f] : null)}</td></tr>}
        </tbody>
      </table>
    </div>
  );
}

/** In the bottom-up tree, the function whose self time a node carries: its ancestor just under the root. */
function leafOf(tree: CallTree, node: number): number {
  let n = node;
  while (tree.parent[n] > 0) n = tree.parent[n];
  return n;
}

function signed(v: number, unit: Profile['unit']): string {
  return `${v > 0 ? '+' : ''}${formatWeight(v, unit)}`;
}
