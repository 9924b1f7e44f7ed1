import { useEffect, useState } from 'react';
import type { Profile } from '../core/model';
import { TimelineWorker } from '../worker/timelineClient';
import { timelineKeyOf, timelines, timeRanges, type TimelineData } from './derived';
import { useViewStore } from './viewStore';

// One worker for the timeline: it holds the last profile sent to it, so a range needs no copy.
const worker = new TimelineWorker();

/**
 * The profile's timeline boxes, built once per profile in the worker. The worker then holds that
 * profile for cutting ranges of it, until another is loaded (another thread's lane).
 */
function load(profile: Profile): Promise<TimelineData> {
  let p = timelines.peek(profile);
  if (p) return p;
  const samples = profile.samples;
  if (!samples) return Promise.reject(new Error('this profile records no samples in time order'));
  p = worker.load(timelineKeyOf(profile), profile.tree, samples, profile.frames.length).then(({ boxes, rows }) => {
    let duration = 0;
    for (let i = 0; i < boxes.size; i++) if (boxes.end[i] > duration) duration = boxes.end[i];
    return { boxes, rows, duration };
  });
  timelines.set(profile, p);
  return p;
}

/** The timeline of a profile with samples: null while the worker builds it. */
export function useTimeline(profile: Profile): { data: TimelineData | null; error: string | null } {
  const [state, setState] = useState<{ profile: Profile; data: TimelineData | null; error: string | null }>({ profile, data: null, error: null });
  useEffect(() => {
    let live = true;
    load(profile).then(
      (data) => { if (live) setState({ profile, data, error: null }); },
      (e: unknown) => { if (live) setState({ profile, data: null, error: e instanceof Error ? e.message : String(e) }); },
    );
    return () => { live = false; };
  }, [profile]);
  return state.profile === profile ? state : { data: null, error: null };
}

/** The profile of the samples in [from, to), built in the worker. */
export function profileInTimeRange(profile: Profile, from: number, to: number): Promise<Profile> {
  const range = `${from} ${to}`;
  const last = timeRanges.peek(profile);
  if (last?.range === range) return last.profile;
  const key = timelineKeyOf(profile);
  const p = load(profile)
    // the worker may hold another thread's profile since: copy this one in again
    .then(() => (worker.holds(key) || !profile.samples ? undefined : worker.load(key, profile.tree, profile.samples, profile.frames.length)))
    .then(() => worker.range(key, from, to))
    .then((cut) => ({ ...profile, tree: cut.tree, functions: { ...profile.functions, self: cut.functions.self, total: cut.functions.total }, samples: cut.samples, total: cut.total }));
  timeRanges.set(profile, { range, profile: p }); // one range at a time is kept: the one in view
  return p;
}

/**
 * The profile every view but the timeline shows: the whole profile, or while a time range is
 * selected, the profile of that range (the whole one stays on screen while it is being built).
 */
export function useRangedProfile<P extends Profile | null>(profile: P): P {
  const range = useViewStore((s) => s.timeRange);
  const [ranged, setRanged] = useState<{ source: Profile; key: string; profile: P } | null>(null);
  const key = range ? `${range.start} ${range.end}` : '';
  useEffect(() => {
    if (!range || !profile?.samples) return;
    let live = true;
    profileInTimeRange(profile, range.start, range.end).then(
      (p) => { if (live) setRanged({ source: profile, key: `${range.start} ${range.end}`, profile: p as P }); },
      (e: unknown) => console.error('time range failed:', e),
    );
    return () => { live = false; };
  }, [profile, range]);
  if (!range || !profile?.samples) return profile;
  return ranged && ranged.source === profile && ranged.key === key ? ranged.profile : profile;
}
