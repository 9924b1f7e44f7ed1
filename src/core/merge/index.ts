import type { Profile } from '../model';
import { mergeGraphs } from './graph';
import { mergeStacks } from './stacks';
import { commonUnit, MergeError } from './units';

export { MergeError } from './units';
export { alignEvents } from './events';

/**
 * Merges any set of profiles into one Profile that behaves like any other: the chart, the table,
 * callers and callees, search, export and the CLI take it as they take an imported one.
 *  - all with a call graph (pstats, callgrind): graphs summed, the tree rebuilt (see graph.ts);
 *  - otherwise: trees merged by call path (see stacks.ts). A graph-built tree mixed in is an
 *    estimate already, and the merge says so in its warnings;
 * Units must add up (see units.ts); callgrind files must show the same event (see events.ts).
 * One profile comes back as it is.
 */
export function mergeProfiles(profiles: readonly Profile[], name?: string): Profile {
  if (profiles.length === 0) throw new MergeError('nothing to merge: no profiles');
  const { unit, scale } = commonUnit(profiles);
  const eventName = profiles[0].events[profiles[0].event] ?? '';
  if (profiles[0].format === 'callgrind') {
    const other = profiles.find((p) => p.format === 'callgrind' && p.events[p.event] !== eventName);
    if (other) throw new MergeError(`cannot add up different events: ${profiles[0].name} shows ${eventName}, ${other.name} shows ${other.events[other.event]}`);
  }
  const title = name ?? mergedName(profiles);
  if (profiles.length === 1) return { ...profiles[0], name: title };
  const warnings = profiles.flatMap((p) => (p.warnings ?? []).map((w) => `${p.name}: ${w}`));
  const twice = sameProfileTwice(profiles);
  if (twice) warnings.push(twice);
  const events = profileEvents(profiles);
  if (profiles.every((p) => p.graph !== null)) {
    const merged: Profile = { ...mergeGraphs(profiles, scale), name: title, unit, events, event: events.indexOf(eventName) };
    if (warnings.length > 0) merged.warnings = warnings;
    return merged;
  }
  const graphBuilt = profiles.filter((p) => p.graph !== null);
  if (graphBuilt.length > 0) {
    warnings.push(`${graphBuilt.length} of ${profiles.length} profiles record a call graph, not stacks: their call paths in the merge are estimates`);
  }
  const merged: Profile = {
    ...mergeStacks(profiles, scale),
    format: profiles.find((p) => p.graph === null)!.format, // the first sampled one's: its tree is real
    name: title,
    unit,
    graph: null,
    events,
    event: events.indexOf(eventName),
  };
  if (warnings.length > 0) merged.warnings = warnings;
  return merged;
}

/**
 * Files whose names say one is the other converted (`x.prof` and pyprof2calltree's `x.prof.log`,
 * `x.cpuprofile` and `x.cpuprofile.gz`): a folder holding both counts that profile twice. Said,
 * not undone: the two may differ after all.
 */
function sameProfileTwice(profiles: readonly Profile[]): string | null {
  const names = new Set(profiles.map((p) => p.name));
  const pairs: string[] = [];
  for (const p of profiles) {
    const dot = p.name.lastIndexOf('.');
    if (dot > 0 && names.has(p.name.slice(0, dot))) pairs.push(`${p.name} (${p.name.slice(0, dot)})`);
  }
  if (pairs.length === 0) return null;
  const shown = pairs.slice(0, 3).join(', ') + (pairs.length > 3 ? `, and ${pairs.length - 3} more` : '');
  return `${pairs.length} file${pairs.length === 1 ? ' is named as' : 's are named as'} another of the merge converted: ${shown}; both of each are counted`;
}

/** The events of the merge: each name once, in order of first appearance (callgrind's columns). */
function profileEvents(profiles: readonly Profile[]): string[] {
  const seen = new Set<string>();
  for (const p of profiles) for (const e of p.events) seen.add(e);
  return [...seen];
}

function mergedName(profiles: readonly Profile[]): string {
  return profiles.length === 1 ? profiles[0].name : `${profiles.length} profiles merged`;
}
