import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** ../shared/corpus beside the repository: real profiles made by real tools, with their oracles */
export const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
export const CORPUS_TOOLS = fileURLToPath(new URL('../../../shared/corpus-tools/', import.meta.url));

export function corpusFiles(dir: string, suffix: string): string[] {
  const full = join(CORPUS, dir);
  if (!existsSync(full)) throw new Error(`corpus folder missing: ${full}`);
  return readdirSync(full).filter((f) => f.endsWith(suffix)).sort().map((f) => join(full, f));
}

export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
