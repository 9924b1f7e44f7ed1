import type { FunctionStats, Profile } from '../core/model';
import { byCumtime, rowFrames, sortFrames } from '../core/stats/order';
import type { SortKey } from '../core/stats/table';
import { subtreeSizes } from '../core/tree/grow';
import { packageTimes } from '../core/stats/packages';
import { orderName, type OrderName, type Prepared } from './protocol';

// The import worker's extra passes over a profile, for the page (see Prepared).

export function prepare(profile: Profile): Prepared {
  const rows = rowFrames(profile.functions, profile.frames.length);
  const cumtime = byCumtime(profile.functions, rows);
  return {
    cumtime,
    tottime: sortFrames(profile.functions, profile.frames, cumtime, 'tottime', false),
    sizes: subtreeSizes(profile.tree),
    packages: packageTimes(profile.frames, profile.functions.self),
    orders: new Map(),
  };
}

/** Every other order takes one pass from these, on the page (see sortFrames). */
const LATER: [SortKey, boolean][] = [['ncalls', false], ['percall', false], ['cumpercall', false], ['function', false], ['function', true]];

/** What the table's other orders need, copied before the profile's own arrays are transferred away. */
export function keepForOrders(profile: Profile, prepared: Prepared): () => Map<OrderName, Int32Array> {
  const { ncalls, primcalls, self, total } = profile.functions;
  const functions: FunctionStats = { ncalls: ncalls && ncalls.slice(), primcalls: primcalls && primcalls.slice(), self: self.slice(), total: total.slice() };
  const { frames } = profile;
  const cumtime = prepared.cumtime.slice();
  return () => {
    const out = new Map<OrderName, Int32Array>();
    for (const [key, reversed] of LATER) {
      const forward = reversed ? out.get(orderName(key, false)) : undefined;
      out.set(orderName(key, reversed), sortFrames(functions, frames, cumtime, key, reversed, forward));
    }
    return out;
  };
}
