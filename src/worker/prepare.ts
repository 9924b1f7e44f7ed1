import type { Profile } from '../core/model';
import { byCumtime, rowFrames, sortFrames } from '../core/stats/order';
import { subtreeSizes } from '../core/tree/grow';
import { packageTimes } from '../core/stats/packages';
import type { Prepared } from './protocol';

// The import worker's extra passes over a profile, for the page (see Prepared).

export function prepare(profile: Profile): Prepared {
  const rows = rowFrames(profile.functions, profile.frames.length);
  const cumtime = byCumtime(profile.functions, rows);
  return {
    cumtime,
    tottime: sortFrames(profile.functions, profile.frames, cumtime, 'tottime', false),
    sizes: subtreeSizes(profile.tree),
    packages: packageTimes(profile.frames, profile.functions.self),
  };
}
