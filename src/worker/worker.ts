/// <reference lib="webworker" />
import { ProfileFormatError } from '../core/errors';
import { importProfiles, scansThroughWindow } from '../core/io/import';
import { byteSize, type ByteSource } from '../core/io/source';
import { tooLargeForTab } from '../core/io/tabLimit';
import type { Frame, Profile } from '../core/model';
import { frameSlices } from './frameSlices';
import { prepare } from './prepare';
import { BIG_IMPORT_BYTES, transferablesOf, type Prepared, type WorkerReply, type WorkerRequest } from './protocol';

// The only place the page's bytes are parsed. Nothing is kept from one job to the next: a file
// read again with another event comes again from the page (a Blob, see WorkerReply 'done'), so
// the page ends this worker once a job is done, and its heap, at an import's high-water mark,
// goes with it.
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (e: MessageEvent<WorkerRequest>) => {
  // a failure the handler did not foresee stays an uncaught error, which the page reports as a
  // crash at once (client.ts): in an async handler it would be a rejection that no one sees
  handle(e.data).catch((err: unknown) => setTimeout(() => { throw err; }));
};

async function handle(msg: WorkerRequest): Promise<void> {
  let bytes: Uint8Array | ByteSource;
  try {
    // a File is read, a download joined here: on the page, either is a long task for 200 MB.
    // A plain .prof is not read whole: the importer scans it through a window of the File.
    const refusal = msg.bytes instanceof Blob ? refuseFile(msg.bytes) : refuseDownload(msg.bytes);
    if (refusal) return fail(msg.job, refusal);
    bytes = msg.bytes instanceof Blob ? await readFile(msg.bytes, msg.job) : join(msg.bytes);
  } catch (err) {
    return fail(msg.job, err instanceof Error ? err.message : String(err));
  }
  if (isMarker(bytes, CRASH_MARKER)) return crashForTests();
  if (isMarker(bytes, HANG_MARKER)) return hangForTests();
  await run(msg.job, bytes, msg.bytes instanceof Blob ? msg.bytes : null, msg.name, msg.event);
}

/** `file`: the Blob the bytes came from, if they came from one (else they were a download's). */
async function run(job: number, bytes: Uint8Array | ByteSource, file: Blob | null, name: string, event: number | undefined): Promise<void> {
  let lastReport = 0;
  const onProgress = (fraction: number) => {
    const now = performance.now();
    if (now - lastReport < 50 && fraction < 1) return;
    lastReport = now;
    reply({ type: 'progress', job, phase: 'parsing', fraction });
  };
  let profiles: Profile[];
  let prepared: Prepared[];
  try {
    reply({ type: 'progress', job, phase: 'parsing', fraction: 0 });
    profiles = importProfiles(bytes, { name, onProgress, event });
    prepared = profiles.map(prepare);
  } catch (err) {
    if (err instanceof ProfileFormatError) return fail(job, err.message, err.format, err.where);
    // not a format problem we foresaw: still say which file, and keep the page alive
    return fail(job, err instanceof RangeError ? `the file is too big or too deep to read (${err.message})` : `could not read the file: ${String(err)}`);
  }
  // only a file with several events is read again: a download's bytes then become a Blob, which
  // the browser holds outside this tab's heaps (made before the profile's arrays move away)
  const several = profiles.some((p) => p.events.length > 1);
  const source = !several ? null : file ?? new Blob([bytes as Uint8Array<ArrayBuffer>]);
  // After a big import, V8 finishes a full collection of this worker's heap at its next task,
  // sweeping the file's buffers: begun after the answer, it ran while the page rendered the
  // profile, and the page's thread stalled on fresh memory meanwhile (a 104-155 ms task showing a
  // 1 GB callgrind file, in 4 runs of 4; none in 4 since). One task's pause lets it run first.
  if (byteSize(bytes) >= BIG_IMPORT_BYTES) await new Promise((resolve) => setTimeout(resolve, 0));
  const strings = new Map<string, number>(); // one table per job: a trace's threads share names
  profiles.forEach((p, i) => sendFrames(job, i, p.frames, strings));
  const done: WorkerReply = { type: 'done', job, profiles: profiles.map((p) => ({ ...p, frames: [] })), prepared, source };
  scope.postMessage(done, transferablesOf(profiles, prepared));
}

function fail(job: number, message: string, format = '', where = ''): void {
  reply({ type: 'error', job, message, format, where });
}

/** Frames in slices of 5 000 (see FrameSlice): each slice is one short task on the page. */
function sendFrames(job: number, profile: number, frames: Frame[], known: Map<string, number>): void {
  for (const slice of frameSlices(frames, known, 5_000)) {
    const msg: WorkerReply = { type: 'frames', job, profile, ...slice };
    scope.postMessage(msg, [slice.name.buffer, slice.file.buffer, slice.line.buffer, slice.column.buffer] as ArrayBuffer[]);
  }
}

/** Why a file is too large to open here (io/tabLimit.ts), from its size and ends, before reading it. */
function refuseFile(file: Blob): string | null {
  const reader = new FileReaderSync();
  const read = (offset: number, length: number) => new Uint8Array(reader.readAsArrayBuffer(file.slice(offset, offset + length)));
  return tooLargeForTab(file.size, read(0, HEAD), read(Math.max(0, file.size - 8), 8));
}

function refuseDownload(chunks: Uint8Array[]): string | null {
  const size = chunks.reduce((n, c) => n + c.length, 0);
  if (chunks.length === 0) return null;
  const last = chunks[chunks.length - 1];
  return tooLargeForTab(size, chunks[0].subarray(0, HEAD), last.subarray(Math.max(0, last.length - 8)));
}

const HEAD = 1 << 16;

/**
 * A plain .prof as a ByteSource over the File (see scansThroughWindow); any other file read whole
 * in one asynchronous read, its progress events forwarded: reading a gigabyte takes seconds, and
 * the page takes a worker that stays silent that long for a stuck one (client.ts). One read, not
 * FileReaderSync in 16 MiB pieces copied into place: for a 100 MB file in Chromium the pieces
 * took 0.7-1.2 s, one read 0.35-0.55 s (headless Chromium, 2-core machine).
 */
function readFile(file: Blob, job: number): Promise<Uint8Array | ByteSource> | Uint8Array | ByteSource {
  const reader = new FileReaderSync();
  const read = (offset: number, length: number) => new Uint8Array(reader.readAsArrayBuffer(file.slice(offset, offset + length)));
  if (scansThroughWindow(read(0, 16))) return { size: file.size, read };
  return new Promise((resolve, reject) => {
    const whole = new FileReader();
    whole.onprogress = (e) => reply({ type: 'progress', job, phase: 'reading', fraction: e.total > 0 ? e.loaded / e.total : 0 });
    whole.onload = () => resolve(new Uint8Array(whole.result as ArrayBuffer));
    whole.onerror = () => reject(new Error(`could not read the file (${whole.error?.message ?? 'unknown error'})`));
    whole.readAsArrayBuffer(file);
  });
}

function join(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function reply(msg: WorkerReply): void {
  scope.postMessage(msg);
}

// ---- test-only: the browser tests need a worker that dies, to see the page report and replace it.
// A file whose bytes are exactly this marker (no profile is) makes the worker throw an uncaught
// error outside any handler, as a crash or an out-of-memory would end it. Nothing else changes:
// the page's handling of a dead worker is what is under test.
// A file of exactly HANG_MARKER makes it spin without a word, as a parse stuck in a loop would,
// for the page's heartbeat (client.ts) to notice.
const CRASH_MARKER = 'PROFBURST-TEST-CRASH';
const HANG_MARKER = 'PROFBURST-TEST-HANG!';

function isMarker(bytes: Uint8Array | ByteSource, marker: string): boolean {
  // the markers are no .prof, so they always arrive read whole
  if (!(bytes instanceof Uint8Array) || bytes.length !== marker.length) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== marker.charCodeAt(i)) return false;
  return true;
}

function hangForTests(): void {
  for (;;) {
    // the page terminates this worker: on Cancel, or after the heartbeat's limit
  }
}

function crashForTests(): void {
  // thrown inside the message handler, as a failure no one foresaw would be (see onmessage)
  throw new Error('PROFBURST-TEST-CRASH: the import worker was told to crash');
}
