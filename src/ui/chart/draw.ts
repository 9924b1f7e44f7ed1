import type { Context2D } from '../sizedContext';
import { arc } from 'd3-shape';
import type { ChartStyle } from '../../state/viewStore';
import { hatchPattern } from './hatch';
import { fitText, sunburstLabel } from './labels';
import type { ChartLayout } from './layout';

/**
 * Two layers on two stacked canvases:
 *  - the static layer (drawStatic): every arc or bar with its colour, dimming and label, redrawn
 *    only when the layout, size, colours or search change, and on each frame of a zoom;
 *  - the overlay (drawOverlay): outlines of the hovered function, the selection and the focused
 *    node on a transparent canvas, so a hover costs only the highlighted nodes.
 */
export interface StaticStyle {
  fill: (layoutIndex: number) => string;
  /** 1 for drawn normally, lower for dimmed (not matching the search) */
  alpha: (layoutIndex: number) => number;
  label: (layoutIndex: number) => string;
  /** the sunburst's centre disc: the zoomed node's name, total and share, one line each */
  centre?: string[];
  /** labels are left out during zoom animations */
  labels: boolean;
  /** true for a node whose weight is an estimate: drawn hatched (hatch.ts); absent when none is */
  hatched?: (layoutIndex: number) => boolean;
}

/**
 * Nodes narrower than this (px) are not hatched: a stripe every 7 px does not show on them, and
 * each hatched node is a second fill (about as dear as the first where the canvas is rastered in
 * software).
 */
const MIN_HATCH_PX = 3;

/** What a static draw drew: nodes wider than half a pixel, and how many of them hatched. */
export interface Drawn {
  drawn: number;
  hatched: number;
}

export interface Geometry {
  width: number;
  height: number;
}

/**
 * Where the layout is shown: a node spans x * k + o (0..1 of the circle or the width) at level
 * depth + dd. Identity when settled; a zoom animation interpolates k, o and dd, which moves every
 * node's x0/x1 span linearly from where it was to where it goes.
 */
export interface View {
  k: number;
  o: number;
  dd: number;
}

export const IDENTITY: View = { k: 1, o: 0, dd: 0 };

/** Sunburst: the zoomed node is the centre disc, each level a ring of equal width. */
export function ringWidth(g: Geometry, levels: number): number {
  return Math.max(4, (Math.min(g.width, g.height) / 2 - 4) / levels);
}

export function rowHeight(g: Geometry, levels: number): number {
  return Math.max(14, Math.min(28, g.height / levels));
}

/** The extent along the zoomed total in pixels: what "narrower than half a pixel" is measured on. */
export function chartPixels(style: ChartStyle, g: Geometry): number {
  return style === 'sunburst' ? Math.PI * Math.max(0, Math.min(g.width, g.height) - 8) : g.width;
}

interface Arc {
  innerRadius: number;
  outerRadius: number;
  startAngle: number;
  endAngle: number;
}

const arcPath = arc<Arc>();
/** d3-shape's types ask for a page canvas's context; it calls only the path methods, which an OffscreenCanvas's has too */
const pathsOn = (ctx: Context2D) => arcPath.context(ctx as CanvasRenderingContext2D);
const TAU = 2 * Math.PI;

/** The arc of layout index i under view v, or null when it is off screen or under half a pixel. */
function arcOf(layout: ChartLayout, i: number, v: View, ring: number, out: Arc): Arc | null {
  const level = layout.depth[i] + v.dd;
  const outer = (level + 1) * ring;
  if (outer <= 0) return null;
  const s0 = Math.max(0, layout.x0[i] * v.k + v.o);
  const s1 = Math.min(1, layout.x1[i] * v.k + v.o);
  if ((s1 - s0) * TAU * outer < 0.5) return null;
  out.innerRadius = Math.max(0, level * ring);
  out.outerRadius = outer;
  out.startAngle = s0 * TAU;
  out.endAngle = s1 * TAU;
  return out;
}

interface Bar {
  x: number;
  y: number;
  w: number;
  h: number;
}

function barOf(layout: ChartLayout, i: number, v: View, g: Geometry, row: number, out: Bar): Bar | null {
  const s0 = Math.max(0, layout.x0[i] * v.k + v.o);
  const s1 = Math.min(1, layout.x1[i] * v.k + v.o);
  const w = (s1 - s0) * g.width;
  const y = (layout.depth[i] + v.dd) * row;
  if (w < 0.5 || y + row <= 0 || y >= g.height) return null;
  out.x = s0 * g.width;
  out.y = y;
  out.w = w;
  out.h = row - 1;
  return out;
}

/** Draws every node wider than half a pixel; says how many it drew and hatched. */
export function drawStatic(ctx: Context2D, style: ChartStyle, g: Geometry, layout: ChartLayout, v: View, s: StaticStyle): Drawn {
  ctx.clearRect(0, 0, g.width, g.height);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  // the stripes are a second fill of the path just filled, with the node's own alpha: no second
  // pass over the layout and no arc traced twice
  const hatch = s.hatched ? hatchPattern(ctx) : null;
  const drawn = style === 'sunburst' ? drawSunburst(ctx, g, layout, v, s, hatch) : drawIcicle(ctx, g, layout, v, s, hatch);
  ctx.globalAlpha = 1;
  return drawn;
}

function drawSunburst(ctx: Context2D, g: Geometry, layout: ChartLayout, v: View, s: StaticStyle, hatch: CanvasPattern | null): Drawn {
  const ring = ringWidth(g, layout.levels);
  const a: Arc = { innerRadius: 0, outerRadius: 0, startAngle: 0, endAngle: 0 };
  const hatched = hatch ? s.hatched : undefined;
  let drawn = 0;
  let marked = 0;
  pathsOn(ctx);
  ctx.save();
  ctx.translate(g.width / 2, g.height / 2);
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 0.75;
  for (let i = 0; i < layout.count; i++) {
    if (!arcOf(layout, i, v, ring, a)) continue;
    ctx.beginPath();
    arcPath(a);
    ctx.globalAlpha = s.alpha(i);
    ctx.fillStyle = s.fill(i);
    ctx.fill();
    if (hatched?.(i) && (a.endAngle - a.startAngle) * a.outerRadius >= MIN_HATCH_PX) {
      ctx.fillStyle = hatch!;
      ctx.fill();
      marked++;
    }
    // a separator only where it does not swallow the arc
    if ((a.endAngle - a.startAngle) * a.outerRadius > 3) ctx.stroke();
    drawn++;
  }
  if (s.labels) {
    ctx.fillStyle = '#111';
    for (let i = 0; i < layout.count; i++) {
      if (!arcOf(layout, i, v, ring, a) || (a.endAngle - a.startAngle) * (a.innerRadius + a.outerRadius) < 2 * 11) continue;
      ctx.globalAlpha = s.alpha(i) < 1 ? 0.45 : 1;
      if (i === 0 && a.innerRadius <= 0 && s.centre) {
        const lines = s.centre;
        ctx.font = '600 12px system-ui, sans-serif';
        lines.forEach((line, k) => {
          fitText(ctx, line, 0, (k - (lines.length - 1) / 2) * 14, a.outerRadius * 1.9);
          ctx.font = '11px system-ui, sans-serif';
        });
        continue;
      }
      sunburstLabel(ctx, s.label(i), a.innerRadius, a.outerRadius, a.startAngle, a.endAngle);
    }
  }
  ctx.restore();
  return { drawn, hatched: marked };
}

function drawIcicle(ctx: Context2D, g: Geometry, layout: ChartLayout, v: View, s: StaticStyle, hatch: CanvasPattern | null): Drawn {
  const row = rowHeight(g, layout.levels);
  const b: Bar = { x: 0, y: 0, w: 0, h: 0 };
  const hatched = hatch ? s.hatched : undefined;
  let drawn = 0;
  let marked = 0;
  for (let i = 0; i < layout.count; i++) {
    if (!barOf(layout, i, v, g, row, b)) continue;
    ctx.globalAlpha = s.alpha(i);
    ctx.fillStyle = s.fill(i);
    // a pixel gap between bars where they are wide enough to keep one
    const w = b.w > 3 ? b.w - 1 : b.w;
    ctx.fillRect(b.x, b.y, w, b.h);
    if (hatched?.(i) && w >= MIN_HATCH_PX) {
      ctx.fillStyle = hatch!;
      ctx.fillRect(b.x, b.y, w, b.h);
      marked++;
    }
    drawn++;
    if (s.labels && b.w > 30) {
      ctx.globalAlpha = s.alpha(i) < 1 ? 0.45 : 1;
      ctx.fillStyle = '#111';
      fitText(ctx, s.label(i), b.x + 4, b.y + b.h / 2, b.w - 8, 'left');
    }
  }
  return { drawn, hatched: marked };
}

export type Highlight = 'same' | 'hover' | 'selected' | 'focus';

// Dark outline with a light core: visible on every fill colour, dark or light.
const OUTLINE: Record<Highlight, { outer: string; inner: string; width: number; dash: number[] }> = {
  same: { outer: '#111', inner: '#fff', width: 2, dash: [] },
  hover: { outer: '#111', inner: '#fff', width: 3, dash: [] },
  selected: { outer: '#1d4ed8', inner: '#fff', width: 3, dash: [] },
  focus: { outer: '#c2410c', inner: '#fff', width: 3.5, dash: [6, 3] },
};

/** Outlines the given layout indices on a cleared transparent canvas, later ones on top. */
export function drawOverlay(ctx: Context2D, style: ChartStyle, g: Geometry, layout: ChartLayout, items: { i: number; kind: Highlight }[]): void {
  ctx.clearRect(0, 0, g.width, g.height);
  if (style === 'sunburst') {
    const ring = ringWidth(g, layout.levels);
    const a: Arc = { innerRadius: 0, outerRadius: 0, startAngle: 0, endAngle: 0 };
    pathsOn(ctx);
    ctx.save();
    ctx.translate(g.width / 2, g.height / 2);
    for (const { i, kind } of items) {
      if (!arcOf(layout, i, IDENTITY, ring, a)) continue;
      ctx.beginPath();
      arcPath(a);
      outline(ctx, kind);
    }
    ctx.restore();
    return;
  }
  const row = rowHeight(g, layout.levels);
  const b: Bar = { x: 0, y: 0, w: 0, h: 0 };
  for (const { i, kind } of items) {
    if (!barOf(layout, i, IDENTITY, g, row, b)) continue;
    ctx.beginPath();
    ctx.rect(b.x + 1, b.y + 1, Math.max(1, b.w - 3), b.h - 2);
    outline(ctx, kind);
  }
}

function outline(ctx: Context2D, kind: Highlight): void {
  const o = OUTLINE[kind];
  // a wash as well as the outline: the hovered node lighter, the selected function tinted blue
  if (kind === 'hover' || kind === 'selected') {
    ctx.fillStyle = kind === 'hover' ? 'rgba(255,255,255,0.35)' : 'rgba(37,99,235,0.28)';
    ctx.fill();
  }
  ctx.setLineDash(o.dash);
  ctx.strokeStyle = o.outer;
  ctx.lineWidth = o.width;
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.strokeStyle = o.inner;
  ctx.lineWidth = 1;
  ctx.stroke();
}
