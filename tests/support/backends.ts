/**
 * The two storage backends every relay test runs against: the embedded SQLite store and
 * PostgreSQL (each test file in its own schema, dropped afterwards).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** PostgreSQL used by tests (trust auth on our machines). */
export const TEST_DATABASE_URL =
  process.env.ENTENTE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Redis used by tests. */
export const TEST_REDIS_URL = process.env.ENTENTE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A storage backend for a relay under test. */
export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** Environment variables selecting this backend. */
  readonly env: Record<string, string>;
  /** Removes what the backend stored. */
  cleanup(): Promise<void>;
}

/** A fresh PostgreSQL schema name. */
export function freshSchema(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

/** Runs one SQL statement on the test database. */
export async function sql(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

/** The SQLite backend (the relay's default: nothing to set). */
export function sqliteBackend(): Backend {
  return { name: 'sqlite', env: {}, cleanup: async () => undefined };
}

/** A PostgreSQL backend in its own schema. */
export function postgresBackend(schema = freshSchema()): Backend {
  return {
    name: 'postgres',
    env: { DATABASE_URL: TEST_DATABASE_URL, ENTENTE_DATABASE_SCHEMA: schema },
    cleanup: async () => {
      await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

/** Both backends, for `describe.each`. */
export const BACKENDS: ReadonlyArray<() => Backend> = [sqliteBackend, () => postgresBackend()];
