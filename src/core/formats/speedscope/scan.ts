import type { Profile } from '../../model';
import { GrowingInts, GrowingNumbers } from '../../columns';
import { BAIL, bytesOf, JsonScanner, scanOrNull } from '../../io/jsonScan';
import { StackTreeBuilder } from '../../tree/fromStacks';
import { profileFromStacks } from '../../tree/stackProfile';
import { withinExactRange } from '../../untrusted';
import {
  activeFirst, EventColumns, eventedProfile, FORMAT, LocalFrames, sharedFrames, titleOf, unitOf, type SharedFrame,
} from './build';

/**
 * Reads speedscope JSON straight from its bytes (hand-written, as the cpuprofile scanner: a
 * JSON.parse of a 100 MB file made an object per event and an array per sample, and the import
 * peaked at 5x the file). A sampled profile's stacks go into the call tree as they are read,
 * keeping one node per sample until its weight is read; an evented profile's events become
 * columns of 13 bytes each. The small parts (shared.frames, a profile's type, name, unit, start
 * and end) are JSON.parse'd from their own bytes, so they are read exactly as the JSON.parse path
 * reads them.
 *
 * `profiles` may come before `shared` (speedscope's own files put it first): it is then skipped
 * and read after `shared`. Returns null for anything but well-formed JSON of the shape the
 * JSON.parse path accepts without error (a duplicate key, a frame index out of range, a
 * negative weight...): that path then gives the same result or words the error.
 */
export function scanSpeedscope(bytes: Uint8Array, base: string, onProgress?: (fraction: number) => void): Profile[] | null {
  return scanOrNull(() => new Scanner(bytes, base, onProgress).run());
}

const KEY_SHARED = bytesOf('shared');
const KEY_PROFILES = bytesOf('profiles');
const KEY_ACTIVE = bytesOf('activeProfileIndex');
const KEY_TYPE = bytesOf('type');
const KEY_NAME = bytesOf('name');
const KEY_UNIT = bytesOf('unit');
const KEY_START = bytesOf('startValue');
const KEY_END = bytesOf('endValue');
const KEY_SAMPLES = bytesOf('samples');
const KEY_WEIGHTS = bytesOf('weights');
const KEY_EVENTS = bytesOf('events');
const KEY_FRAME = bytesOf('frame');
const KEY_AT = bytesOf('at');

/** Items between two progress reports. */
const PROGRESS_EVERY = 0xffff;

/** A sampled profile's stacks so far: the tree, and the leaf node of each sample. */
class SampledStacks {
  readonly frames: LocalFrames;
  readonly builder: StackTreeBuilder;
  readonly leaves = new GrowingInts(1024);

  constructor(shared: SharedFrame[]) {
    this.frames = new LocalFrames(shared);
    this.builder = new StackTreeBuilder(this.frames.table);
  }
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}

class Scanner extends JsonScanner {
  private shared: SharedFrame[] | null = null;

  constructor(bytes: Uint8Array, private readonly base: string, private readonly onProgress?: (fraction: number) => void) {
    super(bytes);
  }

  run(): Profile[] {
    let seen = 0; // bit per known top-level key
    let profilesAt = -1;
    let profiles: Profile[] | null = null;
    let active: unknown;
    this.open(0x7b);
    if (this.peek() !== 0x7d) {
      for (;;) {
        this.key();
        const s = this.strStart, e = this.strEnd;
        this.colon();
        let bit = 0;
        if (this.keyIs(s, e, KEY_SHARED)) {
          bit = 1;
          this.shared = sharedFrames(this.parsedValue());
        } else if (this.keyIs(s, e, KEY_PROFILES)) {
          bit = 2;
          if (this.shared) {
            profiles = this.profiles(this.shared);
          } else {
            // before shared.frames: read it again once they are known
            profilesAt = this.p;
            this.skipValue();
          }
        } else if (this.keyIs(s, e, KEY_ACTIVE)) {
          bit = 4;
          active = this.parsedValue();
        } else {
          this.skipValue();
        }
        if (bit) {
          if (seen & bit) throw BAIL; // JSON.parse keeps the last; rare enough to leave to it
          seen |= bit;
        }
        if (!this.more(0x7d)) break;
      }
    }
    this.end();
    if (!this.shared || !(seen & 2)) throw BAIL;
    if (profiles === null) {
      this.p = profilesAt;
      profiles = this.profiles(this.shared);
    }
    return activeFirst(profiles, active);
  }

  private profiles(shared: SharedFrame[]): Profile[] {
    this.open(0x5b);
    if (this.peek() === 0x5d) throw BAIL; // no profiles: the JSON.parse path says so
    const out: Profile[] = [];
    for (;;) {
      out.push(this.profile(shared, `profiles[${out.length}]`));
      if (!this.more(0x5d)) return out;
    }
  }

  private profile(shared: SharedFrame[], where: string): Profile {
    let type: unknown, name: unknown, unit: unknown, startValue: unknown, endValue: unknown;
    let stacks: SampledStacks | null = null;
    let events: EventColumns | null = null;
    const weights = new GrowingNumbers(0);
    let seen = 0;
    this.open(0x7b);
    if (this.peek() !== 0x7d) {
      for (;;) {
        this.key();
        const s = this.strStart, e = this.strEnd;
        this.colon();
        let bit = 0;
        if (this.keyIs(s, e, KEY_TYPE)) {
          bit = 1;
          type = this.parsedValue();
        } else if (this.keyIs(s, e, KEY_NAME)) {
          bit = 2;
          name = this.parsedValue();
        } else if (this.keyIs(s, e, KEY_UNIT)) {
          bit = 4;
          unit = this.parsedValue();
        } else if (this.keyIs(s, e, KEY_START)) {
          bit = 8;
          startValue = this.parsedValue();
        } else if (this.keyIs(s, e, KEY_END)) {
          bit = 16;
          endValue = this.parsedValue();
        } else if (this.keyIs(s, e, KEY_SAMPLES)) {
          bit = 32;
          stacks = this.samples(shared);
        } else if (this.keyIs(s, e, KEY_WEIGHTS)) {
          bit = 64;
          this.numbers(weights, true);
        } else if (this.keyIs(s, e, KEY_EVENTS)) {
          bit = 128;
          events = this.events(shared.length);
        } else {
          this.skipValue();
        }
        if (bit) {
          if (seen & bit) throw BAIL;
          seen |= bit;
        }
        if (!this.more(0x7d)) break;
      }
    }
    const title = titleOf(this.base, name);
    const weightUnit = unitOf(unit, `${where}.unit`);
    if (type === 'sampled') {
      if (!stacks || !(seen & 64) || weights.length !== stacks.leaves.length) throw BAIL;
      // each sample starts where the one before ended (speedscope's time order)
      const { builder } = stacks;
      const leaf = stacks.leaves.data;
      let time = 0;
      for (let i = 0; i < stacks.leaves.length; i++) {
        const w = weights.data[i];
        if (!(w >= 0 && withinExactRange(w))) throw BAIL; // the JSON.parse path says why
        builder.addSelf(leaf[i], w);
        builder.sample(leaf[i], time, w);
        time += w;
      }
      return profileFromStacks(builder, { format: FORMAT, name: title, unit: weightUnit });
    }
    if (type === 'evented' && events) return eventedProfile(events, startValue, endValue, shared, where, title, weightUnit);
    throw BAIL;
  }

  /** `[[frame, ...], ...]`: each stack walked into the tree as it is read */
  private samples(shared: SharedFrame[]): SampledStacks {
    const stacks = new SampledStacks(shared);
    const { frames, builder } = stacks;
    const frameCount = shared.length;
    this.open(0x5b);
    if (this.peek() === 0x5d) {
      this.p++;
      return stacks;
    }
    // the stack before, frame and node per level: a sampler's stacks share long prefixes with the
    // one before, whose nodes are taken as they are instead of looked up in the child table
    let prevFrame = new Int32Array(256);
    let prevNode = new Int32Array(256);
    let prevDepth = 0;
    for (;;) {
      this.open(0x5b);
      let node = 0;
      let depth = 0;
      if (this.peek() === 0x5d) {
        this.p++;
      } else {
        let shared = true;
        do {
          const f = frames.of(this.frameIndex(frameCount));
          if (shared && depth < prevDepth && prevFrame[depth] === f) {
            node = prevNode[depth];
          } else {
            shared = false;
            node = builder.child(node, f);
            if (depth === prevFrame.length) {
              prevFrame = grown(prevFrame);
              prevNode = grown(prevNode);
            }
            prevFrame[depth] = f;
            prevNode[depth] = node;
          }
          depth++;
        } while (this.more(0x5d));
      }
      prevDepth = depth;
      stacks.leaves.push(node);
      if ((stacks.leaves.length & PROGRESS_EVERY) === 0) this.progress();
      if (!this.more(0x5d)) return stacks;
    }
  }

  /** `[{"type": "O" or "C", "frame": index, "at": time}, ...]` */
  private events(frameCount: number): EventColumns {
    const out = new EventColumns();
    this.open(0x5b);
    if (this.peek() === 0x5d) {
      this.p++;
      return out;
    }
    for (;;) {
      let type = -1, frame = -1, at = NaN;
      let seen = 0;
      this.open(0x7b);
      if (this.peek() !== 0x7d) {
        for (;;) {
          this.key();
          const s = this.strStart, e = this.strEnd;
          this.colon();
          let bit = 0;
          if (this.keyIs(s, e, KEY_TYPE)) {
            bit = 1;
            if (this.peek() !== 0x22) throw BAIL;
            this.plainString();
            if (this.strEnd - this.strStart !== 1) throw BAIL;
            type = this.b[this.strStart]; // 'O' or 'C' is checked below
          } else if (this.keyIs(s, e, KEY_FRAME)) {
            bit = 2;
            frame = this.frameIndex(frameCount);
          } else if (this.keyIs(s, e, KEY_AT)) {
            bit = 4;
            at = this.number();
          } else {
            this.skipValue();
          }
          if (bit) {
            if (seen & bit) throw BAIL;
            seen |= bit;
          }
          if (!this.more(0x7d)) break;
        }
      }
      if (seen !== 7 || (type !== 0x4f && type !== 0x43) || !withinExactRange(at)) throw BAIL;
      out.push(type === 0x4f, frame, at);
      if ((out.size & PROGRESS_EVERY) === 0) this.progress();
      if (!this.more(0x5d)) return out;
    }
  }

  /** an index into shared.frames at p; anything else bails */
  private frameIndex(count: number): number {
    this.ws();
    const b = this.b, n = this.n;
    let p = this.p;
    let c = p < n ? b[p] : 0;
    // the common case inline: digits with no leading 0, fraction or exponent
    if (c >= 0x31 && c <= 0x39) {
      let v = c - 0x30;
      for (p++; p < n && (c = b[p]) >= 0x30 && c <= 0x39; p++) v = v * 10 + (c - 0x30);
      if (c !== 0x2e && c !== 0x65 && c !== 0x45) {
        if (v >= count) throw BAIL;
        this.p = p;
        return v;
      }
    }
    const v = this.number();
    if (!(Number.isInteger(v) && v >= 0 && v < count)) throw BAIL;
    return v;
  }

  private progress(): void {
    this.onProgress?.((0.9 * this.p) / this.n);
  }
}
