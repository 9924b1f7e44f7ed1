import type { Profile, WeightUnit } from '../model';
import { commonUnit } from '../merge/units';

/**
 * What a diff multiplies each side by. Both sides are put in the base's unit (a .cpuprofile's
 * microseconds against a .prof's seconds convert; Ir against seconds is refused as a merge
 * refuses it). With `normalize`, the base is scaled so that its total equals the new side's,
 * as `pprof -diff_base -normalize` does: then a function's Δ is the change of its share, in the
 * new side's terms, so groups of different sizes (10 fast requests against 3 slow ones) compare.
 */
export interface DiffScale {
  unit: WeightUnit;
  base: number;
  next: number;
  baseTotal: number;
  nextTotal: number;
}

export function diffScale(base: Profile, next: Profile, normalize = false): DiffScale {
  const { unit, scale } = commonUnit([base, next]);
  const nextTotal = next.total * scale[1];
  let b = scale[0];
  if (normalize && base.total !== 0) b = nextTotal / base.total;
  return { unit, base: b, next: scale[1], baseTotal: base.total * b, nextTotal };
}
