import type { Frame, Profile } from '../model';
import { callEdges } from '../stats/callers';
import { roundToTarget } from './rounding';

/**
 * A profile as a callgrind file that callgrind_annotate and KCachegrind open with the same
 * totals, the way pyprof2calltree turns a cProfile dump into one:
 *  - costs must be integers, so time is written as `events: ns` (seconds or microseconds scaled
 *    to nanoseconds), bytes as `bytes`, and counts (callgrind's own events) as they are;
 *  - per function one `LINE SELF` cost line; the selfs are rounded together so they sum exactly
 *    to `summary:`, which callgrind_annotate prints as PROGRAM TOTALS;
 *  - per caller -> callee edge `calls=N LINE` plus the inclusive cost, from Profile.graph when
 *    the format has one, else derived from the call tree (see core/stats/callers.ts). A recorded graph is
 *    written as it is, recursive self-calls (f -> f) included, as pyprof2calltree does: that
 *    keeps the call counts, and callgrind_annotate's inclusive figure for a recursive function
 *    then counts recursion twice, as it does for pyprof2calltree's files. Tree-derived self-calls
 *    carry no call counts and would only add that double count, so they are left out.
 * callgrind_annotate keys functions by "file:name", so frames that share both (two `__init__`
 * in one module, anonymous JS functions in one script) get `:line` (or `:line:column`) appended
 * rather than being merged.
 * Names and files come from the profile, which is untrusted: line breaks are replaced so a name
 * can never start a line of its own, and every name is written compressed (`fn=(id) name`) so a
 * name that looks like `(12)` is not read as a reference.
 */
export function toCallgrind(profile: Profile): string {
  const { event, longName, scale } = costUnit(profile);
  const target = Math.round(profile.total * scale);
  const nf = profile.frames.length;
  const scaled = new Float64Array(nf);
  for (let f = 0; f < nf; f++) scaled[f] = profile.functions.self[f] * scale;
  const self = roundToTarget(scaled, target);

  const { graph, fromTree } = callEdges(profile);
  // out-edges per caller (CSR); empty edges and tree-derived self-calls dropped
  const start = new Int32Array(nf + 1);
  const keep = (e: number) =>
    (graph.ncalls[e] > 0 || graph.total[e] > 0) && !(fromTree && graph.caller[e] === graph.callee[e]);
  for (let e = 0; e < graph.size; e++) if (keep(e)) start[graph.caller[e] + 1]++;
  for (let f = 0; f < nf; f++) start[f + 1] += start[f];
  const fill = start.slice(0, nf);
  const out = new Int32Array(start[nf]);
  const used = new Uint8Array(nf);
  for (let e = 0; e < graph.size; e++) {
    if (!keep(e)) continue;
    out[fill[graph.caller[e]]++] = e;
    used[graph.caller[e]] = used[graph.callee[e]] = 1;
  }
  for (let f = 0; f < nf; f++) if (self[f] !== 0) used[f] = 1;

  const names = functionNames(profile.frames, used);
  const files = new Ids();
  const fns = new Ids();
  const lines: string[] = [
    '# callgrind format',
    'version: 1',
    'creator: profburst',
    `cmd: ${clean(profile.name)}`,
    'positions: line',
    ...(longName ? [`event: ${event} : ${longName}`] : []),
    `events: ${event}`,
    `summary: ${target}`,
    '',
  ];
  for (let f = 0; f < nf; f++) {
    if (!used[f]) continue;
    const frame = profile.frames[f];
    lines.push(`fl=${files.ref(fileName(frame))}`, `fn=${fns.ref(names[f])}`);
    if (self[f] !== 0 || start[f] === start[f + 1]) lines.push(`${line(frame)} ${self[f]}`);
    for (let k = start[f]; k < start[f + 1]; k++) {
      const e = out[k];
      const c = profile.frames[graph.callee[e]];
      // calls= must be a positive integer: callgrind_annotate reads `calls=0` as "no call"
      const calls = fromTree ? graph.ncalls[e] : Math.max(1, Math.round(graph.ncalls[e]));
      lines.push(
        `cfl=${files.ref(fileName(c))}`,
        `cfn=${fns.ref(names[graph.callee[e]])}`,
        `calls=${calls} ${line(c)}`,
        `${line(frame)} ${Math.max(0, Math.round(graph.total[e] * scale))}`,
      );
    }
    lines.push('');
  }
  lines.push(`totals: ${target}`, '');
  return lines.join('\n');
}

function costUnit(profile: Profile): { event: string; longName: string; scale: number } {
  const u = profile.unit;
  if (u.kind === 'time') return { event: 'ns', longName: 'Nanoseconds', scale: u.seconds * 1e9 };
  if (u.kind === 'bytes') return { event: 'bytes', longName: 'Bytes', scale: 1 };
  const name = (profile.events[profile.event] ?? u.name).replace(/\s+/g, '_') || 'count';
  return { event: clean(name), longName: '', scale: 1 };
}

/** "name", or "name:line[:column]" where another used frame has the same file and name */
function functionNames(frames: Frame[], used: Uint8Array): string[] {
  const count = new Map<string, number>();
  const key = (f: Frame, detail: string) => `${f.file}\u0000${f.name}\u0000${detail}`;
  frames.forEach((f, i) => {
    if (!used[i]) return;
    count.set(key(f, ''), (count.get(key(f, '')) ?? 0) + 1);
    count.set(key(f, `${f.line}`), (count.get(key(f, `${f.line}`)) ?? 0) + 1);
  });
  return frames.map((f, i) => {
    const name = clean(f.name) || '???';
    if (!used[i] || count.get(key(f, ''))! === 1) return name;
    return count.get(key(f, `${f.line}`))! === 1 ? `${name}:${f.line}` : `${name}:${f.line}:${f.column}`;
  });
}

function fileName(frame: Frame): string {
  return clean(frame.file) || '???';
}

function line(frame: Frame): number {
  return Number.isInteger(frame.line) && frame.line > 0 ? frame.line : 0;
}

/** one line of text: control characters (line breaks above all) become spaces */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ').trim();
}

/** callgrind name compression: `(id) name` the first time, `(id)` after */
class Ids {
  private readonly ids = new Map<string, number>();

  ref(name: string): string {
    const id = this.ids.get(name);
    if (id !== undefined) return `(${id})`;
    const next = this.ids.size + 1;
    this.ids.set(name, next);
    return `(${next}) ${name}`;
  }
}
