import { afterEach, describe, expect, it, vi } from 'vitest';
import { Channel, type ChannelOptions, type Stop, type WorkerPort } from './channel';

// Vitest runs in Node, where there is no Web Worker: the channel is tested against a fake one that
// records what it is sent and lets the test answer, crash, or see whether it was terminated.

class FakeWorker implements WorkerPort {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly sent: { message: unknown; transfer: Transferable[] }[] = [];
  terminated = false;
  prevented = false;

  postMessage(message: unknown, transfer: Transferable[]): void {
    if (this.terminated) throw new Error('posted to a terminated worker');
    this.sent.push({ message, transfer });
  }

  terminate(): void {
    this.terminated = true;
  }

  /** The worker posts `data` to the page. */
  reply(data: unknown): void {
    this.onmessage?.({ data } as MessageEvent);
  }

  /** An uncaught error in the worker, as the browser reports it on the Worker object. */
  crash(message: string): void {
    this.onerror?.({ message, preventDefault: () => { this.prevented = true; } } as unknown as ErrorEvent);
  }
}

// A small protocol of the usual shape: requests and replies carry the id; `note` expects no reply.
type Request = { type: 'square'; id: number; n: number } | { type: 'note'; text: string };
type Reply =
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'done'; id: number; value: number }
  | { type: 'failed'; id: number; message: string }
  | { type: 'news'; text: string };

interface PageError {
  text: string;
}

function setup(extra: Partial<ChannelOptions<Reply, PageError>> = {}) {
  const workers: FakeWorker[] = [];
  const stops: Stop[] = [];
  const others: Reply[] = [];
  const channel = new Channel<Request, Reply, PageError>({
    start: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    idOf: (reply) => (reply.type === 'news' ? undefined : reply.id),
    error: (stop) => ({ text: stop.kind === 'crashed' ? `crashed: ${stop.message}` : stop.kind === 'cancelled' ? `cancelled: ${stop.message}` : `timed out after ${stop.ms} ms` }),
    onOther: (reply) => others.push(reply),
    onStop: (stop) => stops.push(stop),
    ...extra,
  });
  const progress: [number, number][] = [];
  const square = (n: number, options: { transfer?: Transferable[]; timeoutMs?: number } = {}) =>
    channel.request<number>((id) => ({ type: 'square', id, n }), {
      ...options,
      read: (reply) => {
        if (reply.type === 'progress') return void progress.push([reply.id, reply.fraction]);
        if (reply.type === 'failed') return { error: { text: reply.message } };
        if (reply.type === 'done') return { value: reply.value };
        return undefined;
      },
    });
  return { channel, workers, stops, others, progress, square };
}

/** Whether a promise has settled, without waiting for it. */
function state(p: Promise<unknown>): Promise<'pending' | 'resolved' | 'rejected'> {
  // a settled promise's handlers run before one queued after them
  return Promise.race([p.then(() => 'resolved' as const, () => 'rejected' as const), Promise.resolve().then(() => 'pending' as const)]);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Channel', () => {
  it('starts no worker until the first request, then one for all requests', () => {
    const { channel, workers, square } = setup();
    expect(workers).toHaveLength(0);
    expect(channel.running).toBe(false);
    square(2);
    square(3);
    expect(workers).toHaveLength(1);
    expect(channel.running).toBe(true);
    expect(workers[0].sent.map((s) => s.message)).toEqual([{ type: 'square', id: 1, n: 2 }, { type: 'square', id: 2, n: 3 }]);
  });

  it('retires an idle worker without failing anything; never one with a request pending', async () => {
    const { channel, workers, stops, square } = setup();
    const a = square(2);
    expect(channel.retire()).toBe(false);
    expect(workers[0].terminated).toBe(false);
    workers[0].reply({ type: 'done', id: a.id, value: 4 });
    await expect(a.result).resolves.toBe(4);
    expect(channel.retire()).toBe(true);
    expect(workers[0].terminated).toBe(true);
    expect(channel.running).toBe(false);
    expect(stops).toEqual([]);
    // nothing more to end; the next request gets a fresh worker
    expect(channel.retire()).toBe(false);
    const b = square(3);
    expect(workers).toHaveLength(2);
    workers[1].reply({ type: 'done', id: b.id, value: 9 });
    await expect(b.result).resolves.toBe(9);
  });

  it('standby starts a worker that the next request uses; none when one runs', async () => {
    const { channel, workers, square } = setup();
    channel.standby();
    expect(workers).toHaveLength(1);
    expect(workers[0].sent).toEqual([]);
    channel.standby();
    expect(workers).toHaveLength(1);
    const a = square(2);
    expect(workers).toHaveLength(1);
    workers[0].reply({ type: 'done', id: a.id, value: 4 });
    await expect(a.result).resolves.toBe(4);
  });

  it('matches replies to requests by id, in whatever order they come', async () => {
    const { workers, square, channel } = setup();
    const a = square(2);
    const b = square(3);
    const c = square(4);
    const [w] = workers;
    w.reply({ type: 'done', id: c.id, value: 16 });
    w.reply({ type: 'done', id: a.id, value: 4 });
    expect(await state(b.result)).toBe('pending');
    expect(channel.pendingCount).toBe(1);
    w.reply({ type: 'done', id: b.id, value: 9 });
    expect(await Promise.all([a.result, b.result, c.result])).toEqual([4, 9, 16]);
    expect(channel.pendingCount).toBe(0);
  });

  it('hands every reply to its request until one settles it (progress, then the value)', async () => {
    const { workers, square, progress } = setup();
    const a = square(5);
    const b = square(6);
    const [w] = workers;
    w.reply({ type: 'progress', id: a.id, fraction: 0.5 });
    w.reply({ type: 'progress', id: b.id, fraction: 0.25 });
    w.reply({ type: 'progress', id: a.id, fraction: 1 });
    expect(await state(a.result)).toBe('pending');
    w.reply({ type: 'done', id: a.id, value: 25 });
    expect(await a.result).toBe(25);
    expect(progress).toEqual([[a.id, 0.5], [b.id, 0.25], [a.id, 1]]);
    // a reply for a request already settled answers nothing
    w.reply({ type: 'done', id: a.id, value: -1 });
    w.reply({ type: 'done', id: b.id, value: 36 });
    expect(await b.result).toBe(36);
  });

  it('maps the worker\'s error reply to the page\'s error and keeps the worker', async () => {
    const { workers, square, channel } = setup();
    const a = square(1);
    workers[0].reply({ type: 'failed', id: a.id, message: 'not a number' });
    await expect(a.result).rejects.toEqual({ text: 'not a number' });
    expect(channel.running).toBe(true);
    expect(workers[0].terminated).toBe(false);
  });

  it('passes the transfer list on with the message', () => {
    const { workers, square, channel } = setup();
    const buffer = new ArrayBuffer(8);
    square(7, { transfer: [buffer] });
    channel.post({ type: 'note', text: 'x' }, [buffer]);
    expect(workers[0].sent[0].transfer).toEqual([buffer]);
    expect(workers[0].sent[0].transfer[0]).toBe(buffer);
    expect(workers[0].sent[1]).toEqual({ message: { type: 'note', text: 'x' }, transfer: [buffer] });
    square(8);
    expect(workers[0].sent[2].transfer).toEqual([]);
  });

  it('sends replies that answer no request to onOther', () => {
    const { workers, square, others } = setup();
    square(1);
    workers[0].reply({ type: 'news', text: 'rows' });
    expect(others).toEqual([{ type: 'news', text: 'rows' }]);
  });

  it('cancel rejects every pending request, ends the worker, and the next request starts a fresh one', async () => {
    const { workers, square, channel, stops } = setup();
    const a = square(2);
    const b = square(3);
    channel.cancel('the user cancelled');
    await expect(a.result).rejects.toEqual({ text: 'cancelled: the user cancelled' });
    await expect(b.result).rejects.toEqual({ text: 'cancelled: the user cancelled' });
    expect(workers[0].terminated).toBe(true);
    expect(channel.running).toBe(false);
    expect(channel.pendingCount).toBe(0);
    expect(stops).toEqual([{ kind: 'cancelled', message: 'the user cancelled' }]);
    const c = square(4);
    expect(workers).toHaveLength(2);
    // ids go on counting: a reply meant for an old request can never answer a new one
    expect(c.id).toBe(3);
    workers[1].reply({ type: 'done', id: c.id, value: 16 });
    expect(await c.result).toBe(16);
  });

  it('a crash rejects every pending request with the mapped error, once, and the next request starts a fresh worker', async () => {
    const { workers, square, channel, stops } = setup();
    const a = square(2);
    const b = square(3);
    workers[0].crash('out of memory');
    expect(workers[0].prevented).toBe(true); // handled: not an uncaught error of the page
    expect(workers[0].terminated).toBe(true);
    await expect(a.result).rejects.toEqual({ text: 'crashed: out of memory' });
    await expect(b.result).rejects.toEqual({ text: 'crashed: out of memory' });
    expect(stops).toEqual([{ kind: 'crashed', message: 'out of memory' }]);
    expect(channel.running).toBe(false);
    const c = square(5);
    expect(workers).toHaveLength(2);
    expect(workers[1].sent.map((s) => s.message)).toEqual([{ type: 'square', id: c.id, n: 5 }]);
    workers[1].reply({ type: 'done', id: c.id, value: 25 });
    expect(await c.result).toBe(25);
  });

  it('ignores messages and errors from a worker already replaced', async () => {
    const { workers, square, stops } = setup();
    const a = square(2);
    workers[0].crash('first');
    await expect(a.result).rejects.toBeTruthy();
    const b = square(3);
    // the old worker's queued reply and a late error reach nothing
    workers[0].reply({ type: 'done', id: b.id, value: -1 });
    workers[0].crash('late');
    expect(stops).toHaveLength(1);
    expect(await state(b.result)).toBe('pending');
    workers[1].reply({ type: 'done', id: b.id, value: 9 });
    expect(await b.result).toBe(9);
  });

  it('a request not settled in time stops the worker, failing all pending', async () => {
    vi.useFakeTimers();
    const { workers, square, stops } = setup();
    const slow = square(2, { timeoutMs: 1000 });
    const other = square(3);
    const done = square(4, { timeoutMs: 1000 });
    workers[0].reply({ type: 'done', id: done.id, value: 16 });
    expect(await done.result).toBe(16);
    vi.advanceTimersByTime(999);
    expect(await state(slow.result)).toBe('pending');
    vi.advanceTimersByTime(1);
    await expect(slow.result).rejects.toEqual({ text: 'timed out after 1000 ms' });
    await expect(other.result).rejects.toEqual({ text: 'timed out after 1000 ms' });
    expect(workers[0].terminated).toBe(true);
    // the settled request's timer was cleared: it stopped nothing
    expect(stops).toEqual([{ kind: 'timed out', ms: 1000 }]);
  });

  it('a settled request\'s time-out never fires', () => {
    vi.useFakeTimers();
    const { workers, square, stops } = setup();
    const a = square(2, { timeoutMs: 1000 });
    workers[0].reply({ type: 'done', id: a.id, value: 4 });
    vi.advanceTimersByTime(5000);
    expect(stops).toEqual([]);
    expect(workers[0].terminated).toBe(false);
  });

  it('postIfRunning tells only a running worker; post starts one', async () => {
    const { workers, channel, square } = setup();
    expect(channel.postIfRunning({ type: 'note', text: 'forget' })).toBe(false);
    expect(workers).toHaveLength(0);
    const a = square(1);
    expect(channel.postIfRunning({ type: 'note', text: 'forget' })).toBe(true);
    expect(workers[0].sent.at(-1)?.message).toEqual({ type: 'note', text: 'forget' });
    channel.cancel('x');
    await expect(a.result).rejects.toEqual({ text: 'cancelled: x' });
    expect(channel.postIfRunning({ type: 'note', text: 'again' })).toBe(false);
    channel.post({ type: 'note', text: 'add' });
    expect(workers).toHaveLength(2);
    expect(workers[1].sent).toEqual([{ message: { type: 'note', text: 'add' }, transfer: [] }]);
  });

  it('a message that cannot be sent rejects its request and leaves nothing pending', async () => {
    const { workers, channel } = setup({
      start: () => {
        const w = new FakeWorker();
        w.postMessage = () => { throw new Error('could not be cloned'); };
        workers.push(w);
        return w;
      },
    });
    const a = channel.request<number>((id) => ({ type: 'square', id, n: 1 }), { read: () => undefined, timeoutMs: 1000 });
    await expect(a.result).rejects.toThrow('could not be cloned');
    expect(channel.pendingCount).toBe(0);
  });
});
