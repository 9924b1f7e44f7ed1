/**
 * One-pixel columns (the timeline's boxes under a pixel wide, tens of thousands when zoomed out)
 * written straight into an ImageData and put on the canvas at once: a fillRect each cost ~2 µs,
 * 50 ms for a whole profile in view, the pixels cost a few ms. The ImageData is kept per context
 * and size, so a frame allocates nothing.
 */
import type { Context2D } from '../sizedContext';

const packed = new Map<string, number>();
const buffers = new WeakMap<Context2D, { image: ImageData; words: Uint32Array }>();

/** A CSS colour as one little-endian RGBA word (the canvas parses it once; kept per string). */
export function packColor(ctx: Context2D, color: string): number {
  let v = packed.get(color);
  if (v !== undefined) return v;
  ctx.fillStyle = '#000';
  ctx.fillStyle = color;
  const s = String(ctx.fillStyle);
  let r = 0, g = 0, b = 0, a = 255;
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(s);
  const fn = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(s);
  if (hex) [r, g, b] = [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  else if (fn) [r, g, b, a] = [Number(fn[1]), Number(fn[2]), Number(fn[3]), fn[4] === undefined ? 255 : Math.round(Number(fn[4]) * 255)];
  v = ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
  packed.set(color, v);
  return v;
}

/**
 * Paints `columns` ([x, y, colour word] in CSS pixels, each one pixel wide and `rowHeight` tall)
 * onto a cleared canvas of `width` × `height` CSS pixels drawn at the context's scale. Call it
 * before anything else is drawn: putImageData replaces the pixels under it.
 */
export function paintColumns(ctx: Context2D, columns: number[], rowHeight: number, width: number, height: number): void {
  const dpr = ctx.getTransform().a || 1;
  const w = Math.max(1, Math.round(width * dpr)), h = Math.max(1, Math.round(height * dpr));
  let buffer = buffers.get(ctx);
  if (!buffer || buffer.image.width !== w || buffer.image.height !== h) {
    const image = ctx.createImageData(w, h);
    buffer = { image, words: new Uint32Array(image.data.buffer) };
    buffers.set(ctx, buffer);
  } else {
    buffer.words.fill(0);
  }
  const { words } = buffer;
  for (let i = 0; i < columns.length; i += 3) {
    const x0 = Math.max(0, Math.floor(columns[i] * dpr)), x1 = Math.min(w, Math.max(x0 + 1, Math.floor((columns[i] + 1) * dpr)));
    const y0 = Math.max(0, Math.round(columns[i + 1] * dpr)), y1 = Math.min(h, Math.round((columns[i + 1] + rowHeight) * dpr));
    const color = columns[i + 2];
    for (let y = y0; y < y1; y++) words.fill(color, y * w + x0, y * w + x1);
  }
  ctx.putImageData(buffer.image, 0, 0);
}
