import type { Profile } from '../core/model';
import type { Compare } from '../worker/listProtocol';

// A comparison travels with the profile it was made for (the new side's merge): the chart
// colours that profile's nodes by it and the table pane shows its diff. Keyed by the profile
// object, so showing any other profile ends the comparison by itself.
const compares = new WeakMap<Profile, Compare>();

export function attachCompare(profile: Profile, compare: Compare): void {
  compares.set(profile, compare);
}

export function compareOf(profile: Profile): Compare | undefined {
  return compares.get(profile);
}
