import type { Profile } from '../core/model';
import { pathToNode } from '../core/tree/visible';
import { useViewStore } from '../state/viewStore';

/** The path from the root to the zoomed node; every step zooms back to it. */
export function Breadcrumbs({ profile }: { profile: Profile }) {
  const zoom = useViewStore((s) => s.zoom);
  const setZoom = useViewStore((s) => s.setZoom);
  const path = pathToNode(profile.tree, zoom < profile.tree.size ? zoom : 0);
  // a deep zoom keeps the first and last steps; the middle is summarised
  const shown = path.length > 12 ? [...path.slice(0, 3), -1, ...path.slice(-8)] : path;
  return (
    <nav className="breadcrumbs" aria-label="Zoom path">
      {shown.map((node, i) =>
        node < 0 ? (
          <span key="gap">… {path.length - 11} more …</span>
        ) : (
          <button key={node} type="button" aria-current={node === zoom ? 'true' : undefined} onClick={() => setZoom(node)}>
            {i === 0 ? 'root' : profile.frames[profile.tree.frame[node]].name}
          </button>
        ),
      )}
    </nav>
  );
}
