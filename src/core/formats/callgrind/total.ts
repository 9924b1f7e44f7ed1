import type { Frame } from '../../model';
import { Repairs } from '../../warnings';
import type { TotalLine } from './general';

/**
 * The program total, checked against the costs. callgrind_annotate takes a `summary:` (else
 * `totals:`) line as it stands, and so do we: it may say more than the costs add up to (the spec
 * allows it), and real writers' say less, too: pyprof2calltree's is its top call's inclusive time,
 * without the profiler's own `disable` call, and Xdebug's memory summary is below its summed
 * allocations. What no run's total can be is below what one function of it costs: annotate then
 * prints shares above 100%, and the chart, whose root is the total, would squeeze every function
 * to fit. Such a total gives way to the sum of the self costs (annotate's total when a file has
 * no summary), and that is said.
 */
export function checkedTotal(total: number, from: TotalLine | null, self: Float64Array, inclusive: Float64Array, frames: Frame[]): { total: number; warnings: string[] } {
  if (from === null) return { total, warnings: [] };
  const costliest = costliestFunction(self, inclusive);
  const cost = Math.max(self[costliest], inclusive[costliest]);
  if (!(cost > total + 1e-9 * cost)) return { total, warnings: [] }; // beyond rounding (fractional costs)
  let costs = 0;
  for (let f = 0; f < self.length; f++) costs += self[f];
  const repairs = new Repairs();
  repairs.note('total', `line ${from.line}`, `${from.key} line below what one function costs: it says ${from.says}, ${frames[costliest].name} costs ${cost}, the costs add up to ${costs}: that sum taken as the total`);
  return { total: costs, warnings: repairs.words() };
}

/**
 * The function that costs most: with its calls (its inclusive cost), or on its own where a
 * broken file gives it more self cost than the calls into it carry.
 */
function costliestFunction(self: Float64Array, inclusive: Float64Array): number {
  let costliest = 0;
  let most = -Infinity;
  for (let f = 0; f < self.length; f++) {
    const cost = Math.max(self[f], inclusive[f]);
    if (cost > most) {
      most = cost;
      costliest = f;
    }
  }
  return costliest;
}
