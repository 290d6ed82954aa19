import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/support/chromium.js';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; cross-cutting tests that start real relay processes live in
// tests/. Integration tests share PostgreSQL and Redis, so files run one at a time there.
// Renderer tests run in real Chromium (IndexedDB, navigator.storage), never in a DOM emulation.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'shared/**/*.test.ts',
            'sync-server/**/*.test.ts',
            'main/**/*.test.ts',
            'build/**/*.test.{ts,js}',
          ],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['renderer/**/*.test.ts'],
          testTimeout: 30_000,
          // Node side of the sync tests: a real relay, a cuttable proxy in front of it, tokens.
          globalSetup: ['tests/support/browser-relay-setup.ts'],
          browser: {
            enabled: true,
            headless: true,
            // Storage tests draw nothing: a screenshot of a blank page per failure is clutter.
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
