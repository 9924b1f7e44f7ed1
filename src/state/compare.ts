import type { Profile } from '../core/model';
import type { Compare } from '../worker/listProtocol';
import { compares } from './derived';

// A comparison travels with the profile it was made for (the new side's merge): the chart
// colours that profile's nodes by it and the table pane shows its diff. Kept per profile object
// (state/derived: compares), so showing any other profile ends the comparison by itself.

export function attachCompare(profile: Profile, compare: Compare): void {
  compares.set(profile, compare);
}

export function compareOf(profile: Profile): Compare | undefined {
  return compares.peek(profile);
}
