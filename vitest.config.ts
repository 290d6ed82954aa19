import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; cross-cutting tests that start real relay processes live in
// tests/. Integration tests share PostgreSQL and Redis, so files run one at a time there.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'sync-server/**/*.test.ts', 'build/**/*.test.{ts,js}'],
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
    ],
  },
});
