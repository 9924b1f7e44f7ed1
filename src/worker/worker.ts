/// <reference lib="webworker" />
import { ProfileFormatError } from '../core/errors';
import { importProfiles, scansThroughWindow } from '../core/io/import';
import type { ByteSource } from '../core/io/source';
import type { Frame, Profile } from '../core/model';
import { frameSlices } from './frameSlices';
import { keepForOrders, prepare } from './prepare';
import { transferablesOf, type OrderName, type Prepared, type WorkerReply, type WorkerRequest } from './protocol';

// The only place the page's bytes are parsed. The bytes of a file with several events are kept
// per job so that picking another callgrind event re-reads them here, without sending them again.
const kept = new Map<number, { bytes: Uint8Array | ByteSource; name: string }>();
/** per job, what works out the table's other orders when the page asks (see Prepared.orders) */
const ordersLater = new Map<number, (() => Map<OrderName, Int32Array>)[]>();
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const msg = e.data;
  if (msg.type === 'forget') {
    kept.delete(msg.source);
    ordersLater.delete(msg.source);
    return;
  }
  if (msg.type === 'orders') return sendOrders(msg.job);
  let bytes: Uint8Array | ByteSource;
  let name: string;
  let event: number | undefined;
  if (msg.type === 'open') {
    name = msg.name;
    try {
      // a File is read, a download joined here: on the page, either is a long task for 200 MB.
      // A plain .prof is not read whole: the importer scans it through a window of the File.
      bytes = msg.bytes instanceof Blob ? readFile(msg.bytes) : join(msg.bytes);
    } catch (err) {
      return reply({ type: 'error', job: msg.job, message: err instanceof Error ? err.message : String(err), format: '', where: '' });
    }
    if (isCrashMarker(bytes)) return crashForTests();
    kept.set(msg.job, { bytes, name });
  } else {
    const source = kept.get(msg.source);
    if (!source) return reply({ type: 'error', job: msg.job, message: 'the file is no longer in memory; open it again', format: '', where: '' });
    ({ bytes, name } = source);
    event = msg.event;
  }
  run(msg.job, bytes, name, event);
};

function run(job: number, bytes: Uint8Array | ByteSource, name: string, event: number | undefined): void {
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
    if (err instanceof ProfileFormatError) {
      return reply({ type: 'error', job, message: err.message, format: err.format, where: err.where });
    }
    // not a format problem we foresaw: still say which file, and keep the page alive
    const message = err instanceof RangeError ? `the file is too big or too deep to read (${err.message})` : `could not read the file: ${String(err)}`;
    return reply({ type: 'error', job, message, format: '', where: '' });
  }
  // only a file with several events is read again; any other's bytes can go now
  if (event === undefined && profiles.every((p) => p.events.length <= 1)) kept.delete(job);
  const later = profiles.map((p, i) => keepForOrders(p, prepared[i]));
  const strings = new Map<string, number>(); // one table per job: a trace's threads share names
  profiles.forEach((p, i) => sendFrames(job, i, p.frames, strings));
  const done: WorkerReply = { type: 'done', job, profiles: profiles.map((p) => ({ ...p, frames: [] })), prepared };
  scope.postMessage(done, transferablesOf(profiles, prepared));
  ordersLater.set(job, later);
}

function sendOrders(job: number): void {
  const later = ordersLater.get(job) ?? []; // none when forgotten: the empty answer still ends the page's wait
  ordersLater.delete(job);
  // without them the page sorts for itself, so a failure here is no reason to end the worker
  try {
    const orders = later.map((make) => make());
    scope.postMessage({ type: 'orders', job, orders } satisfies WorkerReply, orders.flatMap((m) => [...m.values()].map((a) => a.buffer as ArrayBuffer)));
  } catch (err) {
    console.warn('profburst: the table orders were not prepared:', err);
    scope.postMessage({ type: 'orders', job, orders: [] } satisfies WorkerReply);
  }
}

/** Frames in slices of 5 000 (see FrameSlice): each slice is one short task on the page. */
function sendFrames(job: number, profile: number, frames: Frame[], known: Map<string, number>): void {
  for (const slice of frameSlices(frames, known, 5_000)) {
    const msg: WorkerReply = { type: 'frames', job, profile, ...slice };
    scope.postMessage(msg, [slice.name.buffer, slice.file.buffer, slice.line.buffer, slice.column.buffer] as ArrayBuffer[]);
  }
}

/** A plain .prof as a ByteSource over the File (see scansThroughWindow); any other file read whole. */
function readFile(file: Blob): Uint8Array | ByteSource {
  const reader = new FileReaderSync();
  const read = (offset: number, length: number) => new Uint8Array(reader.readAsArrayBuffer(file.slice(offset, offset + length)));
  if (!scansThroughWindow(read(0, 16))) return read(0, file.size);
  return { size: file.size, read };
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
const CRASH_MARKER = 'PROFBURST-TEST-CRASH';

function isCrashMarker(bytes: Uint8Array | ByteSource): boolean {
  // the marker is not a .prof, so it always arrives read whole
  if (!(bytes instanceof Uint8Array) || bytes.length !== CRASH_MARKER.length) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== CRASH_MARKER.charCodeAt(i)) return false;
  return true;
}

function crashForTests(): void {
  setTimeout(() => {
    throw new Error('PROFBURST-TEST-CRASH: the import worker was told to crash');
  });
}
