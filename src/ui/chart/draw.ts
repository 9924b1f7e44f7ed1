import { arc } from 'd3-shape';
import type { ChartStyle } from '../../state/viewStore';
import type { ChartLayout } from './layout';

export interface DrawStyle {
  fill: (layoutIndex: number) => string;
  /** 1 for drawn normally, lower for dimmed (not matching the search) */
  alpha: (layoutIndex: number) => number;
  highlighted: (layoutIndex: number) => boolean;
  label: (layoutIndex: number) => string;
}

export interface Geometry {
  width: number;
  height: number;
}

/** Sunburst: the zoomed node is the centre disc, each level a ring of equal width. */
export function ringWidth(g: Geometry, layout: ChartLayout): number {
  return Math.max(4, (Math.min(g.width, g.height) / 2 - 4) / layout.levels);
}

export function rowHeight(g: Geometry, layout: ChartLayout): number {
  return Math.max(14, Math.min(28, g.height / layout.levels));
}

const arcPath = arc<{ innerRadius: number; outerRadius: number; startAngle: number; endAngle: number }>();

/**
 * Draws every visible node wider than half a pixel; narrower ones are left to their parent's
 * span (level of detail), so a huge level costs what a screen can show.
 */
export function drawChart(ctx: CanvasRenderingContext2D, style: ChartStyle, g: Geometry, layout: ChartLayout, s: DrawStyle): void {
  ctx.clearRect(0, 0, g.width, g.height);
  ctx.lineWidth = 0.75;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  if (style === 'sunburst') drawSunburst(ctx, g, layout, s);
  else drawIcicle(ctx, g, layout, s);
}

function drawSunburst(ctx: CanvasRenderingContext2D, g: Geometry, layout: ChartLayout, s: DrawStyle): void {
  const ring = ringWidth(g, layout);
  const cx = g.width / 2, cy = g.height / 2;
  arcPath.context(ctx);
  ctx.save();
  ctx.translate(cx, cy);
  const highlights: number[] = [];
  for (let i = 0; i < layout.count; i++) {
    const d = layout.depth[i];
    const outer = (d + 1) * ring;
    const span = (layout.x1[i] - layout.x0[i]) * 2 * Math.PI;
    if (span * outer < 0.5) continue;
    ctx.beginPath();
    arcPath({ innerRadius: d === 0 ? 0 : d * ring, outerRadius: outer, startAngle: layout.x0[i] * 2 * Math.PI, endAngle: layout.x0[i] * 2 * Math.PI + span });
    ctx.globalAlpha = s.alpha(i);
    ctx.fillStyle = s.fill(i);
    ctx.fill();
    ctx.strokeStyle = '#fff';
    ctx.stroke();
    if (s.highlighted(i)) highlights.push(i);
  }
  ctx.globalAlpha = 1;
  ctx.strokeStyle = '#111';
  ctx.lineWidth = 2;
  for (const i of highlights) {
    const d = layout.depth[i];
    ctx.beginPath();
    arcPath({ innerRadius: d === 0 ? 0 : d * ring, outerRadius: (d + 1) * ring, startAngle: layout.x0[i] * 2 * Math.PI, endAngle: layout.x1[i] * 2 * Math.PI });
    ctx.stroke();
  }
  // labels along the middle of arcs that have room for a few characters
  ctx.fillStyle = '#111';
  ctx.textAlign = 'center';
  for (let i = 0; i < layout.count; i++) {
    const d = layout.depth[i];
    const mid = (d + 0.5) * ring;
    const span = (layout.x1[i] - layout.x0[i]) * 2 * Math.PI;
    if (d === 0) {
      fitText(ctx, s.label(i), 0, 0, ring * 1.8);
      continue;
    }
    if (span * mid < 14 || ring < 30) continue;
    const angle = (layout.x0[i] + layout.x1[i]) * Math.PI - Math.PI / 2;
    ctx.save();
    ctx.rotate(angle);
    ctx.translate(mid, 0);
    // radial text, turned so it never reads upside down
    if (Math.cos(angle) < 0) ctx.rotate(Math.PI);
    ctx.globalAlpha = s.alpha(i);
    fitText(ctx, s.label(i), 0, 0, ring - 6);
    ctx.restore();
  }
  ctx.restore();
}

function drawIcicle(ctx: CanvasRenderingContext2D, g: Geometry, layout: ChartLayout, s: DrawStyle): void {
  const row = rowHeight(g, layout);
  ctx.textAlign = 'left';
  for (let i = 0; i < layout.count; i++) {
    const x = layout.x0[i] * g.width;
    const w = (layout.x1[i] - layout.x0[i]) * g.width;
    if (w < 0.5) continue;
    const y = layout.depth[i] * row;
    ctx.globalAlpha = s.alpha(i);
    ctx.fillStyle = s.fill(i);
    ctx.fillRect(x, y, w, row - 1);
    if (s.highlighted(i)) {
      ctx.strokeStyle = '#111';
      ctx.lineWidth = 2;
      ctx.strokeRect(x + 1, y + 1, Math.max(0, w - 2), row - 3);
    }
    if (w > 30) {
      ctx.fillStyle = '#111';
      fitText(ctx, s.label(i), x + 4, y + row / 2, w - 8, 'left');
    }
  }
  ctx.globalAlpha = 1;
}

/** Draws as much of `text` as fits in `width`, with an ellipsis when cut. */
function fitText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, width: number, align: CanvasTextAlign = 'center'): void {
  if (width < 12) return;
  ctx.textAlign = align;
  if (ctx.measureText(text).width <= width) {
    ctx.fillText(text, x, y);
    return;
  }
  let lo = 0, hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(text.slice(0, mid) + '…').width <= width) lo = mid;
    else hi = mid - 1;
  }
  if (lo > 0) ctx.fillText(text.slice(0, lo) + '…', x, y);
}
