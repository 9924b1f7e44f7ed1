/**
 * The page's one way of asking a Web Worker for something: every worker client (import, list,
 * transform, timeline, refine, invert) is a thin layer over a Channel.
 *
 * A Channel is typed by its protocol: `Request` and `Reply`, the messages each way as the
 * protocol file declares them (their wire shape stays the worker's own), and `E`, the error the
 * page's callers get (ImportError, Error, a string). It gives each request an id, keeps a promise
 * per request until the reply that ends it, passes transfer lists on, starts the worker on first
 * use, and stops it on a crash, a cancel or a time-out: every pending request is then rejected
 * with the page's error and the next request starts a fresh worker. Ids never restart, so a
 * reply can never be mistaken for another request's.
 */

/** What a Channel needs of a Worker (a fake one in tests). */
export interface WorkerPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** Why a worker was stopped: its pending requests are rejected with the protocol's error for this. */
export type Stop =
  /** it died (an uncaught error, out of memory); `message` is the browser's, often empty */
  | { kind: 'crashed'; message: string }
  /** the page cancelled, with its reason */
  | { kind: 'cancelled'; message: string }
  /** a request took longer than its `timeoutMs` */
  | { kind: 'timed out'; ms: number }
  /** the worker sent nothing for `ms` while requests were pending (see ChannelOptions.quiet) */
  | { kind: 'silent'; ms: number };

/** How one reply ends its request: with a value or an error; undefined when more replies follow (progress, slices). */
export type Settled<V, E> = { value: V } | { error: E } | undefined;

export interface ChannelOptions<Reply, E> {
  /**
   * Starts the worker. Written at the client as `() => new Worker(new URL('./x.worker.ts',
   * import.meta.url), …)`: Vite finds and bundles the worker by that literal form.
   */
  start: () => WorkerPort;
  /** the id of the request a reply belongs to; undefined for a message that answers none (see onOther) */
  idOf: (reply: Reply) => number | undefined;
  /** the page's error for a request the worker will not answer */
  error: (stop: Stop) => E;
  /** replies that belong to no pending request (rows as they are read, orders prepared later) */
  onOther?: (reply: Reply) => void;
  /** after a stop, once, with the pending requests rejected: what the worker held is gone */
  onStop?: (stop: Stop) => void;
  /**
   * A heartbeat, for workers that report progress while they work: with requests pending and no
   * message for `noticeMs`, `onQuiet(ms)` is told how long it has been silent (every quarter
   * second, then once with 0 when it speaks again); after `limitMs` it is stopped as 'silent'. A
   * worker cannot answer a ping in the middle of a parse, so its progress replies are the beat.
   */
  quiet?: { noticeMs: number; limitMs: number; onQuiet: (silentMs: number) => void };
}

export interface RequestOptions<Reply, V, E> {
  /** each reply to the request in turn, until one settles it */
  read: (reply: Reply) => Settled<V, E>;
  /** buffers to move to the worker rather than copy */
  transfer?: Transferable[];
  /** stops the worker (failing every pending request) if this one is not settled in time */
  timeoutMs?: number;
}

interface Pending<Reply, E> {
  read: (reply: Reply) => Settled<unknown, E>;
  resolve: (value: unknown) => void;
  reject: (error: E) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class Channel<Request, Reply, E> {
  private worker: WorkerPort | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending<Reply, E>>();
  /** when the worker last spoke, or the first pending request was sent */
  private lastHeard = 0;
  private quietTimer: ReturnType<typeof setInterval> | undefined;
  private noticed = false;

  constructor(private readonly options: ChannelOptions<Reply, E>) {}

  /** Whether a worker is running now (none before the first request and after a stop). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Requests still waiting for their last reply. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Sends the request `make(id)` and returns its id (a protocol may name it later, as the import
   * worker's `event` names the job whose file it re-reads) and the promise of its result.
   */
  request<V>(make: (id: number) => Request, options: RequestOptions<Reply, V, E>): { id: number; result: Promise<V> } {
    const id = this.nextId++;
    const worker = this.ensure();
    if (this.pending.size === 0) this.lastHeard = Date.now();
    const result = new Promise<V>((resolve, reject) => {
      const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => this.stop({ kind: 'timed out', ms: options.timeoutMs! }), options.timeoutMs);
      this.pending.set(id, { read: options.read, resolve: resolve as (value: unknown) => void, reject, timer });
      this.listen();
      try {
        worker.postMessage(make(id), options.transfer ?? []);
      } catch (e) {
        // not sent (a message that cannot be cloned): the promise rejects with the browser's error
        this.pending.delete(id);
        clearTimeout(timer);
        throw e;
      }
    });
    return { id, result };
  }

  /** A message that expects no reply; starts the worker if none runs. */
  post(message: Request, transfer: Transferable[] = []): void {
    this.ensure().postMessage(message, transfer);
  }

  /** A message for the running worker only (to forget what it holds): none runs, nothing to tell. */
  postIfRunning(message: Request): boolean {
    this.worker?.postMessage(message, []);
    return this.worker !== null;
  }

  /**
   * Ends a worker that has nothing left to do, so that its heap goes with it: V8 keeps a
   * worker's heap at its high-water mark long after an import (130 MB after a 100 MB
   * .cpuprofile). Only when no request is pending; the next request starts a fresh worker.
   * True when a worker was ended.
   */
  retire(): boolean {
    if (!this.worker || this.pending.size > 0) return false;
    this.worker.terminate();
    this.worker = null;
    return true;
  }

  /**
   * Starts a worker now if none runs, for the next request to find it ready: a worker's start
   * (a fresh V8 isolate, its module fetched and compiled) is otherwise paid after the user chose
   * a file. A worker started so holds only its code until a request comes.
   */
  standby(): void {
    this.ensure();
  }

  /** Ends the worker (a parse in a tight loop cannot be interrupted any other way); pending requests fail. */
  cancel(message: string): void {
    this.stop({ kind: 'cancelled', message });
  }

  private ensure(): WorkerPort {
    if (this.worker) return this.worker;
    const worker = this.options.start();
    // a worker already replaced may still have messages queued: they answer nothing now
    worker.onmessage = (e) => {
      if (this.worker === worker) this.receive(e.data as Reply);
    };
    worker.onerror = (e) => {
      // handled here: the page reports it in words, it is not an uncaught error of the page's
      e.preventDefault();
      if (this.worker === worker) this.stop({ kind: 'crashed', message: e.message ?? '' });
    };
    this.worker = worker;
    return worker;
  }

  private receive(reply: Reply): void {
    this.lastHeard = Date.now();
    if (this.noticed) {
      this.noticed = false;
      this.options.quiet?.onQuiet(0);
    }
    const id = this.options.idOf(reply);
    const p = id === undefined ? undefined : this.pending.get(id);
    if (!p) {
      if (id === undefined) this.options.onOther?.(reply);
      return;
    }
    const settled = p.read(reply);
    if (!settled) return;
    this.pending.delete(id!);
    clearTimeout(p.timer);
    this.listen();
    if ('error' in settled) p.reject(settled.error);
    else p.resolve(settled.value);
  }

  /** The heartbeat's timer runs exactly while requests are pending. */
  private listen(): void {
    const quiet = this.options.quiet;
    if (!quiet) return;
    if (this.pending.size === 0) {
      clearInterval(this.quietTimer);
      this.quietTimer = undefined;
      if (this.noticed) quiet.onQuiet(0);
      this.noticed = false;
      return;
    }
    this.quietTimer ??= setInterval(() => {
      const silent = Date.now() - this.lastHeard;
      if (silent >= quiet.limitMs) return this.stop({ kind: 'silent', ms: silent });
      if (silent < quiet.noticeMs) return;
      this.noticed = true;
      quiet.onQuiet(silent);
    }, 250);
  }

  private stop(stop: Stop): void {
    this.worker?.terminate();
    this.worker = null;
    const failed = [...this.pending.values()];
    this.pending.clear();
    this.listen();
    for (const p of failed) {
      clearTimeout(p.timer);
      p.reject(this.options.error(stop));
    }
    this.options.onStop?.(stop);
  }
}
