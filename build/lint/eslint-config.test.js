// Checks the per-folder `no-restricted-imports` overrides as the real eslint.config.js applies
// them: the right override must win for each path (nested folders, test files, test support).

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './import-sources.js';

const eslint = new ESLint({ cwd: REPO_ROOT });

/**
 * The `no-restricted-imports` messages for `code` as if it were at `relative`.
 *
 * @param {string} relative repository-relative path
 * @param {string} code
 * @returns {Promise<string[]>}
 */
async function restricted(relative, code) {
  const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}/${relative}` });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

const nodeFs = "import { readFile } from 'node:fs/promises';\nexport { readFile };\n";
const bareFs = "import fs from 'fs';\nexport { fs };\n";
const workers = "import { Worker } from 'worker_threads';\nexport { Worker };\n";

describe('no-restricted-imports per folder', () => {
  it.each([
    ['shared/protocol/sync.ts', nodeFs],
    ['shared/protocol/sync.ts', bareFs],
    ['shared/protocol/sync.ts', workers],
    ['shared/storage/doc-store.contract.ts', nodeFs],
    ['shared/testing/in-memory-connector.ts', bareFs],
    ['shared/testing/seeded-random.test.ts', bareFs],
    ['renderer/sync/connection.ts', nodeFs],
    ['renderer/storage/dexie-doc-store.test.ts', bareFs],
    ['main/preload/index.ts', nodeFs],
  ])('forbids Node built-ins in %s', async (file, code) => {
    expect(await restricted(file, code)).toEqual([expect.stringMatching(/does not run in Node/)]);
  });

  it.each([
    ['shared/protocol/sync.test.ts', nodeFs],
    ['sync-server/index.ts', workers],
    ['main/services/file-export.ts', nodeFs],
    ['main/preload/index.test.ts', bareFs],
    ['tests/support/relay.ts', bareFs],
    ['build/check-cycles.js', nodeFs],
    ['vitest.config.ts', nodeFs],
  ])('allows Node built-ins in %s', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });

  it('limits electron by folder', async () => {
    const value = "import { ipcRenderer } from 'electron';\nexport { ipcRenderer };\n";
    const typeOnly = "import type { IpcRenderer } from 'electron';\nexport type { IpcRenderer };\n";
    const shell = "import { shell } from 'electron';\nexport { shell };\n";
    const subpath =
      "import { contextBridge } from 'electron/renderer';\nexport { contextBridge };\n";

    expect(await restricted('main/index.ts', shell)).toEqual([]);
    expect(await restricted('main/preload/index.ts', value)).toEqual([]);
    expect(await restricted('main/preload/index.ts', shell)).toHaveLength(1);
    expect(await restricted('main/preload/index.ts', subpath)).toHaveLength(1);
    expect(await restricted('renderer/bridge/get-bridge.ts', typeOnly)).toEqual([]);
    expect(await restricted('renderer/bridge/get-bridge.ts', value)).toHaveLength(1);
    expect(await restricted('shared/ipc/contract.ts', typeOnly)).toHaveLength(1);
    expect(await restricted('sync-server/index.ts', value)).toHaveLength(1);
  });

  it('forbids relative imports that climb into another environment', async () => {
    const code = (/** @type {string} */ target) =>
      `import { x } from '${target}';\nexport { x };\n`;

    expect(await restricted('shared/protocol/sync.ts', code('../../renderer/x.js'))).toHaveLength(
      1,
    );
    expect(await restricted('shared/protocol/sync.ts', code('../../main/x.js'))).toHaveLength(1);
    expect(await restricted('shared/protocol/sync.ts', code('../../sync-server'))).toHaveLength(1);
    expect(await restricted('sync-server/index.ts', code('../renderer/x.js'))).toHaveLength(1);
    expect(await restricted('sync-server/index.ts', code('../main/x.js'))).toHaveLength(1);
    expect(await restricted('renderer/main.tsx', code('../sync-server/x.js'))).toHaveLength(1);
    expect(await restricted('sync-server/index.ts', code('../shared/x.js'))).toEqual([]);
    expect(await restricted('tests/relay/x.test.ts', code('../../sync-server/x.js'))).toEqual([]);
  });
});

describe('max-lines', () => {
  it('warns past 400 lines of code, not counting blank lines and comments', async () => {
    const lines = (/** @type {number} */ n) =>
      Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join('\n');
    const padding = '\n// a comment\n\n'.repeat(50);
    const lint = async (/** @type {string} */ code) => {
      const [result] = await eslint.lintText(code, {
        filePath: `${REPO_ROOT}/shared/x.ts`,
      });
      return (result?.messages ?? []).filter((m) => m.ruleId === 'max-lines');
    };
    expect(await lint(lines(400) + padding)).toEqual([]);
    expect(await lint(lines(401))).toEqual([expect.objectContaining({ severity: 1 })]);
  });
});
