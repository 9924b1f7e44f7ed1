import { gzipSync } from 'fflate';
import type { Profile } from '../model';
import { ProtoWriter } from './protoWriter';
import { roundToTarget } from './rounding';

/**
 * A profile as pprof's profile.proto, gzipped as pprof writes it to disk, for `go tool pprof`
 * and everything that reads pprof (Pyroscope, Cloud Profiler, Grafana, speedscope).
 *
 * pprof holds whole stacks, which every profile here has as its call tree: each tree node with
 * self weight is one sample whose locations are the path from the node up to (not including)
 * the root, leaf first; each frame is one Function and one Location. So `go tool pprof -top`
 * shows each function's flat and cum as profburst does (for trees rebuilt from a call graph, the
 * tree's estimate of them: see the README).
 *
 * One sample type, the event the profile shows. Values must be integers: times are written in
 * nanoseconds and all values rounded so that they add up to the profile's total, rounded once
 * (roundToTarget), so `go tool pprof`'s total is the profile's total to the nanosecond.
 */
export function toPprof(profile: Profile): Uint8Array {
  const { tree, frames, unit } = profile;
  const strings = new Map<string, number>([['', 0]]);
  const str = (s: string): number => {
    let i = strings.get(s);
    if (i === undefined) {
      i = strings.size;
      strings.set(s, i);
    }
    return i;
  };
  const scale = unit.kind === 'time' ? unit.seconds / 1e-9 : 1;
  const unitName = unit.kind === 'time' ? 'nanoseconds' : unit.kind === 'bytes' ? 'bytes' : unit.name;
  const type = profile.events[profile.event] || 'samples';

  const self = new Float64Array(tree.size);
  let sum = 0;
  for (let i = 0; i < tree.size; i++) {
    const v = tree.self[i] * scale;
    self[i] = Number.isFinite(v) && v > 0 ? v : 0;
    sum += self[i];
  }
  const value = roundToTarget(self, Math.round(sum));

  const w = new ProtoWriter();
  let m = w.begin(1); // sample_type
  w.uint(1, str(type));
  w.uint(2, str(unitName));
  w.end(m);

  // samples: the path of each weighted node, leaf first, through the tree's parents
  // frames on a path below the root: the root's own frame is written only where a node below
  // uses it (a profile whose own top frame is named "(root)", as Firefox Profiler files have)
  const used = new Uint8Array(frames.length);
  for (let i = 0; i < tree.size; i++) {
    if (value[i] <= 0) continue;
    m = w.begin(2);
    if (i > 0) {
      const ids = w.begin(1);
      for (let n = i; n > 0; n = tree.parent[n]) {
        w.varint(tree.frame[n] + 1);
        used[tree.frame[n]] = 1;
      }
      w.end(ids);
    }
    const values = w.begin(2);
    w.varint(value[i]);
    w.end(values);
    w.end(m);
  }

  // one location and one function per frame that a sample uses; ids are frame + 1 (ids are nonzero)
  for (let f = 0; f < frames.length; f++) {
    if (!used[f]) continue;
    m = w.begin(4);
    w.uint(1, f + 1);
    const line = w.begin(4);
    w.uint(1, f + 1);
    w.uint(2, frames[f].line);
    w.end(line);
    w.end(m);
  }
  for (let f = 0; f < frames.length; f++) {
    if (!used[f]) continue;
    const { name, file, line } = frames[f];
    m = w.begin(5);
    w.uint(1, f + 1);
    w.uint(2, str(name));
    // no system_name: pprof demangles that one, and took Python's `<module>` or `<listcomp>` for
    // a C++ name, printing `<unknown>` or dropping `<...>` parts (go tool pprof -top)
    w.uint(4, str(file));
    w.uint(5, line);
    w.end(m);
  }
  const defaultType = str(type);
  const periodType = unit.kind === 'time' ? str('cpu') : str(type);
  const periodUnit = str(unitName);
  for (const s of strings.keys()) w.string(6, s); // in index order: a Map iterates in insertion order
  m = w.begin(11); // period_type, so pprof prints what a sample measures
  w.uint(1, periodType);
  w.uint(2, periodUnit);
  w.end(m);
  w.uint(14, defaultType);
  return gzipSync(w.finish());
}
