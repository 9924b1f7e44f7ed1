// Package colours from a categorical palette instead of a hash of the name: hashed hues came out
// nearly equal for different packages (rgb(220,188,106) beside rgb(204,165,107)). A profile's
// packages take the palette in the legend's order (most self time first), so the ones that
// matter most are always told apart; the rest fall back to a hashed hue. Light enough that the
// chart's dark labels stay readable on every entry; palette.test.ts checks their distance.

/**
 * Light entries of Tableau 20 and ColorBrewer's pastel and paired sets, picked greedily so that
 * every two are at least 20 ΔE apart.
 */
export const PALETTE: readonly string[] = [
  '#a0cbe8', '#ffbe7d', '#8cd17d', '#ff9d9a', '#f1ce63', '#de9ed6',
  '#86bcb6', '#d7b5a6', '#f28e2b', '#fabfd2', '#c7e9c0', '#ffff99',
];

/** "#rrggbb" -> [r, g, b] */
export function rgbOf(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * A shade of `hex` for one function of its package ("by function"): the package's hue kept, its
 * lightness moved by one of five steps chosen by the function's hash, so that neighbouring
 * functions of one package differ while the package still reads as one colour family.
 */
export function shadeOf(hex: string, hash: number): string {
  const step = (hash % 5) - 2; // -2..2
  const [r, g, b] = rgbOf(hex);
  const t = step * 0.16;
  const mix = (c: number) => Math.round(t >= 0 ? c + (255 - c) * t * 0.6 : c * (1 + t));
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}
