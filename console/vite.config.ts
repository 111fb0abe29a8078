/**
 * The console's build: `npm run console:build` bundles `console/src` (and the `lib/fdl`, `lib/graph`
 * it uses) with lit-html, highlight.js and Mermaid into `console/dist`, committed, served at
 * `/console/`. Nothing is fetched at run time. `build-info.json` records the inputs (./build-info.ts).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { BUILD_INFO_FILE, buildInfo } from './build-info.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Writes `build-info.json` next to the bundle. */
function recordInputs(): Plugin {
  return {
    name: 'flowback-build-info',
    generateBundle() {
      const info = buildInfo(root, this.getModuleIds());
      this.emitFile({
        type: 'asset',
        fileName: BUILD_INFO_FILE,
        source: `${JSON.stringify(info, null, 2)}\n`,
      });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  logLevel: 'warn',
  plugins: [recordInputs()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Mermaid is large; it is loaded only by pages that draw a graph.
    chunkSizeWarningLimit: 3000,
    reportCompressedSize: false,
    target: 'es2022',
  },
});
