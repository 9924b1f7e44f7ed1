import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Profile strings (function names, file names, URLs) are the file author's: they may hold markup.
// The page renders them as text only. This scan keeps every way of parsing a string as HTML out of
// src/; the browser test test/e2e/hostile.e2e.ts checks the rendered page itself.

const src = fileURLToPath(new URL('../../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const SINKS: [string, RegExp][] = [
  ['dangerouslySetInnerHTML', /dangerouslySetInnerHTML/],
  ['innerHTML / outerHTML', /\.(inner|outer)HTML\b/],
  ['insertAdjacentHTML', /insertAdjacentHTML/],
  ['document.write', /document\.write(ln)?\s*\(/],
  ['createContextualFragment', /createContextualFragment/],
  ['DOMParser', /new\s+DOMParser\b/],
  ['srcdoc', /\bsrcdoc\b/],
  ['eval / new Function', /\beval\s*\(|new\s+Function\s*\(/],
];

describe('no HTML sinks in src/', () => {
  const files = sources(src);

  it('scans the page, worker and core sources', () => {
    expect(files.some((f) => f.endsWith('StatsTable.tsx'))).toBe(true);
    expect(files.some((f) => f.endsWith('Tooltip.tsx'))).toBe(true);
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(SINKS)('no %s', (_name, pattern) => {
    const hits = files.flatMap((file) => readFileSync(file, 'utf8').split('\n')
      .map((line, i) => ({ line, at: `${relative(src, file)}:${i + 1}` }))
      .filter(({ line }) => pattern.test(line) && !/^\s*(\/\/|\*)/.test(line)));
    expect(hits.map((h) => `${h.at}: ${h.line.trim()}`)).toEqual([]);
  });
});
