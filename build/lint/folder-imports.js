/**
 * `entente/folder-imports`: a relative import must land in a folder the importing folder may
 * depend on (`environments.js`, `folders`). Resolving the path catches what a glob on the
 * specifier cannot: `../x.js` from `main/preload/` lands in `main/`, which the preload (a renderer
 * process) must not load, although the specifier names no folder. Type-only imports are held to
 * the same rule: a type import still pulls the other folder's files into this folder's
 * TypeScript project. (VS Code's `local/code-layering` does the same.)
 *
 * @import { Rule } from 'eslint'
 */

import path from 'node:path';
import { environmentOf } from './environments.js';
import { importListeners, repoRelative } from './import-sources.js';

/** @type {Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Forbid relative imports that cross into a folder of another runtime environment',
    },
    schema: [],
    messages: {
      forbidden:
        "'{{specifier}}' resolves into {{target}}, which {{from}} files may not import; {{from}} may import only from {{allowed}} (see build/lint/environments.js).",
    },
  },
  create(context) {
    const filename = context.physicalFilename;
    const relative = repoRelative(filename);
    if (relative === null) return {};
    const from = environmentOf(relative);
    if (from.folders === 'any') return {};
    const allowedFolders = from.folders;

    return importListeners(({ node, specifier }) => {
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) return;
      const targetRelative = repoRelative(path.resolve(path.dirname(filename), specifier));
      if (targetRelative === null) return;
      const target = environmentOf(targetRelative);
      if (allowedFolders.includes(target.name)) return;
      context.report({
        node,
        messageId: 'forbidden',
        data: {
          specifier,
          target: target.folder === '' ? 'the top-level folder' : `${target.folder}/`,
          from: from.name,
          allowed: allowedFolders.map((name) => `${name}/`).join(', '),
        },
      });
    });
  },
};

export default rule;
