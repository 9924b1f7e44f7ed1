// The page half of scripts/bench/giga.mjs: one gigabyte file chosen in a fresh headless Chromium
// (default flags, so its default heap limits): time to chart, the renderer's peak memory, or what
// the page said instead (a refusal before reading, or an error).
import { buildPage } from './build.mjs';
import { measureLoad, serve } from './browser.mjs';

let server = null;

export async function measureGigaPage(root, file) {
  if (!server) server = await serve(await buildPage(root), await buildPage(root));
  const r = await measureLoad(server.url, 'profburst', file, { timeoutMs: 900_000 });
  return {
    chartMs: r.timedOut ? null : r.chartMs,
    refused: r.refused,
    errors: r.errors,
    peakGrowthBytes: r.memory?.peakGrowthBytes ?? null,
    longestTaskMs: r.longestTaskMs ?? null,
    summary: r.tree?.summary ?? null,
  };
}

export async function closeGigaPage() {
  await server?.close();
  server = null;
}
