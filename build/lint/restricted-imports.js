/**
 * Builds the per-folder `no-restricted-imports` options from `environments.js`: Node built-ins
 * (`node:*` and bare names such as `fs`, from `builtinModules`), `electron`, and relative imports
 * that climb (`../`) into a folder of another environment. ESLint's core rule handles
 * `allowTypeImports` (renderer may `import type` from electron) and `allowImportNames`
 * (preload may take only `contextBridge` and `ipcRenderer`).
 *
 * Relative imports are matched by their text here, which is coarse: `../x.js` from
 * `main/preload/` goes unseen, and a subfolder that happens to be called `main` would be
 * flagged. `entente/folder-imports` resolves paths and is the precise check; this one is kept
 * because it works without our plugin and reads plainly in the config.
 *
 * @import { Linter } from 'eslint'
 * @import { Environment } from './environments.js'
 */

import { builtinModules } from 'node:module';
import { ENVIRONMENTS } from './environments.js';

/** @param {string} text */
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Matches `node:anything` and every bare built-in name (`fs`, `fs/promises`, `worker_threads`).
 */
export const NODE_BUILTIN_REGEX = `^(?:node:.*|${builtinModules
  .filter((name) => !name.startsWith('node:'))
  .map(escapeRegExp)
  .join('|')})$`;

const TOP_LEVEL_FOLDERS = [
  ...new Set(ENVIRONMENTS.map((env) => env.folder.split('/')[0] ?? '').filter(Boolean)),
];

/**
 * @param {Environment} environment
 * @param {null | 'portable' | 'test'} test what kind of test file the override is for
 * @returns {Linter.RuleEntry}
 */
export function restrictedImportsFor(environment, test) {
  const mayUseNode =
    environment.classes.includes('node') || (test === 'test' && environment.testsRunInNode);
  const where =
    test === null
      ? `${environment.name} code`
      : `${environment.name} ${test === 'portable' ? 'test-support' : 'test'} code`;

  /** @type {Array<Record<string, unknown>>} */
  const paths = [];
  /** @type {Array<Record<string, unknown>>} */
  const patterns = [];

  if (!mayUseNode) {
    patterns.push({
      regex: NODE_BUILTIN_REGEX,
      message: `${where} does not run in Node: no Node built-ins (STYLE rule 1). Declare a port in shared/ and bind it in main/ or sync-server/ (STYLE rule 7).`,
    });
  }

  const electronAllowed = environment.classes.includes('electron');
  if (electronAllowed && environment.electronNames) {
    paths.push({
      name: 'electron',
      allowImportNames: [...environment.electronNames],
      message: `${where} may use only ${environment.electronNames.join(' and ')} from electron (STYLE rule 4).`,
    });
    patterns.push({
      regex: '^electron/',
      message: `${where} imports electron only as 'electron'.`,
    });
  } else if (!electronAllowed) {
    const typesOnly = environment.typeOnlyClasses.includes('electron');
    patterns.push({
      regex: '^electron(?:/.*)?$',
      ...(typesOnly ? { allowTypeImports: true } : {}),
      message: typesOnly
        ? `${where} may name Electron types with \`import type\` only; reach Electron through the bridge (STYLE rule 5).`
        : `${where} does not run in Electron (STYLE rule 1).`,
    });
  }

  if (environment.folders !== 'any') {
    const allowed = environment.folders;
    const forbidden = TOP_LEVEL_FOLDERS.filter(
      (top) => !allowed.some((folder) => folder === top || folder.startsWith(`${top}/`)),
    );
    if (forbidden.length > 0) {
      patterns.push({
        regex: `^(?:\\.\\./)+(?:${forbidden.map(escapeRegExp).join('|')})(?:/|$)`,
        message: `${where} may import only from ${allowed.map((f) => `${f}/`).join(', ')} (STYLE rule 1).`,
      });
    }
  }

  return paths.length === 0 && patterns.length === 0 ? 'off' : ['error', { paths, patterns }];
}
