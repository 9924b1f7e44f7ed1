import { ProfileFormatError } from '../../errors';
import type { ImportOptions, Profile, WeightUnit } from '../../model';
import { StackTreeBuilder } from '../../tree/fromStacks';
import { profileFromStacks } from '../../tree/stackProfile';
import { isObject, own, shown, withinExactRange } from '../../untrusted';
import { guarded } from '../../io/guard';
import { parseJson } from '../../io/json';
import {
  activeFirst, EventColumns, eventedProfile, FORMAT, isFrameIndex, LocalFrames, sharedFrames, titleOf, unitOf, type SharedFrame,
} from './build';
import { scanSpeedscope } from './scan';

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
 * Frame indexes out of range, non-numeric times and weights, negative weights, and times and
 * weights past ±(2^53 - 1) (a hostile 1e300 made a total that drowned every other number) are
 * errors: there is no sensible repair for them. A startValue or endValue past it is not used.
 */

export function importSpeedscopeAll(bytes: Uint8Array, options: ImportOptions = {}): Profile[] {
  return guarded(FORMAT, () => readSpeedscope(bytes, options));
}

/** The file's content says speedscope: its schema URL, or its two top-level keys. */
export function looksLikeSpeedscope(head: string): boolean {
  if (!head.trimStart().startsWith('{')) return false;
  return head.includes('speedscope.app/file-format-schema') || (/"shared"\s*:\s*\{\s*"frames"/.test(head) && /"profiles"\s*:/.test(head));
}

function readSpeedscope(bytes: Uint8Array, options: ImportOptions): Profile[] {
  // the fast path: straight from the bytes, with no object per sample or event (scan.ts)
  const scanned = scanSpeedscope(bytes, options.name ?? DEFAULT_NAME, options.onProgress);
  // anything unusual (or broken): JSON.parse, which also words the errors
  return scanned ?? speedscopeFromJson(bytes, options);
}

const DEFAULT_NAME = 'profile.speedscope.json';

/** The JSON.parse path: every file the scanner leaves, and the scanner's reference in its tests. */
export function speedscopeFromJson(bytes: Uint8Array, options: ImportOptions = {}): Profile[] {
  const base = options.name ?? DEFAULT_NAME;
  const json = parseJson(bytes, FORMAT);
  if (!isObject(json)) throw new ProfileFormatError(FORMAT, 'the file is not a JSON object', 'byte 0');
  options.onProgress?.(0.4);
  const frames = sharedFrames(own(json, 'shared'));
  const list = own(json, 'profiles');
  if (!Array.isArray(list)) throw new ProfileFormatError(FORMAT, 'no "profiles" array', 'profiles');
  if (list.length === 0) throw new ProfileFormatError(FORMAT, 'the file holds no profiles', 'profiles');

  const profiles: Profile[] = [];
  for (let i = 0; i < list.length; i++) {
    const p: unknown = list[i];
    const where = `profiles[${i}]`;
    if (!isObject(p)) throw new ProfileFormatError(FORMAT, 'a profile is not an object', where);
    const type = own(p, 'type');
    const title = titleOf(base, own(p, 'name'));
    const unit = unitOf(own(p, 'unit'), `${where}.unit`);
    if (type === 'sampled') profiles.push(readSampled(p, frames, where, title, unit));
    else if (type === 'evented') profiles.push(readEvented(p, frames, where, title, unit));
    else throw new ProfileFormatError(FORMAT, `profile type ${shown(type)}: neither "sampled" nor "evented"`, `${where}.type`);
    options.onProgress?.(0.4 + (0.6 * (i + 1)) / list.length);
  }
  return activeFirst(profiles, own(json, 'activeProfileIndex'));
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
    if (!withinExactRange(w)) throw new ProfileFormatError(FORMAT, `weight ${shown(w)} is beyond 2^53 - 1, past what a number holds exactly: no profiler records such a weight`, `${where}.weights[${i}]`);
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
  const columns = new EventColumns();
  for (let i = 0; i < events.length; i++) {
    const e: unknown = events[i];
    const at = `${where}.events[${i}]`;
    if (!isObject(e)) throw new ProfileFormatError(FORMAT, 'an event is not an object', at);
    const time = own(e, 'at');
    if (typeof time !== 'number' || !Number.isFinite(time)) throw new ProfileFormatError(FORMAT, `"at" ${shown(time)} is not a number`, `${at}.at`);
    if (!withinExactRange(time)) throw new ProfileFormatError(FORMAT, `"at" ${shown(time)} is beyond ±(2^53 - 1), past what a number holds exactly: no profiler's clock writes such a time`, `${at}.at`);
    const frame = own(e, 'frame');
    if (!isFrameIndex(frame, shared.length)) throw new ProfileFormatError(FORMAT, `frame ${shown(frame)} is not an index into shared.frames (${shared.length} frames)`, `${at}.frame`);
    const type = own(e, 'type');
    if (type !== 'O' && type !== 'C') throw new ProfileFormatError(FORMAT, `event type ${shown(type)}: neither "O" nor "C"`, `${at}.type`);
    columns.push(type === 'O', frame, time);
  }
  return eventedProfile(columns, own(p, 'startValue'), own(p, 'endValue'), shared, where, name, unit);
}
