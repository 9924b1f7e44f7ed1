// Builds what the benchmark needs and is missing: bench/out/core.js (the importers as one Node
// module, a vite SSR build of scripts/bench/core-entry.ts) and, for the browser part, dist/.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

function newestMtime(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs);
  }
  return t;
}

/** true when `out` is older than any file under src/ (or missing) */
function stale(out, root) {
  return !existsSync(out) || statSync(out).mtimeMs < newestMtime(join(root, 'src'));
}

export async function buildCore(root, { force = false } = {}) {
  const out = join(root, 'bench/out/core.js');
  if (!force && !stale(out, root) && statSync(out).mtimeMs >= statSync(join(root, 'scripts/bench/core-entry.ts')).mtimeMs) return out;
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      ssr: join(root, 'scripts/bench/core-entry.ts'),
      outDir: join(root, 'bench/out'),
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      sourcemap: false,
      rollupOptions: { output: { entryFileNames: 'core.js' } },
    },
    ssr: { noExternal: true },
  });
  return out;
}

/**
 * The page as `npm run build` makes it, into bench/out/dist (not dist/, which the browser tests
 * rebuild under vitest); rebuilt when src/ changed since. NODE_ENV is forced to production: a
 * build started from inside vitest inherits NODE_ENV=test and bundles React's development build.
 */
export async function buildPage(root, { force = false } = {}) {
  const outDir = join(root, 'bench/out/dist');
  if (!force && !stale(join(outDir, 'index.html'), root)) return outDir;
  const saved = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true, sourcemap: false } });
  } finally {
    if (saved === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = saved;
  }
  return outDir;
}
