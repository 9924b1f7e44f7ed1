import type { Profile } from '../model';
import { unitForEvent } from '../formats/callgrind';
import { MergeError } from './units';

/**
 * Callgrind files offer several events (Ir, Dr, Dw...) and a Profile shows one. Merging matches
 * them by name, as summing callgrind_annotate --show=NAME over the files would: every callgrind
 * profile is brought to the event `name` (the first file's unless asked), by `reimport` with
 * that event's index when the file has it. A file without it counts 0 for it, as
 * callgrind_annotate counts a missing column, provided it shares some event with the first
 * file; a file sharing none (Ir against pyprof2calltree's ns) measured something else and is
 * refused, naming both. Other formats pass through.
 */
export function alignEvents(
  profiles: readonly Profile[],
  reimport: (index: number, event: number) => Profile,
  name?: string,
): Profile[] {
  const first = profiles.find((p) => p.format === 'callgrind');
  if (!first) return [...profiles];
  const target = name ?? first.events[first.event];
  const known = new Set(first.events);
  if (name !== undefined && !profiles.some((p) => p.format === 'callgrind' && p.events.includes(name))) {
    throw new MergeError(`no file has the event ${name} (${first.name} has ${first.events.join(', ')})`);
  }
  const aligned = profiles.map((p, i) => {
    if (p.format !== 'callgrind' || p.events[p.event] === target) return p;
    const at = p.events.indexOf(target);
    if (at >= 0) return reimport(i, at);
    if (!p.events.some((e) => known.has(e))) {
      throw new MergeError(`cannot add up different events: ${first.name} has ${first.events.join(', ')}, ${p.name} has ${p.events.join(', ')}`);
    }
    return null;
  });
  // the event's unit as a file that has it read it (its event: line may name the unit)
  const unit = aligned.find((p) => p !== null && p.format === 'callgrind')?.unit ?? unitForEvent(target);
  return aligned.map((p, i) => p ?? withoutCosts(profiles[i], target, unit));
}

/** The profile's functions and calls with every cost 0, shown as the event `name`. */
function withoutCosts(p: Profile, name: string, unit: Profile['unit']): Profile {
  const zero = (a: Float64Array) => new Float64Array(a.length);
  const tree = { size: 1, parent: new Int32Array([-1]), frame: p.tree.frame.slice(0, 1), self: new Float64Array(1), total: new Float64Array(1) };
  const graph = p.graph && { ...p.graph, self: p.graph.self && zero(p.graph.self), total: zero(p.graph.total) };
  const functions = { ...p.functions, self: zero(p.functions.self), total: zero(p.functions.total) };
  const events = [...p.events, name];
  return {
    ...p, unit, total: 0, tree, graph, functions, events, event: events.length - 1,
    graphTree: p.graphTree && { inclusive: zero(p.graphTree.inclusive), minWeight: 0 },
  };
}
