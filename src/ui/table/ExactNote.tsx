import type { Profile } from '../../core/model';
import { estimatedCountOf } from '../../state/derived';

/**
 * Says where the table's numbers come from when the chart beside it holds estimates (a tree
 * rebuilt from a call graph): read from the file's per-function totals, so exact, while the
 * chart's hatched nodes are shares; or, once a transform that needs stacks made the estimated
 * tree the profile (transforms/apply.ts), summed from that tree and so estimates too.
 */
export function ExactNote({ profile }: { profile: Profile }) {
  const hatched = estimatedCountOf(profile.tree) > 0;
  if (profile.graph) {
    return (
      <p className="table-note">
        The table is exact: it reads the recorded per-function totals{hatched ? '; the chart\u2019s hatched nodes are estimates.' : '.'}
      </p>
    );
  }
  if (!hatched) return null;
  return <p className="table-note">The table is summed from the chart&rsquo;s tree, rebuilt from a call graph: its numbers are estimates, as the hatched nodes are.</p>;
}
