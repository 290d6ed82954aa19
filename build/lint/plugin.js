/**
 * The `entente` ESLint plugin: local rules that keep each folder inside its runtime environment
 * (STYLE rule 1). Plain ESM JavaScript with JSDoc types, so ESLint loads it without a build step
 * and `tsc -b build` still type-checks it.
 *
 * @import { ESLint } from 'eslint'
 */

import classifiedImports from './classified-imports.js';
import folderImports from './folder-imports.js';

/** @type {ESLint.Plugin} */
const plugin = {
  meta: { name: 'entente' },
  rules: {
    'classified-imports': classifiedImports,
    'folder-imports': folderImports,
  },
};

export default plugin;
