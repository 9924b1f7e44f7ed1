import { FrameTable } from '../../frames';
import {
  BYTES, countUnit, MICROSECONDS, MILLISECONDS, NANOSECONDS, SECONDS,
  type ImportOptions, type Profile, type SampleLabels, type WeightUnit,
} from '../../model';
import { StackTrie } from '../../tree/stackTrie';
import { guarded } from '../../io/guard';
import { Repairs } from '../../warnings';
import { wantLines } from '../../source/wantLines';
import { decodeTables, StringTable, type PprofTables } from './decode';
import { GrowingInts, GrowingNumbers } from '../../columns';
import { PprofLines } from './lines';
import { ProtoReader, WIRE_VARINT } from './proto';
import { SampleReader } from './sampleReader';

/**
 * pprof's profile.proto (Go's runtime/pprof, gperftools, async-profiler's and py-spy's pprof
 * output, Cloud Profiler): samples, each a stack of location ids (leaf first) with one value per
 * sample type. The tree is built from whole stacks (StackTrie), so per-function flat and
 * cum come out as `go tool pprof -top` prints them:
 *  - a location with several lines is inlined code: each line is a frame, innermost first, so
 *    an inlined function has flat and cum of its own, as in `go tool pprof`;
 *  - one sample type is shown at a time (`events`): `default_sample_type`, else the last, as
 *    `go tool pprof` chooses; ImportOptions.event picks another;
 *  - samples are not in time order (pprof aggregates them), so no timeline; their labels are
 *    kept in SampleLabels for filtering by label later;
 *  - flat and cum per source line (Profile.lines) as `go tool pprof -list` prints them, when
 *    lines are wanted (wantLines: by default for files up to 32 MB; see lines.ts).
 * The bytes must be decompressed already (the importer entry gunzips any format).
 */
export function importPprof(bytes: Uint8Array, options: ImportOptions = {}): Profile {
  return guarded('pprof', () => read(bytes, options));
}

const TIME_UNITS = new Map<string, WeightUnit>([
  ['nanoseconds', NANOSECONDS], ['microseconds', MICROSECONDS], ['milliseconds', MILLISECONDS], ['seconds', SECONDS],
]);

/** A sample type's unit as profburst shows it: time and bytes known, any other a count of it. */
export function unitOf(name: string): WeightUnit {
  if (name === 'bytes') return BYTES;
  return TIME_UNITS.get(name) ?? countUnit(name === '' ? 'count' : name);
}

function read(bytes: Uint8Array, options: ImportOptions): Profile {
  const t = decodeTables(bytes);
  const strings = new StringTable(t);
  const repairs = new Repairs();
  const warnings: string[] = [];
  if (t.stringCount > 0 && strings.get(0) !== '') warnings.push('the string table does not start with "" as profile.proto requires; read as it is');

  const types = t.sampleType.length;
  const events = types === 0
    ? ['samples']
    : t.sampleType.map((s, i) => strings.get(s) || `sample type ${i + 1}`);
  if (types === 0 && t.sampleCount > 0) warnings.push('the profile declares no sample types; its first value is shown as a count');
  let event = defaultEvent(t, strings, events.length);
  if (options.event !== undefined && Number.isInteger(options.event) && options.event >= 0 && options.event < events.length) event = options.event;
  const unit = types === 0 ? countUnit('count') : unitOf(strings.get(t.sampleUnit[event]) ?? '');
  if (t.dropFrames > 0 && strings.get(t.dropFrames)) {
    warnings.push(`the profile asks to drop frames matching ${JSON.stringify(strings.get(t.dropFrames))}; profburst shows them`);
  }
  if (t.locationIds.duplicates > 0) repairs.note('location id', `byte ${t.locationIds.firstDuplicateAt}`, 'locations repeat an earlier id and are ignored', t.locationIds.duplicates);
  if (t.functionIds.duplicates > 0) repairs.note('function id', `byte ${t.functionIds.firstDuplicateAt}`, 'functions repeat an earlier id and are ignored', t.functionIds.duplicates);

  // aggregated stacks: each sample usually adds a few nodes. Room is reserved generously (what is
  // not filled is never touched) so that the trie rarely grows, and by the file's size, not by a
  // hostile file's count of tiny samples.
  const builder = new StackTrie(new FrameTable(), '(root)', Math.min(8 * t.sampleCount, bytes.length >>> 3));
  const lines = wantLines(options, bytes.length) ? new PprofLines(t) : null;
  const locations = new LocationFrames(t, strings, builder.frames, repairs, lines);
  const labels = new LabelColumns(strings, t.stringCount);
  const reader = new SampleReader(bytes, t, repairs, event);
  const firsts = locations.start;
  const stops = locations.stop;
  const locationFrames = locations.frames;
  // the previous sample's locations (root first) with the tree node each one ended at: the part
  // of a stack shared with the previous sample from the root is found by comparing location
  // indexes, without a hash lookup per frame (see the loop's end)
  let prevLocs = new Int32Array(256);
  let prevNodes = new Int32Array(256);
  let prevDepth = 0;
  let total = 0;
  const count = t.sampleCount;
  const progressEvery = 1 << 16;

  let nextAt = t.firstSample;
  for (let s = 0; s < count; s++) {
    if (options.onProgress && (s & (progressEvery - 1)) === 0) options.onProgress(s / count);
    if (!reader.next(nextAt)) break;
    nextAt = reader.end;
    const { locs, depth, value, values, labelAt } = reader;
    if (values !== types && types > 0) repairs.note('value count', `byte ${reader.start}`, `samples have a number of values other than the ${types} sample types; missing ones count 0`);
    if (value === 0) continue;
    if (value < 0) {
      repairs.note('negative', `byte ${reader.start}`, 'samples have a negative value (a difference of profiles?) and are left out');
      continue;
    }
    total += value;
    // the stack is leaf first: walk it from its end to go down from the root, reusing the
    // previous sample's nodes while the locations agree (aggregated stacks share their roots)
    let same = 0;
    const limit = Math.min(depth, prevDepth);
    while (same < limit && prevLocs[same] === locs[depth - 1 - same]) same++;
    let node = same > 0 ? prevNodes[same - 1] : 0;
    // the previous sample's locations below the shared part leave the line counts' stack
    if (lines) for (let i = prevDepth - 1; i >= same; i--) lines.pop(prevLocs[i]);
    if (depth > prevLocs.length) {
      const n = Math.max(depth, prevLocs.length * 2);
      const grownLocs = new Int32Array(n), grownNodes = new Int32Array(n);
      grownLocs.set(prevLocs);
      grownNodes.set(prevNodes);
      prevLocs = grownLocs;
      prevNodes = grownNodes;
    }
    builder.beginStack();
    for (let i = same; i < depth; i++) {
      const loc = locs[depth - 1 - i];
      // read here, not through a method: the check that resolves a location the first time it is
      // met kept the method from being inlined (61 ms of a 100 MB profile's import in calls)
      let first = firsts[loc];
      if (first < 0) first = locations.resolve(loc);
      // a location's lines are innermost first: the outermost (the caller) comes first going down
      for (let f = stops[loc] - 1; f >= first; f--) node = builder.child(node, locationFrames[f]);
      if (lines) lines.push(loc);
      prevLocs[i] = loc;
      prevNodes[i] = node;
    }
    prevDepth = depth;
    if (lines) lines.sample(depth > 0 ? locs[0] : -1, value);
    builder.addSelf(node, value);
    if (labelAt.length > 0) {
      builder.sample(node, s, value);
      for (let i = 0; i < labelAt.length; i++) labels.read(reader.r, labelAt.data[i], labels.sampleCount);
      labels.sampleCount++;
    }
  }
  options.onProgress?.(1);

  const { tree, functions, samples } = builder.finish();
  warnings.push(...repairs.words());
  const profile: Profile = {
    format: 'pprof',
    name: options.name ?? 'pprof',
    unit,
    total,
    frames: builder.frames.frames,
    tree,
    functions,
    graph: null,
    events,
    event,
  };
  if (samples && labels.size > 0) profile.labels = labels.finish(samples);
  const lineCosts = lines?.finish(profile.frames) ?? null;
  if (lineCosts) profile.lines = lineCosts;
  if (warnings.length > 0) profile.warnings = warnings;
  return profile;
}

/** `default_sample_type` names a type by its string; without one (or an unknown one), the last type. */
function defaultEvent(t: PprofTables, strings: StringTable, count: number): number {
  if (t.defaultSampleType > 0) {
    const want = strings.get(t.defaultSampleType);
    for (let i = 0; i < t.sampleType.length; i++) if (strings.get(t.sampleType[i]) === want) return i;
  }
  return count - 1;
}

/**
 * Each location's frames, innermost first, worked out the first time a sample names it (so
 * functions no sample reaches make no frames): one per line, or one named by the address when
 * the location is not symbolized (as pprof shows such a location).
 */
class LocationFrames {
  /** the frames of every location resolved so far, location i's at [start[i], stop[i]); sized once for all */
  readonly frames: Int32Array;
  private size = 0;
  /** location i's frames are frames[start[i] .. stop[i]); start is -1 until resolved */
  readonly start: Int32Array;
  readonly stop: Int32Array;
  private readonly functionFrame: Int32Array;

  constructor(
    private readonly t: PprofTables,
    private readonly strings: StringTable,
    private readonly table: FrameTable,
    private readonly repairs: Repairs,
    private readonly lines: PprofLines | null,
  ) {
    this.frames = new Int32Array(Math.max(16, t.lineStart[t.locationCount] + t.locationCount));
    this.start = new Int32Array(t.locationCount).fill(-1);
    this.stop = new Int32Array(t.locationCount);
    this.functionFrame = new Int32Array(t.functionCount).fill(-1);
  }

  /** Works out location `loc`'s frames (the first time a sample names it); returns start[loc]. */
  resolve(loc: number): number {
    const { t } = this;
    this.start[loc] = this.size;
    const a = t.lineStart[loc];
    const b = t.lineStart[loc + 1];
    if (a === b) {
      const address = t.locationAddress[loc];
      const file = this.strings.get(t.mappingFile.get(t.locationMapping[loc]) ?? 0) ?? '';
      this.frames[this.size++] = this.table.intern(`0x${address.toString(16)}`, file, 0, 0);
    } else {
      for (let l = a; l < b; l++) {
        const frame = this.functionFrameOf(t.lineFunction[l]);
        this.frames[this.size++] = frame;
        this.lines?.entry(l, frame, this.table.frames[frame].file);
      }
      this.lines?.resolved(loc);
    }
    this.stop[loc] = this.size;
    return this.start[loc];
  }

  private functionFrameOf(id: number): number {
    const fn = this.t.functionIds.get(id);
    if (fn < 0) {
      this.repairs.note('unknown function', 'byte 0', 'location lines name a function id that does not exist; shown as "??"');
      return this.table.intern('??', '', 0, 0);
    }
    let frame = this.functionFrame[fn];
    if (frame < 0) {
      const { t, strings } = this;
      const named = strings.get(t.functionName[fn]), system = strings.get(t.functionSystemName[fn]), filed = strings.get(t.functionFile[fn]);
      // an index past the string table loses a name or file: said, not shown as an unnamed function
      if (named === null || system === null || filed === null) {
        this.repairs.note('string index', `function id ${id}`, 'functions whose name or file is a string index past the string table: shown as "??" or without a file');
      }
      const name = named || system || '??';
      const file = filed ?? '';
      const start = t.functionStartLine[fn];
      const line = Number.isInteger(start) && start > 0 && start < 2 ** 31 ? start : 0;
      frame = this.table.intern(name, file, line, 0);
      this.functionFrame[fn] = frame;
    }
    return frame;
  }
}

/** Sample labels as columns: label i belongs to labelled sample sample[i]; a string or a number. */
class LabelColumns {
  sampleCount = 0;
  private readonly sample = new GrowingInts();
  private readonly key = new GrowingInts();
  private readonly str = new GrowingInts();
  private readonly num = new GrowingNumbers();
  private readonly unit = new GrowingInts();
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();

  /** name index by string index, -1 until met */
  private readonly byString: Int32Array;

  constructor(private readonly strings: StringTable, stringCount: number) {
    this.byString = new Int32Array(stringCount).fill(-1);
  }

  get size(): number {
    return this.sample.length;
  }

  read(r: ProtoReader, at: number, sample: number): void {
    const saved = r.pos;
    r.pos = at;
    const stop = r.lengthEnd(r.bytes.length);
    let key = 0;
    let str = 0;
    let num = 0;
    let unit = 0;
    while (r.pos < stop) {
      const k = r.key(stop);
      if (k === (1 << 3 | WIRE_VARINT)) key = r.int(stop);
      else if (k === (2 << 3 | WIRE_VARINT)) str = r.int(stop);
      else if (k === (3 << 3 | WIRE_VARINT)) num = r.int(stop);
      else if (k === (4 << 3 | WIRE_VARINT)) unit = r.int(stop);
      else r.skip(k & 7, stop, r.pos);
    }
    r.pos = saved;
    this.sample.push(sample);
    this.key.push(this.name(key));
    this.str.push(str > 0 ? this.name(str) : -1);
    this.num.push(num);
    this.unit.push(unit > 0 ? this.name(unit) : -1);
  }

  private name(index: number): number {
    // most labels repeat a few strings: their names are found by string index, not by two Map lookups
    const cached = index >= 0 && index < this.byString.length ? this.byString[index] : -1;
    if (cached >= 0) return cached;
    const s = this.strings.get(index) ?? '';
    let i = this.nameIndex.get(s);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(s);
      this.nameIndex.set(s, i);
    }
    if (index >= 0 && index < this.byString.length && Number.isInteger(index)) this.byString[index] = i;
    return i;
  }

  finish(samples: NonNullable<ReturnType<StackTrie['finish']>['samples']>): SampleLabels {
    return {
      samples: { size: samples.size, node: samples.node, weight: samples.weight },
      sample: this.sample.trimmed(),
      key: this.key.trimmed(),
      str: this.str.trimmed(),
      num: this.num.trimmed(),
      unit: this.unit.trimmed(),
      names: this.names,
    };
  }
}
