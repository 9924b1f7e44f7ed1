import type { IncomingMessage, ServerResponse } from 'node:http';
import { Session } from 'node:inspector/promises';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `profburst/node`: profile each request of a Node HTTP handler into a .cpuprofile, as the
 * cProfile decorator does for Python handlers: `prof/<name>.cpuprofile`, overwritten by every
 * request, which `profburst --watch prof/` shows as it changes.
 *
 * How: node:inspector's Profiler (the same V8 sampler as `node --cpu-prof`) is started when a
 * request comes in and stopped when its response finishes or the connection closes.
 * One at a time: the V8 profiler samples the whole thread, not one request, so a request that
 * arrives while another is being profiled runs unprofiled (it is never delayed). Work of other
 * requests that overlaps in time does show up in the profile being taken.
 * Files are written to a temporary name and renamed, so a watcher never reads half a profile.
 * Errors while profiling are passed to `onError` (default: one console.warn); the handler's
 * own behaviour never changes.
 */
export interface ProfileRequestsOptions {
  /** folder for the files; created when missing. Default `prof` */
  dir?: string;
  /** the file name (without .cpuprofile): a fixed name, or one per request. Default: the handler's name */
  name?: string | ((req: IncomingMessage) => string);
  /** add a timestamp and counter to each file name instead of overwriting one file */
  unique?: boolean;
  /** V8 sampling interval in microseconds. Default 100 */
  samplingInterval?: number;
  /** called with the path of each profile written */
  onProfile?: (path: string) => void;
  onError?: (error: unknown) => void;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;
type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => unknown;

export function profileRequests<H extends Handler | Middleware>(handler: H, options: ProfileRequestsOptions = {}): H {
  const dir = options.dir ?? 'prof';
  const interval = options.samplingInterval ?? 100;
  const onError = options.onError ?? ((e: unknown) => console.warn(`profburst/node: ${e instanceof Error ? e.message : String(e)}`));
  const fixedName = typeof options.name === 'string' ? options.name : handler.name || 'handler';
  let session: Session | null = null;
  let busy = false;
  let counter = 0;

  const begin = async (): Promise<void> => {
    if (!session) {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
    }
    await session.post('Profiler.setSamplingInterval', { interval });
    await session.post('Profiler.start');
  };

  const end = async (name: string): Promise<string> => {
    const { profile } = await session!.post('Profiler.stop');
    await mkdir(dir, { recursive: true });
    const stamp = options.unique ? `.${Date.now()}-${++counter}` : '';
    const file = `${safeName(name)}${stamp}.cpuprofile`;
    const path = join(dir, file);
    const temp = join(dir, `.${file}.${process.pid}.tmp`); // hidden: `profburst --watch DIR` never lists it
    await writeFile(temp, JSON.stringify(profile));
    await rename(temp, path);
    return path;
  };

  const wrapped = function (this: unknown, req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): unknown {
    const run = () => handler.call(this, req, res, next as (err?: unknown) => void);
    if (busy) return run();
    busy = true;
    const name = typeof options.name === 'function' ? options.name(req) : fixedName;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      // free for the next request before telling anyone, so a caller reacting to onProfile is profiled
      end(name).then(
        (path) => {
          busy = false;
          try {
            options.onProfile?.(path);
          } catch (e) {
            onError(e);
          }
        },
        (e: unknown) => { busy = false; onError(e); },
      );
    };
    // the handler runs only once the profiler runs, so its first milliseconds are in the profile
    // a named function: it is the frame above the handler in every profile
    const profiledRequest = () => {
      res.once('finish', finish);
      res.once('close', finish);
      return run();
    };
    return begin().then(
      profiledRequest,
      (e: unknown) => {
        busy = false;
        onError(e);
        return run();
      },
    );
  };
  // keep the arity: Express and connect tell middleware (3 arguments) from handlers (2) by it
  Object.defineProperty(wrapped, 'length', { value: handler.length });
  Object.defineProperty(wrapped, 'name', { value: handler.name });
  return wrapped as unknown as H;
}

/** a file name from a handler name or route: no separators, no leading dots, not too long */
function safeName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 100);
  return clean || 'handler';
}
