// Labels inside sunburst arcs and icicle bars, drawn with fillText only (profile strings are
// untrusted text, never markup).

import type { Context2D } from '../sizedContext';

const TEXT_HEIGHT = 11;

/** Marks where a label's note starts ("↻ fib" NOTE " (recursion, not expanded)"): dropped first when space is short. */
export const NOTE = '\u2063';
/** Fewest characters of a name worth drawing with an ellipsis. */
const MIN_CHARS = 6;

/**
 * Writes `text` inside the arc from angle a0 to a1 (radians, 0 at twelve o'clock, clockwise)
 * between radii inner and outer, in whichever direction has room:
 *  - tangential (along the ring) on arcs wider than the ring is deep: the text is a straight
 *    line tangent to the ring's middle circle, as long as it stays inside the arc's angles and
 *    under its outer edge;
 *  - radial (from the centre out) on narrow arcs, typically the deep outer rings;
 * turned so that it never reads upside down. Returns whether anything was written.
 */
export function sunburstLabel(ctx: Context2D, text: string, inner: number, outer: number, a0: number, a1: number): boolean {
  const depth = outer - inner;
  const span = a1 - a0;
  const mid = (inner + outer) / 2;
  const theta = (a0 + a1) / 2;
  if (inner <= 0) return fitText(ctx, text, 0, 0, outer * 1.7);
  const arcLength = span * mid;
  if (arcLength > depth && depth >= TEXT_HEIGHT + 3) {
    // half-length of a tangent line at radius mid that stays within the angles and the outer edge
    const byAngle = span >= Math.PI ? Infinity : mid * Math.tan(span / 2);
    const byEdge = Math.sqrt(Math.max(0, (outer - 2) ** 2 - mid ** 2));
    const width = 2 * Math.min(byAngle, byEdge) - 6;
    ctx.save();
    // bottom half: turn the other way so the text reads left to right
    if (Math.cos(theta) < 0) {
      ctx.rotate(theta + Math.PI);
      ctx.translate(0, mid);
    } else {
      ctx.rotate(theta);
      ctx.translate(0, -mid);
    }
    const ok = fitText(ctx, text, 0, 0, width);
    ctx.restore();
    return ok;
  }
  if (arcLength < TEXT_HEIGHT) return false;
  ctx.save();
  ctx.rotate(theta - Math.PI / 2);
  ctx.translate(mid, 0);
  if (Math.sin(theta) < 0) ctx.rotate(Math.PI); // left half: read outward from the right
  const ok = fitText(ctx, text, 0, 0, depth - 6);
  ctx.restore();
  return ok;
}

/**
 * Draws as much of `text` as fits in `width`, with an ellipsis when cut; nothing when not even a
 * few characters fit. Binary search on the length, so a long name costs log(length) measures;
 * first the fewest characters worth drawing are measured, so a label with no room (most of a
 * big sunburst's outer rings) costs two measures, not eight: measureText was a third of the first
 * draw of a big profile's chart.
 */
export function fitText(ctx: Context2D, label: string, x: number, y: number, width: number, align: CanvasTextAlign = 'center'): boolean {
  if (width < 14) return false;
  ctx.textAlign = align;
  const text = label.replace(NOTE, '');
  if (ctx.measureText(text).width <= width) {
    ctx.fillText(text, x, y);
    return true;
  }
  // "↻ fib⁣ (recursion, not expanded)": the note after NOTE goes before the name is cut
  const note = label.indexOf(NOTE);
  if (note > 0) return fitText(ctx, label.slice(0, note), x, y, width, align);
  const fewest = Math.min(MIN_CHARS, text.length);
  if (ctx.measureText(text.slice(0, fewest) + '…').width > width) return false;
  let lo = fewest, hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(text.slice(0, mid) + '…').width <= width) lo = mid;
    else hi = mid - 1;
  }
  // "pa…" says nothing: below a readable length the label is left out rather than cut (above)
  ctx.fillText(text.slice(0, lo) + '…', x, y);
  return true;
}
