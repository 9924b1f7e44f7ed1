import { useMemo, useState } from 'react';
import type { Profile } from '../core/model';
import { functionLabel } from '../core/stats/table';
import { pathToNode } from '../core/tree/visible';
import { formatPercent, formatWeight } from '../core/units';
import { useViewStore } from '../state/viewStore';
import { useDisplayTree } from '../state/displayTree';

/** Steps kept at each end of a long trail; the middle opens in pages of this size. */
const HEAD = 2;
const TAIL = 5;
const PAGE = 20;

/**
 * The path from the root to the zoomed node, each step a button that zooms back to it, with its
 * share of the profile. A deep path keeps its first and last steps; "… N more" opens the middle a
 * page at a time (paths can be 100 000 calls deep).
 */
export function Breadcrumbs({ profile }: { profile: Profile }) {
  const { tree, inverted } = useDisplayTree(profile);
  const zoom = useViewStore((s) => s.zoom);
  const setZoom = useViewStore((s) => s.setZoom);
  const node = zoom > 0 && zoom < tree.size ? zoom : 0;
  const path = useMemo(() => pathToNode(tree, node), [tree, node]);
  const [opened, setOpened] = useState(0);

  const hidden = Math.max(0, path.length - HEAD - TAIL - opened);
  const steps: (number | null)[] = hidden > 0 ? [...path.slice(0, HEAD + opened), null, ...path.slice(-TAIL)] : path;
  const rootTotal = tree.total[0];
  return (
    <nav className="breadcrumbs" aria-label="Zoom path">
      <ol>
        {steps.map((n, i) => {
          if (n === null) {
            return (
              <li key="gap">
                <button type="button" className="crumb-gap" onClick={() => setOpened(opened + PAGE)} aria-label={`Show ${Math.min(PAGE, hidden)} of ${hidden} hidden steps`}>
                  … {hidden.toLocaleString('en-US')} more
                </button>
              </li>
            );
          }
          const frame = profile.frames[tree.frame[n]];
          const share = formatPercent(tree.total[n], rootTotal);
          return (
            <li key={n}>
              <button
                type="button"
                aria-current={n === node ? 'location' : undefined}
                title={`${n === 0 ? 'whole profile' : functionLabel(frame)}: ${formatWeight(tree.total[n], profile.unit)}, ${share}`}
                onClick={() => setZoom(n)}
              >
                <span className="crumb-name">{i === 0 ? (inverted ? 'all (bottom-up)' : 'all') : frame.name}</span>
                <span className="crumb-share">{share}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
