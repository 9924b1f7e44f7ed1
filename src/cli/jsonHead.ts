import type { Profile } from '../core/model';

/**
 * What every `stats --json` answer starts with (README: the stable contract): the profile's
 * format, unit, event and total, and for one thread of a file of several (`--profile N`), its name.
 */
export function jsonHead(profile: Profile): { format: string; unit: string; event: string; total: number; thread?: string } {
  const head = { format: profile.format, unit: profile.unit.name, event: profile.events[profile.event], total: profile.total };
  return profile.thread ? { ...head, thread: profile.thread.name } : head;
}
