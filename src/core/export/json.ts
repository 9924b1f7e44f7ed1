import type { Profile } from '../model';

/**
 * Our own model as plain JSON, for scripts that want the numbers without parsing a profile
 * format: typed arrays become arrays, nothing is recomputed. `profburst` names the layout version.
 * Non-finite numbers (never expected) would become null, as JSON.stringify makes them.
 */
export function toJson(profile: Profile): string {
  const { tree, functions, graph } = profile;
  return JSON.stringify({
    profburst: 1,
    format: profile.format,
    name: profile.name,
    unit: profile.unit,
    total: profile.total,
    events: profile.events,
    event: profile.event,
    frames: profile.frames,
    tree: {
      size: tree.size,
      parent: Array.from(tree.parent),
      frame: Array.from(tree.frame),
      self: Array.from(tree.self),
      total: Array.from(tree.total),
    },
    functions: {
      ncalls: functions.ncalls && Array.from(functions.ncalls),
      primcalls: functions.primcalls && Array.from(functions.primcalls),
      self: Array.from(functions.self),
      total: Array.from(functions.total),
    },
    graph: graph && {
      size: graph.size,
      caller: Array.from(graph.caller),
      callee: Array.from(graph.callee),
      ncalls: Array.from(graph.ncalls),
      primcalls: graph.primcalls && Array.from(graph.primcalls),
      self: graph.self && Array.from(graph.self),
      total: Array.from(graph.total),
    },
  });
}
