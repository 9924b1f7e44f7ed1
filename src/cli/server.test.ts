import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../../test/support/corpus';
import { rawRequest } from '../../test/support/rawRequest';
import { startServer, type RunningServer } from './server';
import { pageUrl } from './serve';

const get = rawRequest;

const SECRET = 'TOP-SECRET-CONTENT';
const root = mkdtempSync(join(tmpdir(), 'profburst-serve-'));
const dist = join(root, 'dist');
const profiles = join(root, 'profiles');
const report = join(CORPUS, 'seed/report.prof');

beforeAll(() => {
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>profburst</title>');
  writeFileSync(join(dist, 'assets/app.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets/style.css'), 'body{}');
  writeFileSync(join(dist, '.env'), SECRET);
  writeFileSync(join(root, 'secret.txt'), SECRET);
  symlinkSync(join(root, 'secret.txt'), join(dist, 'leak.js'));
  mkdirSync(profiles);
  copyFileSync(report, join(profiles, 'report.prof'));
  copyFileSync(report, join(profiles, 'my file #1.prof'));
  writeFileSync(join(profiles, 'notes.txt'), 'not a profile');
  writeFileSync(join(profiles, 'package.json'), '{"name": "x", "version": "1.0.0"}');
  writeFileSync(join(profiles, 'trace.cpuprofile.gz'), gzipSync(readFileSync(join(CORPUS, 'cpuprofile/small.cpuprofile'))));
  symlinkSync(join(root, 'secret.txt'), join(profiles, 'out.prof'));
  utimesSync(join(profiles, 'report.prof'), new Date(2000, 0, 1), new Date(2000, 0, 1));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TRAVERSALS = [
  '/../secret.txt',
  '/%2e%2e/secret.txt',
  '/%2E%2E%2Fsecret.txt',
  '/assets/..%2f..%2fsecret.txt',
  '/assets%5c..%5c..%5csecret.txt',
  '//' + join(root, 'secret.txt'),
  '/' + encodeURIComponent(join(root, 'secret.txt')),
  '/leak.js',
  '/.env',
  '/%00/etc/passwd',
  '/profiles/0/..%2f..%2fsecret.txt',
  '/profiles/0/../../secret.txt',
  '/profiles/dir/..%2fsecret.txt',
  '/profiles/dir/out.prof',
  '/profiles/dir/notes.txt',
  '/profiles/dir/%2e%2e',
  'http://evil.example/secret.txt',
];

describe('server with named files', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ distRoot: dist, sourceRoots: [], files: [report, join(profiles, 'my file #1.prof')] });
  });
  afterAll(() => server.close());

  it('binds to loopback on a free port and names each file by index and basename', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.profileUrls).toEqual(['/profiles/0/report.prof', '/profiles/1/my%20file%20%231.prof']);
    expect(pageUrl(server.origin, server.profileUrls, { watch: false, dir: false })).toBe(
      `${server.origin}/#url=%2Fprofiles%2F0%2Freport.prof&url=%2Fprofiles%2F1%2Fmy%2520file%2520%25231.prof`,
    );
    expect(pageUrl('http://h:1', ['/profiles/0/a'], { watch: true, dir: false })).toBe('http://h:1/?watch=1#url=%2Fprofiles%2F0%2Fa');
  });

  it('serves the viewer with the right content types', async () => {
    const index = await get(server.origin, '/?watch=1');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body.toString()).toContain('<title>profburst</title>');
    expect((await get(server.origin, '/assets/app.js')).headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect((await get(server.origin, '/assets/style.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const head = await get(server.origin, '/assets/app.js', { method: 'HEAD' });
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe('14');
    expect((await get(server.origin, '/missing.js')).status).toBe(404);
  });

  it('serves the named files as octet-stream, never cached', async () => {
    for (const url of server.profileUrls) {
      const r = await get(server.origin, url);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('application/octet-stream');
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.body.equals(readFileSync(report))).toBe(true);
    }
    expect((await get(server.origin, '/profiles/0/other.prof')).status).toBe(404);
    expect((await get(server.origin, '/profiles/2/report.prof')).status).toBe(404);
    expect((await get(server.origin, '/profiles/dir/report.prof')).status).toBe(404);
    expect((await get(server.origin, '/__profburst/list')).status).toBe(404);
    expect((await get(server.origin, '/__profburst/events')).status).toBe(404);
  });

  it('refuses traversal, hidden files and symlinks out of dist', async () => {
    for (const path of TRAVERSALS) {
      const r = await get(server.origin, path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body.toString(), path).not.toContain(SECRET);
    }
  });

  it('answers only GET and HEAD, and only to this machine\'s names', async () => {
    expect((await get(server.origin, '/', { method: 'POST' })).status).toBe(405);
    expect((await get(server.origin, '/', { host: 'evil.example:80' })).status).toBe(403);
    expect((await get(server.origin, '/', { host: `localhost:${new URL(server.origin).port}` })).status).toBe(200);
  });
});

describe('server with a folder', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ distRoot: dist, sourceRoots: [], dir: profiles });
  });
  afterAll(() => server.close());

  it('lists the profiles only, newest first, and serves them', async () => {
    const r = await get(server.origin, '/__profburst/list');
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-store');
    const list = JSON.parse(r.body.toString()) as { name: string; url: string; mtime: number; size: number }[];
    expect(list.map((p) => p.name).sort()).toEqual(['my file #1.prof', 'report.prof', 'trace.cpuprofile.gz']);
    expect(list[list.length - 1].name).toBe('report.prof'); // dated 2000
    expect(list.every((p, i) => i === 0 || list[i - 1].mtime >= p.mtime)).toBe(true);
    expect(server.profileUrls).toEqual([list[0].url]);
    for (const p of list) {
      const file = await get(server.origin, p.url);
      expect(file.status).toBe(200);
      expect(file.body.length).toBe(p.size);
    }
    expect(list.find((p) => p.name === 'my file #1.prof')!.url).toBe('/profiles/dir/my%20file%20%231.prof');
  });

  it('refuses traversal and files that are not listed', async () => {
    for (const path of TRAVERSALS) {
      const r = await get(server.origin, path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body.toString(), path).not.toContain(SECRET);
    }
    expect((await get(server.origin, '/profiles/0/report.prof')).status).toBe(404);
  });
});
