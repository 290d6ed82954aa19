/**
 * Fails when the sources have an import cycle (STYLE rule 15). Run by `npm run lint`.
 *
 * Uses dpdm's API (the CLI equivalent is
 * `dpdm --no-warning --no-tree --exit-code circular:1 -T --skip-dynamic-imports circular …`)
 * so the same function can be tested on a scratch folder. Two choices:
 *
 * - Type-only imports are ignored (`transform`, `-T`): TypeScript erases them, so they cannot
 *   cause the real cycle hazard — a module read before it finished initialising. With
 *   `verbatimModuleSyntax` every import that survives compilation is a value import, so what is
 *   left is exactly the runtime graph. Types that refer to each other across files are normal
 *   (a contract and its events, say).
 * - Dynamic `import()` edges are ignored too: they load lazily, after both modules have
 *   initialised, and they are the usual way to break a cycle on purpose.
 */

import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseCircular, parseDependencyTree } from 'dpdm';

/** The sources checked, relative to the repository root. */
export const SOURCE_GLOBS = Object.freeze([
  'shared/**/*.{ts,tsx}',
  'sync-server/**/*.{ts,tsx}',
  'main/**/*.{ts,tsx}',
  'renderer/**/*.{ts,tsx}',
  'tests/**/*.{ts,tsx}',
  'build/**/*.js',
]);

/**
 * Every runtime import cycle among the files matched by `globs`, each as a list of paths
 * relative to `cwd` (the last imports the first).
 *
 * @param {readonly string[]} globs
 * @param {string} cwd
 * @returns {Promise<{ files: number, cycles: string[][] }>}
 */
export async function findCycles(globs, cwd) {
  const tree = await parseDependencyTree([...globs], {
    cwd,
    context: cwd,
    transform: true,
    // Ignore `**/*.d.ts` and anything outside our sources.
    exclude: /node_modules|\.d\.ts$/,
  });
  const files = Object.entries(tree).filter(([id, deps]) => deps !== null && !isBuiltin(id)).length;
  return { files, cycles: parseCircular(tree, true) };
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const started = performance.now();
  const { files, cycles } = await findCycles(SOURCE_GLOBS, root);
  const took = `${Math.round(performance.now() - started)} ms`;
  if (cycles.length === 0) {
    console.log(`check-cycles: no import cycle among ${files} files (${took}).`);
    return;
  }
  console.error(`check-cycles: ${cycles.length} import cycle(s) (${took}):`);
  for (const cycle of cycles) {
    console.error(`  ${[...cycle, cycle[0]].join(' -> ')}`);
  }
  console.error('Break each cycle: move the shared part into its own module, or import a type.');
  process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
