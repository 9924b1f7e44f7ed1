import type { Profile } from '../../core/model';
import { formatCalls, formatPercent, formatWeight } from '../../core/units';

/** Function, place, self and total of the hovered node; profile strings are rendered as text only. */
export function Tooltip({ profile, node, zoomNode, x, y }: { profile: Profile; node: number; zoomNode: number; x: number; y: number }) {
  const { tree, unit, frames, functions } = profile;
  const frame = frames[tree.frame[node]];
  const parent = tree.parent[node];
  const rootTotal = tree.total[0];
  const f = tree.frame[node];
  return (
    <div className="tooltip" role="tooltip" style={{ left: x + 14, top: y + 14 }}>
      <div className="tooltip-name">{frame.name}</div>
      {frame.file && <div className="tooltip-file">{frame.file}{frame.line ? `:${frame.line}` : ''}</div>}
      <table>
        <tbody>
          <tr><th>total</th><td>{formatWeight(tree.total[node], unit)}</td><td>{formatPercent(tree.total[node], rootTotal)} of all</td></tr>
          <tr><th>self</th><td>{formatWeight(tree.self[node], unit)}</td><td>{formatPercent(tree.self[node], rootTotal)} of all</td></tr>
          {parent >= 0 && <tr><th>of parent</th><td colSpan={2}>{formatPercent(tree.total[node], tree.total[parent])}</td></tr>}
          {node !== zoomNode && <tr><th>of zoomed</th><td colSpan={2}>{formatPercent(tree.total[node], tree.total[zoomNode])}</td></tr>}
          {functions.ncalls && <tr><th>ncalls</th><td colSpan={2}>{formatCalls(functions.ncalls[f], functions.primcalls ? functions.primcalls[f] : null)}</td></tr>}
        </tbody>
      </table>
    </div>
  );
}
