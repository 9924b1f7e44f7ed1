// The soak (issue 18, item 5): one tab opens and closes 200 profiles in turn (real corpus files of
// five formats, each chosen through the page's file input, its chart and table waited for), and
// the renderer's memory after the first is compared with its memory after the last: a leak shows
// as growth. Memory is read after a full garbage collection of the page (Chromium started with
// --js-flags=--expose-gc), as the whole renderer process's RSS (main thread, workers, buffers) and
// as the page's JS heap. Also run by run.mjs; alone:
//   node scripts/bench/soak.mjs [ROUNDS]      (builds bench/out/dist first)
import { join, basename, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderers, statusKB, withBrowser } from './browser.mjs';

export const SOAK_FILES = [
  'python/large.prof', 'cpuprofile/medium.cpuprofile', 'callgrind/default.callgrind', 'perf/work.perf.txt', 'chrome/Chrome-65-sucrase.cpuprofile',
];

export async function measureSoak(baseUrl, corpusDir, rounds = 200) {
  return withBrowser(async (context, userDataDir) => {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${baseUrl}/`);
    await page.locator('.toolbar .summary').waitFor();
    const input = page.locator('input[type=file]:not([webkitdirectory])').first();
    const settle = async () => {
      await page.waitForTimeout(300);
      await page.evaluate(() => { window.gc?.(); window.gc?.(); });
      await page.waitForTimeout(200);
      const rss = renderers(userDataDir).reduce((n, pid) => n + (statusKB(pid, 'VmRSS') || 0), 0) * 1024;
      const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
      return { rss, heap };
    };
    const samples = [];
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) {
      const file = join(corpusDir, SOAK_FILES[i % SOAK_FILES.length]);
      await input.setInputFiles(file);
      await page.locator('.toolbar .summary').filter({ hasText: basename(file) }).waitFor({ timeout: 60_000 });
      await page.locator('.stats-table tbody tr').first().waitFor();
      // after the first, then every 20 opens: each sample after the same file as the first
      if (i % 20 === 0 || i === rounds - 1) samples.push({ round: i + 1, ...(await settle()) });
    }
    const first = samples[0], last = samples[samples.length - 1];
    return {
      rounds, ms: performance.now() - t0, errors, samples,
      rssFirst: first.rss, rssLast: last.rss, rssGrowth: last.rss / first.rss - 1,
      heapFirst: first.heap, heapLast: last.heap, heapGrowth: first.heap ? last.heap / first.heap - 1 : null,
    };
  }, ['--js-flags=--expose-gc', '--enable-precise-memory-info']);
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const { buildPage } = await import('./build.mjs');
  const { serve } = await import('./browser.mjs');
  const dist = await buildPage(root);
  const server = await serve(dist, dist);
  const r = await measureSoak(server.url, join(root, '../shared/corpus'), Number(process.argv[2] ?? 200));
  await server.close();
  const mib = (b) => (b / 2 ** 20).toFixed(0);
  for (const s of r.samples) console.log(`after ${String(s.round).padStart(3)} opens: renderer ${mib(s.rss)} MiB, page heap ${mib(s.heap)} MiB`);
  console.log(`soak: ${r.rounds} opens in ${(r.ms / 1000).toFixed(0)} s; renderer ${mib(r.rssFirst)} -> ${mib(r.rssLast)} MiB (${(r.rssGrowth * 100).toFixed(0)}%), page heap ${(r.heapGrowth * 100).toFixed(0)}%; errors: ${r.errors.length}`);
}
