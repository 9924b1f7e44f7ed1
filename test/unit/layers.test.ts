import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Dependencies point one way (docs/ARCHITECTURE.md): each layer of src/ may import only itself and
// the layers listed here. Tests may reach anywhere (they check one layer through another).
const ALLOWED = new Map<string, readonly string[]>([
  ['core', ['core']],
  ['worker', ['worker', 'core']],
  ['state', ['state', 'worker', 'core']],
  ['ui', ['ui', 'state', 'core']],
  ['cli', ['cli', 'core']],
  ['node', ['node', 'core']],
]);

const SRC = new URL('../../src/', import.meta.url).pathname;

/** Relative module specifiers of a file: imports, re-exports, dynamic imports, worker URLs. */
export function specifiersOf(source: string): string[] {
  const out: string[] = [];
  const patterns = [
    // `import type` is left out: types are erased and load nothing (ui reads worker protocol types)
    /\b(?:import|export)\s(?!type\s)[^'"]*?\bfrom\s*['"](\.[^'"]+)['"]/g,
    /\bimport\s*['"](\.[^'"]+)['"]/g,
    /\bimport\s*\(\s*['"](\.[^'"]+)['"]/g,
    /\bnew\s+URL\(\s*['"](\.[^'"]+\.tsx?)['"]\s*,\s*import\.meta\.url/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) out.push(m[1]);
  return out;
}

/** Every import of `files` (paths under src/, and their text) that crosses a layer the wrong way. */
export function layerViolations(files: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [file, source] of files) {
    const from = file.split('/')[0];
    const allowed = ALLOWED.get(from);
    for (const spec of specifiersOf(source)) {
      const target = normalize(join(dirname(file), spec));
      const to = target.split('/')[0];
      if (target.startsWith('..')) {
        found.push(`${file} imports ${spec}, outside src/`);
      } else if (ALLOWED.has(to) && !(allowed ?? []).includes(to)) {
        found.push(`${file} (${from}) imports ${spec} (${to})`);
      }
    }
  }
  return found;
}

function sourceFiles(dir: string, into = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, into);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) into.set(relative(SRC, path), readFileSync(path, 'utf8'));
  }
  return into;
}

describe('layers', () => {
  it('finds an import that crosses a layer upward, and passes one that goes down', () => {
    const files = new Map([
      ['worker/prepare.ts', "import { packageTimes } from '../ui/chart/colors';\nimport type { Profile } from '../core/model';"],
      ['core/stats/x.ts', "export { y } from '../../state/derived';\nconst w = new URL('../../worker/worker.ts', import.meta.url);"],
      ['state/a.ts', "import { ImportWorker } from '../worker/client';"],
      ['cli/b.ts', "const dist = new URL('../dist/', import.meta.url); const m = await import('../ui/App');"],
    ]);
    expect(layerViolations(files)).toEqual([
      "worker/prepare.ts (worker) imports ../ui/chart/colors (ui)",
      "core/stats/x.ts (core) imports ../../state/derived (state)",
      "core/stats/x.ts (core) imports ../../worker/worker.ts (worker)",
      "cli/b.ts (cli) imports ../ui/App (ui)",
    ]);
  });

  it('hold in src/: core imports nothing above it, worker only core, state worker and core, ui state and core', () => {
    const files = sourceFiles(SRC);
    expect(files.size).toBeGreaterThan(50);
    expect(layerViolations(files)).toEqual([]);
  });
});
