/**
 * Which runtime environment each npm package needs (STYLE rule 1). Read by the
 * `entente/classified-imports` lint rule: importing a package that is not listed here is a lint
 * error, so adding a dependency forces someone to decide where it may run.
 *
 * Classes:
 * - `std`      runs anywhere ECMAScript runs: no DOM, no Node built-ins, no Electron.
 * - `node`     needs Node.js (built-ins, native addons, sockets, files).
 * - `dom`      needs a browser: DOM, IndexedDB, a UI framework.
 * - `electron` Electron's own API.
 * - `test`     test tooling; allowed only in test files (see `environments.js`).
 * - `build`    build and lint tooling; allowed only in `build/` and top-level config files.
 *
 * To add a package: add one line below, in the group it belongs to. Classify by what the package
 * needs at run time, not by where we happen to use it first: a package that only needs a
 * `WebSocket` constructor you pass it is `std`; one that imports `node:net` is `node`. A key
 * ending in `/*` classifies every package of that npm scope.
 *
 * @import { PackageClass } from './environments.js'
 */

/** @type {Readonly<Record<string, PackageClass>>} */
export const PACKAGE_CLASSES = Object.freeze({
  // std — pure ECMAScript.
  yjs: 'std',
  'y-protocols': 'std',
  lib0: 'std',
  zod: 'std',
  // The y-websocket client only needs a WebSocket constructor, which Node callers pass as
  // `WebSocketPolyfill` (from `ws`); it imports nothing Node- or DOM-specific.
  'y-websocket': 'std',

  // node — Node.js only.
  ws: 'node',
  'better-sqlite3': 'node',
  pg: 'node',
  ioredis: 'node',
  // Reference relay, used only to benchmark ours against.
  '@y/websocket-server': 'node',

  // dom — browser only (renderer/). Listed ahead of use so the first import is not a surprise.
  dexie: 'dom',
  'y-dexie': 'dom',
  'dexie-react-hooks': 'dom',
  react: 'dom',
  'react-dom': 'dom',
  '@tiptap/*': 'dom',
  '@handlewithcare/prosemirror-suggest-changes': 'dom',
  // Icons as React components (SVG); ISC licence, MIT-like.
  'lucide-react': 'dom',

  // electron — the Electron API (main/, and contextBridge/ipcRenderer in main/preload/).
  electron: 'electron',

  // test — test runners and browser drivers.
  vitest: 'test',
  '@vitest/*': 'test',
  '@playwright/test': 'test',
  'playwright-core': 'test',
  // Drives Debian's Chromium from the e2e tests (tests/e2e/, run by vitest in Node).
  playwright: 'test',
  '@axe-core/playwright': 'test',
  // Compare the e2e screenshots with their committed references (tests/support/screen-compare.ts).
  pixelmatch: 'test',
  pngjs: 'test',
  // Hocuspocus, measured beside our relay by `bench:history` (tests/bench/relay/), never shipped.
  '@hocuspocus/*': 'test',

  // build — compilers, bundlers, linters, formatters, packagers.
  eslint: 'build',
  '@eslint/js': 'build',
  'typescript-eslint': 'build',
  '@typescript-eslint/*': 'build',
  globals: 'build',
  prettier: 'build',
  dpdm: 'build',
  typescript: 'build',
  tsx: 'build',
  vite: 'build',
  '@vitejs/plugin-react': 'build',
  'electron-builder': 'build',
  'electron-vite': 'build',
  // Electron security scanner, run by `npm run lint:electron` (build/electronegativity-check.js).
  '@doyensec/electronegativity': 'build',
});

/**
 * The npm package a bare import specifier names: `lib0/encoding` → `lib0`,
 * `@scope/pkg/sub` → `@scope/pkg`.
 *
 * @param {string} specifier a bare specifier (not relative, not absolute, not `node:`)
 * @returns {string}
 */
export function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * The class of a package, or `undefined` when it is not classified.
 *
 * @param {string} packageName
 * @param {Readonly<Record<string, PackageClass>>} [table]
 * @returns {PackageClass | undefined}
 */
export function classOf(packageName, table = PACKAGE_CLASSES) {
  const exact = table[packageName];
  if (exact !== undefined) return exact;
  if (packageName.startsWith('@')) {
    const scope = packageName.slice(0, packageName.indexOf('/'));
    return table[`${scope}/*`];
  }
  return undefined;
}
