import { describe, expect, it } from 'vitest';
import { PALETTE, rgbOf, shadeOf } from './palette';

// CIE76 distance in L*a*b* (sRGB, D65), written out here rather than taken from the code under test
function lab(hex: string): [number, number, number] {
  const lin = rgbOf(hex).map((c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  const [r, g, b] = lin;
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
const distance = (a: string, b: string) => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]));

describe('the package palette', () => {
  it('keeps every two colours apart by at least 20 ΔE (clearly different at a glance)', () => {
    let min = Infinity;
    for (let i = 0; i < PALETTE.length; i++) for (let j = i + 1; j < PALETTE.length; j++) min = Math.min(min, distance(PALETTE[i], PALETTE[j]));
    expect(min).toBeGreaterThanOrEqual(20);
    // the two package colours of the issue, hashed before, were 11 apart
    expect(distance('#dcbc6a', '#cca56b')).toBeLessThan(20);
  });

  it('is light enough for the dark labels drawn on it', () => {
    for (const c of PALETTE) expect(lab(c)[0], c).toBeGreaterThan(60);
  });

  it('shades a package colour into five distinct steps for its functions', () => {
    const shades = new Set([0, 1, 2, 3, 4].map((h) => shadeOf(PALETTE[0], h)));
    expect(shades.size).toBe(5);
  });
});
