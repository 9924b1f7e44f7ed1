/**
 * The stripes drawn over nodes whose weight is an estimate (CallTree.estimated): one small tile,
 * made once per canvas context and screen density, drawn with one extra fill per marked node.
 * A dark stripe and a light one side by side, so the mark shows on pale and on dark colours
 * alike; both faint, so a label on top stays readable.
 */
import type { Context2D } from '../sizedContext';

const TILE_CSS_PX = 7;
const cache = new WeakMap<Context2D, { dpr: number; pattern: CanvasPattern | null }>();

export function hatchPattern(ctx: Context2D): CanvasPattern | null {
  const dpr = window.devicePixelRatio || 1;
  const kept = cache.get(ctx);
  if (kept && kept.dpr === dpr) return kept.pattern;
  const pattern = makePattern(ctx, dpr);
  cache.set(ctx, { dpr, pattern });
  return pattern;
}

function makePattern(ctx: Context2D, dpr: number): CanvasPattern | null {
  // the tile in device pixels, scaled back by the pattern's transform: crisp at any density
  const size = Math.max(4, Math.round(TILE_CSS_PX * dpr));
  const tile = document.createElement('canvas');
  tile.width = size;
  tile.height = size;
  const t = tile.getContext('2d');
  if (!t) return null;
  // a stripe from bottom left to top right, and its wrapped ends in two corners, so tiles join
  const stripe = (offset: number) => {
    t.beginPath();
    for (const d of [-size, 0, size]) {
      t.moveTo(d + offset, size);
      t.lineTo(d + offset + size, 0);
    }
    t.stroke();
  };
  t.lineWidth = Math.max(1, dpr);
  t.strokeStyle = 'rgba(0, 0, 0, 0.26)';
  stripe(0);
  t.strokeStyle = 'rgba(255, 255, 255, 0.42)';
  stripe(Math.max(1, dpr));
  const pattern = ctx.createPattern(tile, 'repeat');
  pattern?.setTransform(new DOMMatrix().scale(1 / dpr));
  return pattern;
}
