import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import rule from './folder-imports.js';
import { REPO_ROOT } from './import-sources.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

/**
 * @param {string} relative repository-relative path of the importing file
 * @param {string} code
 */
const valid = (relative, code) => ({
  name: `${relative}: ${code}`,
  filename: path.join(REPO_ROOT, relative),
  code,
});

/**
 * @param {string} relative
 * @param {string} code
 * @param {RegExp} [message]
 */
const invalid = (relative, code, message) => ({
  ...valid(relative, code),
  errors: [message ? { message } : { messageId: 'forbidden' }],
});

ruleTester.run('entente/folder-imports', rule, {
  valid: [
    valid('shared/protocol/sync.ts', "import { x } from './message-types.js';"),
    valid('shared/protocol/sync.ts', "import { y } from '../storage/doc-store.js';"),
    valid('shared/protocol/sync.ts', "import * as Y from 'yjs';"),
    valid('sync-server/relay/relay.ts', "import { m } from '../../shared/protocol/messages.js';"),
    valid(
      'renderer/bridge/get-bridge.ts',
      "import type { C } from '../../shared/ipc/contract.js';",
    ),
    valid(
      'main/preload/index.ts',
      "import { CHANNEL_PREFIX } from '../../shared/ipc/contract.js';",
    ),
    valid('main/preload/index.ts', "import { build } from './bridge.js';"),
    valid('main/ipc/register.ts', "import { C } from '../../shared/ipc/contract.js';"),
    valid(
      'tests/relay/on-store.test.ts',
      "import { Relay } from '../../sync-server/relay/relay.js';",
    ),
    valid(
      'tests/e2e/bridge.test.ts',
      "import { getBridge } from '../../renderer/bridge/get-bridge.js';",
    ),
    valid('build/lint/plugin.js', "import rule from './classified-imports.js';"),
    valid('vitest.config.ts', "import { x } from './build/lint/plugin.js';"),
  ],
  invalid: [
    invalid(
      'shared/protocol/sync.ts',
      "import { r } from '../../renderer/x.js';",
      /'\.\.\/\.\.\/renderer\/x\.js' resolves into renderer\/, which shared files may not import; shared may import only from shared\//,
    ),
    invalid(
      'shared/protocol/sync.ts',
      "import type { R } from '../../sync-server/relay/relay.js';",
    ),
    invalid(
      'shared/storage/doc-store.contract.ts',
      "import { launch } from '../../tests/support/relay.js';",
    ),
    invalid('sync-server/index.ts', "import { w } from '../main/windows/main-window.js';"),
    invalid('sync-server/index.ts', "export * from '../renderer/index.js';"),
    // The case a glob on the specifier misses: `../` from the preload lands in main/.
    invalid(
      'main/preload/index.ts',
      "import { register } from '../ipc/register.js';",
      /resolves into main\/, which main\/preload files may not import/,
    ),
    invalid('main/index.ts', "import '../renderer/main.js';"),
    invalid('renderer/main.tsx', "import { expose } from '../main/preload/index.js';"),
    invalid('renderer/main.tsx', "const m = await import('../sync-server/index.js');"),
    invalid('build/check-cycles.js', "import { x } from '../tests/support/x.js';"),
    invalid(
      'build/check-cycles.js',
      "import config from '../vitest.config.ts';",
      /resolves into the top-level folder/,
    ),
  ],
});
