import { ProfileFormatError } from '../../errors';
import { FrameTable } from '../../frames';
import {
  BYTES, MICROSECONDS, MILLISECONDS, NANOSECONDS, SECONDS, countUnit,
  type ImportOptions, type Profile, type WeightUnit,
} from '../../model';
import { IntervalWalker } from '../../tree/fromIntervals';
import { StackTreeBuilder } from '../../tree/fromStacks';
import { profileFromStacks } from '../../tree/stackProfile';
import { finiteOr, isObject, own, shown } from '../../untrusted';
import { Repairs } from '../../warnings';
import { guarded } from '../../io/guard';
import { parseJson } from '../../io/json';

/**
 * speedscope's own JSON (https://www.speedscope.app/file-format-schema.json), as written by
 * speedscope's export, py-spy, pyinstrument, rbspy, dotnet-trace and our `convert --to speedscope`:
 * frames shared by every profile of the file, and per profile either
 * - "sampled": stacks of frame indexes (outermost first) with one weight each, or
 * - "evented": "O"pen and "C"lose events of frames at times `at`; a frame's total is the time
 *   it was open, its self that minus the time its callees were open (see IntervalWalker).
 *
 * One Profile per profile of the file, the one marked `activeProfileIndex` first, the others in
 * the file's order. speedscope itself refuses an evented profile whose events do not nest or
 * never close; we read it and say what we repaired (Profile.warnings), each repair with its count
 * and the first place, so a truncated trace still shows what it holds:
 * - a close of a frame that is open but not innermost also closes the frames opened after it;
 * - a close of a frame that is not open is dropped;
 * - frames still open at the end are closed at endValue (or the last event, if later);
 * - an event earlier than the one before it is taken as happening at that earlier event's time.
 * Frame indexes out of range, non-numeric times and weights, and negative weights are errors:
 * there is no sensible repair for them.
 */

const FORMAT = 'speedscope';

export function importSpeedscopeAll(bytes: Uint8Array, options: ImportOptions = {}): Profile[] {
  return guarded(FORMAT, () => readSpeedscope(bytes, options));
}

/** The file's content says speedscope: its schema URL, or its two top-level keys. */
export function looksLikeSpeedscope(head: string): boolean {
  if (!head.trimStart().startsWith('{')) return false;
  return head.includes('speedscope.app/file-format-schema') || (/"shared"\s*:\s*\{\s*"frames"/.test(head) && /"profiles"\s*:/.test(head));
}

interface SharedFrame {
  name: string;
  file: string;
  line: number;
  column: number;
}

function readSpeedscope(bytes: Uint8Array, options: ImportOptions): Profile[] {
  const json = parseJson(bytes, FORMAT);
  if (!isObject(json)) throw new ProfileFormatError(FORMAT, 'the file is not a JSON object', 'byte 0');
  options.onProgress?.(0.4);
  const shared = own(json, 'shared');
  const frameList = isObject(shared) ? own(shared, 'frames') : undefined;
  if (!Array.isArray(frameList)) throw new ProfileFormatError(FORMAT, 'no "frames" array in "shared"', 'shared.frames');
  const frames = frameList.map((f, i) => sharedFrame(f, i));
  const list = own(json, 'profiles');
  if (!Array.isArray(list)) throw new ProfileFormatError(FORMAT, 'no "profiles" array', 'profiles');
  if (list.length === 0) throw new ProfileFormatError(FORMAT, 'the file holds no profiles', 'profiles');

  const base = options.name ?? 'profile.speedscope.json';
  const profiles: Profile[] = [];
  for (let i = 0; i < list.length; i++) {
    const p: unknown = list[i];
    const where = `profiles[${i}]`;
    if (!isObject(p)) throw new ProfileFormatError(FORMAT, 'a profile is not an object', where);
    const type = own(p, 'type');
    const title = typeof own(p, 'name') === 'string' && own(p, 'name') !== '' ? `${base} (${own(p, 'name') as string})` : base;
    const unit = unitOf(own(p, 'unit'), `${where}.unit`);
    if (type === 'sampled') profiles.push(readSampled(p, frames, where, title, unit));
    else if (type === 'evented') profiles.push(readEvented(p, frames, where, title, unit));
    else throw new ProfileFormatError(FORMAT, `profile type ${shown(type)}: neither "sampled" nor "evented"`, `${where}.type`);
    options.onProgress?.(0.4 + (0.6 * (i + 1)) / list.length);
  }
  const active = own(json, 'activeProfileIndex');
  if (typeof active === 'number' && Number.isInteger(active) && active > 0 && active < profiles.length) {
    profiles.unshift(...profiles.splice(active, 1));
  }
  return profiles;
}

function sharedFrame(f: unknown, i: number): SharedFrame {
  if (!isObject(f)) throw new ProfileFormatError(FORMAT, 'a frame is not an object', `shared.frames[${i}]`);
  const name = own(f, 'name');
  if (typeof name !== 'string') throw new ProfileFormatError(FORMAT, 'a frame has no "name" string', `shared.frames[${i}].name`);
  const file = own(f, 'file');
  return { name, file: typeof file === 'string' ? file : '', line: position(own(f, 'line')), column: position(own(f, 'col')) };
}

/** speedscope's lines and columns are 1-based, like ours; anything else is "unknown" (0). */
function position(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 2 ** 31 ? v : 0;
}

/** speedscope's units (ValueUnit), with 'none' a plain count. */
function unitOf(v: unknown, where: string): WeightUnit {
  switch (v) {
    case undefined: case 'none': return countUnit('none');
    case 'nanoseconds': return NANOSECONDS;
    case 'microseconds': return MICROSECONDS;
    case 'milliseconds': return MILLISECONDS;
    case 'seconds': return SECONDS;
    case 'bytes': return BYTES;
    default: throw new ProfileFormatError(FORMAT, `unknown unit ${shown(v)} (speedscope has none, nanoseconds, microseconds, milliseconds, seconds, bytes)`, where);
  }
}

/** The profile's frames are interned on first use, so a profile lists only the frames it uses. */
class LocalFrames {
  readonly table = new FrameTable();
  private readonly local: Int32Array;

  constructor(private readonly shared: SharedFrame[]) {
    this.local = new Int32Array(shared.length).fill(-1);
  }

  /** The local frame of shared index `v`, or -1 when `v` is not one. */
  of(v: unknown): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= this.shared.length) return -1;
    let f = this.local[v];
    if (f < 0) {
      const s = this.shared[v];
      f = this.table.intern(s.name, s.file, s.line, s.column);
      this.local[v] = f;
    }
    return f;
  }
}

function readSampled(p: Record<string, unknown>, shared: SharedFrame[], where: string, name: string, unit: WeightUnit): Profile {
  const samples = own(p, 'samples');
  const weights = own(p, 'weights');
  if (!Array.isArray(samples)) throw new ProfileFormatError(FORMAT, 'a sampled profile has no "samples" array', `${where}.samples`);
  if (!Array.isArray(weights)) throw new ProfileFormatError(FORMAT, 'a sampled profile has no "weights" array', `${where}.weights`);
  if (weights.length !== samples.length) {
    throw new ProfileFormatError(FORMAT, `${samples.length} samples but ${weights.length} weights`, `${where}.weights`);
  }
  const frames = new LocalFrames(shared);
  const builder = new StackTreeBuilder(frames.table);
  let stack = new Int32Array(256);
  let time = 0;
  for (let i = 0; i < samples.length; i++) {
    const s: unknown = samples[i];
    const w: unknown = weights[i];
    if (!Array.isArray(s)) throw new ProfileFormatError(FORMAT, 'a sample is not an array of frame indexes', `${where}.samples[${i}]`);
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new ProfileFormatError(FORMAT, `weight ${shown(w)} is not a number ≥ 0`, `${where}.weights[${i}]`);
    }
    if (s.length > stack.length) stack = new Int32Array(Math.max(s.length, stack.length * 2));
    for (let k = 0; k < s.length; k++) {
      const f = frames.of(s[k]);
      if (f < 0) throw new ProfileFormatError(FORMAT, `frame ${shown(s[k])} is not an index into shared.frames (${shared.length} frames)`, `${where}.samples[${i}][${k}]`);
      stack[k] = f;
    }
    const node = builder.addStack(stack, s.length, w);
    // the samples follow each other: each starts where the one before ended (speedscope's time order)
    builder.sample(node, time, w);
    time += w;
  }
  return profileFromStacks(builder, { format: FORMAT, name, unit });
}

function readEvented(p: Record<string, unknown>, shared: SharedFrame[], where: string, name: string, unit: WeightUnit): Profile {
  const events = own(p, 'events');
  if (!Array.isArray(events)) throw new ProfileFormatError(FORMAT, 'an evented profile has no "events" array', `${where}.events`);
  const startValue = own(p, 'startValue');
  const endValue = own(p, 'endValue');
  const frames = new LocalFrames(shared);
  const builder = new StackTreeBuilder(frames.table);
  const firstAt = events.length > 0 && isObject(events[0]) ? own(events[0], 'at') : undefined;
  // the timeline counts from startValue, or from the first event when that is earlier
  const earliest = Math.min(finiteOr(startValue, Infinity), finiteOr(firstAt, Infinity));
  const start = Number.isFinite(earliest) ? earliest : 0;
  const walker = new IntervalWalker(builder, start);
  const repairs = new Repairs();
  // where each open frame was opened, for the warning about frames left open
  let openedAt = new Int32Array(256);
  let last = -Infinity;
  for (let i = 0; i < events.length; i++) {
    const e: unknown = events[i];
    const at = `${where}.events[${i}]`;
    if (!isObject(e)) throw new ProfileFormatError(FORMAT, 'an event is not an object', at);
    const given = own(e, 'at');
    if (typeof given !== 'number' || !Number.isFinite(given)) throw new ProfileFormatError(FORMAT, `"at" ${shown(given)} is not a number`, `${at}.at`);
    let time = given;
    if (time < last) {
      repairs.note('back', at, 'events go back in time: taken as happening at the time of the event before');
      time = last;
    }
    last = time;
    const f = frames.of(own(e, 'frame'));
    if (f < 0) throw new ProfileFormatError(FORMAT, `frame ${shown(own(e, 'frame'))} is not an index into shared.frames (${shared.length} frames)`, `${at}.frame`);
    const type = own(e, 'type');
    if (type === 'O') {
      if (walker.depth === openedAt.length) {
        const grown = new Int32Array(openedAt.length * 2);
        grown.set(openedAt);
        openedAt = grown;
      }
      openedAt[walker.depth] = i;
      walker.open(f, time);
    } else if (type === 'C') {
      let level = walker.depth - 1;
      while (level >= 0 && walker.frameAt(level) !== f) level--;
      if (level < 0) {
        repairs.note('stray', at, 'close events of frames that were not open: dropped');
        continue;
      }
      if (level < walker.depth - 1) {
        repairs.note('inner', at, 'close events of frames that were not the innermost open one: the frames opened after them were closed at the same time');
      }
      while (walker.depth > level) walker.close(time);
    } else {
      throw new ProfileFormatError(FORMAT, `event type ${shown(type)}: neither "O" nor "C"`, `${at}.type`);
    }
  }
  if (walker.depth > 0) {
    const end = Math.max(last, finiteOr(endValue, last));
    repairs.note('open', `${where}.events[${openedAt[0]}]`, `frames were still open at the end: closed at ${end === last ? 'the last event' : 'endValue'} (${end})`, walker.depth);
    while (walker.depth > 0) walker.close(end);
  }
  return profileFromStacks(builder, {
    format: FORMAT, name, unit, warnings: repairs.words(), calls: { ncalls: walker.ncalls, primcalls: walker.primcalls },
  });
}
