/**
 * Vite build of the benchmark's browser code, run as `vite build --config <this file>` by
 * `web-root.ts` (a plain object: this folder may not import build tooling, and needs no plugin —
 * there is no JSX here). Two outputs under dist/bench-client/ (gitignored):
 * - default mode: `bench/bench.html`, the bench page (app storage modules, Yjs timings);
 * - `--mode probe`: `probe/probe.js`, one classic script (IIFE) injected into the real app.
 * Like the app's build: relative URLs, no inline script (main's CSP), no module-preload polyfill.
 */
import { fileURLToPath } from 'node:url';

const page = fileURLToPath(new URL('./page/', import.meta.url));
const out = fileURLToPath(new URL('../../../dist/bench-client/', import.meta.url));

const common = {
  base: './',
  logLevel: 'warn',
  clearScreen: false,
  build: {
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
};

export default ({ mode }: { mode: string }) =>
  mode === 'probe'
    ? {
        ...common,
        root: page,
        build: {
          ...common.build,
          outDir: `${out}probe`,
          lib: { entry: `${page}probe.ts`, formats: ['iife'], name: 'ententeProbeBundle' },
          rollupOptions: { output: { entryFileNames: 'probe.js' } },
        },
      }
    : {
        ...common,
        root: page,
        build: {
          ...common.build,
          outDir: `${out}bench`,
          rollupOptions: { input: [`${page}bench.html`, `${page}control.html`] },
        },
      };
