import type { Profile } from '../core/model';
import type { LoadedProfile } from './profileStore';

/** Another thread of the file the active profile came from, drawn as a lane under its timeline. */
export interface Lane {
  /** index into the profile store's profiles, to show it instead */
  index: number;
  profile: Profile;
  /** where its time 0 lies on the timeline's axis, in the unit */
  offset: number;
}

export interface Lanes {
  /** where the active profile's time 0 lies on the axis (the earliest thread starts at 0) */
  offset: number;
  /** the axis' length: to the end of the thread that ends last */
  span: number;
  lanes: Lane[];
}

/** When a profile's last sample ends, from its start (samples are in time order). */
function endOf(p: Profile): number {
  const s = p.samples;
  return s && s.size > 0 ? s.time[s.size - 1] + s.weight[s.size - 1] : 0;
}

/**
 * The threads to draw beside the active profile on one time axis: the other profiles its file
 * yielded that are threads with samples (Profile.thread), placed by their origins on the file's
 * shared clock. A profile of no thread (a single-thread file, a merge, perf's "all threads") has
 * none; perf's per-thread profiles still show their siblings. `duration` is the active profile's.
 */
export function lanesOf(profiles: LoadedProfile[], active: number, duration: number): Lanes {
  const current = profiles[active];
  const none = { offset: 0, span: duration, lanes: [] };
  if (!current?.profile.samples) return none;
  // perf's "all threads" is no thread, yet its per-thread siblings share its clock
  if (!current.profile.thread && current.profile.format !== 'perf') return none;
  const siblings = profiles
    .map((p, index) => ({ p, index }))
    .filter(({ p, index }) => index !== active && p.source === current.source && p.profile.thread && p.profile.samples && p.profile.unit.name === current.profile.unit.name);
  if (siblings.length === 0) return none;
  // perf's "all threads" has no origin of its own: its times count from the file's first sample, origin 0
  const originOf = (p: Profile) => p.thread?.origin ?? 0;
  const zero = Math.min(originOf(current.profile), ...siblings.map(({ p }) => originOf(p.profile)));
  const offset = originOf(current.profile) - zero;
  let span = offset + duration;
  const lanes = siblings.map(({ p, index }) => {
    const o = originOf(p.profile) - zero;
    span = Math.max(span, o + endOf(p.profile));
    return { index, profile: p.profile, offset: o };
  });
  return { offset, span, lanes };
}
