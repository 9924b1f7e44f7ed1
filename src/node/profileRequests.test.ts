import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCpuProfile } from '../core/formats/cpuprofile/cpuprofile';
import { profileRequests } from './profileRequests';

/**
 * ~ms of this process's CPU time (not of the clock: on a loaded machine a clock's 50 ms held as
 * little as 18 ms of samples) in a function with a name to look for in the profile
 */
function burnCpuForProfburstTest(ms: number): number {
  const start = process.cpuUsage();
  let x = 0;
  for (;;) {
    for (let i = 0; i < 1000; i++) x += Math.sqrt(i * x + 1);
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return x;
  }
}

function fetchText(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ hostname: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => unknown): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, port: (server.address() as AddressInfo).port };
}

const dir = mkdtempSync(join(tmpdir(), 'profburst-node-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('profileRequests', () => {
  it('writes <handler name>.cpuprofile per request, with the handler\'s work in it', async () => {
    const written: string[] = [];
    let done: () => void = () => {};
    const profiled = new Promise<void>((r) => (done = r));
    const handler = profileRequests(function apiHandler(_req: IncomingMessage, res: ServerResponse) {
      burnCpuForProfburstTest(50);
      res.end('ok');
    }, { dir, onProfile: (p) => { written.push(p); done(); } });
    expect(handler.name).toBe('apiHandler');
    expect(handler.length).toBe(2);
    const { server, port } = await listen(handler);
    try {
      expect(await fetchText(port, '/')).toBe('ok');
      await profiled;
    } finally {
      server.close();
    }
    expect(written).toEqual([join(dir, 'apiHandler.cpuprofile')]);
    expect(readdirSync(dir)).toEqual(['apiHandler.cpuprofile']); // no temporary file left
    const profile = importCpuProfile(new Uint8Array(readFileSync(written[0])));
    const burn = profile.frames.findIndex((f) => f.name === 'burnCpuForProfburstTest');
    expect(burn).toBeGreaterThan(0);
    // at 100 µs sampling, most of the 50 ms is in the burning function
    expect(profile.functions.total[burn] * profile.unit.seconds).toBeGreaterThan(0.02);
  });

  it('names files by route, one per request when unique, and wraps connect-style middleware', async () => {
    const sub = join(dir, 'routes');
    const written: string[] = [];
    let nextCalled = 0;
    const middleware = profileRequests((req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
      burnCpuForProfburstTest(5);
      next();
      res.end(req.url);
    }, { dir: sub, name: (req) => `GET ${req.url}`, unique: true, onProfile: (p) => written.push(p) });
    expect(middleware.length).toBe(3);
    const { server, port } = await listen((req, res) => middleware(req, res, () => nextCalled++));
    try {
      expect(await fetchText(port, '/users/../42')).toBe('/users/../42');
      const deadline = Date.now() + 5000;
      while (written.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await fetchText(port, '/users/../42')).toBe('/users/../42');
      while (written.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      server.close();
    }
    expect(nextCalled).toBe(2);
    expect(written).toHaveLength(2);
    expect(new Set(written).size).toBe(2);
    for (const p of written) expect(p.startsWith(join(sub, 'GET_users_.._42.'))).toBe(true); // stays inside dir
    expect(readdirSync(sub)).toHaveLength(2);
  });

  it('profiles one request at a time: an overlapping one runs unprofiled', async () => {
    const written: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const handler = profileRequests(async (req: IncomingMessage, res: ServerResponse) => {
      if (req.url === '/slow') await gate;
      res.end(req.url);
    }, { dir: join(dir, 'overlap'), name: (req) => req.url!.slice(1), onProfile: (p) => written.push(p) });
    const { server, port } = await listen(handler);
    try {
      const slow = fetchText(port, '/slow');
      await new Promise((r) => setTimeout(r, 100));
      expect(await fetchText(port, '/fast')).toBe('/fast'); // not delayed by the profiled one
      release();
      expect(await slow).toBe('/slow');
      const deadline = Date.now() + 5000;
      while (written.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      server.close();
    }
    expect(written).toEqual([join(dir, 'overlap', 'slow.cpuprofile')]);
  });
});
