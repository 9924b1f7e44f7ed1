import type { CallTree, Profile } from '../../core/model';
import { colorKeyOf } from '../../core/stats/packages';
import { frameColors, functionColors, packageTimesOf, paletteRanks } from '../../state/derived';
import type { ColorMode } from '../../state/viewStore';
import type { ChartLayout } from './layout';
import { PALETTE, shadeOf } from './palette';

// Colours are keyed by package (core/stats/packages): the same function gets the same colour on
// every load and in every profile, and neighbours from one package share a hue.

const SPECIAL = new Map<string, string>([
  ['(root)', '#9aa0a6'],
  ['(program)', '#b0b4ba'],
  ['(idle)', '#d0d3d7'],
  ['(garbage collector)', '#c4a7a7'],
]);

export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A key's colour in a profile: its palette entry by legend rank, else a hashed hue (colorOfKey). */
export function packageColor(profile: Profile, key: string): string {
  const special = SPECIAL.get(key);
  if (special) return special;
  const ranks = paletteRanks.get(profile, () => {
    const out = new Map<string, number>();
    for (const p of packageTimesOf(profile)) if (!SPECIAL.has(p.key) && out.size < PALETTE.length) out.set(p.key, out.size);
    return out;
  });
  const rank = ranks.get(key);
  return rank === undefined ? colorOfKey(key) : PALETTE[rank];
}

/** A hashed hue: for packages past the palette, which the legend lumps together as "more". */
export function colorOfKey(key: string): string {
  const special = SPECIAL.get(key);
  if (special) return special;
  const h = hashString(key);
  const hue = h % 360;
  const sat = 45 + ((h >>> 9) % 25);
  const light = 58 + ((h >>> 17) % 14);
  return `hsl(${hue} ${sat}% ${light}%)`;
}


/** White to red by a node's share of self time: where the time is actually spent. */
export function colorBySelf(share: number): string {
  const s = Math.max(0, Math.min(1, share));
  return `hsl(${(1 - s) * 50} ${40 + 50 * s}% ${88 - 38 * s}%)`;
}

// A frame's colour is worked out the first time a chart draws it and kept (state/derived: frameColors)
const noColors = (profile: Profile) => () => new Array<string | undefined>(profile.frames.length);

/** By package: the frame's package colour, the same in every view of the profile. */
export function frameColor(profile: Profile, f: number): string {
  const cache = frameColors.get(profile, noColors(profile));
  return (cache[f] ??= packageColor(profile, colorKeyOf(profile.frames[f])));
}

/** By function: a shade of the package colour per function, so `report`, `<listcomp>` and `fib` of one file differ. */
export function functionColor(profile: Profile, f: number): string {
  const cache = functionColors.get(profile, noColors(profile));
  const frame = profile.frames[f];
  const base = frameColor(profile, f);
  return (cache[f] ??= base.startsWith('#') && !SPECIAL.has(frame.name) ? shadeOf(base, hashString(`${frame.name}\u0000${frame.line}`)) : base);
}

/**
 * The fill of every layout node. By self time, a node's shade is its function's exact self time
 * (the table's tottime) against the largest drawn, through a square root so that the middle of the
 * range stays visible. Not the node's own self: in a tree rebuilt from a call graph that is an
 * estimate, and it used to paint a function that spends 7 µs itself hottest.
 */
export function layoutFills(layout: ChartLayout, tree: CallTree, mode: ColorMode, colorOf: (frame: number) => string, functionSelf: Float64Array): { fills: string[]; maxSelf: number } {
  const fills = new Array<string>(layout.count);
  let maxSelf = 0;
  if (mode === 'package' || mode === 'function') {
    for (let i = 0; i < layout.count; i++) fills[i] = colorOf(tree.frame[layout.node[i]]);
    return { fills, maxSelf };
  }
  const selfOf = (i: number) => Math.max(0, functionSelf[tree.frame[layout.node[i]]] ?? 0);
  for (let i = 0; i < layout.count; i++) maxSelf = Math.max(maxSelf, selfOf(i));
  for (let i = 0; i < layout.count; i++) fills[i] = colorBySelf(maxSelf > 0 ? Math.sqrt(selfOf(i) / maxSelf) : 0);
  return { fills, maxSelf };
}
