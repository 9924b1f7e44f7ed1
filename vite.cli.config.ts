import { defineConfig } from 'vite';

// The CLI as one Node ES module; node: built-ins stay imports, everything else is bundled so the
// installed package needs no TypeScript at run time.
export default defineConfig({
  build: {
    ssr: 'src/cli/entry.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { entryFileNames: 'profburst.js' } },
  },
  ssr: { noExternal: true },
});
