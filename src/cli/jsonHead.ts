import type { Profile } from '../core/model';

/** What every `stats --json` answer starts with (README: the stable contract): the profile's format, unit, event and total. */
export function jsonHead(profile: Profile): { format: string; unit: string; event: string; total: number } {
  return { format: profile.format, unit: profile.unit.name, event: profile.events[profile.event], total: profile.total };
}
