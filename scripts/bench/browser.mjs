// The browser half of the benchmark: profburst's built page (dist/) and speedscope's (the npm
// package's dist/release, not built from source) served from 127.0.0.1, opened in headless
// Chromium, each file chosen through the page's own <input type=file>.
//
// What is measured, per file and viewer, each in a fresh browser:
//  - chartMs: from the input's `change` event (a capturing listener, so before the page's own)
//    to the first animation frame in which the chart is drawn:
//      profburst: the toolbar summary names the file, a canvas has data-drawn > 0 (set by the
//        chart after it drew that many nodes) and the stats table has rows;
//      speedscope: the welcome screen is gone, its toolbar shows the file name, and one of its
//        2D canvases (the flame chart's label layer, drawn in the same frame as its WebGL layer)
//        has a non-blank pixel (getImageData). A screenshot at the end shows it drawn.
//  - longest main-thread task while loading: PerformanceObserver('longtask'), installed by
//    addInitScript before the page loads; long tasks are ≥ 50 ms only, so "none" means every
//    task was shorter. The import worker's own tasks are not main-thread tasks.
//  - memory: the page's renderer process (main thread + import worker + the file's bytes):
//    peak RSS during the load (VmHWM after resetting it through /proc/PID/clear_refs) minus the
//    RSS just before the file was chosen. performance.measureUserAgentSpecificMemory needs
//    cross-origin isolation and gives no peak, so it is not used.
//  - hover (profburst, the biggest tree): mousemove events dispatched on the chart, time to the
//    next animation frame + task, as scripts/bench-chart.mjs does.
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = new Map([
  ['.html', 'text/html; charset=utf-8'], ['.js', 'text/javascript'], ['.mjs', 'text/javascript'], ['.css', 'text/css'],
  ['.json', 'application/json'], ['.svg', 'image/svg+xml'], ['.png', 'image/png'], ['.wasm', 'application/wasm'],
  ['.woff2', 'font/woff2'], ['.ico', 'image/x-icon'], ['.map', 'application/json'],
]);

/** A plain static server: "/" from `app`, "/speedscope/" from `speedscope`. */
export async function serve(app, speedscope) {
  const mounts = [['/speedscope/', resolve(speedscope)], ['/', resolve(app)]];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    for (const [prefix, dir] of mounts) {
      if (!path.startsWith(prefix)) continue;
      let file = resolve(join(dir, path.slice(prefix.length)));
      if (file !== dir && !file.startsWith(dir + sep)) break;
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!existsSync(file)) break;
      res.writeHead(200, { 'content-type': TYPES.get(extname(file)) ?? 'application/octet-stream', 'content-length': statSync(file).size });
      createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) };
}

// ---- processes

function readProc(pid, file) {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

export function statusKB(pid, field) {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readProc(pid, 'status') ?? '');
  return m ? Number(m[1]) : NaN;
}

/** Renderer processes of the browser whose command line names `userDataDir`. */
export function renderers(userDataDir) {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  const parent = new Map();
  let browserPid = -1;
  for (const pid of all) {
    const stat = readProc(pid, 'stat');
    if (!stat) continue;
    parent.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    const cmd = readProc(pid, 'cmdline') ?? '';
    if (browserPid < 0 && cmd.includes(`--user-data-dir=${userDataDir}`) && !cmd.includes('--type=')) browserPid = pid;
  }
  const out = [];
  for (const pid of all) {
    let p = pid;
    for (let hops = 0; hops < 6 && p > 1; hops++) {
      p = parent.get(p) ?? 0;
      if (p === browserPid) {
        if ((readProc(pid, 'cmdline') ?? '').includes('--type=renderer')) out.push(pid);
        break;
      }
    }
  }
  return out;
}

// ---- one measurement

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function withBrowser(fn, extraArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), 'profburst-bench-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: [...ARGS, ...extraArgs],
    viewport: { width: 1400, height: 900 },
    deviceScaleFactor: 1,
  });
  try {
    return await fn(context, dir);
  } finally {
    await context.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

function installObservers() {
  window.__longtasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    window.__longtasks = null;
  }
}

/** In the page: note the input's change event and the first frame where `ready()` holds. */
function armTimer({ kind, name }) {
  const input = document.querySelector('input[type=file]:not([webkitdirectory])');
  window.__t0 = 0;
  window.__t1 = 0;
  window.__frames = 0;
  input.addEventListener('change', () => { window.__t0 = performance.now(); }, { capture: true });
  const profburstReady = () => {
    const summary = document.querySelector('.toolbar .summary');
    if (!summary || !summary.textContent.includes(name)) return false;
    const drawn = [...document.querySelectorAll('canvas')].some((c) => Number(c.dataset.drawn ?? 0) > 0);
    return drawn && document.querySelectorAll('.stats-table tbody tr').length > 0;
  };
  const speedscopeReady = () => {
    if (document.getElementById('file')) return false; // the welcome screen
    if (!document.body.textContent.includes(name)) return false;
    for (const c of document.querySelectorAll('canvas')) {
      if (c.width * c.height === 0 || c.width * c.height > 4e6) continue;
      const ctx = c.getContext('2d'); // null for the WebGL canvas; the others already are 2D
      if (!ctx) continue;
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < data.length; i += 4 * 7) if (data[i] !== 0) return true;
    }
    return false;
  };
  const ready = kind === 'speedscope' ? speedscopeReady : profburstReady;
  const tick = () => {
    if (window.__t0 > 0) {
      window.__frames++;
      if (ready()) {
        window.__t1 = performance.now();
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Opens `file` in viewer `kind` ('profburst' | 'speedscope'); returns the measurements. */
export async function measureLoad(baseUrl, kind, file, { timeoutMs = 300_000, hover = false, screenshot = null, settle = false } = {}) {
  return withBrowser(async (context, userDataDir) => {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript(installObservers);
    await page.goto(kind === 'speedscope' ? `${baseUrl}/speedscope/index.html` : `${baseUrl}/`);
    await page.locator('input[type=file]:not([webkitdirectory])').first().waitFor({ state: 'attached' });
    // the bare page opens its example profile: wait until it is drawn, so that its load (fetch,
    // worker, first render, idle-time table orders) is not counted against the file chosen next
    if (kind === 'profburst') {
      await page.waitForFunction(() => [...document.querySelectorAll('canvas')].some((c) => Number(c.dataset.drawn ?? 0) > 0), null, { timeout: 60_000 }).catch(() => {});
    }
    await page.waitForTimeout(300); // let the page settle (fonts, worker module fetch)
    const name = basename(file);
    await page.evaluate(armTimer, { kind, name });
    const pids = renderers(userDataDir);
    const before = new Map(pids.map((pid) => [pid, statusKB(pid, 'VmRSS')]));
    for (const pid of pids) {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
      } catch { /* not root: the sampled peak below still works */ }
    }
    const sampled = new Map(pids.map((pid) => [pid, 0]));
    const sampler = setInterval(() => {
      for (const pid of pids) sampled.set(pid, Math.max(sampled.get(pid), statusKB(pid, 'VmRSS') || 0));
    }, 20);
    const wall0 = performance.now();
    let timedOut = false;
    let refused = null;
    try {
      await page.locator('input[type=file]:not([webkitdirectory])').first().setInputFiles(file, { timeout: timeoutMs });
      // the chart, or (profburst) an error banner that says why not: a refused file ends the wait
      await page.waitForFunction(() => window.__t1 > 0 || document.querySelector('.banner.error') !== null, null, { timeout: timeoutMs, polling: 100 });
      const said = await page.evaluate(() => document.querySelector('.banner.error')?.textContent ?? null);
      if (said !== null && !(await page.evaluate(() => window.__t1 > 0))) {
        timedOut = true;
        refused = said;
      }
    } catch (e) {
      timedOut = true;
      errors.push(`no chart within ${timeoutMs / 1000} s: ${String(e).split('\n')[0]}`);
    }
    const wallMs = performance.now() - wall0;
    await page.waitForTimeout(300).catch(() => {});
    clearInterval(sampler);
    let memory = null;
    for (const pid of pids) {
      const peak = Math.max(statusKB(pid, 'VmHWM') || 0, sampled.get(pid));
      const grew = (peak - before.get(pid)) * 1024;
      if (!memory || grew > memory.peakGrowthBytes) memory = { pid, rssBeforeBytes: before.get(pid) * 1024, peakBytes: peak * 1024, peakGrowthBytes: grew };
    }
    const result = { kind, file, bytes: statSync(file).size, wallMs, timedOut, refused, errors, memory };
    if (!timedOut) {
      const t = await page.evaluate(() => {
        const t0 = window.__t0, t1 = window.__t1;
        const tasks = window.__longtasks === null ? null : window.__longtasks.filter((x) => x.start + x.duration >= t0 && x.start <= t1 + 300);
        return { chartMs: t1 - t0, frames: window.__frames, longtasks: tasks && tasks.map((x) => ({ at: Math.round(x.start - t0), ms: Math.round(x.duration) })) };
      });
      result.chartMs = t.chartMs;
      result.longtaskSupported = t.longtasks !== null;
      result.longtasks = t.longtasks ? t.longtasks.length : null;
      result.longestTaskMs = t.longtasks && t.longtasks.length ? Math.max(...t.longtasks.map((x) => x.ms)) : 0;
      result.longtaskList = t.longtasks; // start (ms after the change event) and duration of each
      if (kind === 'profburst') {
        result.tree = await page.evaluate(() => ({
          summary: document.querySelector('.toolbar .summary')?.textContent ?? '',
          drawn: Math.max(0, ...[...document.querySelectorAll('canvas')].map((c) => Number(c.dataset.drawn ?? 0))),
          rows: document.querySelectorAll('.stats-table tbody tr').length,
          count: document.querySelector('.stats-count')?.textContent ?? '',
        }));
      }
      if (hover && kind === 'profburst') result.hover = await hoverTimes(page, 200);
      if (screenshot) await page.screenshot({ path: screenshot }).catch(() => {});
      if (settle && memory) {
        memory.settledGrowthBytes = await settledGrowth(page, memory, wall0 + wallMs);
        // the peak with what the page does once the chart is up (idle-time table orders, the
        // import worker's end): the peak above stops 300 ms after the chart
        memory.peakUntilSettledBytes = Math.max(memory.peakGrowthBytes, (statusKB(memory.pid, 'VmHWM') || 0) * 1024 - memory.rssBeforeBytes);
      }
    }
    return result;
  }, settle ? ['--js-flags=--expose-gc'] : []);
}

/**
 * The renderer's growth once the page has been idle a while (SETTLE_MS after the chart, then a full
 * GC of the page): what a profile costs while it is looked at. The peak is the import's; after it,
 * V8 gives pages back only when its memory reducer runs, several seconds after the last
 * allocations (a 25 MB .prof: 87 MiB 2.5 s after the chart even after a forced GC, 30 MiB after 30 s
 * without one).
 */
async function settledGrowth(page, memory, chartAt) {
  await page.waitForTimeout(Math.max(0, SETTLE_MS - (performance.now() - chartAt)));
  await page.evaluate(() => { window.gc?.(); window.gc?.(); }).catch(() => {});
  await page.waitForTimeout(500);
  return statusKB(memory.pid, 'VmRSS') * 1024 - memory.rssBeforeBytes;
}

const SETTLE_MS = 15_000;

/** Dispatches mousemoves over the chart; per event, the time to the next frame and task after it. */
async function hoverTimes(page, points) {
  const xs = await page.evaluate(async (n) => {
    const canvas = [...document.querySelectorAll('canvas')].sort((a, b) => b.width * b.height - a.width * a.height)[0];
    const box = canvas.getBoundingClientRect();
    const out = [];
    const frame = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
    for (let i = 0; i < n; i++) {
      const a = i * 2.399963, r = Math.sqrt((i + 0.5) / n) * 0.45;
      const x = box.left + box.width * (0.5 + r * Math.sin(a)), y = box.top + box.height * (0.5 - r * Math.cos(a));
      const t0 = performance.now();
      canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
      await frame();
      out.push(performance.now() - t0);
    }
    canvas.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, relatedTarget: document.body }));
    return out;
  }, points);
  xs.sort((a, b) => a - b);
  return { n: xs.length, median: xs[xs.length >> 1], p95: xs[Math.floor(xs.length * 0.95)], max: xs[xs.length - 1] };
}
