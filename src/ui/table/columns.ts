import type { Profile } from '../../core/model';
import type { SortKey } from '../../core/stats/table';

/** One column of the function table: what it sorts by (null: not sortable), its header and its tip. */
export interface Column {
  id: 'ncalls' | 'tottime' | 'selfShare' | 'percall' | 'cumtime' | 'totalShare' | 'cumpercall' | 'function';
  sort: SortKey | null;
  label: string;
  title: string;
}

/**
 * The table's columns for this profile, in pstats' order with a share of the total beside each
 * time. Columns without data for the format are left out (ncalls and both percalls for sampled
 * profiles: three columns of dashes), and callgrind's are named after the event they count
 * ("self Ir", "incl. Ir") instead of as times.
 */
export function columnsFor(profile: Profile): Column[] {
  const counts = profile.functions.ncalls !== null;
  const event = profile.format === 'callgrind' ? profile.events[profile.event] : null;
  const self = event ? `self ${event}` : 'tottime';
  const incl = event ? `incl. ${event}` : 'cumtime';
  const what = event ? `${event} counted` : 'time';
  const all: (Column | false)[] = [
    counts && { id: 'ncalls', sort: 'ncalls', label: 'ncalls', title: 'calls (total/primitive where recursion makes them differ)' },
    { id: 'tottime', sort: 'tottime', label: self, title: `${what} in the function itself` },
    { id: 'selfShare', sort: null, label: '% self', title: `${self} as a share of the total, with a bar` },
    counts && { id: 'percall', sort: 'percall', label: 'percall', title: `${self} / ncalls` },
    { id: 'cumtime', sort: 'cumtime', label: incl, title: `${what} in the function and what it calls` },
    { id: 'totalShare', sort: null, label: '% total', title: `${incl} as a share of the total, with a bar` },
    counts && { id: 'cumpercall', sort: 'cumpercall', label: 'percall', title: `${incl} / primitive calls` },
    { id: 'function', sort: 'function', label: 'function', title: 'the function, then where it is (hover for the whole path)' },
  ];
  return all.filter((c): c is Column => c !== false);
}

/** The class of a column's cells: the percall columns go first when the table pane is narrow (styles.css). */
export function columnClass(c: Column): string {
  return c.id === 'percall' || c.id === 'cumpercall' ? 'col-percall' : `col-${c.id}`;
}

/** "1 function", "2,345 functions" */
export function countLabel(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
