import { useMemo } from 'react';
import type { Profile } from '../../core/model';
import { lanesOf } from '../../state/lanes';
import { useProfileStore } from '../../state/profileStore';
import { useTimeline } from '../../state/timeline';
import { Timeline } from './Timeline';
import './timeline.css';

/** The timeline of the whole profile, once the worker has laid out its boxes. */
export function TimelinePane({ profile }: { profile: Profile }) {
  const { data, error } = useTimeline(profile);
  const profiles = useProfileStore((s) => s.profiles);
  const active = useProfileStore((s) => s.active);
  const lanes = useMemo(() => (data ? lanesOf(profiles, active, data.duration) : undefined), [profiles, active, data]);
  if (!profile.samples) {
    return <p className="timeline-none">This profile records no samples in time order ({profile.format}): it has no timeline. The sunburst and icicle show it.</p>;
  }
  if (error) return <p className="timeline-none" role="alert">The timeline could not be built: {error}</p>;
  if (!data) return <p className="timeline-none" aria-live="polite">Laying out the timeline…</p>;
  return <Timeline profile={profile} data={data} lanes={lanes} />;
}
