/**
 * Bundles the preload (`main/preload/index.ts` and what it imports from `shared/ipc/`) into one
 * CommonJS file, `dist/main/preload/index.cjs`, the path `main/index.ts` gives every window.
 *
 * Why a bundle and not `tsc` with `module: commonjs`: a sandboxed preload runs with a `require`
 * that knows only `electron` and a few Node polyfills (`events`, `timers`, `url`), so it cannot
 * load our other files, and it cannot be an ES module at all (ENVIRONMENT.md: "electron-vite
 * emits an ESM preload; a sandboxed renderer cannot load it"). `tsc` emits one file per module;
 * Vite (already our bundler) emits one file with `electron` left as a `require`. Type-checking
 * stays with `tsc -b` (`main/preload/tsconfig.json`); this step only transpiles and bundles.
 *
 * `checkPreloadBundle` then asserts the properties the sandbox needs, so a change of bundler
 * settings cannot ship a preload that fails only at run time.
 *
 * Usage: `node build/build-preload.js` (npm run build:preload).
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Entry of the preload bundle, relative to the repository root. */
export const PRELOAD_ENTRY = 'main/preload/index.ts';
/** Output of the preload bundle, relative to the repository root (see `main/index.ts`). */
export const PRELOAD_OUTPUT = 'dist/main/preload/index.cjs';

/** Modules a sandboxed preload may `require` (Electron's sandbox docs). */
const SANDBOX_MODULES = new Set(['electron', 'events', 'timers', 'url']);

/**
 * The problems of a preload bundle's source, empty when it can run sandboxed: no ES module
 * syntax, and no `require` of anything but the sandbox's modules.
 *
 * @param {string} code
 * @returns {string[]}
 */
export function checkPreloadBundle(code) {
  /** @type {string[]} */
  const problems = [];
  if (/^\s*(?:import\s[^(]|export\s)/m.test(code)) problems.push('contains ES module syntax');
  for (const match of code.matchAll(/\brequire\(\s*(['"`])([^'"`]+)\1\s*\)/g)) {
    const name = (match[2] ?? '').replace(/^node:/, '');
    if (!SANDBOX_MODULES.has(name)) problems.push(`requires '${match[2]}'`);
  }
  if (!code.includes('exposeInMainWorld')) problems.push('does not expose the bridge');
  return problems;
}

/**
 * Builds the bundle and checks it; resolves the output path.
 *
 * @param {{ root?: string, output?: string }} [options] repository root; output file (tests
 *   write elsewhere than `dist/`)
 * @returns {Promise<string>}
 */
export async function buildPreload({ root = ROOT, output = path.join(root, PRELOAD_OUTPUT) } = {}) {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: path.dirname(output),
      emptyOutDir: false,
      minify: false,
      sourcemap: false,
      // Electron 45's renderer is Chromium 140.
      target: 'chrome140',
      lib: {
        entry: path.join(root, PRELOAD_ENTRY),
        formats: ['cjs'],
        fileName: () => path.basename(output),
      },
      rollupOptions: { external: ['electron'] },
    },
  });
  const problems = checkPreloadBundle(await readFile(output, 'utf8'));
  if (problems.length > 0) {
    throw new Error(`${output} cannot run in a sandbox: ${problems.join('; ')}`);
  }
  return output;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const output = await buildPreload();
  console.log(`build-preload: ${path.relative(ROOT, output)}`);
}
