import type { Context2D } from '../sizedContext';
import type { CallTree, Frame } from '../../core/model';
import type { TimelineBoxes } from '../../core/timeline/boxes';
import { firstBoxEndingAfter, nextBoxEndingAfter, type TimelineRows } from '../../core/timeline/rows';
import { packColor, paintColumns } from './pixels';
import type { TimeWindow } from './viewport';

export const ROW_HEIGHT = 18;
/** from this many one-pixel columns on, they are written as pixels (pixels.ts), not filled one by one */
const PIXEL_COLUMNS = 2000;

export interface TimelinePaint {
  ctx: Context2D;
  width: number;
  height: number;
  boxes: TimelineBoxes;
  rows: TimelineRows;
  tree: CallTree;
  frames: Frame[];
  view: TimeWindow;
  /** first row drawn at the top (vertical scroll) */
  topRow: number;
  colorOf: (frame: number) => string;
  selectedFrame: number | null;
  hoverBox: number;
  /** the selected time range, shaded */
  range: TimeWindow | null;
}

/**
 * Draws the rows in view. Only boxes that overlap the window are visited (binary search per
 * row); boxes under a pixel wide are drawn as one pixel per column and row at most, so 100 000
 * boxes in view cost as many pixels as the canvas has, not as many draw calls as boxes.
 * Returns how many boxes were visited, for the benchmark.
 */
export function drawTimeline(p: TimelinePaint): number {
  const { ctx, width, height, boxes, rows, tree, frames, view } = p;
  ctx.clearRect(0, 0, width, height);
  const scale = width / (view.end - view.start);
  const rowsInView = Math.ceil(height / ROW_HEIGHT);
  let visited = 0;
  // rectangles by colour, filled after the walk with one fillStyle per colour: setting a style
  // parses the colour, which cost more than the rectangles themselves at 20 000 boxes
  const fills = new Map<string, number[]>();
  const fill = (color: string, x: number, y: number, w: number) => {
    const list = fills.get(color);
    if (list) list.push(x, y, w);
    else fills.set(color, [x, y, w]);
  };
  // labels and outlines go over the fills: [box, left, right, y]
  const wide: number[] = [];
  // one-pixel columns of sub-pixel boxes: [x, y, colour index], written as pixels when there are many
  const columns: number[] = [];
  const colorIndex = new Map<string, number>();
  const colorList: string[] = [];
  for (let r = 0; r < rowsInView; r++) {
    const d = p.topRow + r;
    if (d >= boxes.rows) break;
    const y = r * ROW_HEIGHT;
    let lastPixel = -1;
    const endOfRow = rows.rowStart[d + 1];
    for (let k = firstBoxEndingAfter(boxes, rows, d, view.start); k < endOfRow; k++) {
      const b = rows.order[k];
      const start = boxes.start[b];
      if (start >= view.end) break;
      visited++;
      const x0 = (start - view.start) * scale;
      const x1 = (boxes.end[b] - view.start) * scale;
      const frame = tree.frame[boxes.node[b]];
      if (x1 - x0 < 1) {
        const px = Math.floor(x0);
        if (px !== lastPixel) {
          lastPixel = px;
          const color = p.colorOf(frame);
          let c = colorIndex.get(color);
          if (c === undefined) {
            c = colorList.length;
            colorList.push(color);
            colorIndex.set(color, c);
          }
          columns.push(px, y, c);
        }
        // this pixel is painted: skip the row's other boxes that end inside it, found by binary
        // search, so a zoomed-out row costs its pixels, not its (millions of) boxes
        const next = nextBoxEndingAfter(boxes, rows, d, view.start + (px + 1) / scale, k);
        if (next - 1 > k) k = next - 1;
        continue;
      }
      const left = Math.max(x0, -1);
      const right = Math.min(x1, width + 1);
      fill(p.colorOf(frame), left, y, right - left - 0.5);
      // the last column this box filled (it stops half a pixel short, to show where the next begins)
      lastPixel = Math.floor(right - 0.5);
      if (right - left > 30 || frame === p.selectedFrame || b === p.hoverBox) wide.push(b, left, right, y);
    }
  }
  if (columns.length >= 3 * PIXEL_COLUMNS && typeof ctx.createImageData === 'function') {
    const words = colorList.map((c) => packColor(ctx, c));
    for (let i = 2; i < columns.length; i += 3) columns[i] = words[columns[i]];
    paintColumns(ctx, columns, ROW_HEIGHT - 1, width, height);
  } else {
    for (let i = 0; i < columns.length; i += 3) fill(colorList[columns[i + 2]], columns[i], columns[i + 1], 1);
  }
  for (const [color, list] of fills) {
    ctx.fillStyle = color;
    for (let i = 0; i < list.length; i += 3) ctx.fillRect(list[i], list[i + 1], list[i + 2], ROW_HEIGHT - 1);
  }
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (let i = 0; i < wide.length; i += 4) {
    const b = wide[i], left = wide[i + 1], right = wide[i + 2], y = wide[i + 3];
    const frame = tree.frame[boxes.node[b]];
    if (frame === p.selectedFrame || b === p.hoverBox) {
      ctx.strokeStyle = b === p.hoverBox ? '#111' : '#1d4ed8';
      ctx.lineWidth = 2;
      ctx.strokeRect(left + 1, y + 1, right - left - 2.5, ROW_HEIGHT - 3);
    }
    if (right - left > 30) {
      ctx.fillStyle = '#111';
      ctx.save();
      ctx.beginPath();
      ctx.rect(left, y, right - left - 3, ROW_HEIGHT);
      ctx.clip();
      // profile strings are drawn as canvas text: never parsed as markup
      ctx.fillText(frames[frame].name, left + 3, y + ROW_HEIGHT / 2);
      ctx.restore();
    }
  }
  if (p.range) {
    const a = (p.range.start - view.start) * scale;
    const b = (p.range.end - view.start) * scale;
    ctx.fillStyle = 'rgba(0, 0, 0, 0.18)';
    if (a > 0) ctx.fillRect(0, 0, Math.min(a, width), height);
    if (b < width) ctx.fillRect(Math.max(0, b), 0, width - Math.max(0, b), height);
  }
  return visited;
}

/**
 * The minimap: the whole profile, the first rows in miniature, with the visible window framed
 * and the selected range shaded; `offset` places the profile's time 0 on an axis of several threads.
 */
export function drawMinimap(ctx: Context2D, width: number, height: number, boxes: TimelineBoxes, rows: TimelineRows,
  tree: CallTree, duration: number, colorOf: (frame: number) => string, view: TimeWindow, range: TimeWindow | null, offset = 0): void {
  ctx.clearRect(0, 0, width, height);
  const rowsShown = Math.min(boxes.rows, 12);
  const rowH = height / Math.max(1, rowsShown);
  const scale = width / (duration || 1);
  for (let d = 0; d < rowsShown; d++) {
    for (let k = rows.rowStart[d]; k < rows.rowStart[d + 1]; k++) {
      const b = rows.order[k];
      const x0 = (boxes.start[b] + offset) * scale;
      const x1 = (boxes.end[b] + offset) * scale;
      ctx.fillStyle = colorOf(tree.frame[boxes.node[b]]);
      ctx.fillRect(x0, d * rowH, Math.max(1, x1 - x0), rowH);
      // as in drawTimeline: the boxes that end within this box's last pixel are not drawn
      const next = nextBoxEndingAfter(boxes, rows, d, (Math.floor(x1) + 1) / scale - offset, k);
      if (next - 1 > k) k = next - 1;
    }
  }
  if (range) {
    ctx.fillStyle = 'rgba(37, 99, 235, 0.25)';
    ctx.fillRect(range.start * scale, 0, Math.max(1, (range.end - range.start) * scale), height);
  }
  ctx.strokeStyle = '#1d4ed8';
  ctx.lineWidth = 2;
  ctx.strokeRect(view.start * scale + 1, 1, Math.max(2, (view.end - view.start) * scale - 2), height - 2);
}
