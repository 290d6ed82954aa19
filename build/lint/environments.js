/**
 * Folder = runtime environment (STYLE rule 1). This table is the single statement of what each
 * folder may import; `eslint.config.js` builds its `no-restricted-imports` overrides from it and
 * the local rules `entente/classified-imports` and `entente/folder-imports` read it directly.
 *
 * Test files get two extras (see `testFileKind`):
 * - every test file may import `test` packages (vitest, playwright);
 * - a test file may import Node built-ins and `node` packages when its environment's tests run
 *   under Node (`testsRunInNode`). That is true of `shared/` unit tests (vitest's `unit` project
 *   runs them in Node) but NOT of `renderer/` tests (they run in Chromium), and NOT of shared
 *   *test support* — `shared/**\/*.contract.ts` and `shared/testing/**` — because the renderer's
 *   Dexie store runs the same contract suite and connector in a browser (STYLE rule 8). So the
 *   only shared files that may touch Node are the `*.test.ts` leaves, which nothing imports.
 */

/** @typedef {'std' | 'node' | 'dom' | 'electron' | 'test' | 'build'} PackageClass */

/**
 * @typedef {object} Environment
 * @property {string} name Name used in messages and in other environments' `folders`.
 * @property {string} folder Repository-relative folder, `''` for top-level files.
 * @property {readonly PackageClass[]} classes Package classes its non-test code may import.
 * @property {readonly PackageClass[]} typeOnlyClasses Classes it may import with `import type`.
 * @property {readonly string[] | 'any'} folders Environments its files may import (relative paths).
 * @property {boolean} testsRunInNode Its `*.test.*` files run in Node and may use Node built-ins.
 * @property {readonly string[]} [electronNames] When set, the only names it may import from
 *   `electron`.
 */

/**
 * Most specific folder first: `main/preload` must match before `main`.
 * @type {readonly Environment[]}
 */
export const ENVIRONMENTS = Object.freeze([
  {
    name: 'main/preload',
    folder: 'main/preload',
    classes: ['electron'],
    typeOnlyClasses: [],
    folders: ['main/preload', 'shared'],
    testsRunInNode: true,
    // A sandboxed preload gets only the renderer-side Electron API; we expose a bridge and
    // nothing else (STYLE rule 4).
    electronNames: ['contextBridge', 'ipcRenderer'],
  },
  {
    name: 'main',
    folder: 'main',
    classes: ['std', 'node', 'electron'],
    typeOnlyClasses: [],
    folders: ['main', 'shared'],
    testsRunInNode: true,
  },
  {
    name: 'renderer',
    folder: 'renderer',
    classes: ['std', 'dom'],
    // The bridge's types may name Electron types; the code never loads Electron.
    typeOnlyClasses: ['electron'],
    folders: ['renderer', 'shared'],
    testsRunInNode: false,
  },
  {
    name: 'shared',
    folder: 'shared',
    classes: ['std'],
    typeOnlyClasses: [],
    folders: ['shared'],
    testsRunInNode: true,
  },
  {
    name: 'sync-server',
    folder: 'sync-server',
    classes: ['std', 'node'],
    typeOnlyClasses: [],
    folders: ['sync-server', 'shared'],
    testsRunInNode: true,
  },
  {
    name: 'tests',
    folder: 'tests',
    classes: ['std', 'node'],
    typeOnlyClasses: [],
    // Cross-cutting tests drive every part of the system.
    folders: ['tests', 'shared', 'sync-server', 'main', 'main/preload', 'renderer'],
    testsRunInNode: true,
  },
  {
    name: 'build',
    folder: 'build',
    classes: ['std', 'node', 'build'],
    typeOnlyClasses: [],
    folders: ['build', 'shared'],
    testsRunInNode: true,
  },
  {
    // Top-level tool configuration (eslint.config.js, vitest.config.ts, …).
    name: 'root',
    folder: '',
    classes: ['std', 'node', 'build', 'test'],
    typeOnlyClasses: [],
    folders: 'any',
    testsRunInNode: true,
  },
]);

/**
 * The environment of a repository-relative path (forward slashes).
 *
 * @param {string} relativePath
 * @returns {Environment}
 */
export function environmentOf(relativePath) {
  const found = ENVIRONMENTS.find(
    (env) => env.folder === '' || relativePath.startsWith(`${env.folder}/`),
  );
  // The table ends with the catch-all `root` entry, so `found` is always set.
  return /** @type {Environment} */ (found);
}

/**
 * What kind of test file a path is: `null` for production code, `'portable'` for test support
 * that must run in a browser too, `'test'` for any other test file. `eslint.config.js` expresses
 * the same split as globs; keep the two in step.
 *
 * @param {string} relativePath repository-relative, forward slashes
 * @returns {null | 'portable' | 'test'}
 */
export function testFileKind(relativePath) {
  if (
    relativePath.startsWith('shared/testing/') ||
    (relativePath.startsWith('shared/') && /\.contract\.[mc]?tsx?$/.test(relativePath))
  ) {
    return 'portable';
  }
  if (
    relativePath.startsWith('tests/') ||
    /\.test\.(?:ts|tsx|js|mjs)$/.test(relativePath) ||
    /\.contract\.[mc]?tsx?$/.test(relativePath)
  ) {
    return 'test';
  }
  return null;
}

/**
 * The package classes a file may import, test extras included.
 *
 * @param {string} relativePath repository-relative, forward slashes
 * @returns {{ environment: Environment, test: null | 'portable' | 'test', classes: Set<PackageClass> }}
 */
export function allowedClassesOf(relativePath) {
  const environment = environmentOf(relativePath);
  const test = testFileKind(relativePath);
  /** @type {Set<PackageClass>} */
  const classes = new Set(environment.classes);
  if (test !== null) classes.add('test');
  if (test === 'test' && environment.testsRunInNode) classes.add('node');
  return { environment, test, classes };
}
