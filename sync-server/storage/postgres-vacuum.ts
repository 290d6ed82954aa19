/**
 * Keeps a PostgreSQL store's tables from bloating under steady compaction. Each compaction
 * writes a new snapshot and deletes the log it folded: the old snapshot's TOAST chunks and the
 * log rows stay in the tables as dead tuples until a VACUUM marks their space reusable, and
 * autovacuum looks at a table once a minute at best — a 50,000-edit typing history left
 * 8 MB of tables for a 215 kB document (`npm run bench:history`). So once compactions have
 * replaced {@link VACUUM_AFTER_BYTES}, the store vacuums its two tables itself, in the
 * background, one at a time: a plain VACUUM (never FULL) runs beside reads and writes, and
 * `SKIP_LOCKED` gives up on a table another session holds rather than wait.
 */
import type pg from 'pg';

/** Bytes of snapshots and log a store's compactions replace between two vacuums. */
export const VACUUM_AFTER_BYTES = 1024 * 1024;

/** Runs the store's vacuums; see the module comment. */
export class PostgresVacuum {
  readonly #pool: pg.Pool;
  readonly #tables: string;
  readonly #onError: (error: unknown) => void;
  #replaced = 0;
  #running: Promise<void> | null = null;
  #closed = false;

  /** `tables`: the schema-qualified, escaped table names, comma-separated. */
  constructor(pool: pg.Pool, tables: string, onError: (error: unknown) => void) {
    this.#pool = pool;
    this.#tables = tables;
    this.#onError = onError;
  }

  /** A compaction replaced `bytes` (the old snapshot and the folded log). */
  compacted(bytes: number): void {
    this.#replaced += bytes;
    if (this.#closed || this.#running !== null || this.#replaced < VACUUM_AFTER_BYTES) return;
    this.#replaced = 0;
    this.#running = this.#pool
      .query(`VACUUM (SKIP_LOCKED) ${this.#tables}`)
      .then(
        () => undefined,
        (error: unknown) => {
          if (!this.#closed) this.#onError(error);
        },
      )
      .finally(() => {
        this.#running = null;
      });
  }

  /** Resolves once no vacuum runs; none starts afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#running;
  }
}
