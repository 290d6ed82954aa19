/**
 * `DocStore` over PostgreSQL (`pg` Pool), for relays that run as several processes.
 *
 * Sequence numbers stay gap-free and unique when several processes append to the same room at
 * once (DS4) because they come from the room row itself: the upsert
 * `INSERT … ON CONFLICT (name) DO UPDATE SET last_seq = rooms.last_seq + n RETURNING last_seq`
 * row-locks the room until the transaction ends, so a concurrent append waits and then reads
 * the new value. A batch touching several rooms locks them in sorted order, so two batches can
 * never deadlock. `compact` takes the same row lock (`SELECT … FOR UPDATE`).
 *
 * Everything lives in one schema (default `entente`), created on first use under an advisory
 * lock, so two relays starting together on an empty database do not race on `CREATE`. The
 * store vacuums its tables itself after enough compactions (`postgres-vacuum.ts`).
 */
import { migrateSchema, statementsFor } from './postgres-schema.js';
import { PostgresVacuum } from './postgres-vacuum.js';
import pg from 'pg';
import type {
  AppendEntry,
  RelayStore,
  StoredRoom,
  StoredUpdate,
} from '../../shared/storage/doc-store.js';
import {
  DocStoreClosedError,
  beyondLastSeqError,
  checkAppendEntries,
  checkCompactArgs,
  checkRoomName,
  groupByRoom,
  judgeCompaction,
  type CompactionVerdict,
} from '../../shared/storage/doc-store-checks.js';

export { POSTGRES_SCHEMA_VERSION } from './postgres-schema.js';

/** How to reach PostgreSQL and where to keep the tables. */
export interface PostgresDocStoreOptions {
  /** Connection URL, e.g. `postgres://user@host:5432/db`. */
  readonly url: string;
  /** Schema holding the tables, created if missing (default `entente`); `[a-z_][a-z0-9_]*`. */
  readonly schema?: string | undefined;
  /** Pool size (default 10). */
  readonly maxConnections?: number;
  /** How long to wait for a connection before failing the call, in ms (default 10 000). */
  readonly connectionTimeoutMs?: number;
  /**
   * Called when an idle pooled connection fails (server restart, network cut). The pool drops
   * that connection and the next call opens a new one; without a listener Node would crash.
   * Defaults to `console.error`.
   */
  readonly onIdleError?: (error: Error) => void;
}

/** The default schema name. */
export const DEFAULT_POSTGRES_SCHEMA = 'entente';

/** `DocStore` over PostgreSQL. The constructor does no I/O; `open` also prepares the schema. */
export class PostgresDocStore implements RelayStore {
  /** Always `postgres`. */
  readonly kind = 'postgres';
  /** The schema holding this store's tables. */
  readonly schema: string;
  readonly #pool: pg.Pool;
  readonly #sql: ReturnType<typeof statementsFor>;
  readonly #where: string;
  readonly #vacuum: PostgresVacuum;
  #ready: Promise<void> | null = null;
  #ended: Promise<void> | null = null;

  /** Creates the store without connecting; the first call (or `ready`) prepares the schema. */
  constructor(options: PostgresDocStoreOptions) {
    this.schema = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(this.schema)) {
      throw new TypeError(
        `postgres doc store: schema name ${JSON.stringify(this.schema)} must match [a-z_][a-z0-9_]*`,
      );
    }
    this.#where = describeUrl(options.url);
    this.#sql = statementsFor(this.schema);
    this.#pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
      application_name: 'entente-relay',
    });
    const onIdleError =
      options.onIdleError ??
      ((error: Error) =>
        console.error(`postgres doc store (${this.#where}): idle connection failed`, error));
    this.#pool.on('error', onIdleError);
    this.#vacuum = new PostgresVacuum(this.#pool, this.#sql.vacuumTables, (error) =>
      console.warn(`postgres doc store (${this.#where}): vacuum failed: ${messageOf(error)}`),
    );
  }

  /** Creates the store and prepares its schema; rejects clearly when PostgreSQL is unreachable. */
  static async open(options: PostgresDocStoreOptions): Promise<PostgresDocStore> {
    const store = new PostgresDocStore(options);
    try {
      await store.ready();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** Resolves once the schema exists and is migrated; a failure is retried on the next call. */
  ready(): Promise<void> {
    if (this.#ended) return Promise.reject(new DocStoreClosedError(this.kind));
    this.#ready ??= this.#run('schema setup', () =>
      this.#transaction((c) => migrateSchema(c, this.schema)),
    ).catch((error: unknown) => {
      this.#ready = null;
      throw error;
    });
    return this.#ready;
  }

  /** @inheritDoc */
  async load(room: string): Promise<StoredRoom> {
    this.#checkOpen();
    checkRoomName(room);
    await this.ready();
    // One statement, hence one consistent snapshot of the room row and its log, even while
    // another process compacts; the room row (part 0) comes first.
    const { rows } = await this.#run(`load(${JSON.stringify(room)})`, () =>
      this.#pool.query<{
        part: number;
        seq: string;
        snapshot_seq: string | null;
        data: Buffer | null;
      }>({
        name: `${this.#sql.prefix}load`,
        text: this.#sql.load,
        values: [room],
      }),
    );
    const [head, ...log] = rows;
    if (!head || head.part !== 0)
      return { snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0 };
    return {
      snapshot: head.data && toOwnedBytes(head.data),
      snapshotSeq: toSeq(head.snapshot_seq ?? 0),
      updates: log.map((row): StoredUpdate => ({
        seq: toSeq(row.seq),
        data: toOwnedBytes(row.data ?? Buffer.alloc(0)),
      })),
      lastSeq: toSeq(head.seq),
    };
  }

  /** @inheritDoc */
  async append(entries: readonly AppendEntry[]): Promise<number[]> {
    this.#checkOpen();
    checkAppendEntries(entries);
    if (entries.length === 0) return [];
    await this.ready();
    const seqs = new Array<number>(entries.length);
    const groups = groupByRoom(entries);
    const appendRoom = async (
      db: pg.Pool | pg.PoolClient,
      room: string,
      indexes: readonly number[],
    ) => {
      const data = indexes.map((i) => toBuffer(entries[i]!.data));
      const { rows } = await db.query<{ last_seq: string }>({
        name: `${this.#sql.prefix}append`,
        text: this.#sql.append,
        values: [room, indexes.length, data],
      });
      const last = toSeq(rows[0]!.last_seq);
      indexes.forEach((entryIndex, k) => (seqs[entryIndex] = last - indexes.length + 1 + k));
    };
    await this.#run('append', async () => {
      // A single statement is its own transaction: the common one-room batch costs one round trip.
      if (groups.length === 1) return appendRoom(this.#pool, groups[0]!.room, groups[0]!.indexes);
      return this.#transaction(async (client) => {
        for (const { room, indexes } of groups) await appendRoom(client, room, indexes);
      });
    });
    return seqs;
  }

  /** @inheritDoc */
  async compact(room: string, upToSeq: number, snapshot: Uint8Array): Promise<boolean> {
    this.#checkOpen();
    checkCompactArgs(room, upToSeq, snapshot);
    await this.ready();
    let folded = 0;
    const [verdict, lastSeq] = await this.#run(`compact(${JSON.stringify(room)})`, () =>
      this.#transaction(async (client): Promise<[CompactionVerdict, number]> => {
        const { rows } = await client.query<{ last_seq: string; snapshot_seq: string }>(
          this.#sql.lockRoom,
          [room],
        );
        const last = toSeq(rows[0]?.last_seq ?? 0);
        const verdict = judgeCompaction(upToSeq, toSeq(rows[0]?.snapshot_seq ?? 0), last);
        if (verdict === 'apply') {
          await client.query(this.#sql.setSnapshot, [room, toBuffer(snapshot), upToSeq]);
          const gone = await client.query<{ rows: string; bytes: string }>(
            this.#sql.deleteUpdates,
            [room, upToSeq],
          );
          folded = deadBytes(Number(gone.rows[0]?.rows ?? 0), Number(gone.rows[0]?.bytes ?? 0));
        }
        return [verdict, last];
      }),
    );
    if (verdict === 'beyond-last-seq') throw beyondLastSeqError(room, upToSeq, lastSeq);
    // The old snapshot is about the new one's size.
    if (verdict === 'apply') this.#vacuum.compacted(snapshot.length + folded);
    return verdict === 'apply';
  }

  /** @inheritDoc */
  async listRooms(): Promise<string[]> {
    this.#checkOpen();
    await this.ready();
    const { rows } = await this.#run('listRooms', () =>
      this.#pool.query<{ name: string }>(this.#sql.listRooms),
    );
    return rows.map((row) => row.name);
  }

  /** @inheritDoc */
  async workspaceBytes(workspace: string): Promise<number> {
    this.#checkOpen();
    await this.ready();
    const { rows } = await this.#run('workspaceBytes', () =>
      this.#pool.query<{ bytes: string }>(this.#sql.workspaceBytes, [`${workspace}/`]),
    );
    const bytes = Number(rows[0]?.bytes ?? 0);
    if (!Number.isSafeInteger(bytes))
      throw new RangeError(`postgres doc store: ${bytes} bytes is out of range`);
    return bytes;
  }

  /** @inheritDoc */
  async hasRoom(room: string): Promise<boolean> {
    this.#checkOpen();
    checkRoomName(room);
    await this.ready();
    const { rows } = await this.#run('hasRoom', () => this.#pool.query(this.#sql.hasRoom, [room]));
    return rows.length > 0;
  }

  /** @inheritDoc */
  async checkWritable(): Promise<void> {
    this.#checkOpen();
    await this.ready();
    await this.#run('checkWritable', () => this.#pool.query(this.#sql.touchHealth));
  }

  /** @inheritDoc */
  close(): Promise<void> {
    // Ends idle connections now and busy ones when their current call finishes; a vacuum
    // running is let finish (it holds no lock a later relay would wait on).
    this.#ended ??= this.#vacuum.close().then(() => this.#pool.end());
    return this.#ended;
  }

  #checkOpen(): void {
    if (this.#ended) throw new DocStoreClosedError(this.kind);
  }

  /** Runs `body` in one transaction on one pooled connection; rolls back on any error. */
  async #transaction<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    // A connection lost while checked out emits 'error' on the client; the failing query reports it.
    const ignore = (): void => {};
    client.on('error', ignore);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await body(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.off('error', ignore);
      client.release(broken); // a connection that cannot even roll back is discarded
    }
  }

  async #run<T>(operation: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      if (error instanceof DocStoreClosedError) throw error;
      if (this.#ended) throw new DocStoreClosedError(this.kind, { cause: error });
      const detail = isConnectionError(error)
        ? `cannot connect to PostgreSQL (${messageOf(error)})`
        : messageOf(error);
      throw new Error(
        `postgres doc store (${this.#where}, schema ${this.schema}): ${operation} failed: ${detail}`,
        {
          cause: error,
        },
      );
    }
  }
}

/** What `rows` deleted log rows of `bytes` leave dead: their data, tuple headers and index. */
function deadBytes(rows: number, bytes: number): number {
  const ROW_OVERHEAD = 100;
  return bytes + rows * ROW_OVERHEAD;
}

// pg sends Buffers as bytea; wrapping (not copying) sends exactly the view's bytes.
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// Returned bytes must be plain Uint8Arrays the caller owns (DS3). A Buffer that owns its whole
// ArrayBuffer can be re-viewed for free; a small one may sit in Node's shared pool: copy it.
function toOwnedBytes(buffer: Buffer): Uint8Array {
  return buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength
    ? new Uint8Array(buffer.buffer, 0, buffer.byteLength)
    : new Uint8Array(buffer);
}

// pg returns bigint columns as strings (they may exceed 2^53); ours never do, but check.
function toSeq(value: string | number): number {
  const seq = Number(value);
  if (!Number.isSafeInteger(seq))
    throw new RangeError(`postgres doc store: sequence number ${value} is out of range`);
  return seq;
}

// host:port/database, never the password, for error messages and logs.
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'an unparsable URL';
  }
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'EAI_AGAIN',
]);

function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
  return /timeout exceeded when trying to connect|Connection terminated/i.test(error.message);
}

// Node reports a refused connection to a name with several addresses as an AggregateError with
// an empty message; spell out its parts so the log says what happened.
function messageOf(error: unknown): string {
  if (error instanceof AggregateError && !error.message)
    return error.errors.map(messageOf).join('; ');
  if (error instanceof Error)
    return error.message || String((error as { code?: unknown }).code ?? error.name);
  return String(error);
}
