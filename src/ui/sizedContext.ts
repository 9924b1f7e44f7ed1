/** a 2D context of a page's canvas, or of the OffscreenCanvas that a canvas shows */
export type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/**
 * What each canvas drawn through sizedContext draws on. Where the browser can, a canvas hands its
 * drawing to an OffscreenCanvas (still drawn on this thread) and only shows what is committed to
 * it: Chromium copies a plain canvas's pixels to the compositor again at every commit of the
 * page, changed or not, 5-14 ms for each of the chart's two canvases in a commit while the profile
 * list streamed in (1 000 files, 2 cores; 0.4-0.7 ms each on an idle machine), which made frames
 * that only added rows tasks of over 50 ms. A placeholder canvas costs nothing while unchanged;
 * a draw on it costs a little more (the chart's hover redraw: 0.2 ms at the median, at most 2.4,
 * against 0.1 and 0.3 on a plain canvas; `npm run bench:chart`).
 */
const surfaces = new WeakMap<HTMLCanvasElement, OffscreenCanvas | HTMLCanvasElement>();

function surfaceOf(canvas: HTMLCanvasElement): OffscreenCanvas | HTMLCanvasElement {
  let surface = surfaces.get(canvas);
  if (!surface) {
    // a canvas can be transferred once, and only before any context of its own
    surface = typeof canvas.transferControlToOffscreen === 'function' ? canvas.transferControlToOffscreen() : canvas;
    surfaces.set(canvas, surface);
  }
  return surface;
}

/**
 * A canvas sized for the screen's pixel ratio and its 2D context drawing in CSS pixels. The
 * canvas is resized only when its size changed: a resize reallocates and clears its pixels,
 * which a draw per wheel turn or pointer move must not pay. Null while there is nothing to draw on.
 */
export function sizedContext(canvas: HTMLCanvasElement | null, width: number, height: number): Context2D | null {
  if (!canvas || width === 0 || height === 0) return null;
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(width * dpr), h = Math.round(height * dpr);
  const surface = surfaceOf(canvas);
  if (surface.width !== w) surface.width = w;
  if (surface.height !== h) surface.height = h;
  const ctx = surface.getContext('2d');
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/**
 * Gives a canvas's pixels back now rather than when the collector finds it: a chart's canvases
 * are replaced with every profile opened, and the old ones' bitmaps (about 2.3 MB each at
 * 770 x 755) otherwise stayed beside the new ones through the opening's peak.
 */
export function releaseCanvas(canvas: HTMLCanvasElement | null): void {
  if (!canvas) return;
  const surface = surfaces.get(canvas);
  if (!surface) return;
  surface.width = 0;
  surface.height = 0;
}
