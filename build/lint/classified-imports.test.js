import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import rule from './classified-imports.js';
import { REPO_ROOT } from './import-sources.js';

// RuleTester looks for mocha-style globals; hand it vitest's.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

/** @param {string} relative repository-relative path */
const file = (relative) => path.join(REPO_ROOT, relative);

/**
 * @param {string} relative
 * @param {string} code
 */
const valid = (relative, code) => ({
  name: `${relative}: ${code}`,
  filename: file(relative),
  code,
});

/**
 * @param {string} relative
 * @param {string} code
 * @param {'forbidden' | 'unclassified'} messageId checked when no `message` is given
 * @param {RegExp} [message] the expected wording (RuleTester accepts one of the two)
 */
const invalid = (relative, code, messageId, message) => ({
  name: `${relative}: ${code}`,
  filename: file(relative),
  code,
  errors: [message ? { message } : { messageId }],
});

ruleTester.run('entente/classified-imports', rule, {
  valid: [
    // shared: std packages, deep imports, and what other rules own (built-ins, relative paths).
    valid('shared/protocol/sync.ts', "import * as Y from 'yjs';"),
    valid('shared/protocol/sync.ts', "import { createEncoder } from 'lib0/encoding';"),
    valid('shared/protocol/sync.ts', "export { readSyncMessage } from 'y-protocols/sync';"),
    valid('shared/ipc/validate.ts', "import { z } from 'zod';"),
    valid('shared/ipc/validate.ts', "import { x } from './x.js'; import y from '#internal';"),
    valid('shared/ipc/validate.ts', "import fs from 'node:fs'; import path from 'path';"),
    // node folders.
    valid('sync-server/index.ts', "import { WebSocketServer } from 'ws'; import pg from 'pg';"),
    valid(
      'sync-server/x.ts',
      "import Database from 'better-sqlite3'; import Redis from 'ioredis';",
    ),
    valid(
      'main/index.ts',
      "import { app, BrowserWindow } from 'electron'; import * as Y from 'yjs';",
    ),
    valid('main/services/updater.ts', "import { WebSocket } from 'ws';"),
    // preload: electron only.
    valid('main/preload/index.ts', "import { contextBridge, ipcRenderer } from 'electron';"),
    // renderer: std + dom, electron for types only.
    valid('renderer/storage/dexie-doc-store.ts', "import Dexie from 'dexie';"),
    valid('renderer/editor/editor.tsx', "import { useEditor } from '@tiptap/react';"),
    valid('renderer/bridge/get-bridge.ts', "import type { IpcRenderer } from 'electron';"),
    valid('renderer/bridge/get-bridge.ts', "import { type IpcRenderer } from 'electron';"),
    valid('renderer/bridge/get-bridge.ts', "type R = typeof import('electron');"),
    // Test files: test tooling everywhere; Node where the tests run in Node.
    valid(
      'shared/protocol/sync.test.ts',
      "import { it } from 'vitest'; import { WebSocket } from 'ws';",
    ),
    valid('shared/storage/doc-store.contract.ts', "import { describe, it } from 'vitest';"),
    valid('shared/testing/in-memory-connector.ts', "import { expect } from 'vitest';"),
    valid('sync-server/relay.test.ts', "import { vi } from 'vitest';"),
    valid('renderer/storage/dexie-doc-store.test.ts', "import { it } from 'vitest';"),
    valid('tests/e2e/editing.test.ts', "import { test } from '@playwright/test';"),
    valid('tests/support/relay.ts', "import { WebSocket } from 'ws'; import pg from 'pg';"),
    valid(
      'build/lint/x.test.js',
      "import { RuleTester } from 'eslint'; import { it } from 'vitest';",
    ),
    // build and top-level config.
    valid('build/check-cycles.js', "import { parseCircular } from 'dpdm';"),
    valid('eslint.config.js', "import tseslint from 'typescript-eslint';"),
    valid('vitest.config.ts', "import { defineConfig } from 'vitest/config';"),
    // Outside the repository the rule stays silent.
    {
      name: 'outside the repository',
      filename: path.join(path.dirname(REPO_ROOT), 'elsewhere', 'x.ts'),
      code: "import x from 'left-pad';",
    },
  ],
  invalid: [
    // shared is std only, whatever the import form.
    invalid(
      'shared/protocol/sync.ts',
      "import { WebSocket } from 'ws';",
      'forbidden',
      /'ws' is a node package; shared files may import only std packages/,
    ),
    invalid('shared/protocol/sync.ts', "import type { WebSocket } from 'ws';", 'forbidden'),
    invalid('shared/protocol/sync.ts', "export * from 'pg';", 'forbidden'),
    invalid('shared/protocol/sync.ts', "const ws = await import('ws');", 'forbidden'),
    invalid(
      'shared/ipc/contract.ts',
      "import { ipcMain } from 'electron';",
      'forbidden',
      /electron package/,
    ),
    invalid('shared/storage/x.ts', "import Dexie from 'dexie';", 'forbidden', /dom package/),
    invalid('shared/storage/x.ts', "import { it } from 'vitest';", 'forbidden', /test package/),
    // Shared test support runs in the browser too: no node packages even in test files.
    invalid(
      'shared/storage/doc-store.contract.ts',
      "import { WebSocket } from 'ws';",
      'forbidden',
      /shared portable test-support files/,
    ),
    invalid(
      'shared/testing/in-memory-connector.ts',
      "import { WebSocket } from 'ws';",
      'forbidden',
    ),
    // renderer: electron only as types; tests run in Chromium, so no node packages there.
    invalid(
      'renderer/bridge/get-bridge.ts',
      "import { ipcRenderer } from 'electron';",
      'forbidden',
      /\(and electron with `import type`\)/,
    ),
    invalid('renderer/bridge/get-bridge.ts', "const e = await import('electron');", 'forbidden'),
    invalid('renderer/sync/connection.ts', "export { WebSocket } from 'ws';", 'forbidden'),
    invalid(
      'renderer/storage/dexie-doc-store.test.ts',
      "import { WebSocket } from 'ws';",
      'forbidden',
      /renderer test files/,
    ),
    // sync-server and tests: no electron, no dom, no test tooling outside tests.
    invalid('sync-server/index.ts', "import { app } from 'electron';", 'forbidden'),
    invalid('sync-server/index.ts', "import Dexie from 'dexie';", 'forbidden'),
    invalid(
      'sync-server/index.ts',
      "import { vi } from 'vitest';",
      'forbidden',
      /sync-server files may import only std, node packages/,
    ),
    invalid(
      'sync-server/index.ts',
      "import { ESLint } from 'eslint';",
      'forbidden',
      /build package/,
    ),
    invalid('tests/relay/on-store.test.ts', "import { app } from 'electron';", 'forbidden'),
    // preload: electron only, not even std packages (it is bundled into a sandboxed preload).
    invalid(
      'main/preload/index.ts',
      "import { z } from 'zod';",
      'forbidden',
      /main\/preload files may import only electron packages/,
    ),
    invalid('main/preload/index.ts', "import { WebSocket } from 'ws';", 'forbidden'),
    // main: no dom.
    invalid(
      'main/windows/main-window.ts',
      "import { useEditor } from '@tiptap/react';",
      'forbidden',
    ),
    // Unclassified packages, in every folder and import form; the message names the table.
    invalid(
      'sync-server/index.ts',
      "import leftPad from 'left-pad';",
      'unclassified',
      /Package 'left-pad' is not classified: add it to build\/lint\/package-classes\.js/,
    ),
    invalid(
      'shared/x.ts',
      "import { thing } from '@acme/unknown/deep/path';",
      'unclassified',
      /'@acme\/unknown'/,
    ),
    invalid('renderer/x.tsx', "import type { T } from 'some-types-only';", 'unclassified'),
    invalid('build/x.js', "const m = require('left-pad');", 'unclassified'),
    invalid('tests/x.test.ts', "import x = require('left-pad');", 'unclassified'),
  ],
});
