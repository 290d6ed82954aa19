import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

// Debian's Chromium: Playwright cannot download its own browsers on our machines. The flags keep
// a headless run from reaching the network (no QUIC, no component or sync traffic) and from
// needing a GPU or a sandbox, which containers do not offer.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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
              launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
