// `electron-builder.yml` as electron-builder itself sees it. Installers cannot be built on our
// machines (electron-builder downloads Electron and its target tools), so the packaging config
// is checked here instead, in `npm test`:
//
// - validated by electron-builder's own front door, `Packager#validateConfig()`: the step every
//   `electron-builder` build starts with. It finds and parses the config file as the CLI does,
//   checks package.json (`checkMetadata`) and validates the config against electron-builder's JSON
//   schema (`validateConfiguration`, app-builder-lib's `scheme.json`: unknown keys and wrong types
//   are errors). It builds nothing and downloads nothing.
// - its `electronFuses` block equals `ELECTRON_FUSES` and keeps every required fuse (fuses.js);
// - what it packages exists after `npm run build`, and the packaged main process can load.

import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Packager } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELECTRON_FUSES, fusesYaml, missingFuses } from './fuses.js';
import { packageNameOf } from './lint/package-classes.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG_FILE = path.join(ROOT, 'electron-builder.yml');

/**
 * The configuration electron-builder would build with, after its own checks.
 *
 * @param {string} [configFile] a config file to use instead of the one electron-builder finds
 * @returns {Promise<import('electron-builder').Configuration>}
 */
async function validatedConfig(configFile) {
  const packager = new Packager({
    projectDir: ROOT,
    ...(configFile ? { config: configFile } : {}),
  });
  await packager.validateConfig();
  return packager.config;
}

/** @type {{ main?: string, build?: unknown, dependencies?: Record<string, string> }} */
const packageJson = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));

describe('electron-builder.yml, validated by electron-builder', () => {
  /** @type {import('electron-builder').Configuration} */
  let config;
  /** @type {string} */
  let text;
  /** @type {string} */
  let dir;

  beforeAll(async () => {
    text = await readFile(CONFIG_FILE, 'utf8');
    dir = await mkdtemp(path.join(tmpdir(), 'entente-builder-config-'));
    // The first validation compiles electron-builder's schema (360 kB): a few seconds.
    config = await validatedConfig();
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * Validates `electron-builder.yml` with one edit.
   *
   * @param {string} search text of the real file
   * @param {string} replacement
   */
  async function validateEdited(search, replacement) {
    expect(text).toContain(search);
    const file = path.join(dir, 'electron-builder.yml');
    await writeFile(file, text.replace(search, replacement));
    return validatedConfig(file);
  }

  it('is the file electron-builder finds, and passes its validation', () => {
    // A "build" key in package.json would win over electron-builder.yml.
    expect(packageJson.build).toBeUndefined();
    expect(config).toMatchObject({ appId: 'fr.entente.desktop', productName: 'Entente' });
  });

  it('sets the fuses of build/fuses.js, every required one included', () => {
    expect(config.electronFuses, `electron-builder.yml must hold:\n${fusesYaml()}`).toEqual(
      ELECTRON_FUSES,
    );
    expect(missingFuses(config.electronFuses)).toEqual([]);
  });

  it('refuses an unknown key, at the top or among the fuses', async () => {
    await expect(validateEdited('asar: true', 'asar: true\nasarr: true')).rejects.toThrow(
      /configuration has an unknown property 'asarr'/,
    );
    // Inside `electronFuses` (an `anyOf` with null) electron-builder reports the branch, not the key.
    await expect(validateEdited('  runAsNode: false', '  runAsNod: false')).rejects.toThrow(
      /configuration\.electronFuses should be one of these/,
    );
  });

  it('refuses a value of the wrong type', async () => {
    await expect(validateEdited('  runAsNode: false', '  runAsNode: never')).rejects.toThrow(
      /configuration\.electronFuses\.runAsNode should be a boolean/,
    );
    await expect(validateEdited('asar: true', 'asar: sometimes')).rejects.toThrow(
      /configuration\.asar should be/,
    );
    await expect(validateEdited('appId: fr.entente.desktop', 'appId: [a, b]')).rejects.toThrow(
      /configuration\.appId should be/,
    );
  });

  // electron-builder coerces types (`runAsNode: "false"` or `0` becomes `false`), so the checks
  // above compare the coerced configuration: the values electron-builder would apply.
  it('accepts weakened fuses, which only missingFuses catches', async () => {
    const weakened = await validateEdited('  runAsNode: false', '  runAsNode: true');
    expect(missingFuses(weakened.electronFuses)).toEqual(['runAsNode must be false']);
  });
});

/**
 * @param {string} file
 * @returns {Promise<boolean>}
 */
async function isFile(file) {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}

/**
 * The bare module specifiers the ES modules reachable from `entry` import (tsc's output: static
 * `import … from`, `export … from`, side-effect `import '…'` and literal `import('…')`).
 *
 * @param {string} entry absolute path
 * @returns {Promise<Set<string>>}
 */
async function bareImportsFrom(entry) {
  const pattern =
    /\b(?:import|export)\s*(?:[\w*{}\s,$]+\s*from\s*)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  /** @type {Set<string>} */
  const bare = new Set();
  const seen = new Set([entry]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const match of (await readFile(file, 'utf8')).matchAll(pattern)) {
      const specifier = /** @type {string} */ (match[1] ?? match[2]);
      if (!specifier.startsWith('.')) {
        bare.add(specifier);
        continue;
      }
      const target = path.resolve(path.dirname(file), specifier);
      expect(await isFile(target), `${path.relative(ROOT, file)} imports ${specifier}`).toBe(true);
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return bare;
}

/**
 * The `files` patterns, as electron-builder normalises them (`[{ filter: [...] }]`). Only plain
 * patterns are understood: a `from`/`to` mapping needs this test to learn it.
 *
 * @param {import('electron-builder').Configuration} config
 * @returns {string[]}
 */
function filePatterns(config) {
  const sets = config.files == null ? [] : [config.files].flat();
  return sets.flatMap((set) => {
    if (typeof set === 'string') return [set];
    expect(set, 'a files entry with from/to').toEqual({ filter: expect.any(Array) });
    return [set.filter ?? []].flat();
  });
}

describe('what electron-builder.yml packages (after `npm run build`)', () => {
  /** @type {import('electron-builder').Configuration} */
  let config;
  /** @type {string[]} */
  let files;

  beforeAll(async () => {
    config = await validatedConfig();
    files = filePatterns(config);
  }, 60_000);

  /**
   * Whether the `files` patterns take a repository-relative path into the package.
   *
   * @param {string} relative
   */
  const packaged = (relative) =>
    relative === 'package.json' ||
    files.some((pattern) => pattern.endsWith('/**') && relative.startsWith(pattern.slice(0, -2)));

  it('lists only patterns this check understands, each matching built files', async () => {
    // Plain folders (`dir/**`) and files; anything fancier needs this test to learn it.
    expect(files.every((pattern) => pattern.endsWith('/**') || !/[*?{}[\]!]/.test(pattern))).toBe(
      true,
    );
    for (const pattern of files) {
      const target = path.join(ROOT, pattern.replace(/\/\*\*$/, ''));
      const found = pattern.endsWith('/**')
        ? (await readdir(target).catch(() => [])).length > 0
        : await isFile(target);
      expect(found, `${pattern} matches nothing: run \`npm run build\` first`).toBe(true);
    }
  });

  it('packages the main entry of package.json and what it loads at run time', async () => {
    // electron-builder refuses to package without it ("Application entry file … does not exist").
    expect(packageJson.main).toBe('dist/main/index.js');
    // main/index.ts: the preload bundle beside it, the renderer build one folder up.
    const needed = [
      /** @type {string} */ (packageJson.main),
      'dist/main/preload/index.cjs',
      'dist/renderer/index.html',
    ];
    for (const relative of needed) {
      expect(packaged(relative), `${relative} is not in electron-builder.yml's files`).toBe(true);
      expect(await isFile(path.join(ROOT, relative)), `${relative}: run \`npm run build\``).toBe(
        true,
      );
    }
  });

  it('ships every package the main process imports (production dependencies only)', async () => {
    const entry = path.join(ROOT, /** @type {string} */ (packageJson.main));
    const imported = [...(await bareImportsFrom(entry))].filter((name) => !isBuiltin(name));
    expect(imported).toContain('electron');
    const missing = imported
      .map(packageNameOf)
      .filter((name) => name !== 'electron' && !(name in (packageJson.dependencies ?? {})));
    expect(missing, 'electron-builder packages "dependencies", not "devDependencies"').toEqual([]);
  });

  it('registers the entente:// scheme the app parses', async () => {
    const links = pathToFileURL(path.join(ROOT, 'dist/shared/ipc/links.js')).href;
    const { LINK_SCHEME } = await import(links);
    expect(config.protocols).toEqual([{ name: 'Entente', schemes: [LINK_SCHEME] }]);
  });
});
