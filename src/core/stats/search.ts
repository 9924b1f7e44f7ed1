import type { Frame } from '../model';
import { functionLabel } from './table';

/**
 * Which frames a search matches: plain text matches case-insensitively anywhere in
 * "file:line(name)"; text between slashes (/^get.*Json$/i) is a regular expression. Returns null
 * for an empty query, and throws a SyntaxError for a bad expression, for the box to show.
 */
export function matchFrames(frames: Frame[], query: string): Uint8Array | null {
  const q = query.trim();
  if (!q) return null;
  const re = /^\/(.+)\/([a-z]*)$/.exec(q);
  const test = re ? regexTest(new RegExp(re[1], re[2].replace(/[gy]/g, ''))) : substringTest(q.toLowerCase());
  const out = new Uint8Array(frames.length);
  for (let f = 0; f < frames.length; f++) out[f] = test(functionLabel(frames[f]), frames[f].name) ? 1 : 0;
  return out;
}

function regexTest(re: RegExp): (label: string, name: string) => boolean {
  return (label, name) => re.test(name) || re.test(label);
}

function substringTest(q: string): (label: string) => boolean {
  return (label) => label.toLowerCase().includes(q);
}
