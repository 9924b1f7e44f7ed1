import type { Profile } from '../../core/model';
import type { TimelineBoxes } from '../../core/timeline/boxes';
import { formatWeight } from '../../core/units';

/**
 * The hovered box: its frame, place, how long it lasts and how much of that is the frame's own
 * (samples that end at the box's node within the box). Profile strings render as React text.
 */
export function TimelineTooltip({ profile, boxes, box, x, y }: { profile: Profile; boxes: TimelineBoxes; box: number; x: number; y: number }) {
  const node = boxes.node[box];
  const frame = profile.frames[profile.tree.frame[node]];
  const start = boxes.start[box];
  const end = boxes.end[box];
  const self = selfWithin(profile, node, start, end);
  const left = x + 340 > window.innerWidth ? Math.max(4, x - 340) : x + 14;
  const top = y + 140 > window.innerHeight ? Math.max(4, y - 140) : y + 14;
  return (
    <div className="tooltip" role="tooltip" style={{ left, top }}>
      <div className="tooltip-name">{frame.name}</div>
      {frame.file && <div className="tooltip-file">{frame.file}{frame.line ? `:${frame.line}` : ''}</div>}
      <table>
        <tbody>
          <tr><th>duration</th><td>{formatWeight(end - start, profile.unit)}</td></tr>
          <tr><th>self within</th><td>{formatWeight(self, profile.unit)}</td></tr>
          <tr><th>from</th><td>{formatWeight(start, profile.unit)}</td></tr>
        </tbody>
      </table>
    </div>
  );
}

/** Weight of the samples in [start, end) that end at `node`: a binary search, then the box's samples. */
function selfWithin(profile: Profile, node: number, start: number, end: number): number {
  const s = profile.samples;
  if (!s) return 0;
  let lo = 0;
  let hi = s.size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.time[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  let self = 0;
  for (let i = lo; i < s.size && s.time[i] < end; i++) if (s.node[i] === node) self += s.weight[i];
  return self;
}
