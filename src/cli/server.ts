import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { watchPaths, type Watcher } from './fileWatch';
import { isProfileFile, listProfiles, profilePath } from './profileFiles';
import { realRoots } from './sourceFiles';
import { answerSource, SOURCE_PATH } from './sourceRequest';
import { EventStream } from './sse';
import { contentType, resolveInside } from './staticFiles';

/**
 * The local server behind `profburst FILE...` and `profburst DIR`. It answers only:
 *  - the viewer's built files under `distRoot`;
 *  - the named files at /profiles/<n>/<encodeURIComponent(basename)>, looked up by index (a
 *    request path never becomes a file path), or in folder mode /profiles/dir/<name>, a plain
 *    name directly inside the folder (see profileFiles.ts);
 *  - /__profburst/list (folder mode) and /__profburst/events (with watch);
 *  - /__profburst/source?profile=&file=: a source file a served profile names, found under the
 *    source roots and only there (sourceRequest.ts, sourceFiles.ts).
 * GET and HEAD only. A Host header naming anything but this machine is refused unless --host
 * opened the server to the network: a web page cannot read the profiles through DNS rebinding.
 * Nothing is ever sent anywhere; the server only answers.
 */
export interface ServeOptions {
  distRoot: string;
  /** named files, or one folder with `dir` */
  files?: string[];
  dir?: string;
  /** the folders source files are served from (`--source-root`); none: no source is served */
  sourceRoots: string[];
  host?: string;
  port?: number;
  watch?: boolean;
  /** for tests: fs.watch debounce and poll period */
  debounceMs?: number;
  pollMs?: number;
  onChange?: (url: string) => void;
}

export interface RunningServer {
  /** http://host:port, no trailing slash */
  origin: string;
  /** what the page should open first: each named file, or the folder's newest */
  profileUrls: string[];
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const files = (options.files ?? []).map((f) => resolve(f));
  const realDir = options.dir ? await realpath(options.dir) : null;
  const sourceRoots = await realRoots(options.sourceRoots);
  const events = new EventStream();
  let watcher: Watcher | null = null;
  const anyHost = host === '0.0.0.0' || host === '::';

  const hostAllowed = (header: string | undefined): boolean => {
    if (anyHost || header === undefined) return true;
    const name = header.replace(/:\d+$/, '').toLowerCase();
    return LOOPBACK.has(name) || name === host.toLowerCase() || `[${host.toLowerCase()}]` === name;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (!hostAllowed(req.headers.host)) return send(req, res, 403, 'forbidden: unexpected Host header\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(req, res, 405, 'method not allowed\n');
    }
    const raw = req.url ?? '/';
    if (!raw.startsWith('/')) return send(req, res, 400, 'bad request\n');
    const path = raw.split(/[?#]/, 1)[0];

    if (path === '/__profburst/events' && options.watch) return events.add(req, res);
    if (path === '/__profburst/list' && realDir) {
      return send(req, res, 200, JSON.stringify(await listProfiles(realDir)), 'application/json; charset=utf-8', true);
    }
    if (path === SOURCE_PATH) {
      const query = /\?([^#]*)/.exec(raw)?.[1] ?? '';
      const answer = await answerSource(query, profileFile, sourceRoots);
      return send(req, res, answer.status, answer.body, 'text/plain; charset=utf-8', true);
    }
    if (path.startsWith('/profiles/')) {
      const file = await profileFile(path);
      if (!file) return send(req, res, 404, 'not found\n');
      return send(req, res, 200, await readFile(file), 'application/octet-stream', true);
    }
    const file = await resolveInside(options.distRoot, path);
    if (!file) return send(req, res, 404, 'not found\n');
    return send(req, res, 200, await readFile(file), contentType(file));
  };

  /**
   * The file a /profiles/ path names, or null. Named files: the path's text is only compared
   * with the basename, never joined. Folder: a plain name, checked by profilePath and by content.
   */
  const profileFile = async (path: string): Promise<string | null> => {
    let m = /^\/profiles\/(\d{1,6})\/([^/]+)$/.exec(path);
    if (m && !realDir) {
      const file = files[Number(m[1])];
      return file !== undefined && safeDecode(m[2]) === basename(file) ? file : null;
    }
    m = /^\/profiles\/dir\/([^/]+)$/.exec(path);
    const name = m && safeDecode(m[1]);
    if (!realDir || !name) return null;
    const file = await profilePath(realDir, name);
    if (!file) return null;
    try {
      const { size, mtimeMs } = await stat(file);
      return (await isProfileFile(file, size, mtimeMs)) ? file : null;
    } catch {
      return null;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(req, res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = anyHost ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const origin = `http://${shownHost}:${port}`;

  let profileUrls = files.map((f, i) => `/profiles/${i}/${encodeURIComponent(basename(f))}`);
  if (realDir) profileUrls = (await listProfiles(realDir)).slice(0, 1).map((p) => p.url);

  if (options.watch) {
    const byPath = new Map(files.map((f, i) => [f, profileUrls[i]]));
    // named files: a `change` for the file; folder: a `change` for a listed file, and the new list
    const announce = async (path: string, mtime: number | null): Promise<void> => {
      let url = realDir ? undefined : byPath.get(path);
      if (realDir) {
        const list = await listProfiles(realDir).catch(() => []);
        url = list.find((p) => resolve(realDir, p.name) === path)?.url;
        events.send('list', list);
      }
      if (url && mtime !== null) {
        events.send('change', { url, mtime });
        options.onChange?.(url);
      }
    };
    watcher = await watchPaths({
      dirs: realDir ? [realDir] : files.map((f) => dirname(f)),
      accept: (p) => (realDir ? dirname(p) === realDir : byPath.has(p)),
      list: async () => (realDir ? (await listProfiles(realDir)).map((p) => resolve(realDir, p.name)) : files),
      debounceMs: options.debounceMs,
      pollMs: options.pollMs,
      onChange: (path, stats) => void announce(path, stats?.mtimeMs ?? null),
    });
  }

  return {
    origin,
    profileUrls,
    close: () => new Promise<void>((ok) => {
      watcher?.close();
      events.close();
      server.close(() => ok());
      server.closeAllConnections();
    }),
  };
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function send(req: IncomingMessage, res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', noStore = false): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': bytes.length,
    'Cache-Control': noStore || status !== 200 ? 'no-store' : 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
