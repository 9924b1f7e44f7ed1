import type { Profile } from '../core/model';
import type { EdgeEntry } from '../core/stats/callers';
import { functionLabel } from '../core/stats/table';
import { largestNodeOf } from '../core/tree/visible';
import { formatCalls, formatPercent, formatWeight } from '../core/units';
import { useViewStore } from '../state/viewStore';
import { useMenuStore } from './transforms/menuStore';
import { useDisplayTree } from '../state/displayTree';
import { SourceView } from './source/SourceView';
import { useCallersAndCallees } from './callersInSteps';

/** Edges listed per side; the rest are summarised. */
const LIMIT = 50;

/**
 * The selected function: its numbers, a button to zoom the chart to its largest node, and its
 * callers and callees (from the recorded call graph, or derived from the call tree). Clicking a
 * caller or callee selects it.
 */
export function FunctionPanel({ profile }: { profile: Profile }) {
  const frame = useViewStore((s) => s.selectedFrame);
  const { select, setZoom } = useViewStore.getState();
  const display = useDisplayTree(profile);
  // one O(nodes) pass over typed arrays per selection, only when the format keeps no graph;
  // null for a moment while a big tree is walked in steps
  const edges = useCallersAndCallees(profile, frame);
  if (frame === null || frame >= profile.frames.length) return null;

  const f = profile.frames[frame];
  const { functions, unit } = profile;
  const calls = functions.ncalls ? formatCalls(functions.ncalls[frame], functions.primcalls ? functions.primcalls[frame] : null) : null;
  return (
    <section className="function-panel" aria-label="Selected function">
      <header>
        <h2 className="fn-name">{f.name}</h2>
        {f.file && <div className="fn-file">{f.file}{f.line ? `:${f.line}` : ''}</div>}
        <div className="fn-numbers">
          self {formatWeight(functions.self[frame], unit)} · total {formatWeight(functions.total[frame], unit)} ({formatPercent(functions.total[frame], profile.total)})
          {calls !== null && ` · ${calls} calls`}
        </div>
        <div className="fn-actions">
          <button
            type="button"
            onClick={() => {
              const node = largestNodeOf(display.tree, frame);
              if (node >= 0) setZoom(node);
            }}
          >
            Zoom to largest node
          </button>
          <button type="button" onClick={() => select(null)}>Close</button>
        </div>
      </header>
      {edges ? (
        <>
          <EdgeTable title="Callers" what={`calls of ${f.name} from each caller, and the time ${f.name} spent in those calls`} entries={edges.callers} profile={profile} onPick={select} />
          <EdgeTable title="Callees" what={`calls from ${f.name} into each callee, and the time each callee spent in those calls`} entries={edges.callees} profile={profile} onPick={select} />
          <p className="fn-source">
            {edges.source === 'graph' ? 'From the call graph the profile recorded.' : 'Derived from the call tree: a recursive call is counted once per stack; sampled profiles record no call counts.'}
          </p>
        </>
      ) : (
        <p className="fn-source edges-busy" role="status">Working out callers and callees from the call tree…</p>
      )}
      <SourceView profile={profile} frame={frame} />
    </section>
  );
}

function EdgeTable({ title, what, entries, profile, onPick }: {
  title: string; what: string; entries: EdgeEntry[]; profile: Profile; onPick: (frame: number) => void;
}) {
  const unit = profile.unit;
  const hasCalls = entries.some((e) => e.ncalls !== null);
  // the table's words and order: ncalls, tottime, cumtime (or the callgrind event's names)
  const event = profile.format === 'callgrind' ? profile.events[profile.event] : null;
  const self = event ? `self ${event}` : 'tottime';
  const incl = event ? `incl. ${event}` : 'cumtime';
  return (
    <div className={`edges ${title.toLowerCase()}`}>
      <h3>{title} <span className="edges-count">({entries.length})</span></h3>
      {entries.length === 0 ? (
        <p className="edges-none">none</p>
      ) : (
        <table aria-label={`${title}: ${what}`}>
          <caption className="edges-caption">{what}: numbers for calls along that edge only</caption>
          <thead>
            <tr>
              {hasCalls && <th>ncalls</th>}
              <th>{self}</th>
              <th>{incl}</th>
              <th className="fn">function</th>
            </tr>
          </thead>
          <tbody>
            {entries.slice(0, LIMIT).map((e) => (
              <tr key={e.frame} tabIndex={0} onClick={() => onPick(e.frame)} onContextMenu={(m) => { m.preventDefault(); useMenuStore.getState().openMenu(m.clientX, m.clientY, { frame: e.frame, path: null }); }} onKeyDown={(k) => { if (k.key === 'Enter') onPick(e.frame); }}>
                {hasCalls && <td className="num">{formatCalls(e.ncalls, e.primcalls)}</td>}
                <td className="num">{e.self === null ? '–' : formatWeight(e.self, unit)}</td>
                <td className="num">{formatWeight(e.total, unit)}</td>
                <td className="fn">{functionLabel(profile.frames[e.frame])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entries.length > LIMIT && <p className="edges-none">and {entries.length - LIMIT} more</p>}
    </div>
  );
}
