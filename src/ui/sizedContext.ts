/**
 * A canvas sized for the screen's pixel ratio and its 2D context drawing in CSS pixels. The
 * canvas is resized only when its size changed: a resize reallocates and clears its pixels,
 * which a draw per wheel turn or pointer move must not pay. Null while there is nothing to draw on.
 */
export function sizedContext(canvas: HTMLCanvasElement | null, width: number, height: number): CanvasRenderingContext2D | null {
  if (!canvas || width === 0 || height === 0) return null;
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(width * dpr), h = Math.round(height * dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}
