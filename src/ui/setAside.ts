import { useMemo } from 'react';
import type { Profile } from '../core/model';
import { setAsideFrames, totalWithout } from '../core/tree/setAside';
import { useViewStore } from '../state/viewStore';

/** The frames the view sets aside (idle, program, GC), per profile and choice; null for none. */
export function useSetAside(profile: Profile): Uint8Array | null {
  const idle = useViewStore((s) => s.hideIdle);
  const gc = useViewStore((s) => s.hideGc);
  // one pass over the frames' names per choice, not per render
  return useMemo(() => setAsideFrames(profile.frames, idle, gc), [profile, idle, gc]);
}

/** "(idle), (program)": the names of what is set aside, for the note under the chart. */
export function asideNames(profile: Profile, aside: Uint8Array | null): string[] {
  return totalWithout(profile.total, profile.functions, profile.frames, aside).names;
}
