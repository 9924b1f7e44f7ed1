import { formatWeight } from '../units';
import { functionLabel } from '../stats/table';
import type { FunctionDiff } from './functions';

/**
 * The CI regression gate (`diff --fail-above PCT`): the new total, or any function's self,
 * grew by more than PCT percent of the base total. Measured against the base's total, not the
 * function's own base, so that a 2 µs helper doubling is no offence but a new 50 ms call is.
 * One line per offender, the total first, then functions by their growth.
 */
export function regressions(diff: FunctionDiff, percent: number): string[] {
  const { baseTotal, nextTotal, unit } = diff.scale;
  const limit = (Math.abs(baseTotal) * percent) / 100;
  const share = (d: number) => (baseTotal !== 0 ? `${((100 * d) / Math.abs(baseTotal)).toFixed(1)}%` : '∞%');
  const out: string[] = [];
  const grew = nextTotal - baseTotal;
  if (grew > limit) {
    out.push(`total grew by ${formatWeight(grew, unit)} (${share(grew)} of the base total, over ${percent}%): ${formatWeight(baseTotal, unit)} -> ${formatWeight(nextTotal, unit)}`);
  }
  const offenders = diff.rows.filter((r) => r.deltaSelf > limit).sort((a, b) => b.deltaSelf - a.deltaSelf);
  for (const r of offenders) {
    out.push(`${functionLabel(r.frame)}: self grew by ${formatWeight(r.deltaSelf, unit)} (${share(r.deltaSelf)} of the base total)${r.base === null ? ', new' : ''}`);
  }
  return out;
}
