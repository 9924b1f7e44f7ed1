/// <reference lib="webworker" />
import { ProfileFormatError } from '../core/errors';
import { importProfiles } from '../core/formats';
import { transferablesOf, type WorkerReply, type WorkerRequest } from './protocol';

// The only place the page's bytes are parsed. The bytes of a file with several events are kept
// per job so that picking another callgrind event re-reads them here, without sending them again.
const kept = new Map<number, { bytes: Uint8Array; name: string }>();
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const msg = e.data;
  if (msg.type === 'forget') {
    kept.delete(msg.source);
    return;
  }
  let bytes: Uint8Array;
  let name: string;
  let event: number | undefined;
  if (msg.type === 'open') {
    bytes = new Uint8Array(msg.bytes);
    name = msg.name;
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

function run(job: number, bytes: Uint8Array, name: string, event: number | undefined): void {
  let lastReport = 0;
  const onProgress = (fraction: number) => {
    const now = performance.now();
    if (now - lastReport < 50 && fraction < 1) return;
    lastReport = now;
    reply({ type: 'progress', job, phase: 'parsing', fraction });
  };
  try {
    reply({ type: 'progress', job, phase: 'parsing', fraction: 0 });
    const profiles = importProfiles(bytes, { name, onProgress, event });
    // only a file with several events is read again; any other's bytes can go now
    if (event === undefined && profiles.every((p) => p.events.length <= 1)) kept.delete(job);
    const done: WorkerReply = { type: 'done', job, profiles };
    scope.postMessage(done, transferablesOf(profiles));
  } catch (err) {
    if (err instanceof ProfileFormatError) {
      reply({ type: 'error', job, message: err.message, format: err.format, where: err.where });
    } else {
      // not a format problem we foresaw: still say which file, and keep the page alive
      const message = err instanceof RangeError ? `the file is too big or too deep to read (${err.message})` : `could not read the file: ${String(err)}`;
      reply({ type: 'error', job, message, format: '', where: '' });
    }
  }
}

function reply(msg: WorkerReply): void {
  scope.postMessage(msg);
}

// ---- test-only: the browser tests need a worker that dies, to see the page report and replace it.
// A file whose bytes are exactly this marker (no profile is) makes the worker throw an uncaught
// error outside any handler, as a crash or an out-of-memory would end it. Nothing else changes:
// the page's handling of a dead worker is what is under test.
const CRASH_MARKER = 'PROFBURST-TEST-CRASH';

function isCrashMarker(bytes: Uint8Array): boolean {
  if (bytes.length !== CRASH_MARKER.length) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== CRASH_MARKER.charCodeAt(i)) return false;
  return true;
}

function crashForTests(): void {
  setTimeout(() => {
    throw new Error('PROFBURST-TEST-CRASH: the import worker was told to crash');
  });
}
