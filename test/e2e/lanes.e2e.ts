import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { openPage, useBrowser } from './browser';

// Several threads of one file as lanes on one time axis (issue 17): real recordings, with each
// thread's place on the axis worked out here from the raw file.
const browser = useBrowser();
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const fixtureUrl = (file: string) => new URL(`../fixtures/${file}`, inject('baseUrl')).href;

interface TraceEvent { ph?: string; pid?: number | string; tid?: number | string; ts?: number; dur?: number; name?: string; args?: { name?: string } }

/** Per thread (pid:tid) of a trace's duration events: its lane name as the page writes it (processes may share names), its earliest B or X event. */
function traceThreads(file: string): Map<string, { name: string; first: number; time: number }> {
  const raw = JSON.parse(gunzipSync(readFileSync(join(FIXTURES, file))).toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  const processes = new Map<string, string>();
  const threads = new Map<string, string>();
  for (const e of events) {
    if (e.ph !== 'M' || typeof e.args?.name !== 'string') continue;
    if (e.name === 'process_name') processes.set(String(e.pid), e.args.name);
    if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  }
  const out = new Map<string, { name: string; first: number; time: number }>();
  for (const e of events) {
    if ((e.ph !== 'X' && e.ph !== 'B') || typeof e.ts !== 'number') continue;
    const name = `${processes.get(String(e.pid)) ?? `pid ${e.pid}`} › ${threads.get(`${e.pid}:${e.tid}`) ?? `tid ${e.tid}`}`;
    const t = out.get(`${e.pid}:${e.tid}`) ?? { name, first: Infinity, time: 0 };
    t.first = Math.min(t.first, e.ts);
    if (e.ph === 'X' && typeof e.dur === 'number') t.time += e.dur;
    out.set(`${e.pid}:${e.tid}`, t);
  }
  return out;
}

describe('timeline lanes', () => {
  it('draws every thread of a chromium trace as a lane placed by its first event on one axis, and shows one alone', async () => {
    const file = 'trace-event/chromium-startup.json.gz';
    const { page, errors } = await openPage(browser(), `${inject('baseUrl')}#url=${encodeURIComponent(fixtureUrl(file))}&chart=timeline`);
    await page.waitForFunction(() => Number(document.querySelector('canvas.timeline-main')?.getAttribute('data-drawn') ?? 0) > 0);
    const lanes = page.locator('.timeline-lane');
    await lanes.first().waitFor();
    const threads = traceThreads(file);
    const shown = [...threads].filter(([, t]) => t.time > 0);
    // one lane per thread with time, but the one shown above them
    expect(await lanes.count()).toBe(shown.length - 1);

    const zero = Math.min(...shown.map(([, t]) => t.first));
    /** the offset on the axis of the thread named `name` nearest to `offset` (names repeat across processes) */
    const placeOf = (name: string, offset: number) => shown.filter(([, t]) => t.name === name).map(([, t]) => t.first - zero).reduce((a, b) => (Math.abs(b - offset) < Math.abs(a - offset) ? b : a), Infinity);
    const mainName = (await page.locator('.timeline-lane-name').textContent())!.replace(/ \(shown in every view\)$/, '');
    const mainOffset = Number(await page.locator('canvas.timeline-main').getAttribute('data-offset'));
    expect(mainOffset).toBeCloseTo(placeOf(mainName, mainOffset), 3);
    const placed = await lanes.evaluateAll((els) => els.map((el) => ({
      name: el.querySelector('.timeline-lane-head button')!.textContent!.replace(/^[▸▾] /, ''),
      offset: Number(el.querySelector('canvas')!.getAttribute('data-offset')),
    })));
    for (const lane of placed) expect(lane.offset, lane.name).toBeCloseTo(placeOf(lane.name, lane.offset), 3);
    // and every thread is there once: the offsets, sorted, are the threads' first events
    expect([...placed.map((l) => l.offset), mainOffset].sort((a, b) => a - b)).toEqual(shown.map(([, t]) => t.first - zero).sort((a, b) => a - b));
    // the earliest thread starts the axis
    expect(Math.min(...placed.map((l) => l.offset), Number(await page.locator('canvas.timeline-main').getAttribute('data-offset')))).toBe(0);

    // a lane opens to several rows and closes again
    const toggle = lanes.first().locator('.timeline-lane-head button').first();
    const canvas = lanes.first().locator('canvas');
    const closed = (await canvas.boundingBox())!.height;
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(async () => (await canvas.boundingBox())!.height).toBeGreaterThan(closed * 4);
    await expect.poll(async () => Number(await canvas.getAttribute('data-drawn'))).toBeGreaterThan(0);

    // "Show" makes that thread the profile of every view
    const other = placed[0].name;
    await lanes.first().getByRole('button', { name: 'Show' }).click();
    await page.locator('.toolbar .summary', { hasText: other }).waitFor();
    await expect.poll(() => page.locator('.timeline-lane-name').textContent()).toContain(other);
    expect(errors).toEqual([]);
  });

  it('puts the threads of a perf recording on the clock of its first sample', async () => {
    const file = 'perf/threads.perf.txt.gz';
    const { page, errors } = await openPage(browser(), `${inject('baseUrl')}#url=${encodeURIComponent(fixtureUrl(file))}&chart=timeline`);
    await page.waitForFunction(() => Number(document.querySelector('canvas.timeline-main')?.getAttribute('data-drawn') ?? 0) > 0);
    // perf script's sample lines: "comm tid time: period event:"; three threads of work-mt
    const text = gunzipSync(readFileSync(join(FIXTURES, file))).toString('utf8');
    const tids = new Set([...text.matchAll(/^\S+\s+(\d+)\s+[\d.]+:/gm)].map((m) => m[1]));
    // the first profile is all threads together: every thread is a lane under it, all at offset 0
    const lanes = page.locator('.timeline-lane canvas');
    await expect.poll(() => lanes.count()).toBe(tids.size);
    expect(await lanes.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-offset'))))).toEqual([...tids].map(() => 0));
    expect(errors).toEqual([]);
  });
});
