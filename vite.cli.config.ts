import { defineConfig } from 'vite';

// The CLI (dist-cli/profburst.js) and the `profburst/node` helper (dist-cli/node.js) as Node ES
// modules; node: built-ins stay imports, everything else is bundled so the installed package
// needs no TypeScript at run time. The helper imports only node: built-ins, so the two entries
// share no chunk.
export default defineConfig({
  publicDir: false, // the page's public/ (examples) belongs to dist/, not beside the CLI
  build: {
    ssr: true,
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: {
      input: { profburst: 'src/cli/entry.ts', node: 'src/node/profileRequests.ts' },
      output: { entryFileNames: '[name].js' },
    },
  },
  ssr: { noExternal: true },
});
