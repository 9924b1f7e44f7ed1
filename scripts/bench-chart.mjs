// Chart benchmark: a synthetic 500 000-node .cpuprofile opened in headless Chromium through the
// file input, timed inside the page with performance.now() (window.__profburstTiming, which the
// chart fills after each draw; see src/ui/chart/timing.ts):
//   - time to first chart: from the input's change event to the first layout drawn;
//   - hover: overlay redraw (outlines only) and event-to-redraw latency over many points;
//   - zoom: layout, slowest animation frame and final full draw per zoom in and out;
//   - cut-off 0 on the whole tree (level of detail before layout keeps it bounded);
//   - the timeline of a 1 000 000-sample profile: first draw, then draw and event-to-drawn
//     times per wheel zoom and pan (window.__profburstTimeline, src/ui/timeline/timing.ts).
// Prints a table and writes bench/chart-results.json.
//   node scripts/bench-chart.mjs [--build] [--nodes N] [--timeline-samples N] [--shot PNG]
// dist/ is built when missing (or with --build). The profile goes to $TMPDIR, never the repository.
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const NODES = Number(args[args.indexOf('--nodes') + 1]) || 500_000;
const dist = join(root, 'dist');

if (args.includes('--build') || !existsSync(join(dist, 'index.html'))) {
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}

/** mulberry32: seeded, so every run profiles the same tree */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A V8 profile of `count` nodes, shaped like real programs: every node splits what is left of its
 * subtree's node budget among 1 to 12 children with skewed random shares (so a few callees are
 * heavy and many are light, and one child in four makes a chain), 3 000 functions in 300 scripts
 * drawn by depth (so functions recur across subtrees), one to three samples per leaf and an
 * occasional sample on inner nodes. Iterative; the budget walk keeps the count exact.
 */
function generate(file, count, minSamples = 0) {
  const r = rng(42);
  const fns = [];
  for (let i = 0; i < 3000; i++) {
    fns.push({ functionName: `fn${i}_${['get', 'render', 'parse', 'build', 'visit'][i % 5]}`, scriptId: String(i % 300), url: `file:///app/pkg${i % 12}/src/module${i % 300}.js`, lineNumber: i % 500, columnNumber: i % 40 });
  }
  const nodes = [{ id: 1, callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }, children: [] }];
  const samples = [];
  const work = [[nodes[0], count - 1, 0]]; // node, nodes still to place under it, depth
  while (work.length) {
    const [node, budget, depth] = work.pop();
    if (budget === 0) {
      const hits = 1 + Math.floor(r() * 3);
      for (let h = 0; h < hits; h++) samples.push(node.id);
      continue;
    }
    if (r() < 0.15) samples.push(node.id);
    const k = r() < 0.25 ? 1 : Math.min(budget, 1 + Math.floor(r() * 12));
    const weights = Array.from({ length: k }, () => r() ** 2 + 1e-3);
    const sum = weights.reduce((a, b) => a + b, 0);
    let left = budget - k; // each child takes one node for itself
    const shares = weights.map((w) => Math.floor((left * w) / sum));
    shares[0] += left - shares.reduce((a, b) => a + b, 0);
    for (let c = 0; c < k; c++) {
      const fn = fns[(depth * 97 + Math.floor(r() * r() * 200)) % fns.length];
      const child = { id: nodes.length + 1, callFrame: fn, children: [] };
      node.children.push(child.id);
      nodes.push(child);
      work.push([child, shares[c], depth + 1]);
    }
  }
  // shuffle the samples a little so the timeline is not one walk
  for (let i = samples.length - 1; i > 0; i -= 7) {
    const j = Math.floor(r() * (i + 1));
    [samples[i], samples[j]] = [samples[j], samples[i]];
  }
  // for the timeline: the program runs its walk again (a server serving the same requests)
  // until it has taken `minSamples` samples, each round shuffled a little differently
  const round = samples.length;
  while (round > 0 && samples.length < minSamples) {
    const from = samples.length;
    for (let i = 0; i < round && samples.length < minSamples; i++) samples.push(samples[i]);
    for (let i = samples.length - 1; i > from; i -= 13) {
      const j = from + Math.floor(r() * (i - from + 1));
      [samples[i], samples[j]] = [samples[j], samples[i]];
    }
  }
  const timeDeltas = samples.map(() => 900 + Math.floor(r() * 200));
  const endTime = timeDeltas.reduce((a, b) => a + b, 0);
  writeFileSync(file, JSON.stringify({ nodes, startTime: 0, endTime, samples, timeDeltas }));
  return { nodes: nodes.length, samples: samples.length };
}

const dir = join(tmpdir(), 'profburst-bench-chart');
mkdirSync(dir, { recursive: true });
const file = join(dir, `chart-v3-${NODES}.cpuprofile`);
if (!existsSync(file)) {
  const t0 = performance.now();
  const g = generate(file, NODES);
  console.log(`generated ${file}: ${g.nodes} nodes, ${g.samples} samples, ${(statSync(file).size / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const TIMELINE_SAMPLES = Number(args[args.indexOf('--timeline-samples') + 1]) || 1_000_000;
const timelineFile = join(dir, `timeline-v1-${TIMELINE_SAMPLES}.cpuprofile`);
if (!existsSync(timelineFile)) {
  const t0 = performance.now();
  const g = generate(timelineFile, 100_000, TIMELINE_SAMPLES);
  console.log(`generated ${timelineFile}: ${g.nodes} nodes, ${g.samples} samples, ${(statSync(timelineFile).size / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const types = new Map([['.html', 'text/html'], ['.js', 'text/javascript'], ['.css', 'text/css'], ['.svg', 'image/svg+xml'], ['.prof', 'application/octet-stream']]);
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const target = resolve(join(dist, path === '/' ? 'index.html' : path));
  if (!target.startsWith(dist) || !existsSync(target) || statSync(target).isDirectory()) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': types.get(extname(target)) ?? 'application/octet-stream' });
  createReadStream(target).pipe(res);
}).listen(0, '127.0.0.1');
await new Promise((ok) => server.once('listening', ok));

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await page.waitForFunction(() => Number(document.querySelector('canvas.chart-main')?.dataset.drawn ?? 0) > 1);

// time to first chart: from the file input's change event to the chart's first layout drawn
await page.evaluate(() => {
  document.querySelector('input[type=file]:not([webkitdirectory])').addEventListener('change', () => { window.__benchStart = performance.now(); }, { capture: true });
});
await page.locator('input[type=file]:not([webkitdirectory])').setInputFiles(file);
await page.locator('.toolbar .summary', { hasText: file.split('/').pop() }).waitFor({ timeout: 300_000 });
await page.waitForFunction(() => window.__profburstTiming.firstDrawAt > window.__benchStart, null, { timeout: 300_000 });
const first = await page.evaluate(() => ({ ms: window.__profburstTiming.firstDrawAt - window.__benchStart, ...window.__profburstTiming }));
const treeNodes = await page.evaluate(() => document.querySelector('.toolbar .summary')?.textContent);
if (args.includes('--shot')) await page.screenshot({ path: args[args.indexOf('--shot') + 1] });

/** Moves the mouse over `points` points inside the page; per move, the overlay draw and the event-to-redraw time. */
async function hover(points) {
  return page.evaluate(async (n) => {
    const canvas = document.querySelector('canvas.chart-main');
    const box = canvas.getBoundingClientRect();
    const t = window.__profburstTiming;
    const overlay = [], latency = [];
    const frame = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
    for (let i = 0; i < n; i++) {
      // a spiral from the centre out, so the points cross every ring or row
      const a = i * 2.399963, rr = Math.sqrt((i + 0.5) / n) * 0.48;
      const x = box.left + box.width * (0.5 + rr * Math.sin(a)), y = box.top + box.height * (0.5 - rr * Math.cos(a));
      const before = t.overlayDraws;
      const t0 = performance.now();
      canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
      await frame();
      if (t.overlayDraws > before) {
        overlay.push(t.overlayMs);
        latency.push(t.overlayAt - t0);
      }
    }
    // React's onMouseLeave listens to mouseout
    canvas.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, relatedTarget: document.body }));
    return { overlay, latency };
  }, points);
}

/** Zooms into the node under a few points and back out; per zoom, layout, slowest frame and final draw. */
async function zoom(times) {
  const out = [];
  for (let i = 0; i < times; i++) {
    for (const dir of ['in', 'out']) {
      const t0 = await page.evaluate(() => performance.now());
      if (dir === 'in') {
        await page.evaluate((k) => {
          const canvas = document.querySelector('canvas.chart-main');
          const box = canvas.getBoundingClientRect();
          const style = canvas.dataset.chart;
          // a node on the first ring (or row), a different one each time
          const share = 0.05 + 0.17 * k;
          const x = style === 'icicle' ? box.left + box.width * share : box.left + box.width / 2 + Math.sin(share * 2 * Math.PI) * box.height * 0.07;
          const y = style === 'icicle' ? box.top + 42 : box.top + box.height / 2 - Math.cos(share * 2 * Math.PI) * box.height * 0.07;
          canvas.dispatchEvent(new MouseEvent('click', { clientX: x, clientY: y, bubbles: true }));
        }, i);
      } else {
        await page.keyboard.press('Escape');
      }
      await page.waitForTimeout(30);
      await page.waitForFunction(() => document.querySelector('canvas.chart-main').dataset.animating === 'false');
      const t = await page.evaluate(() => ({ ...window.__profburstTiming, now: performance.now() }));
      out.push({ dir, layoutMs: t.layoutMs, frameMs: t.animationFrameMs, frames: t.animationFrames, staticMs: t.staticMs, nodes: t.layoutNodes, drawn: t.drawnNodes, totalMs: t.now - t0 });
    }
  }
  return out;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN);
  return { n: s.length, median: q(0.5), p95: q(0.95), max: s.length ? s[s.length - 1] : NaN };
};

const results = { nodes: NODES, profile: treeNodes, viewport: '1400x900@1x', firstChartMs: first.ms, firstLayout: { layoutMs: first.layoutMs, staticMs: first.staticMs, nodes: first.layoutNodes, drawn: first.drawnNodes } };
for (const style of ['sunburst', 'icicle']) {
  await page.getByRole('button', { name: style === 'sunburst' ? 'Sunburst' : 'Icicle', exact: true }).click();
  await page.waitForFunction((s) => document.querySelector('canvas.chart-main')?.dataset.chart === s, style);
  await page.waitForTimeout(200);
  const h = await hover(300);
  const z = await zoom(3);
  results[style] = {
    hoverOverlayMs: stats(h.overlay),
    hoverLatencyMs: stats(h.latency),
    zoom: z,
    zoomFrameMs: stats(z.map((r) => r.frameMs)),
    zoomLayoutMs: stats(z.map((r) => r.layoutMs)),
    zoomFinalDrawMs: stats(z.map((r) => r.staticMs)),
  };
}

// cut-off 0 at the whole tree: bounded by the half-pixel rule before layout
await page.getByLabel('Hide below').selectOption('0');
await page.waitForTimeout(500);
const zero = await page.evaluate(() => ({ ...window.__profburstTiming }));
const zeroHover = await hover(100);
results.cutoffZero = { layoutMs: zero.layoutMs, staticMs: zero.staticMs, nodes: zero.layoutNodes, drawn: zero.drawnNodes, hoverOverlayMs: stats(zeroHover.overlay) };
await page.getByLabel('Depth').fill('60');
await page.waitForTimeout(800);
const deep = await page.evaluate(() => ({ ...window.__profburstTiming }));
results.cutoffZeroDepth60 = { layoutMs: deep.layoutMs, staticMs: deep.staticMs, nodes: deep.layoutNodes, drawn: deep.drawnNodes };

// the timeline of a TIMELINE_SAMPLES-sample profile: time from the button to the first draw (the
// worker lays the boxes out), then per wheel zoom in, shift+wheel pan and zoom out, the draw
// and the event-to-drawn time (React's render, the layout effect's draw)
await page.locator('input[type=file]:not([webkitdirectory])').setInputFiles(timelineFile);
await page.locator('.toolbar .summary', { hasText: timelineFile.split('/').pop() }).waitFor({ timeout: 300_000 });
await page.evaluate(() => { window.__benchTimeline = performance.now(); });
await page.getByRole('button', { name: 'Timeline', exact: true }).click();
await page.waitForFunction(() => window.__profburstTimeline?.firstDrawAt > window.__benchTimeline, null, { timeout: 300_000 });
const tlFirst = await page.evaluate(() => ({ ms: window.__profburstTimeline.firstDrawAt - window.__benchTimeline, ...window.__profburstTimeline }));
const samplesShown = await page.evaluate(() => document.querySelector('.toolbar .summary')?.textContent);
/** Dispatches `n` wheel events over the timeline's middle; per event, the draw and the event-to-drawn time. */
async function timelineWheel(n, deltaY, shiftKey) {
  return page.evaluate(async ([count, dy, shift]) => {
    const canvas = document.querySelector('canvas.timeline-main');
    const box = canvas.getBoundingClientRect();
    const t = window.__profburstTimeline;
    const draw = [], latency = [], visited = [];
    const frame = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
    for (let i = 0; i < count; i++) {
      const before = t.draws;
      const t0 = performance.now();
      canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: dy, shiftKey: shift, clientX: box.left + box.width * 0.37, clientY: box.top + 40, bubbles: true, cancelable: true }));
      await frame();
      if (t.draws > before) {
        draw.push(t.drawMs);
        latency.push(t.drawnAt - t0);
        visited.push(t.visited);
      }
    }
    return { draw, latency, visited };
  }, [n, deltaY, shiftKey]);
}
const timelineMoves = { 'zoom in': await timelineWheel(40, -120, false), pan: await timelineWheel(40, 150, true), 'zoom out': await timelineWheel(40, 120, false) };
results.timeline = {
  samples: TIMELINE_SAMPLES,
  profile: samplesShown,
  boxes: tlFirst.boxes,
  firstDrawMs: tlFirst.ms,
  wholeViewDrawMs: tlFirst.drawMs,
  wholeViewVisited: tlFirst.visited,
};
for (const [name, m] of Object.entries(timelineMoves)) {
  results.timeline[name] = { drawMs: stats(m.draw), eventToDrawnMs: stats(m.latency), visitedMax: Math.max(0, ...m.visited) };
}
results.errors = errors;

await browser.close();
server.close();

const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const rows = [
  ['time to first chart (input change → drawn)', f(results.firstChartMs), '', ''],
  ['  its layout', f(results.firstLayout.layoutMs), '', `${results.firstLayout.nodes} nodes`],
  ['  its static draw', f(results.firstLayout.staticMs), '', `${results.firstLayout.drawn} drawn`],
];
for (const style of ['sunburst', 'icicle']) {
  const s = results[style];
  rows.push([`${style}: hover overlay redraw`, f(s.hoverOverlayMs.median), f(s.hoverOverlayMs.p95), `max ${f(s.hoverOverlayMs.max)}, n=${s.hoverOverlayMs.n}`]);
  rows.push([`${style}: hover event → redrawn`, f(s.hoverLatencyMs.median), f(s.hoverLatencyMs.p95), `max ${f(s.hoverLatencyMs.max)}`]);
  rows.push([`${style}: zoom layout`, f(s.zoomLayoutMs.median), f(s.zoomLayoutMs.p95), `max ${f(s.zoomLayoutMs.max)}`]);
  rows.push([`${style}: zoom animation frame (slowest)`, f(s.zoomFrameMs.median), f(s.zoomFrameMs.p95), `max ${f(s.zoomFrameMs.max)}`]);
  rows.push([`${style}: zoom final draw`, f(s.zoomFinalDrawMs.median), f(s.zoomFinalDrawMs.p95), `max ${f(s.zoomFinalDrawMs.max)}`]);
}
rows.push(['cut-off 0: layout', f(results.cutoffZero.layoutMs), '', `${results.cutoffZero.nodes} nodes laid out, static draw ${f(results.cutoffZero.staticMs)} ms`]);
rows.push(['cut-off 0: hover overlay redraw', f(results.cutoffZero.hoverOverlayMs.median), f(results.cutoffZero.hoverOverlayMs.p95), `max ${f(results.cutoffZero.hoverOverlayMs.max)}`]);
rows.push(['cut-off 0, depth 60: layout', f(results.cutoffZeroDepth60.layoutMs), '', `${results.cutoffZeroDepth60.nodes} nodes laid out, static draw ${f(results.cutoffZeroDepth60.staticMs)} ms`]);
const tl = results.timeline;
rows.push([`timeline (${tl.samples.toLocaleString('en-US')} samples): button → drawn`, f(tl.firstDrawMs), '', `${tl.boxes.toLocaleString('en-US')} boxes laid out in the worker`]);
rows.push(['timeline: whole-profile draw', f(tl.wholeViewDrawMs), '', `${tl.wholeViewVisited.toLocaleString('en-US')} boxes in view`]);
for (const name of ['zoom in', 'pan', 'zoom out']) {
  const m = tl[name];
  rows.push([`timeline: ${name} draw`, f(m.drawMs.median), f(m.drawMs.p95), `max ${f(m.drawMs.max)}, n=${m.drawMs.n}, ≤ ${m.visitedMax.toLocaleString('en-US')} boxes in view`]);
  rows.push([`timeline: ${name} event → drawn`, f(m.eventToDrawnMs.median), f(m.eventToDrawnMs.p95), `max ${f(m.eventToDrawnMs.max)}`]);
}
console.log(`\nchart benchmark, ${NODES.toLocaleString('en-US')}-node cpuprofile (${results.viewport})`);
console.log(`${'measure'.padEnd(46)}${'ms (median)'.padStart(12)}${'p95 ms'.padStart(10)}  notes`);
for (const [a, b, c, d] of rows) console.log(`${a.padEnd(46)}${b.padStart(12)}${c.padStart(10)}  ${d}`);
if (errors.length) console.log('page errors:', errors);

mkdirSync(join(root, 'bench'), { recursive: true });
const tenth = (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 10) / 10 : v);
writeFileSync(join(root, 'bench/chart-results.json'), `${JSON.stringify({ date: new Date().toISOString(), ...results }, tenth, 1)}\n`);
console.log('wrote bench/chart-results.json');
