#!/usr/bin/env node
// The CLI is TypeScript built to dist-cli/ by `npm run build:cli` (run by npm ci through `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist-cli/profburst.js', import.meta.url);
if (!existsSync(fileURLToPath(built))) {
  console.error('profburst: the CLI is not built; run `npm run build:cli` in the profburst folder');
  process.exit(2);
}
await import(built.href);
