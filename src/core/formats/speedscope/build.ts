import { ProfileFormatError } from '../../errors';
import { FrameTable } from '../../frames';
import {
  BYTES, MICROSECONDS, MILLISECONDS, NANOSECONDS, SECONDS, countUnit,
  type Profile, type WeightUnit,
} from '../../model';
import { IntervalWalker } from '../../tree/fromIntervals';
import { StackTreeBuilder } from '../../tree/fromStacks';
import { profileFromStacks } from '../../tree/stackProfile';
import { isObject, own, shown, withinExactRange } from '../../untrusted';
import { Repairs } from '../../warnings';

// What the two readers of speedscope JSON share (the byte scanner, scan.ts, and the JSON.parse
// path, speedscope.ts): frames, units, titles, and the evented profile's walk, so both give the
// same profiles, warnings and errors.

export const FORMAT = 'speedscope';

export interface SharedFrame {
  name: string;
  file: string;
  line: number;
  column: number;
}

/** `shared.frames` of the parsed file, checked. */
export function sharedFrames(shared: unknown): SharedFrame[] {
  const frameList = isObject(shared) ? own(shared, 'frames') : undefined;
  if (!Array.isArray(frameList)) throw new ProfileFormatError(FORMAT, 'no "frames" array in "shared"', 'shared.frames');
  return frameList.map((f, i) => sharedFrame(f, i));
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
export function unitOf(v: unknown, where: string): WeightUnit {
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

/** A profile's title: the file's name, with the profile's own name when it has one. */
export function titleOf(base: string, name: unknown): string {
  return typeof name === 'string' && name !== '' ? `${base} (${name})` : base;
}

/** The profile marked `activeProfileIndex` first, the others in the file's order. */
export function activeFirst(profiles: Profile[], active: unknown): Profile[] {
  if (typeof active === 'number' && Number.isInteger(active) && active > 0 && active < profiles.length) {
    profiles.unshift(...profiles.splice(active, 1));
  }
  return profiles;
}

/** Whether `v` is an index into shared.frames. */
export const isFrameIndex = (v: unknown, count: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < count;

/** The profile's frames are interned on first use, so a profile lists only the frames it uses. */
export class LocalFrames {
  readonly table = new FrameTable();
  private readonly local: Int32Array;

  constructor(private readonly shared: SharedFrame[]) {
    this.local = new Int32Array(shared.length).fill(-1);
  }

  /** The local frame of shared index `v`, or -1 when `v` is not one. */
  of(v: unknown): number {
    if (!isFrameIndex(v, this.shared.length)) return -1;
    let f = this.local[v];
    if (f < 0) {
      const s = this.shared[v];
      f = this.table.intern(s.name, s.file, s.line, s.column);
      this.local[v] = f;
    }
    return f;
  }
}

/** An evented profile's events, checked (frames are indexes into shared.frames, times finite), as columns. */
export class EventColumns {
  size = 0;
  /** 1 for "O"pen, 0 for "C"lose */
  open = new Uint8Array(1024);
  frame = new Int32Array(1024);
  at = new Float64Array(1024);

  push(open: boolean, frame: number, at: number): void {
    if (this.size === this.at.length) {
      const n = this.size * 2;
      const o = new Uint8Array(n); o.set(this.open); this.open = o;
      const f = new Int32Array(n); f.set(this.frame); this.frame = f;
      const a = new Float64Array(n); a.set(this.at); this.at = a;
    }
    this.open[this.size] = open ? 1 : 0;
    this.frame[this.size] = frame;
    this.at[this.size] = at;
    this.size++;
  }
}

/**
 * An evented profile from its events (see speedscope.ts for the repairs). `where` names the
 * profile (`profiles[i]`) in warnings.
 */
export function eventedProfile(
  events: EventColumns, startValue: unknown, endValue: unknown, shared: SharedFrame[], where: string, name: string, unit: WeightUnit,
): Profile {
  const frames = new LocalFrames(shared);
  const builder = new StackTreeBuilder(frames.table);
  // the timeline counts from startValue, or from the first event when that is earlier
  const earliest = Math.min(timeOr(startValue, Infinity), events.size > 0 ? events.at[0] : Infinity);
  const start = Number.isFinite(earliest) ? earliest : 0;
  const walker = new IntervalWalker(builder, start);
  const repairs = new Repairs();
  const at = (i: number) => `${where}.events[${i}]`;
  // where each open frame was opened, for the warning about frames left open
  let openedAt = new Int32Array(256);
  let last = -Infinity;
  for (let i = 0; i < events.size; i++) {
    let time = events.at[i];
    if (time < last) {
      repairs.note('back', at(i), 'events go back in time: taken as happening at the time of the event before');
      time = last;
    }
    last = time;
    const f = frames.of(events.frame[i]);
    if (events.open[i] === 1) {
      if (walker.depth === openedAt.length) {
        const grown = new Int32Array(openedAt.length * 2);
        grown.set(openedAt);
        openedAt = grown;
      }
      openedAt[walker.depth] = i;
      walker.open(f, time);
    } else {
      let level = walker.depth - 1;
      while (level >= 0 && walker.frameAt(level) !== f) level--;
      if (level < 0) {
        repairs.note('stray', at(i), 'close events of frames that were not open: dropped');
        continue;
      }
      if (level < walker.depth - 1) {
        repairs.note('inner', at(i), 'close events of frames that were not the innermost open one: the frames opened after them were closed at the same time');
      }
      while (walker.depth > level) walker.close(time);
    }
  }
  if (walker.depth > 0) {
    const end = Math.max(last, timeOr(endValue, last));
    repairs.note('open', at(openedAt[0]), `frames were still open at the end: closed at ${end === last ? 'the last event' : 'endValue'} (${end})`, walker.depth);
    while (walker.depth > 0) walker.close(end);
  }
  return profileFromStacks(builder, {
    format: FORMAT, name, unit, warnings: repairs.words(), calls: { ncalls: walker.ncalls, primcalls: walker.primcalls },
  });
}

/** startValue or endValue: a number within ±(2^53 - 1), as the events' times must be, else `fallback` */
function timeOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && withinExactRange(v) ? v : fallback;
}
