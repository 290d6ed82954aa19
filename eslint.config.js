/**
 * ESLint flat config. Beyond the recommended rule sets it enforces STYLE rule 1 (folder =
 * runtime environment) in two layers, both derived from `build/lint/environments.js`:
 *
 * - `no-restricted-imports`, one override per folder (and per kind of test file): Node built-ins,
 *   `electron`, and relative imports that climb into another environment's folder;
 * - the local `entente` plugin (`build/lint/`): `classified-imports` requires every npm package
 *   to be classified in `build/lint/package-classes.js` and allowed in the folder;
 *   `folder-imports` resolves relative imports and checks the folder they land in.
 *
 * And STYLE rule 15: `max-lines` warns at 400 lines, which `--max-warnings 0` turns into a
 * failure. Rules are not type-aware, so the whole lint stays a few seconds.
 *
 * @import { Linter } from 'eslint'
 * @import { Environment } from './build/lint/environments.js'
 */

import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { ENVIRONMENTS } from './build/lint/environments.js';
import entente from './build/lint/plugin.js';
import { restrictedImportsFor } from './build/lint/restricted-imports.js';

const CODE = '{js,mjs,cjs,ts,mts,cts,tsx}';
const TS = '{ts,mts,cts,tsx}';

/** Globals each environment's code may use without importing them. */
const GLOBALS = /** @type {const} */ ({
  shared: globals['shared-node-browser'],
  renderer: globals.browser,
  'main/preload': globals.browser,
  main: globals.node,
  'sync-server': globals.node,
  tests: globals.node,
  build: globals.node,
  root: globals.node,
});

/**
 * The files of an environment, less those of environments nested in it (main/preload in main).
 *
 * @param {Environment} env
 * @param {string[]} patterns inside the environment's folder
 * @returns {Pick<Linter.Config, 'files' | 'ignores'>}
 */
const filesOf = (env, patterns = [`**/*.${CODE}`]) => {
  if (env.folder === '') return { files: [`*.${CODE}`] };
  const nested = ENVIRONMENTS.filter((other) => other.folder.startsWith(`${env.folder}/`));
  return {
    files: patterns.map((pattern) => `${env.folder}/${pattern}`),
    ignores: nested.map((other) => `${other.folder}/**`),
  };
};

/** @type {Linter.Config[]} */
const environmentConfigs = ENVIRONMENTS.map((env) => ({
  name: `entente/environment/${env.name}`,
  ...filesOf(env),
  languageOptions: { globals: GLOBALS[/** @type {keyof typeof GLOBALS} */ (env.name)] },
  rules: { 'no-restricted-imports': restrictedImportsFor(env, null) },
}));

// Test files: test tooling everywhere, Node built-ins where the tests run in Node (see
// build/lint/environments.js for why shared/*.test.ts may use Node but *.contract.ts may not).
// Everything in tests/ is a test file already.
/** @type {Linter.Config[]} */
const testConfigs = ENVIRONMENTS.filter((env) => env.folder !== '' && env.name !== 'tests').map(
  (env) => ({
    name: `entente/tests/${env.name}`,
    ...filesOf(env, ['**/*.test.{ts,tsx,js,mjs}', `**/*.contract.${TS}`]),
    rules: { 'no-restricted-imports': restrictedImportsFor(env, 'test') },
  }),
);

const shared = /** @type {Environment} */ (ENVIRONMENTS.find((env) => env.name === 'shared'));

export default defineConfig([
  globalIgnores(['dist/', 'node_modules/', 'data/', '.bench/', 'coverage/']),
  {
    name: 'entente/javascript',
    files: [`**/*.${CODE}`],
    extends: [js.configs.recommended],
  },
  {
    name: 'entente/typescript',
    files: [`**/*.${TS}`],
    extends: [tseslint.configs.recommended],
  },
  {
    name: 'entente/common',
    files: [`**/*.${CODE}`],
    plugins: { entente },
    rules: {
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
      'entente/classified-imports': 'error',
      'entente/folder-imports': 'error',
    },
  },
  {
    name: 'entente/unused-underscore',
    files: [`**/*.${TS}`],
    rules: {
      // `_name` marks a parameter or binding kept on purpose (an interface's signature).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  ...environmentConfigs,
  ...testConfigs,
  {
    // Shared test support runs in browsers too (the renderer's Dexie store runs the DocStore
    // contract in Chromium), so it gets test tooling but not Node.
    name: 'entente/tests/shared-portable',
    files: [`shared/**/*.contract.${TS}`, `shared/testing/**/*.${CODE}`],
    rules: { 'no-restricted-imports': restrictedImportsFor(shared, 'portable') },
  },
]);
