import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../../test/support/corpus';
import { rawRequest } from '../../test/support/rawRequest';
import { startServer, type RunningServer } from './server';
import { sourceNames } from './sourceNames';

/**
 * /__profburst/source on profiles made here by the real tools (cProfile, node --cpu-prof), a
 * corpus callgrind file whose sources are recreated, and a hand-written hostile callgrind file
 * that names files outside the roots. Expected bytes are read from disk, not from the server.
 */
const SECRET = 'TOP-SECRET-CONTENT';
const base = realpathSync(mkdtempSync(join(tmpdir(), 'profburst-source-')));
const src = join(base, 'src');
const outside = join(base, 'outside');
const js = join(base, 'js');
const glibc = join(base, 'glibc');
const other = join(base, 'other');
const empty = join(base, 'empty');
const dist = join(base, 'dist');
const folder = join(base, 'folder');
const prof = join(base, 'x.prof');
const cpuprofile = join(base, 'app.cpuprofile');
const hostile = join(base, 'hostile.callgrind');
const cached = join(base, 'cache.callgrind');
const glibcProfile = join(CORPUS, 'callgrind/default.callgrind');
const appJs = join(js, 'my app.js');

/** names the hostile profile gives its files: each must come back 403 or 404, never the content */
const HOSTILE = [
  '../outside/secret.py',
  'src/../../outside/secret.py',
  '%2e%2e%2foutside%2fsecret.py',
  '..%2foutside%2fsecret.py',
  '..\\outside\\secret.py',
  `${outside}/secret.py`,
  `${src}/../outside/secret.py`,
  `file://${src}/%2e%2e/outside/secret.py`,
  `file://${src}/..%2Foutside%2Fsecret.py`,
  `file://localhost${outside}/secret.py`,
  '/etc/passwd',
  'file:///etc/passwd',
  'link.py',
  'fifo',
  'sub',
  'http://127.0.0.1/x.py',
];

function callgrind(files: string[]): string {
  return ['# callgrind format', 'events: Ir', ...files.flatMap((f, i) => [`fl=${f}`, `fn=f${i}`, `1 ${i + 1}`]), ''].join('\n');
}

function sourceUrl(profile: string, file: string): string {
  return `/__profburst/source?profile=${encodeURIComponent(profile)}&file=${encodeURIComponent(file)}`;
}

beforeAll(() => {
  for (const d of [src, outside, js, glibc, other, empty, dist, folder, join(src, 'sub')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html>');
  writeFileSync(join(outside, 'secret.py'), `SECRET = '${SECRET}'\ndef peek(): return 1\n`);
  writeFileSync(join(src, 'helper.py'), 'def work(n):\n    return sum(i * i for i in range(n))  # é\n');
  writeFileSync(join(src, 'notnamed.py'), 'print(1)\n');
  writeFileSync(join(other, 'script.py'), '# the other root\'s script.py\n');
  symlinkSync('../outside/secret.py', join(src, 'link.py'));
  writeFileSync(join(src, 'script.py'), [
    'import os, sys',
    "sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'outside'))",
    'import helper, link, secret',
    'helper.work(1000); link.peek(); secret.peek()',
    '',
  ].join('\n'));
  // run by its relative name, cProfile records "script.py"; modules get absolute paths
  execFileSync('python3', ['-m', 'cProfile', '-o', prof, 'script.py'], { cwd: src });
  copyFileSync(prof, join(folder, 'x.prof'));
  execFileSync('mkfifo', [join(src, 'fifo')]);
  writeFileSync(join(src, 'big.txt'), '');
  truncateSync(join(src, 'big.txt'), 17 * 1024 * 1024);

  writeFileSync(appJs, 'function spin(n) { let s = 0; for (let i = 0; i < n; i++) s += Math.sqrt(i); return s; }\nconst t = Date.now();\nwhile (Date.now() - t < 300) spin(1e5);\n');
  execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', base, '--cpu-prof-name', 'app.cpuprofile', appJs]);

  // the corpus file's glibc sources, recreated under a root as a glibc checkout would hold them
  mkdirSync(join(glibc, 'libio/libio'), { recursive: true });
  mkdirSync(join(glibc, 'sysdeps/x86_64/multiarch'), { recursive: true });
  writeFileSync(join(glibc, 'libio/libio/filedoalloc.c'), '/* filedoalloc */\n');
  writeFileSync(join(glibc, 'sysdeps/x86_64/multiarch/strcmp.c'), '/* strcmp */\n');

  writeFileSync(hostile, callgrind([...HOSTILE, 'big.txt']));
  writeFileSync(join(src, 'cached.c'), 'int cached;\n');
  writeFileSync(cached, callgrind(['cached.c']));
  utimesSync(cached, 1_000_000, 1_000_000);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('source files of the named profiles', () => {
  let server: RunningServer;
  const get = (path: string, method = 'GET') => rawRequest(server.origin, path, { method });
  beforeAll(async () => {
    server = await startServer({ distRoot: dist, files: [prof, cpuprofile, hostile, glibcProfile, cached], sourceRoots: [src, js, glibc] });
  });
  afterAll(() => server.close());

  it('serves a file the profile names, its exact bytes, as text never cached; HEAD too', async () => {
    const [profUrl, cpuUrl, , glibcUrl] = server.profileUrls;
    const cases: [string, string, string][] = [
      [profUrl, join(src, 'helper.py'), join(src, 'helper.py')], // cProfile: an absolute path
      [profUrl, 'script.py', join(src, 'script.py')], // cProfile: relative, under the first root
      [cpuUrl, pathToFileURL(appJs).href, appJs], // node: a file:// URL, the space as %20
      [glibcUrl, './libio/./libio/filedoalloc.c', join(glibc, 'libio/libio/filedoalloc.c')],
      [glibcUrl, './string/../sysdeps/x86_64/multiarch/strcmp.c', join(glibc, 'sysdeps/x86_64/multiarch/strcmp.c')],
    ];
    expect(pathToFileURL(appJs).href).toContain('my%20app.js');
    for (const [profile, file, path] of cases) {
      const r = await get(sourceUrl(profile, file));
      expect(r.status, file).toBe(200);
      expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.body.equals(readFileSync(path)), file).toBe(true);
      const head = await get(sourceUrl(profile, file), 'HEAD');
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      expect(head.headers['content-length']).toBe(String(readFileSync(path).length));
    }
  });

  it('refuses a file the profile does not name, even inside the root, and whatever the encoding', async () => {
    const profUrl = server.profileUrls[0];
    for (const file of [join(src, 'notnamed.py'), 'notnamed.py', '../outside/secret.py', `${outside}/secret.py`, '/etc/passwd', 'script.py/', './script.py']) {
      const r = await get(sourceUrl(profUrl, file));
      expect(r.status, file).toBe(404);
      expect(r.body.toString()).not.toContain(SECRET);
    }
    const p = encodeURIComponent(profUrl);
    for (const query of ['file=%2e%2e%2foutside%2fsecret.py', 'file=..%252foutside%252fsecret.py', `file=${encodeURIComponent(outside)}%2fsecret.py`, 'file=%2Fetc%2Fpasswd', 'file=..%5coutside%5csecret.py', 'file=script.py%00']) {
      const r = await get(`/__profburst/source?profile=${p}&${query}`);
      expect(r.status, query).toBe(404);
      expect(r.body.toString()).not.toContain(SECRET);
    }
  });

  it('refuses every name of a hostile profile that leads out of the roots: 403 or 404, never the content', async () => {
    // the names reach the resolution: the importer kept each one as written
    const names = await sourceNames(hostile);
    for (const name of HOSTILE) expect(names.has(name), name).toBe(true);
    const hostileUrl = server.profileUrls[2];
    const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0];
    for (const name of HOSTILE) {
      const r = await get(sourceUrl(hostileUrl, name));
      expect([403, 404], name).toContain(r.status);
      expect(r.body.toString(), name).not.toContain(SECRET);
      expect(r.body.toString(), name).not.toContain(passwd);
    }
    for (const name of [`${outside}/secret.py`, `${src}/../outside/secret.py`, 'link.py', '/etc/passwd', `file://localhost${outside}/secret.py`]) {
      const r = await get(sourceUrl(hostileUrl, name));
      expect(r.status, name).toBe(403);
      expect(r.body.toString()).toContain('outside the source roots');
    }
    // cProfile names the symlink and the module outside by their paths as imported
    expect((await get(sourceUrl(server.profileUrls[0], join(src, 'link.py')))).status).toBe(403);
    expect((await get(sourceUrl(server.profileUrls[0], `${src}/../outside/secret.py`))).status).toBe(403);
  });

  it('answers 413 for a named file over 16 MB', async () => {
    const r = await get(sourceUrl(server.profileUrls[2], 'big.txt'));
    expect(r.status).toBe(413);
    expect(r.body.toString()).toMatch(/too large/);
  });

  it('answers 404 for a profile it does not serve, and 400 without one profile and one file', async () => {
    for (const profile of ['/profiles/9/x.prof', '/profiles/0/other.prof', prof, '/profiles/0/..%2f..%2fx.prof', '/profiles/dir/x.prof', '/index.html']) {
      expect((await get(sourceUrl(profile, 'script.py'))).status, profile).toBe(404);
    }
    const p = encodeURIComponent(server.profileUrls[0]);
    for (const query of ['', `profile=${p}`, 'file=script.py', `profile=${p}&file=script.py&file=helper.py`]) {
      expect((await get(`/__profburst/source?${query}`)).status, query).toBe(400);
    }
    expect((await get(`/__profburst/source/?profile=${p}&file=script.py`)).status).toBe(404);
  });

  it('reads a profile\'s names once per size and mtime', async () => {
    const url = sourceUrl(server.profileUrls[4], 'cached.c');
    expect((await get(url)).status).toBe(200);
    // same size and mtime, no longer a profile: the names read the first time still stand
    writeFileSync(cached, ' '.repeat(readFileSync(cached).length));
    utimesSync(cached, 1_000_000, 1_000_000);
    expect((await get(url)).status).toBe(200);
    // a new mtime: read again, and blanks name nothing
    utimesSync(cached, 2_000_000, 2_000_000);
    expect((await get(url)).status).toBe(404);
  });
});

describe('source roots', () => {
  it('searches the roots in order for a relative name: the first that has it wins', async () => {
    const server = await startServer({ distRoot: dist, files: [prof], sourceRoots: [empty, other, src] });
    try {
      const r = await rawRequest(server.origin, sourceUrl(server.profileUrls[0], 'script.py'));
      expect(r.status).toBe(200);
      expect(r.body.equals(readFileSync(join(other, 'script.py')))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('serves nothing without roots', async () => {
    const server = await startServer({ distRoot: dist, files: [prof], sourceRoots: [] });
    try {
      expect((await rawRequest(server.origin, sourceUrl(server.profileUrls[0], join(src, 'helper.py')))).status).toBe(403);
      expect((await rawRequest(server.origin, sourceUrl(server.profileUrls[0], 'script.py'))).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('serves the sources of a folder\'s profiles by their /profiles/dir/ URL', async () => {
    const server = await startServer({ distRoot: dist, dir: folder, sourceRoots: [src] });
    try {
      const r = await rawRequest(server.origin, sourceUrl('/profiles/dir/x.prof', join(src, 'helper.py')));
      expect(r.status).toBe(200);
      expect(r.body.equals(readFileSync(join(src, 'helper.py')))).toBe(true);
      expect((await rawRequest(server.origin, sourceUrl('/profiles/0/x.prof', join(src, 'helper.py')))).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
