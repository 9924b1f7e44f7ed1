import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CORPUS_TOOLS } from '../support/corpus';
import { drawnNodes, launch, openPage } from './browser';

// The Python web developer's workflow, end to end: a bottle app whose handlers carry a cProfile
// decorator writes prof/report.prof on each request; that file is dropped on the page as it is,
// with no pyprof2calltree step, and the table says what Python's own pstats says.
// Debian's python3 with python3-bottle (.ci/run installs it on Debian as root).
const PY = '/usr/bin/python3';
const haveBottle = existsSync(PY) && spawnSync(PY, ['-c', 'import bottle']).status === 0;

let browser: Browser;
beforeAll(async () => {
  if (haveBottle) browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/** a drop of real files on the window, as a user's drag from the file manager delivers it */
async function dropFile(page: Page, file: string, name: string): Promise<void> {
  await page.evaluate(({ b64, name }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], name));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      window.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  }, { b64: readFileSync(file).toString('base64'), name });
}

describe.skipIf(!haveBottle)('a bottle app with a cProfile decorator', () => {
  it('writes prof/report.prof, which the page opens as dropped, with the numbers pstats prints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'profburst-bottle-'));
    copyFileSync(join(CORPUS_TOOLS, 'seed_app.py'), join(dir, 'app.py'));
    mkdirSync(join(dir, 'prof'));
    const port = await freePort();
    const app = spawn(PY, ['app.py', String(port)], { cwd: dir, stdio: 'ignore' });
    try {
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 100; i++) {
        if (await fetch(`${base}/test`).then((r) => r.ok, () => false)) break;
        await new Promise((ok) => setTimeout(ok, 100));
      }
      expect((await fetch(`${base}/report`)).ok).toBe(true);
    } finally {
      app.kill();
    }
    const prof = join(dir, 'prof/report.prof');
    const oracle = JSON.parse(spawnSync(PY, [join(CORPUS_TOOLS, 'pstats_oracle.py'), prof], { encoding: 'utf8' }).stdout) as {
      functions: { file: string; line: number; name: string; ncalls: number; primcalls: number }[];
    };
    const fib = oracle.functions.find((f) => f.name === 'fib')!;

    const { page, errors } = await openPage(browser, inject('baseUrl'));
    await page.locator('.toolbar .summary', { hasText: 'report.prof' }).waitFor();
    await dropFile(page, prof, 'handler.prof');
    await page.locator('.toolbar .summary', { hasText: 'handler.prof' }).waitFor();
    const row = page.locator('.stats-table tbody tr', { hasText: `${fib.file}:${fib.line}(fib)` });
    // recursion: pstats prints ncalls as total/primitive
    await expect(row.locator('td').first().textContent()).resolves.toBe(`${fib.ncalls}/${fib.primcalls}`);
    expect(await drawnNodes(page)).toBeGreaterThan(10);
    expect(errors).toEqual([]);
  });
});
