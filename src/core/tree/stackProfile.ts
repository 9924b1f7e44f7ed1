import type { FormatId, Profile, WeightUnit } from '../model';
import type { StackTreeBuilder } from './fromStacks';

export interface StackProfileInfo {
  format: FormatId;
  name: string;
  unit: WeightUnit;
  /** what the importer repaired, already worded; left out of the profile when empty */
  warnings?: string[];
  /** call counts per frame, for formats that record each call (evented profiles, trace durations) */
  calls?: { ncalls: Float64Array; primcalls: Float64Array };
  /** keep the samples the builder recorded (the timeline) */
  keepSamples?: boolean;
  /** the thread this profile is of a file with several (Profile.thread) */
  thread?: { name: string; origin: number };
}

/**
 * The Profile of a finished StackTreeBuilder: the common ending of the stack-based importers
 * (speedscope, Gecko, trace-event durations), so each states only what differs.
 */
export function profileFromStacks(builder: StackTreeBuilder, info: StackProfileInfo): Profile {
  const { tree, functions, samples } = builder.finish();
  const frameCount = builder.frames.frames.length;
  if (info.calls) {
    // the arrays may be longer than the frames the profile ended up with; never shorter
    functions.ncalls = grown(info.calls.ncalls, frameCount);
    functions.primcalls = grown(info.calls.primcalls, frameCount);
  }
  const profile: Profile = {
    format: info.format,
    name: info.name,
    unit: info.unit,
    total: tree.total[0],
    frames: builder.frames.frames,
    tree,
    functions,
    graph: null,
    events: [info.unit.name],
    event: 0,
  };
  if (info.warnings && info.warnings.length > 0) profile.warnings = info.warnings;
  if (info.keepSamples !== false && samples && samples.size > 0) profile.samples = samples;
  if (info.thread) profile.thread = info.thread;
  return profile;
}

function grown(a: Float64Array, n: number): Float64Array {
  if (a.length === n) return a;
  const out = new Float64Array(n);
  out.set(a.subarray(0, Math.min(n, a.length)));
  return out;
}
