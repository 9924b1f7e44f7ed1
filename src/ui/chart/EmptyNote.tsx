import type { Profile } from '../../core/model';
import { formatWeight } from '../../core/units';

/**
 * Said over the chart when there is nothing to draw, so a profile of total 0 (or below) is never
 * a blank canvas without a word: either the file records no cost (every sample or weight 0; the
 * table then lists only functions with calls) or a negative one, or the transforms and filters
 * applied leave none.
 */
export function EmptyNote({ profile, derived }: { profile: Profile; derived: boolean }) {
  const text = profile.total > 0 && derived
    ? 'Nothing to draw: the transforms or filters applied leave no cost. Undo the last transform to see the profile again.'
    : profile.total < 0
      // a callgrind file of negative costs (which callgrind_annotate adds as written; its warning says so)
      ? `Nothing to draw: this profile's costs add up to less than nothing (its total is ${formatWeight(profile.total, profile.unit)}).`
      : `Nothing to draw: this profile records no cost (its total is ${formatWeight(0, profile.unit)}).`;
  return <p className="chart-empty" role="status">{text}</p>;
}
