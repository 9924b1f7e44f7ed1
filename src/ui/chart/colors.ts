import type { Frame } from '../../core/model';

/**
 * A colour per package (the folder of a file, a URL's path without its file name, or the name
 * before the first '.' of built-ins), from a hash of its name: the same function gets the same
 * colour on every load and in every profile, and neighbours from one package share a hue.
 */
export function packageOf(frame: Frame): string {
  const file = frame.file;
  if (!file || file === '~') {
    const m = /^<?(?:built-in method |method ')?([\w$]+)/.exec(frame.name);
    return m ? `builtin:${m[1]}` : 'builtin';
  }
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return slash > 0 ? file.slice(0, slash) : file;
}

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

export function colorOfFrame(frame: Frame): string {
  const special = !frame.file ? SPECIAL.get(frame.name) : undefined;
  if (special) return special;
  const h = hashString(packageOf(frame));
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
