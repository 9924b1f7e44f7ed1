import type { Profile } from '../../core/model';
import { formatWeight } from '../../core/units';

/**
 * Said over the chart when there is nothing to draw, so a profile of total 0 is never a blank
 * canvas without a word: either the file records no cost (every sample or weight 0; the table
 * then lists only functions with calls), or the transforms and filters applied leave none.
 */
export function EmptyNote({ profile, derived }: { profile: Profile; derived: boolean }) {
  const text = profile.total > 0 && derived
    ? 'Nothing to draw: the transforms or filters applied leave no cost. Undo the last transform to see the profile again.'
    : `Nothing to draw: this profile records no cost (its total is ${formatWeight(0, profile.unit)}).`;
  return <p className="chart-empty" role="status">{text}</p>;
}
