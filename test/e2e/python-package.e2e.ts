import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, readJson } from '../support/corpus';
import { drawnNodes, openPage, useBrowser } from './browser';

// Issue 19, the Python user's profburst: the wheel `npm run build:python` makes, installed with pip
// into a fresh venv (with the system's site-packages for bottle and IPython), then used as a
// Python developer would: a bottle app under profburst.wsgi.ProfilerMiddleware and a raw ASGI app
// under profburst.asgi.ProfilerMiddleware, many requests at once and one that raises; the folder
// they fill served by `python -m profburst` to the page in Chromium; %profburst through IPython's
// InteractiveShell. pstats.Stats reading each file is the oracle. Debian's python3 with
// python3-venv, python3-bottle and python3-ipython (.ci/run installs them); skipped without python3.
const PY = '/usr/bin/python3';
const havePython = existsSync(PY);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const drivers = join(repo, 'test/python');

const browser = useBrowser();
const work = mkdtempSync(join(tmpdir(), 'profburst-python-'));
const venvPython = join(work, 'venv/bin/python');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill();
});

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', cwd: options.cwd ?? work, env: options.env ?? process.env, timeout: 240_000 });
  if (result.error) throw result.error;
  return result;
}

function ok(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const result = run(command, args, options);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

interface FileCalls { name: string; calls: Record<string, number> }

/** the first lines a child prints, as soon as it has printed `count` of them */
function firstLines(child: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let text = '';
    let errText = '';
    child.stderr!.on('data', (chunk: Buffer) => (errText += String(chunk)));
    child.stdout!.on('data', (chunk: Buffer) => {
      text += String(chunk);
      const lines = text.split('\n');
      if (lines.length > count) resolve(lines.slice(0, count));
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before printing ${count} lines: ${text}${errText}`)));
  });
}

/** a raw request: node:http sends the path as given */
function get(origin: string, path: string, host?: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += String(c)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!havePython)(`the Python package, installed from its wheel${havePython ? '' : ` (skipped: no ${PY})`}`, () => {
  let wsgiDir = '';
  let wsgiFiles: FileCalls[] = [];

  beforeAll(() => {
    // the e2e setup has built dist/; the wheel takes it as it is
    const wheel = ok(process.execPath, [join(repo, 'scripts/build-python.mjs'), '--no-page']).trim().split('\n').pop()!;
    ok(PY, ['-m', 'venv', '--system-site-packages', join(work, 'venv')]);
    ok(venvPython, ['-m', 'pip', 'install', '--quiet', '--no-index', '--no-deps', '--disable-pip-version-check', wheel]);
  }, 300_000);

  it('installs the console script, with the page inside the package, and hands stats to node', () => {
    const where = ok(venvPython, ['-c', 'import profburst, os; print(os.path.dirname(profburst.__file__))']).trim();
    expect(where.startsWith(join(work, 'venv'))).toBe(true); // the wheel's copy, not the checkout's
    expect(existsSync(join(where, 'page/index.html'))).toBe(true);
    expect(ok(join(work, 'venv/bin/profburst'), ['--help'])).toContain('profburst [serve] DIR');

    const file = join(CORPUS, 'seed/report.prof');
    const oracle = readJson<{ total_tt: number }>(`${file}.pstats.json`);
    const stats = JSON.parse(ok(join(work, 'venv/bin/profburst'), ['stats', file, '--json'])) as { total: number };
    expect(Math.abs(stats.total - oracle.total_tt)).toBeLessThan(1e-9);
    // without node: one line that says so
    const noNode = run(venvPython, ['-m', 'profburst', 'stats', file], { env: { ...process.env, PATH: '/nonexistent' } });
    expect(noNode.status).toBe(2);
    expect(noNode.stderr.trim().split('\n')).toHaveLength(1);
    expect(noNode.stderr).toContain('Node.js is not installed');
  });

  it('writes one .prof per request of a bottle app, concurrent and raising ones too, each only its own', () => {
    wsgiDir = join(work, 'wsgi/prof');
    mkdirSync(join(work, 'wsgi'));
    const out = JSON.parse(ok(venvPython, [join(drivers, 'wsgi_run.py'), wsgiDir])) as {
      answers: Record<string, [number, string]>; files: FileCalls[]; same_exception: boolean; server_saw: string[];
      direct_files: string[]; requests: number; written: number; skipped_busy: number; python: [number, number];
    };
    // the responses are the app's: the sums of squares, the stream whole, the error a 500
    for (let k = 1; k < 12; k++) expect(out.answers[`/n/${k}`]).toEqual([200, String((k - 1) * k * (2 * k - 1) / 6)]);
    expect(out.answers['/stream/5']).toEqual([200, '0\n1\n2\n3\n4\n']);
    expect(out.answers['/boom'][0]).toBe(500);
    expect(out.server_saw).toEqual(['Boom: on purpose']); // the server got the app's exception
    expect(out.same_exception).toBe(true);
    expect(out.direct_files).toHaveLength(1);
    expect(out.direct_files[0]).toMatch(/^POST\.direct\.\d+ms\.\d+\.\d{6}\.prof$/);

    expect(out.requests).toBe(13);
    // up to 3.11 every request is profiled; from 3.12 the overlapping ones are skipped and counted
    if (out.python[0] === 3 && out.python[1] < 12) expect(out.skipped_busy).toBe(0);
    expect(out.written + out.skipped_busy).toBe(13);
    expect(out.files).toHaveLength(out.written);
    expect(readdirSync(wsgiDir)).toHaveLength(out.written); // no temporary files left
    wsgiFiles = out.files;
    for (const file of out.files) {
      const m = /^GET\.(n\.(\d+)|boom|stream\.5)\.(\d+)ms\.(\d{10})\.(\d{6})\.prof$/.exec(file.name);
      expect(m, file.name).not.toBeNull();
      if (m![2]) {
        const k = Number(m![2]);
        // this request's calls and no other's: leaf ran k times in it, while others ran beside it
        expect(file.calls).toMatchObject({ numbers: 1, work: 1, leaf: k });
        expect(Number(m![3])).toBeGreaterThanOrEqual(50); // it sleeps 50 ms
      } else if (m![1] === 'boom') expect(file.calls).toEqual({ boom: 1, leaf: 1 });
      else expect(file.calls).toMatchObject({ stream: 1, leaf: 5 }); // the body's iterations are in it
    }
  });

  it('writes one .prof per request of a raw ASGI app, interleaved on one event loop, each only its own', () => {
    const dir = join(work, 'asgi/prof');
    const out = JSON.parse(ok(venvPython, [join(drivers, 'asgi_run.py'), dir])) as {
      results: { path: string; status?: number; body?: string; raised?: string; same?: boolean }[];
      plain: { path: string; status: number; body: string }[]; startup: string[]; files: FileCalls[];
      requests: number; written: number; skipped_busy: number; python: [number, number];
    };
    // the same responses as without the middleware, and the exception as it was raised
    expect(out.results.slice(0, 10)).toEqual(out.plain);
    expect(out.results[10]).toEqual({ path: '/boom', raised: 'Boom', same: true });
    expect(out.startup).toEqual(['lifespan.startup.complete']);
    expect(out.requests).toBe(11);
    if (out.python[0] === 3 && out.python[1] < 12) expect(out.skipped_busy).toBe(0);
    expect(out.written + out.skipped_busy).toBe(11);
    expect(out.files).toHaveLength(out.written);
    for (const file of out.files) {
      const m = /^(GET\.n\.(\d+)|POST\.boom)\.\d+ms\.\d{10}\.\d{6}\.prof$/.exec(file.name);
      expect(m, file.name).not.toBeNull();
      // the request's own steps: leaf k times though ten requests ran their loops at once
      if (m![2]) expect(file.calls).toMatchObject({ leaf: Number(m![2]), receive: 1, send: 2 });
      else expect(file.calls).toMatchObject({ leaf: 1, receive: 1 });
    }
  });

  it('serves the folder with `python -m profburst`: the page lists every profile and opens them', async () => {
    expect(wsgiDir).not.toBe('');
    const names = readdirSync(wsgiDir);
    writeFileSync(join(wsgiDir, 'notes.txt'), 'not a profile, not listed');
    writeFileSync(join(wsgiDir, 'broken.prof'), 'not a profile either, but named like one: listed as unreadable');
    const started = performance.now();
    // no node on its PATH: the Python user's machine
    const child = spawn(venvPython, ['-m', 'profburst', '--no-open', '--watch', wsgiDir], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATH: '/nonexistent' },
    });
    children.push(child);
    const [banner, url] = await firstLines(child, 2);
    const origin = /serving on (http:\/\/127\.0\.0\.1:\d+)\//.exec(banner)?.[1];
    expect(origin, banner).toBeDefined();
    console.log(`python -m profburst: serving after ${(performance.now() - started).toFixed(0)} ms`);
    expect(url).toMatch(/\/\?dir=1&watch=1#url=%2Fprofiles%2Fdir%2F/);

    // the serve rules: no traversal, nothing but the named folder's profiles, loopback Host only
    for (const path of ['/../README.md', '/%2e%2e/%2e%2e/etc/passwd', '/profiles/dir/..%2fnotes.txt', '/profiles/dir/notes.txt', '//etc/passwd', '/.env']) {
      expect((await get(origin!, path)).status, path).toBe(404);
    }
    expect((await get(origin!, '/', 'evil.example')).status).toBe(403);
    expect((await get(origin!, '/', `localhost:${new URL(origin!).port}`)).status).toBe(200);

    const { page, errors } = await openPage(browser(), url);
    const n = names.length;
    // the page's profile list: every file, the broken one named as unreadable
    await page.locator('.list-count').filter({ hasText: `${n + 1} of ${n + 1} shown` }).waitFor({ timeout: 20_000 });
    await page.locator('.list-count').filter({ hasText: '1 unreadable' }).waitFor();
    await expect(page.locator('.list-table tr.broken').textContent()).resolves.toContain('broken.prof');
    const search = page.getByRole('searchbox', { name: 'Search functions' });
    const leafCalls = async () => {
      await search.fill('(leaf)'); // the table keeps the matches
      const row = page.locator('.stats-table tbody tr', { hasText: 'wsgi_run.py' }).filter({ hasText: '(leaf)' });
      return row.locator('td').first().textContent();
    };
    // all readable ones merged: leaf's calls summed over the files, as pstats.Stats read each
    await page.locator('.list-shown', { hasText: `showing ${n} merged` }).waitFor({ timeout: 20_000 });
    const total = wsgiFiles.reduce((sum, f) => sum + (f.calls.leaf ?? 0), 0);
    await expect(leafCalls()).resolves.toBe(String(total));

    const picker = page.getByRole('combobox', { name: 'Folder profiles' });
    // the profiles' options (a "(choose)" comes first while the open profile is not one of them)
    const listed = async () => (await picker.locator('option[value^="/"]').allTextContents()).map((t) => t.split(' · ')[0]).sort();
    await expect.poll(listed).toEqual([...names, 'broken.prof'].sort());
    const seven = names.find((name) => name.startsWith('GET.n.7.'))!;
    await picker.selectOption({ label: (await picker.locator('option', { hasText: seven }).textContent())! });
    await page.locator('.toolbar .summary', { hasText: seven }).waitFor();
    await expect(leafCalls()).resolves.toBe('7');
    await search.fill('');
    // one request is mostly one chain (server -> app -> sum -> <genexpr> -> leaf, beside the
    // profiler's own calls): folded, the chain is one band, so unfolding draws three or more nodes more
    const folded = await drawnNodes(page);
    await page.getByLabel('Fold chains').uncheck();
    await expect.poll(() => drawnNodes(page)).toBeGreaterThanOrEqual(folded + 3);
    await page.getByLabel('Fold chains').check();

    // --watch: a new request's file shows up in the list
    copyFileSync(join(wsgiDir, seven), join(wsgiDir, '.tmp-copy'));
    const fresh = 'GET.n.99.1ms.1799999999.000001.prof';
    copyFileSync(join(wsgiDir, '.tmp-copy'), join(wsgiDir, fresh));
    await expect.poll(listed, { timeout: 15_000 }).toContain(fresh);
    expect(errors).toEqual([]);
  });

  it('shows %profburst and %%profburst inline (-e: with no server): the HTML it outputs loads the profile', async () => {
    const child = spawn(venvPython, [join(drivers, 'ipython_run.py')], { stdio: ['pipe', 'pipe', 'pipe'], cwd: work });
    children.push(child);
    const [json] = await firstLines(child, 1);
    const out = JSON.parse(json) as { line: string[]; cell: string[]; embed: string[]; total: number; stderr: string };
    expect(out.stderr).toBe('');
    expect(out.total).toBe(232); // the cell ran in the user's namespace
    expect(out.line).toHaveLength(1);
    expect(out.cell).toHaveLength(1);
    // fib's calls as pstats counts them: fib(18) makes 2*F(19)-1 calls, one primitive;
    // the cell's fib(0..11) make 2*(F(1)+...+F(12))-12 = 740 calls, 12 primitive
    expect(out.embed).toHaveLength(1);
    // -e: the page and the profile inside the output, for a notebook that cannot reach the kernel
    // fib(15) makes 2*F(16)-1 = 1973 calls, one primitive
    const cases: [string, string, string, RegExp][] = [
      [out.line[0], 'profile-1.prof', '8361/1', /^<div class="profburst-output"><iframe src="http:\/\/127\.0\.0\.1:\d+\/#url=/],
      [out.cell[0], 'profile-2.prof', '740/12', /^<div class="profburst-output"><iframe src="http:\/\/127\.0\.0\.1:\d+\/#url=/],
      [out.embed[0], 'profile-3.prof', '1973/1', /^<div class="profburst-output"><iframe srcdoc="&lt;!doctype html&gt;/],
    ];
    for (const [html, name, ncalls, shape] of cases) {
      expect(html).toMatch(shape);
      // in a page from a local server, as Jupyter's is (Chromium lets only a local page frame a local server)
      const notebook = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><body>${html}</body>`));
      await new Promise<void>((ready) => notebook.listen(0, '127.0.0.1', ready));
      const origin = `http://localhost:${(notebook.address() as AddressInfo).port}`;
      const { page, errors } = await openPage(browser(), `${origin}/notebook`);
      const requested: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      const frame = page.frameLocator('iframe');
      await frame.locator('.toolbar .summary', { hasText: name }).waitFor();
      const fib = frame.locator('.stats-table tbody tr').filter({ hasText: '(fib)' });
      await expect(fib.locator('td').first().textContent()).resolves.toBe(ncalls);
      await expect.poll(async () => Number(await frame.locator('canvas[data-drawn]').getAttribute('data-drawn'))).toBeGreaterThan(0); // the chart drew
      // the embedded page asks nothing of any server
      if (name === 'profile-3.prof') expect(requested.filter((u) => !/^(blob|data|about):/.test(u))).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
      notebook.close();
    }
    child.stdin.end();
  });
});
