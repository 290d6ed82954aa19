/**
 * Shared plumbing for the local import rules: find every module specifier a file names, tell
 * whether the import is erased at compile time, and place the file in the repository.
 *
 * @import { Rule } from 'eslint'
 * @import * as ESTree from 'estree'
 */

import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: two levels above this file. Taken from the rule's own location rather
 * than ESLint's cwd, so running ESLint from a subfolder still sees `shared/…` as `shared/…`.
 */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The repository-relative path of a file, with forward slashes, or `null` when it lies outside
 * the repository (then the rules stay silent).
 *
 * @param {string} filename absolute path
 * @param {string} [root]
 * @returns {string | null}
 */
export function repoRelative(filename, root = REPO_ROOT) {
  const relative = path.relative(root, filename);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return relative.split(path.sep).join('/');
}

/**
 * @typedef {object} ImportSite
 * @property {ESTree.Node} node The string literal to report on.
 * @property {string} specifier What the code imports, e.g. `lib0/encoding` or `../shared/x.js`.
 * @property {boolean} typeOnly True when the import is erased by TypeScript (`import type`,
 *   `export type`, every specifier `type`, or a `typeof import('x')` type).
 */

/**
 * @typedef {ESTree.Node & { importKind?: string, exportKind?: string }} MaybeTyped
 */

/**
 * @param {{ importKind?: string, exportKind?: string } | undefined} node
 * @returns {boolean}
 */
function isTypeKind(node) {
  return node?.importKind === 'type' || node?.exportKind === 'type';
}

/**
 * `import type … from`, `import { type A, type B } from`, `export type … from`.
 *
 * @param {MaybeTyped & { specifiers?: readonly MaybeTyped[] }} node
 * @returns {boolean}
 */
function declarationIsTypeOnly(node) {
  if (isTypeKind(node)) return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((specifier) => isTypeKind(specifier));
}

/**
 * @param {ESTree.Node | null | undefined} node
 * @returns {node is ESTree.Literal & { value: string }}
 */
function isStringLiteral(node) {
  return node?.type === 'Literal' && typeof node.value === 'string';
}

/**
 * Calls `onImport` for every static import, re-export, dynamic `import('…')`, `require('…')`,
 * `import x = require('…')` and `import('…')` type whose specifier is a string literal.
 *
 * @param {(site: ImportSite) => void} onImport
 * @returns {Rule.RuleListener}
 */
export function importListeners(onImport) {
  /**
   * @param {ESTree.Node | null | undefined} source
   * @param {boolean} typeOnly
   */
  const visit = (source, typeOnly) => {
    if (isStringLiteral(source)) onImport({ node: source, specifier: source.value, typeOnly });
  };
  /** @param {ESTree.ImportDeclaration | ESTree.ExportNamedDeclaration | ESTree.ExportAllDeclaration} node */
  const visitDeclaration = (node) => {
    visit(node.source, declarationIsTypeOnly(/** @type {MaybeTyped} */ (node)));
  };
  return {
    ImportDeclaration: visitDeclaration,
    ExportNamedDeclaration: visitDeclaration,
    ExportAllDeclaration: visitDeclaration,
    ImportExpression(node) {
      visit(node.source, false);
    },
    CallExpression(node) {
      if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
        visit(/** @type {ESTree.Node | undefined} */ (node.arguments[0]), false);
      }
    },
    // TypeScript-only nodes, present when typescript-eslint parses the file.
    /** @param {ESTree.Node} node */
    TSImportType(node) {
      const typed = /** @type {{ source?: ESTree.Node, argument?: { literal?: ESTree.Node } }} */ (
        /** @type {unknown} */ (node)
      );
      visit(typed.source ?? typed.argument?.literal, true);
    },
    /** @param {ESTree.Node} node */
    TSExternalModuleReference(node) {
      const reference = /** @type {{ expression: ESTree.Node, parent?: MaybeTyped }} */ (
        /** @type {unknown} */ (node)
      );
      visit(reference.expression, isTypeKind(reference.parent));
    },
  };
}
