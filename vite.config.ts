import { defineConfig } from 'vite';

// base './' keeps every asset path relative, so dist/ works under any path prefix and on a plain
// static host.
export default defineConfig({
  base: './',
  build: { outDir: 'dist', sourcemap: true, target: 'es2022' },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
});
