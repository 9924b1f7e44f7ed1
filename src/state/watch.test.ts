import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CORPUS } from '../../test/support/corpus';
import { startServer, type RunningServer } from '../cli/server';
import { fetchProfileList } from './dirListing';
import { watchProfiles } from './watch';

/**
 * The page helpers against the real CLI server. Node 20 has no EventSource, so a minimal one
 * over node:http stands in: enough of the browser's behaviour (open, error on a non-200 answer,
 * named events) to test what the page does with it.
 */
class NodeEventSource {
  static instances: NodeEventSource[] = [];
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  connected = false;
  private readonly listeners = new Map<string, ((e: { data: string }) => void)[]>();
  private destroy = () => {};

  constructor(url: string) {
    NodeEventSource.instances.push(this);
    const req = get(new URL(url, window.location.href), (res) => {
      if (res.statusCode !== 200) return void (res.resume(), this.onerror?.());
      this.destroy = () => res.destroy();
      this.connected = true;
      this.onopen?.();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end; (end = buffer.indexOf('\n\n')) >= 0; buffer = buffer.slice(end + 2)) {
          const block = buffer.slice(0, end);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data !== undefined && !this.closed) for (const l of this.listeners.get(event) ?? []) l({ data });
        }
      });
    });
    req.on('error', () => this.onerror?.());
  }

  addEventListener(type: string, listener: (e: { data: string }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
    this.destroy();
  }
}

const root = mkdtempSync(join(tmpdir(), 'profburst-page-'));
const dist = join(root, 'dist');
mkdirSync(dist);
writeFileSync(join(dist, 'index.html'), '<!doctype html>');
const dir = join(root, 'prof');
mkdirSync(dir);
const report = readFileSync(join(CORPUS, 'seed/report.prof'));
writeFileSync(join(dir, 'a.prof'), report);

let server: RunningServer | undefined;
afterEach(async () => {
  vi.unstubAllGlobals();
  NodeEventSource.instances.forEach((s) => s.close());
  NodeEventSource.instances = [];
  await server?.close();
  server = undefined;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function page(href: string): void {
  vi.stubGlobal('window', { location: new URL(href) });
  vi.stubGlobal('EventSource', NodeEventSource);
  const nodeFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (url: string, init?: RequestInit) => nodeFetch(new URL(url, href), init));
}

describe('watchProfiles and fetchProfileList', () => {
  it('reports changed files and folder lists from the CLI', async () => {
    server = await startServer({ distRoot: dist, sourceRoots: [], dir, watch: true, debounceMs: 50, pollMs: 250 });
    page(`${server.origin}/?dir=1&watch=1#url=x`);
    expect((await fetchProfileList()).map((p) => p.name)).toEqual(['a.prof']);
    const changed: string[] = [];
    let lists = 0;
    const stop = watchProfiles((url) => changed.push(url), () => lists++);
    await vi.waitFor(() => expect(NodeEventSource.instances[0].connected).toBe(true));
    writeFileSync(join(dir, 'b.prof'), report);
    await vi.waitFor(() => expect(changed).toEqual(['/profiles/dir/b.prof']), { timeout: 5000 });
    await vi.waitFor(() => expect(lists).toBeGreaterThan(0));
    expect((await fetchProfileList()).map((p) => p.name).sort()).toEqual(['a.prof', 'b.prof']);
    stop();
    expect(NodeEventSource.instances[0].closed).toBe(true);
  });

  it('opens nothing without watch=1, and gives up quietly where there is no event stream', async () => {
    server = await startServer({ distRoot: dist, sourceRoots: [], files: [join(dir, 'a.prof')] });
    page(`${server.origin}/#url=x`);
    watchProfiles(() => {})();
    expect(NodeEventSource.instances).toHaveLength(0);
    page(`${server.origin}/?watch=1`);
    watchProfiles(() => {});
    await vi.waitFor(() => expect(NodeEventSource.instances[0].closed).toBe(true)); // 404: closed, no retry
    await expect(fetchProfileList()).rejects.toThrow('the server answered 404');
  });
});
