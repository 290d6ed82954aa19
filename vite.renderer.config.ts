/**
 * Vite build of the renderer (`npm run build:renderer`): `renderer/index.html` → `dist/renderer/`,
 * which main serves as `app://entente/` and the e2e tests serve over loopback.
 *
 * At the top level, not in `renderer/`: Vite is build tooling, which `renderer/`'s lint
 * environment and `lib: DOM` tsconfig rightly refuse (STYLE rule 1).
 *
 * CSP (main/windows/security.ts: `script-src 'self'`, `style-src 'self'`): the output must hold
 * no inline script and no <style> element. Vite emits the entry as an external module and CSS
 * as files; the module-preload polyfill, which Vite would inline-inject otherwise, is off (every
 * Chromium we run supports modulepreload).
 */
import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  root: 'renderer',
  // Relative URLs: the same build loads from app://entente/ and from any static folder.
  base: './',
  plugins: [react()],
  define: { __ENTENTE_VERSION__: JSON.stringify(pkg.version) },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    sourcemap: true,
    // Never inline assets as data: URLs into CSS/JS; explicit files are easier to audit.
    assetsInlineLimit: 0,
    // One bundle read from the local disk (app://), not over a network: size matters less than
    // the editor opening without a second request. Split when the bundle passes this.
    chunkSizeWarningLimit: 1200,
  },
});
