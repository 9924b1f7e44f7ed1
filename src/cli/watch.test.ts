import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../../test/support/corpus';
import { watchPaths } from './fileWatch';
import { startServer, type RunningServer } from './server';

interface SseEvent { event: string; data: unknown }

/**
 * Connects to /__profburst/events with a raw request (Node 20 has no EventSource) and collects
 * events; `next` waits for one of a kind, failing after `ms`.
 */
async function subscribe(origin: string) {
  const events: SseEvent[] = [];
  const waiters: (() => void)[] = [];
  let res: IncomingMessage | undefined;
  await new Promise<void>((ready, fail) => {
    const req = httpGet(`${origin}/__profburst/events`, (r) => {
      res = r;
      expect(r.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      let buffer = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          waiters.splice(0).forEach((w) => w());
        }
        ready();
      });
    });
    req.on('error', fail);
  });
  const next = (kind: string, ms = 5000): Promise<SseEvent> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${kind}' event within ${ms} ms; got ${JSON.stringify(events)}`)), ms);
      const look = () => {
        const i = events.findIndex((e) => e.event === kind);
        if (i < 0) return void waiters.push(look);
        clearTimeout(timer);
        resolve(events.splice(i, 1)[0]);
      };
      look();
    });
  return { next, events, close: () => res?.destroy() };
}

const root = mkdtempSync(join(tmpdir(), 'profburst-watch-'));
const dist = join(root, 'dist');
mkdirSync(dist);
writeFileSync(join(dist, 'index.html'), '<!doctype html>');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const report = readFileSync(join(CORPUS, 'seed/report.prof'));

describe('--watch', () => {
  let server: RunningServer | undefined;
  afterAll(() => server?.close());

  it('sends `change` when a named file is rewritten in place, as cProfile does', async () => {
    const file = join(root, 'handler.prof');
    writeFileSync(file, report);
    server = await startServer({ distRoot: dist, sourceRoots: [], files: [file], watch: true, debounceMs: 50, pollMs: 250 });
    const stream = await subscribe(server.origin);
    writeFileSync(file, report.subarray(0, 10)); // a truncating rewrite, in two writes
    writeFileSync(file, report, { flag: 'w' });
    const change = await stream.next('change');
    expect(change.data).toEqual({ url: '/profiles/0/handler.prof', mtime: expect.any(Number) });
    // one finished file, one event: the two writes fall within the debounce
    await new Promise((r) => setTimeout(r, 400));
    expect(stream.events.filter((e) => e.event === 'change')).toEqual([]);
    stream.close();
    await server.close();
    server = undefined;
  });

  it('sends `change` and `list` when a profile appears in a served folder', async () => {
    const dir = join(root, 'prof');
    mkdirSync(dir);
    copyFileSync(join(CORPUS, 'seed/report.prof'), join(dir, 'old.prof'));
    server = await startServer({ distRoot: dist, sourceRoots: [], dir, watch: true, debounceMs: 50, pollMs: 250 });
    const stream = await subscribe(server.origin);
    writeFileSync(join(dir, 'notes.txt'), 'not a profile');
    writeFileSync(join(dir, 'new.cpuprofile'), readFileSync(join(CORPUS, 'cpuprofile/small.cpuprofile')));
    const change = await stream.next('change');
    expect(change.data).toEqual({ url: '/profiles/dir/new.cpuprofile', mtime: expect.any(Number) });
    const list = (await stream.next('list')).data as { name: string }[];
    expect(list.map((p) => p.name).sort()).toEqual(['new.cpuprofile', 'old.prof']);
    stream.close();
  });
});

describe('watchPaths', () => {
  it('notices a file replaced by rename through the stat poll alone (no fs.watch)', async () => {
    const file = join(root, 'atomic.prof');
    writeFileSync(file, report);
    const seen: string[] = [];
    const watcher = await watchPaths({ dirs: [], accept: () => true, list: async () => [file], onChange: (p) => seen.push(p), debounceMs: 20, pollMs: 100 });
    try {
      writeFileSync(`${file}.tmp`, report);
      renameSync(`${file}.tmp`, file);
      const deadline = Date.now() + 5000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(seen).toEqual([file]);
    } finally {
      watcher.close();
    }
  });
});
