/// <reference lib="webworker" />
import { diffFunctions } from '../core/diff/functions';
import { diffPaths } from '../core/diff/paths';
import { ProfileFormatError } from '../core/errors';
import { importProfiles } from '../core/formats';
import { alignEvents, mergeProfiles, MergeError } from '../core/merge/index';
import type { Profile } from '../core/model';
import { frameSlices } from './frameSlices';
import type { Compare, ListFile, ListReply, ListRequest, ListRow } from './listProtocol';
import { failedRow, summarize } from './listSummary';
import { prepare } from './prepare';
import { ReadAhead } from './readAhead';
import { transferablesOf } from './protocol';
import { applyBothSides } from '../core/transforms/bothSides';
import type { Transform, TransformNote } from '../core/transforms/types';

// The list worker (see listProtocol.ts): reads each added file once, keeps its profile, and
// merges or compares any subset on request. Everything heavy for many files happens here; the
// page gets one row per file and, for a merge, one profile.

interface Kept {
  profile: Profile;
  /** the bytes of a file with several events (callgrind), to read again for another one */
  bytes: Uint8Array | null;
  name: string;
}

const kept = new Map<number, Kept>();
const errors = new Map<number, string>();
const scope = self as unknown as DedicatedWorkerGlobalScope;
/** adds are read in the order they came; a merge waits for the reads before it */
let queue: Promise<void> = Promise.resolve();
/** reads start as files come, ahead of the parse (see readAhead.ts) */
const reads = new ReadAhead(download);
/** rows read and not yet sent, and when rows were last sent */
let batch: ListRow[] = [];
let sent = 0;


scope.onmessage = (e: MessageEvent<ListRequest>) => {
  const msg = e.data;
  if (msg.type === 'add') {
    reads.push(msg.files);
    queue = queue.then(() => add(msg.files.length, msg.more === true));
  } else if (msg.type === 'remove') queue = queue.then(() => { for (const id of msg.ids) { kept.delete(id); errors.delete(id); } });
  else queue = queue.then(() => (msg.type === 'merge' ? merge(msg.job, msg.ids, msg.event) : compare(msg.job, msg.base, msg.next, msg.normalize, msg.event, msg.transforms)));
};

async function add(count: number, more: boolean): Promise<void> {
  for (let i = 0; i < count; i++) {
    const { file, bytes } = reads.next();
    batch.push(await read(file, bytes));
    // a batch at most every 250 ms: each is one short task on the page however many files come;
    // the rest when the page has sent its last file of this addition
    if (performance.now() - sent > 250 || (i === count - 1 && !more)) {
      post({ type: 'rows', rows: batch });
      batch = [];
      sent = performance.now();
      // and a core left to the page while it lays the new rows out: on two cores this worker and
      // the browser's file reads held both, and a batch's frame took 53-54 ms in 2 of 8 runs of
      // 1 000 files (none over 50 in 15 of 16 with the pause, one of 50; listing no slower)
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  }
}

async function read(file: ListFile, read: Promise<Uint8Array>): Promise<ListRow> {
  try {
    const bytes = await read;
    const profile = importProfiles(bytes, { name: file.name })[0];
    // a copy: the bytes may be a view of several files read at once (readAhead.ts)
    kept.set(file.id, { profile, bytes: profile.events.length > 1 ? bytes.slice() : null, name: file.name });
    errors.delete(file.id);
    return summarize(file, profile);
  } catch (err) {
    const message = err instanceof ProfileFormatError ? err.message : err instanceof Error ? err.message : String(err);
    kept.delete(file.id);
    errors.set(file.id, message);
    return failedRow(file, message);
  }
}

async function download(url: string): Promise<Uint8Array> {
  // http and https only, as deep links are; a folder listing's paths are same-origin
  const target = new URL(url, scope.location.href);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`only http and https URLs are fetched, not ${target.protocol}`);
  const response = await fetch(target, { cache: 'no-store', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The profiles of `ids` that were read, with the names of those left out and why. */
function gather(ids: number[], event?: string): { profiles: Profile[]; left: string[]; sources: Kept[] } {
  return gatherSides([ids], event)[0];
}

/**
 * gather for several groups at once (a comparison's sides): their callgrind events are matched
 * across all of them, so a side whose files lack the event counts 0 for it, as a file of a merge does.
 */
function gatherSides(sides: number[][], event?: string): { profiles: Profile[]; left: string[]; sources: Kept[] }[] {
  const out = sides.map((ids) => {
    const sources: Kept[] = [];
    const left: string[] = [];
    for (const id of ids) {
      const k = kept.get(id);
      if (k) sources.push(k);
      else if (errors.has(id)) left.push(errors.get(id)!);
    }
    return { profiles: [] as Profile[], left, sources };
  });
  const all = out.flatMap((side) => side.sources);
  const aligned = alignEvents(all.map((s) => s.profile), (i, index) => importProfiles(all[i].bytes!, { name: all[i].name, event: index })[0], event);
  let at = 0;
  for (const side of out) side.profiles = aligned.slice(at, (at += side.sources.length));
  return out;
}

/** A merge of one is the kept profile itself: copy it, since sending moves its arrays away. */
function own(merged: Profile, inputs: Profile[]): Profile {
  return inputs.length === 1 ? structuredClone(merged) : merged;
}

function merge(job: number, ids: number[], event?: string): void {
  try {
    const { profiles, left } = gather(ids, event);
    if (profiles.length === 0) throw new MergeError('none of the chosen files could be read');
    send(job, own(mergeProfiles(profiles, mergedName(profiles)), profiles), left);
  } catch (err) {
    fail(job, err);
  }
}

function compare(job: number, baseIds: number[], nextIds: number[], normalize: boolean, event?: string, transforms: Transform[] = []): void {
  try {
    const [base, next] = gatherSides([baseIds, nextIds], event);
    if (base.profiles.length === 0 || next.profiles.length === 0) throw new MergeError('each side needs at least one profile that could be read');
    let baseProfile = mergeProfiles(base.profiles, 'base');
    let nextProfile = own(mergeProfiles(next.profiles, `${mergedName(next.profiles)} against ${mergedName(base.profiles)}`), next.profiles);
    let notes: TransformNote[] | undefined;
    if (transforms.length > 0) {
      // the same stack on both sides, so the diff compares like with like
      const both = applyBothSides(nextProfile, baseProfile, transforms);
      nextProfile = both.next.profile;
      baseProfile = both.base;
      notes = both.next.notes;
    }
    const functions = diffFunctions(baseProfile, nextProfile, normalize);
    const paths = diffPaths(baseProfile, nextProfile, normalize);
    const bt = baseProfile.tree;
    const gonePaths = [...paths.gone.nodes.subarray(0, 20)].map((node) => {
      const names: string[] = [];
      for (let n = node; n > 0; n = bt.parent[n]) names.unshift(baseProfile.frames[bt.frame[n]].name);
      return { path: names.join(' > '), total: bt.total[node] * paths.scale.base };
    });
    const result: Compare = {
      baseTotal: functions.scale.baseTotal,
      nextTotal: functions.scale.nextTotal,
      baseCount: base.profiles.length,
      nextCount: next.profiles.length,
      normalized: normalize,
      rows: functions.rows,
      paths: { baseTotal: paths.baseTotal, goneCount: paths.gone.nodes.length, goneTotal: paths.gone.total, gonePaths, estimated: paths.estimated },
    };
    send(job, nextProfile, [...base.left, ...next.left], result, notes);
  } catch (err) {
    fail(job, err);
  }
}

function send(job: number, profile: Profile, left: string[], compare?: Compare, notes?: TransformNote[]): void {
  const prepared = prepare(profile);
  const strings = new Map<string, number>();
  for (const slice of frameSlices(profile.frames, strings, 5_000)) {
    scope.postMessage({ type: 'frames', job, ...slice } satisfies ListReply, [slice.name.buffer, slice.file.buffer, slice.line.buffer, slice.column.buffer] as ArrayBuffer[]);
  }
  const transfer = transferablesOf([profile], [prepared]);
  if (compare) transfer.push(compare.paths.baseTotal.buffer as ArrayBuffer);
  scope.postMessage({ type: 'merged', job, profile: { ...profile, frames: [] }, prepared, left, compare, notes } satisfies ListReply, transfer);
}

function fail(job: number, err: unknown): void {
  const message = err instanceof MergeError || err instanceof ProfileFormatError ? err.message : `could not merge: ${err instanceof Error ? err.message : String(err)}`;
  post({ type: 'failed', job, message });
}

function mergedName(profiles: Profile[]): string {
  return profiles.length === 1 ? profiles[0].name : `${profiles.length} profiles`;
}

function post(msg: ListReply): void {
  scope.postMessage(msg);
}
