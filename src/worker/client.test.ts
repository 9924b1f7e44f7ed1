import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Frame, Profile } from '../core/model';
import { ImportWorker } from './client';
import { frameSlices } from './frameSlices';
import type { Prepared, WorkerReply } from './protocol';

// The import client over its Channel, with the global Worker replaced by a fake (Node has none):
// what the page sees of a job (progress, frames put back together, prepared data, table orders
// asked for when idle) and of a cancel or a crash.

class FakeWorker {
  static all: FakeWorker[] = [];
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly sent: unknown[] = [];
  terminated = false;

  constructor(readonly url: URL, readonly options: WorkerOptions) {
    FakeWorker.all.push(this);
  }

  postMessage(message: unknown): void {
    this.sent.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  reply(data: WorkerReply): void {
    this.onmessage?.({ data } as MessageEvent);
  }

  crash(message: string): void {
    this.onerror?.({ message, preventDefault: () => {} } as unknown as ErrorEvent);
  }
}

function profile(): Profile {
  return {
    format: 'cpuprofile', name: 'p', unit: { name: 'ms', kind: 'time', seconds: 0.001 }, total: 1, frames: [],
    tree: { size: 1, parent: new Int32Array([-1]), frame: new Int32Array([0]), self: new Float64Array(1), total: new Float64Array(1) },
    functions: { ncalls: null, primcalls: null, self: new Float64Array(2), total: new Float64Array(2) },
    graph: null, events: [], event: 0,
  } as unknown as Profile;
}

function prepared(): Prepared {
  return { cumtime: new Int32Array(0), tottime: new Int32Array(0), sizes: new Int32Array(1), packages: [] };
}

beforeEach(() => {
  FakeWorker.all = [];
  vi.stubGlobal('Worker', FakeWorker);
  vi.useFakeTimers();
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('ImportWorker', () => {
  it('reports progress, puts the frames back together, hands over prepared data, and ends the worker at once', async () => {
    const kept: [Profile, Prepared][] = [];
    const client = new ImportWorker((p, prep) => kept.push([p, prep]));
    const steps: [string, number][] = [];
    const chunk = new Uint8Array([1, 2, 3]);
    const { job, result } = client.open([chunk], 'a.cpuprofile', (phase, fraction) => steps.push([phase, fraction]));
    const [w] = FakeWorker.all;
    expect(w.options.name).toBe('profburst-import');
    expect(w.sent).toEqual([{ type: 'open', job, bytes: [chunk], name: 'a.cpuprofile' }]);

    const frames: Frame[] = [{ name: 'main', file: 'a.js', line: 1, column: 2 }, { name: 'f', file: 'a.js', line: 5, column: 0 }];
    const known = new Map<string, number>();
    w.reply({ type: 'progress', job, phase: 'parsing', fraction: 0.5 });
    for (const slice of frameSlices(frames, known, 1)) w.reply({ type: 'frames', job, profile: 0, ...slice });
    const p = profile();
    const prep = prepared();
    w.reply({ type: 'done', job, profiles: [p], prepared: [prep], source: null });
    const { profiles, source } = await result;
    expect(source).toBeNull();
    expect(steps).toEqual([['parsing', 0.5]]);
    expect(profiles).toEqual([p]);
    expect(profiles[0].frames).toEqual(frames);
    expect(kept).toEqual([[p, prep]]);

    // it was sent nothing more, and keeps nothing now: it is ended, its heap with it, and the next file gets a fresh worker,
    // started once the page is idle so that the file does not wait for it; it is sent nothing
    expect(w.sent).toHaveLength(1);
    expect(w.terminated).toBe(true);
    expect(FakeWorker.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeWorker.all).toHaveLength(2);
    const spare = FakeWorker.all[1];
    expect(spare.terminated).toBe(false);
    expect(spare.sent).toEqual([]);
    const next = client.open(new Blob(['y']), 'b.prof', () => {});
    expect(FakeWorker.all).toHaveLength(2);
    expect(spare.sent).toEqual([{ type: 'open', job: next.job, bytes: expect.any(Blob), name: 'b.prof' }]);
  });

  it('ends the worker of a file of 256 MiB or more a second after its answer, not at once', async () => {
    // its end gives a gigabyte back from its thread, which stalls the page's while it renders
    const big = Object.create(Blob.prototype, { size: { value: 300 << 20 } }) as Blob;
    const client = new ImportWorker();
    const { job, result } = client.open(big, 'giga.cpuprofile', () => {});
    const [w] = FakeWorker.all;
    w.reply({ type: 'done', job, profiles: [profile()], prepared: [prepared()], source: null });
    await result;
    await vi.advanceTimersByTimeAsync(900);
    expect(w.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(2100); // the second, then the page's idle time (a timer without requestIdleCallback)
    expect(w.terminated).toBe(true);
    // a small file's worker goes at once, as before
    const small = client.open(new Blob(['x']), 'a.prof', () => {});
    const w2 = FakeWorker.all[FakeWorker.all.length - 1];
    w2.reply({ type: 'done', job: small.job, profiles: [profile()], prepared: [prepared()], source: null });
    await small.result;
    await Promise.resolve();
    expect(w2.terminated).toBe(true);
  });

  it('keeps the worker while another job is pending; a re-read sends the file again', async () => {
    const client = new ImportWorker();
    const first = client.open(new Blob(['x']), 'a.callgrind', () => {});
    const second = client.open(new Blob(['y']), 'b.prof', () => {});
    const [w] = FakeWorker.all;
    const file = new Blob(['x']);
    w.reply({ type: 'done', job: first.job, profiles: [profile()], prepared: [prepared()], source: file });
    expect((await first.result).source).toBe(file);
    // the second file is still being read by this worker
    expect(w.terminated).toBe(false);
    const third = client.reopen(file, 'a.callgrind', 1, () => {});
    expect(w.sent.at(-1)).toEqual({ type: 'open', job: expect.any(Number), bytes: file, name: 'a.callgrind', event: 1 });
    w.reply({ type: 'error', job: second.job, message: 'not a profile', format: 'pstats', where: 'byte 0' });
    await expect(second.result).rejects.toMatchObject({ message: 'not a profile' });
    // the re-read still waits on this worker
    expect(w.terminated).toBe(false);
    w.reply({ type: 'error', job: second.job + 1, message: 'no such event', format: 'callgrind', where: '' });
    await expect(third).rejects.toMatchObject({ message: 'no such event' });
    expect(w.terminated).toBe(true);
    expect(FakeWorker.all).toHaveLength(1);
  });

  it('passes a worker error reply on as the page\'s ImportError', async () => {
    const client = new ImportWorker();
    const { job, result } = client.open(new Blob(['x']), 'b.prof', () => {});
    FakeWorker.all[0].reply({ type: 'error', job, message: 'not a profile', format: 'pstats', where: 'byte 3' });
    await expect(result).rejects.toEqual({ message: 'not a profile', format: 'pstats', where: 'byte 3' });
  });

  it('a crash fails the job with the message the page shows, and the next job gets a new worker', async () => {
    const client = new ImportWorker();
    const first = client.open(new Blob(['x']), 'crash.cpuprofile', () => {});
    const again = client.reopen(new Blob(['x']), 'crash.cpuprofile', 1, () => {});
    FakeWorker.all[0].crash('');
    const crashed = 'the import worker crashed (out of memory?); it has been restarted';
    // the file's job says how big the file was and what to try; the re-read names no size
    await expect(first.result).rejects.toMatchObject({ stopped: 'crashed', message: expect.stringMatching(/^the import worker crashed \(out of memory\?\); it has been restarted, while reading 1 bytes\. The open profile is kept\. .*profburst stats FILE/) });
    await expect(again).rejects.toEqual({ message: crashed, format: '', where: '', stopped: 'crashed' });
    expect(FakeWorker.all[0].terminated).toBe(true);
    expect(FakeWorker.all).toHaveLength(1);
    const next = client.open(new Blob(['y']), 'c.cpuprofile', () => {});
    expect(FakeWorker.all).toHaveLength(2);
    expect(next.job).toBeGreaterThan(first.job);
  });

  it('a worker that goes silent while importing is reported after 2 s and stopped after 30 s, with the file\'s size', async () => {
    const quiet: number[] = [];
    const client = new ImportWorker(undefined, (ms) => quiet.push(ms));
    const blob = new Blob([new Uint8Array(3 << 20)]);
    const { job, result } = client.open(blob, 'stuck.callgrind', () => {});
    const failed = result.catch((e: unknown) => e);
    const [w] = FakeWorker.all;
    // progress every second is a heartbeat: nothing to report
    for (let t = 0; t < 5; t++) {
      vi.advanceTimersByTime(1000);
      w.reply({ type: 'progress', job, phase: 'parsing', fraction: t / 10 });
    }
    expect(quiet).toEqual([]);
    // then silence: the page hears of it within 2 s (and each quarter second after)
    vi.advanceTimersByTime(2000);
    expect(quiet.length).toBeGreaterThan(0);
    expect(quiet[0]).toBeGreaterThanOrEqual(2000);
    expect(quiet[0]).toBeLessThan(2300);
    // speaking again clears it
    w.reply({ type: 'progress', job, phase: 'parsing', fraction: 0.6 });
    expect(quiet.at(-1)).toBe(0);
    expect(w.terminated).toBe(false);
    // 30 s of silence: stopped, the job failed in words, the next file gets a new worker
    vi.advanceTimersByTime(30_000);
    expect(w.terminated).toBe(true);
    const e = (await failed) as { message: string; stopped: string };
    expect(e.stopped).toBe('silent');
    expect(e.message).toMatch(/^the import worker stopped answering \(nothing for 30 s\) .* while reading 3 MiB\. The open profile is kept/);
    expect(quiet.at(-1)).toBe(0);
    client.open(new Blob(['y']), 'next.prof', () => {});
    expect(FakeWorker.all).toHaveLength(2);
  });

  it('no heartbeat is expected when no job is pending', () => {
    const quiet: number[] = [];
    const client = new ImportWorker(undefined, (ms) => quiet.push(ms));
    const { job, result } = client.open(new Blob(['x']), 'a.prof', () => {});
    result.catch(() => {});
    FakeWorker.all[0].reply({ type: 'error', job, message: 'not a profile', format: 'pstats', where: 'byte 0' });
    vi.advanceTimersByTime(60_000);
    expect(quiet).toEqual([]);
    expect(FakeWorker.all[0].terminated).toBe(false);
  });

  it('cancel fails the job with its reason, ends the worker, and the next job gets a new one', async () => {
    const client = new ImportWorker();
    const slow = client.open(new Blob(['y']), 'b', () => {});
    const [w] = FakeWorker.all;
    client.cancel('stopped by the user');
    await expect(slow.result).rejects.toEqual({ message: 'stopped by the user', format: '', where: '', stopped: 'cancelled' });
    expect(w.terminated).toBe(true);
    const next = client.open(new Blob(['z']), 'c', () => {});
    expect(FakeWorker.all).toHaveLength(2);
    expect(FakeWorker.all[1].sent).toEqual([{ type: 'open', job: next.job, bytes: expect.any(Blob), name: 'c' }]);
  });
});
