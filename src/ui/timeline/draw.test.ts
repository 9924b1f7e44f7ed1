import { describe, expect, it } from 'vitest';
import type { CallTree } from '../../core/model';
import type { TimelineBoxes } from '../../core/timeline/boxes';
import { timelineRows } from '../../core/timeline/rows';
import { drawTimeline, ROW_HEIGHT } from './draw';

/** One row of back-to-back boxes of the given widths (in time units), each its own tree node. */
function row(widths: number[]): { boxes: TimelineBoxes; tree: CallTree } {
  const n = widths.length;
  const boxes: TimelineBoxes = { size: n, node: new Int32Array(n), depth: new Int32Array(n), start: new Float64Array(n), end: new Float64Array(n), rows: 1 };
  let t = 0;
  widths.forEach((w, i) => {
    boxes.node[i] = i;
    boxes.start[i] = t;
    t += w;
    boxes.end[i] = t;
  });
  const tree = { size: n, parent: new Int32Array(n).fill(-1), frame: new Int32Array(n), self: new Float64Array(n), total: new Float64Array(n) } as unknown as CallTree;
  return { boxes, tree };
}

/** A canvas context that records which pixel columns of the first row were filled. */
function recorder() {
  const painted = new Set<number>();
  const ctx = {
    clearRect() {}, save() {}, restore() {}, beginPath() {}, rect() {}, clip() {}, strokeRect() {}, fillText() {},
    fillRect(x: number, y: number, w: number) {
      if (y >= ROW_HEIGHT || w <= 0) return;
      for (let c = Math.floor(x); c < x + w; c++) painted.add(c);
    },
  } as unknown as CanvasRenderingContext2D;
  return { ctx, painted };
}

function draw(widths: number[], width: number, view: { start: number; end: number }) {
  const { boxes, tree } = row(widths);
  const { ctx, painted } = recorder();
  const visited = drawTimeline({
    ctx, width, height: ROW_HEIGHT, boxes, rows: timelineRows(boxes), tree, frames: [], view, topRow: 0,
    colorOf: () => '#000', selectedFrame: null, hoverBox: -1, range: null,
  });
  return { boxes, painted, visited, scale: width / (view.end - view.start) };
}

describe('timeline drawing', () => {
  it('paints a column wherever a box starts in view, and none where no box lies', () => {
    // a seeded mix of sub-pixel and wide boxes, with holes (odd boxes are gaps: not drawn)
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const widths = Array.from({ length: 20000 }, () => (rnd() < 0.05 ? 5 + rnd() * 200 : rnd() * 0.8));
    const total = widths.reduce((a, b) => a + b, 0);
    const view = { start: total * 0.1, end: total * 0.6 };
    const width = 900;
    const { boxes, painted, scale } = draw(widths, width, view);
    const covered = new Set<number>();
    const starts = new Set<number>();
    for (let i = 0; i < boxes.size; i++) {
      const x0 = (boxes.start[i] - view.start) * scale;
      const x1 = (boxes.end[i] - view.start) * scale;
      if (x1 <= 0 || x0 >= width) continue;
      for (let c = Math.max(0, Math.floor(x0)); c < Math.min(width, x1); c++) covered.add(c);
      if (x0 >= 0) starts.add(Math.floor(x0));
    }
    for (const c of starts) expect(painted.has(c)).toBe(true);
    for (const c of painted) if (c >= 0 && c < width) expect(covered.has(c)).toBe(true);
  });

  it('visits about one box per pixel of a zoomed-out row of a million boxes, not every box', () => {
    const widths = new Array<number>(1_000_000).fill(1);
    const { visited, painted } = draw(widths, 1000, { start: 0, end: 1_000_000 });
    expect(painted.size).toBe(1000);
    expect(visited).toBeLessThanOrEqual(2 * 1000);
  });

  it('writes thousands of one-pixel columns as pixels, each column of the row in the box\'s colour', () => {
    const { boxes, tree } = row(new Array<number>(200_000).fill(1));
    let put: ImageData | null = null;
    let style = '';
    const ctx = {
      clearRect() {}, save() {}, restore() {}, beginPath() {}, rect() {}, clip() {}, strokeRect() {}, fillText() {}, fillRect() {},
      getTransform: () => ({ a: 2 }),
      createImageData: (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }) as unknown as ImageData,
      putImageData(image: ImageData) { put = image; },
      get fillStyle() { return style; },
      set fillStyle(v: string) { style = v; },
    } as unknown as CanvasRenderingContext2D;
    drawTimeline({
      ctx, width: 3000, height: 2 * ROW_HEIGHT, boxes, rows: timelineRows(boxes), tree, frames: [], view: { start: 0, end: 200_000 }, topRow: 0,
      colorOf: () => '#102030', selectedFrame: null, hoverBox: -1, range: null,
    });
    expect(put).not.toBeNull();
    const image = put! as ImageData;
    expect([image.width, image.height]).toEqual([6000, 4 * ROW_HEIGHT]); // device pixels at scale 2
    const words = new Uint32Array(image.data.buffer);
    const want = ((255 << 24) | (0x30 << 16) | (0x20 << 8) | 0x10) >>> 0; // little-endian RGBA
    // every device column of the row's box height, and nothing in the half-pixel gap under it
    const painted = (y: number) => words.subarray(y * 6000, (y + 1) * 6000).every((w) => w === want);
    for (let y = 0; y < 2 * (ROW_HEIGHT - 1); y++) expect(painted(y), `row ${y}`).toBe(true);
    expect(words.subarray((2 * ROW_HEIGHT - 1) * 6000, 2 * ROW_HEIGHT * 6000).every((w) => w === 0)).toBe(true);
  });
});
