// The profile list at scale (issue 14): N per-request .prof files of ~10 KB, written by
// scripts/bench/requests.py as a cProfile middleware writes them, picked at once in the page:
// time from the file input's change to the merged chart drawn, and every main-thread task over
// 50 ms in between (PerformanceObserver 'longtask'; of the task that dispatches the change, only
// the part after it: the part before is the browser making the File objects, filesTaskMs); then
// a comparison of two groups of them (measureCompare).
// Also run by run.mjs; alone:
//   RUNS=3 node scripts/bench/many.mjs [N]      (builds bench/out/dist first)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));

export function writeRequests(n) {
  const dir = mkdtempSync(join(tmpdir(), 'profburst-requests-'));
  execFileSync('python3', [join(here, 'requests.py'), dir, String(n)], { stdio: 'inherit' });
  return { dir, files: readdirSync(dir).sort().map((f) => join(dir, f)) };
}

/** Opens `files` through "Open profile" (several files make the list) and waits for their merge. */
export async function measureMany(baseUrl, files) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript(() => {
      window.__longtasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${baseUrl}/`);
    await page.locator('.toolbar .summary').waitFor(); // the example profile: the page has settled
    await page.waitForTimeout(500);
    const n = files.length;
    await page.evaluate((count) => {
      window.__t0 = 0;
      window.__listed = 0;
      window.__t1 = 0;
      document.querySelector('input[aria-label="Profile files"]').addEventListener('change', () => { window.__t0 = performance.now(); }, { capture: true });
      const tick = () => {
        if (window.__t0 > 0) {
          const listed = document.querySelector('.list-count')?.textContent ?? '';
          if (!window.__listed && listed.startsWith(`${count} of ${count} shown`) && !listed.includes('reading')) window.__listed = performance.now();
          const shown = document.querySelector('.list-shown')?.textContent ?? '';
          const drawn = [...document.querySelectorAll('canvas')].some((c) => Number(c.dataset.drawn ?? 0) > 0);
          if (shown.includes(`showing ${count} merged`) && drawn) {
            window.__t1 = performance.now();
            return;
          }
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }, n);
    await page.locator('input[aria-label="Profile files"]').setInputFiles(files);
    await page.waitForFunction(() => window.__t1 > 0, null, { timeout: 120_000, polling: 100 });
    await page.waitForTimeout(300);
    const r = await page.evaluate(() => {
      const t0 = window.__t0, t1 = window.__t1;
      const tasks = window.__longtasks.filter((x) => x.start + x.duration >= t0 && x.start <= t1 + 300);
      // the task that dispatches the change event began with the browser making a File of each
      // path that Playwright's setInputFiles gave (on a bare page with no script: one task of
      // ~490 ms for 1 000 files); the page's own share of it is what follows the event
      const own = (x) => (x.start < t0 ? x.start + x.duration - t0 : x.duration);
      return {
        listedMs: window.__listed - t0,
        mergedMs: t1 - t0,
        longtasks: tasks.filter((x) => own(x) >= 50).map((x) => ({ at: Math.round(x.start - t0), ms: Math.round(own(x)) })),
        filesTaskMs: Math.round(Math.max(0, ...tasks.filter((x) => x.start < t0).map((x) => t0 - x.start))),
      };
    });
    const compare = await measureCompare(page);
    return { files: n, ...r, longestTaskMs: r.longtasks.length ? Math.max(...r.longtasks.map((x) => x.ms)) : 0, compare, errors };
  } finally {
    await browser.close();
  }
}

/**
 * Then two groups of the same list compared, as a user picks them: the /users requests set as
 * the base (two in three of requests.py's files), the /report ones as the new side. Time from
 * the click on "Compare with base" to the comparison shown with its chart drawn, and the page's
 * tasks over 50 ms meanwhile.
 */
async function measureCompare(page) {
  const filter = page.getByRole('searchbox', { name: 'Filter by name' });
  const pick = async (name) => {
    await filter.fill(name);
    await page.waitForFunction((n) => {
      const rows = [...document.querySelectorAll('.list-table .list-name')];
      return rows.length > 0 && rows.every((r) => r.textContent.includes(n));
    }, name);
    await page.getByRole('button', { name: 'Select all matching' }).click();
  };
  await pick('GET.users');
  await page.getByRole('button', { name: 'Set as base' }).click();
  await pick('GET.report');
  await page.waitForTimeout(500);
  const t0 = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: /Compare with base/ }).click();
  await page.waitForFunction(() => (document.querySelector('.list-shown')?.textContent ?? '').startsWith('comparing')
    && document.querySelector('.diff-summary') && [...document.querySelectorAll('canvas')].some((c) => Number(c.dataset.drawn ?? 0) > 0), null, { timeout: 60_000, polling: 'raf' });
  const t1 = await page.evaluate(() => performance.now());
  await page.waitForTimeout(300);
  const longtasks = await page.evaluate((t) => window.__longtasks.filter((x) => x.start + x.duration >= t).map((x) => ({ at: Math.round(x.start - t), ms: Math.round(x.duration) })), t0);
  return { ms: t1 - t0, summary: (await page.locator('.diff-summary').textContent()).slice(0, 60), longtasks, longestTaskMs: longtasks.length ? Math.max(...longtasks.map((x) => x.ms)) : 0 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const { buildPage, } = await import('./build.mjs');
  const { serve } = await import('./browser.mjs');
  const n = Number(process.argv[2] ?? 1000);
  const dist = await buildPage(root);
  const { dir, files } = writeRequests(n);
  const server = await serve(dist, dist);
  try {
    for (let run = 0; run < Number(process.env.RUNS ?? 3); run++) console.log(JSON.stringify(await measureMany(server.url, files)));
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
