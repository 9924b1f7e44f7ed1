import type { Frame, Profile } from '../core/model';
import { sizeInWords } from '../core/io/tabLimit';
import { Channel, type Stop } from './channel';
import { appendSlice } from './frameSlices';
import { BIG_IMPORT_BYTES, type Prepared, type WorkerReply, type WorkerRequest } from './protocol';

export interface ImportError {
  message: string;
  format: string;
  where: string;
  /** set when the worker died or went silent, not when it refused the file */
  stopped?: Stop['kind'];
}

/** Silence that the loading banner reports, and silence after which the worker counts as stuck. */
export const QUIET_NOTICE_MS = 2000;
export const QUIET_LIMIT_MS = 30_000;

export type Progress = (phase: string, fraction: number) => void;

/** How long after its answer a big file's worker is ended, once the page is idle too (see BIG_IMPORT_BYTES). */
const LATE_RETIRE_MS = 1000;

/**
 * The page's side of the import worker, over a Channel (its ids are the protocol's jobs).
 * Cancelling terminates the worker (a parse in a tight loop cannot be interrupted any other way)
 * and the next job starts a fresh one; a worker that dies (out of memory, say) fails its jobs
 * with a message and is replaced the same way.
 */
export class ImportWorker {
  private readonly channel = new Channel<WorkerRequest, WorkerReply, ImportError>({
    start: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'profburst-import' }),
    idOf: (reply) => reply.job,
    error: (stop) => ({
      message: stop.kind === 'crashed' ? `the import worker crashed (${stop.message || 'out of memory?'}); it has been restarted`
        : stop.kind === 'cancelled' ? stop.message
          : stop.kind === 'silent' ? `the import worker stopped answering (nothing for ${Math.round(stop.ms / 1000)} s) and was stopped; the next file gets a new one`
            : 'the import worker stopped',
      format: '',
      where: '',
      stopped: stop.kind,
    }),
    quiet: { noticeMs: QUIET_NOTICE_MS, limitMs: QUIET_LIMIT_MS, onQuiet: (ms) => this.onQuiet(ms) },
  });

  /**
   * onPrepared hears of what the worker worked out beside each profile, before the profile is
   * handed over: the page keeps it (state/derived) without this layer knowing the page's caches.
   */
  constructor(
    private readonly onPrepared: (profile: Profile, prepared: Prepared) => void = () => {},
    /** how long the worker has been silent while importing (0 once it speaks again): see QUIET_NOTICE_MS */
    private readonly onQuiet: (silentMs: number) => void = () => {},
  ) {}

  /**
   * A File is sent as it is, for the worker to read; a download's pieces are moved there. A
   * worker that dies or goes silent on it fails with the file's size and what to try instead.
   */
  open(bytes: Uint8Array[] | Blob, name: string, onProgress: Progress): { job: number; result: Promise<Opened> } {
    const size = bytes instanceof Blob ? bytes.size : bytes.reduce((n, c) => n + c.length, 0);
    const transfer = bytes instanceof Blob ? [] : [...new Set(bytes.map((c) => c.buffer as ArrayBuffer))];
    const { id, result } = this.submit((job) => ({ type: 'open', job, bytes, name }), onProgress, transfer, size);
    return { job: id, result: mapRejection(result, (e: ImportError) => withAdvice(e, size)) };
  }

  /** Reads a file again with another event (callgrind's, pprof's sample types): `source` as `open` gave it. */
  reopen(source: Blob, name: string, event: number, onProgress: Progress): Promise<Opened> {
    return this.submit((job) => ({ type: 'open', job, bytes: source, name, event }), onProgress, [], source.size).result;
  }

  cancel(reason = 'cancelled'): void {
    this.channel.cancel(reason);
  }

  private submit(make: (job: number) => WorkerRequest, onProgress: Progress, transfer: Transferable[], size: number): { id: number; result: Promise<Opened> } {
    /** frames per profile, as their slices come, and the job's strings so far (FrameSlice) */
    const frames: Frame[][] = [];
    const strings: string[] = [];
    return this.channel.request<Opened>(make, {
      transfer,
      read: (reply) => {
        switch (reply.type) {
          case 'progress': return void onProgress(reply.phase, reply.fraction);
          case 'frames': return void appendSlice(reply, strings, (frames[reply.profile] ??= []));
          case 'error':
            // once this request has settled: a retire waits for no pending request
            queueMicrotask(() => this.retireIfIdle());
            return { error: { message: reply.message, format: reply.format, where: reply.where } };
          case 'done':
            // a worker that held a big file is ended a second later, when the page is idle:
            // ending it gives its memory back to the system from its own thread, and while a
            // gigabyte goes the page's thread waits on every fresh page of memory it touches (a
            // 70 ms stall in the task that shows a 1 GB file, bench/giga; touching 32 MB took 45-48 ms
            // beside a 1 GB worker's end, 18-31 ms without), here, the work that follows the chart
            if (size >= BIG_IMPORT_BYTES) setTimeout(() => whenIdle(() => this.retireIfIdle()), LATE_RETIRE_MS);
            else queueMicrotask(() => this.retireIfIdle());
            return { value: this.done(reply, frames) };
        }
      },
    });
  }

  /**
   * A worker with no request pending (it keeps nothing of a file, see WorkerReply 'done') is
   * ended, and the next file gets a fresh one: a worker's heap stays at its import's high-water
   * mark for as long as the worker lives (130 MB after a 100 MB .cpuprofile, 20 MiB after the
   * bench's 25 MB .prof, gone when it is ended). Ended at once, not after the chart: the page's
   * own peak comes while it draws the profile (bench, renderer peak for the 25 MB .prof: 87-94
   * MiB with the worker kept until idle, 72-73 MiB without).
   */
  private retireIfIdle(): void {
    // and a fresh one waits for the next file, started when the page is idle: starting it costs
    // the next file's open 50-100 ms otherwise (bench, 105 MB .cpuprofile), holding it a few MB
    if (this.channel.retire()) whenIdle(() => this.channel.standby());
  }

  private done(reply: Extract<WorkerReply, { type: 'done' }>, frames: Frame[][]): Opened {
    reply.profiles.forEach((profile, i) => {
      profile.frames = frames[i] ?? [];
      this.onPrepared(profile, reply.prepared[i]);
    });
    return { profiles: reply.profiles, source: reply.source };
  }
}

/** A file's profiles, and (for a file with several events) the file to read again with another one. */
export interface Opened {
  profiles: Profile[];
  source: Blob | null;
}

/** The same promise, its ImportError reworded (ImportErrors are records, not Errors, as the Channel rejects them). */
function mapRejection<T>(promise: Promise<T>, map: (e: ImportError) => ImportError): Promise<T> {
  const settle = { reject: (_: ImportError) => {} };
  const mapped = new Promise<T>((resolve, reject) => {
    settle.reject = reject;
    promise.then(resolve, (e: ImportError) => settle.reject(map(e)));
  });
  return mapped;
}

/** A crash or silence while reading a file: how big it was, and what to try. */
function withAdvice(error: ImportError, size: number): ImportError {
  if (error.stopped !== 'crashed' && error.stopped !== 'silent') return error;
  const advice = 'The open profile is kept. Try the file again; if it fails again, `profburst stats FILE` in a terminal reads it without a browser tab\'s limits, and `profburst convert FILE --to collapsed` makes a smaller file for this page.';
  return { ...error, message: `${error.message}, while reading ${sizeInWords(size)}. ${advice}` };
}

/** After the page has drawn what it was drawing (requestIdleCallback), or within 2 s. */
function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 500);
}
