/**
 * `entente/classified-imports`: every npm package a file imports must be classified in
 * `package-classes.js`, and its class must be allowed in the file's folder (`environments.js`).
 *
 * Node built-ins (`node:fs`, `fs`) are not npm packages and are left to `no-restricted-imports`,
 * which `eslint.config.js` derives from the same environment table; relative imports are left to
 * `entente/folder-imports`. So each violation is reported by one rule only.
 *
 * Idea from Signal-Desktop's `.eslint/rules/file-suffix.js`, applied per folder instead of per
 * file suffix.
 *
 * @import { Rule } from 'eslint'
 * @import { PackageClass } from './environments.js'
 */

import { isBuiltin } from 'node:module';
import { allowedClassesOf } from './environments.js';
import { importListeners, repoRelative } from './import-sources.js';
import { classOf, packageNameOf } from './package-classes.js';

/**
 * A specifier that names an npm package: not relative, not absolute, not a subpath import
 * (`#x`), not a URL-like scheme (`node:`, `virtual:`, `data:`), not a Node built-in.
 *
 * @param {string} specifier
 * @returns {boolean}
 */
export function isPackageSpecifier(specifier) {
  if (specifier === '' || /^[./#]/.test(specifier) || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) {
    return false;
  }
  return !isBuiltin(specifier);
}

/** @type {Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require every imported npm package to be classified (std/node/dom/electron/test/build) and allowed in the importing folder',
    },
    schema: [],
    messages: {
      unclassified:
        "Package '{{name}}' is not classified: add it to build/lint/package-classes.js as 'std', 'node', 'dom', 'electron', 'test' or 'build' before importing it.",
      forbidden:
        "'{{name}}' is a {{packageClass}} package; {{where}} may import only {{allowed}} packages (see build/lint/environments.js).",
    },
  },
  create(context) {
    const relative = repoRelative(context.physicalFilename);
    if (relative === null) return {};
    const { environment, test, classes } = allowedClassesOf(relative);
    const where =
      test === null
        ? `${environment.name} files`
        : `${environment.name} ${test === 'portable' ? 'portable test-support' : 'test'} files`;
    /** @param {Iterable<PackageClass>} set */
    const list = (set) => [...set].join(', ') || 'no';

    return importListeners(({ node, specifier, typeOnly }) => {
      if (!isPackageSpecifier(specifier)) return;
      const name = packageNameOf(specifier);
      const packageClass = classOf(name);
      if (packageClass === undefined) {
        context.report({ node, messageId: 'unclassified', data: { name } });
        return;
      }
      if (classes.has(packageClass)) return;
      if (typeOnly && environment.typeOnlyClasses.includes(packageClass)) return;
      const typeNote =
        environment.typeOnlyClasses.length > 0
          ? ` (and ${environment.typeOnlyClasses.join(', ')} with \`import type\`)`
          : '';
      context.report({
        node,
        messageId: 'forbidden',
        data: { name, packageClass, where, allowed: list(classes) + typeNote },
      });
    });
  },
};

export default rule;
