/**
 * `DocStore` over one SQLite file (better-sqlite3), for single-node relays and development.
 *
 * Durability (DS2): WAL journal with `synchronous=FULL`, so a commit is fsynced before `append`
 * resolves; a killed process or a power cut loses nothing that was acknowledged. Each `append` is
 * one `BEGIN IMMEDIATE` transaction for the whole batch (group commit: one fsync per batch).
 *
 * Disk stays near what the rooms hold: the WAL is checkpointed off the commit path
 * (`sqlite-checkpointer.ts`) and restarted past a limit, and the pages a compaction frees go
 * back to the file system at once (`sqlite-housekeeping.ts`).
 *
 * better-sqlite3 is synchronous: every method runs to completion inside the call and returns a
 * settled promise, so no two operations of this store ever interleave. Errors, including a
 * corrupt or unreadable file, surface as rejected promises naming the file (never as an empty
 * room). Another process may use the same file; `busy_timeout` makes it wait for our locks.
 */
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import { limitWal, reclaimFreePages, restartWalPastLimit } from './sqlite-housekeeping.js';
import { mkdirSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
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

/** Where and how to open the SQLite file. */
export interface SqliteDocStoreOptions {
  /** Path of the database file; its directory is created when missing. */
  readonly file: string;
  /** How long a write waits for another connection's lock before failing, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
  /**
   * `checkWritable` fails when the file's disk has less free space than this (default 0). A full
   * disk does not always fail a tiny write: SQLite reuses the start of a checkpointed WAL.
   */
  readonly minFreeBytes?: number;
}

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran. Never edit a
 * shipped step: append a new one.
 *
 * `rooms.snapshot` is the last column so that scanning names and counters (`listRooms`) never
 * reads a large snapshot's overflow pages. `updates` is `WITHOUT ROWID`: rows are clustered by
 * (room, seq), so loading a room is one range scan; typical updates (keystrokes) are small, and
 * the occasional large paste simply spills to overflow pages.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE rooms (
     name TEXT PRIMARY KEY NOT NULL,
     last_seq INTEGER NOT NULL,
     snapshot_seq INTEGER NOT NULL DEFAULT 0,
     snapshot BLOB
   );
   CREATE TABLE updates (
     room TEXT NOT NULL,
     seq INTEGER NOT NULL,
     data BLOB NOT NULL,
     PRIMARY KEY (room, seq)
   ) WITHOUT ROWID;`,
  // One row the readiness check rewrites (DS12): a real, fsynced write that touches no room.
  `CREATE TABLE health (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     checked_at INTEGER NOT NULL
   );`,
];

/** The schema version this build writes; a file with a higher version is refused. */
export const SQLITE_SCHEMA_VERSION = MIGRATIONS.length;

interface RoomRow {
  last_seq: number;
  snapshot_seq: number;
  snapshot: Buffer | null;
}

/** `DocStore` over a SQLite file; create with `SqliteDocStore.open`. */
export class SqliteDocStore implements RelayStore {
  /** Always `sqlite`. */
  readonly kind = 'sqlite';
  /** Absolute path of the database file. */
  readonly file: string;
  readonly #db: Database.Database;
  readonly #statements: ReturnType<typeof prepare>;
  readonly #appendTx: (entries: readonly AppendEntry[]) => number[];
  readonly #compactTx: (
    room: string,
    upToSeq: number,
    snapshot: Uint8Array,
  ) => [CompactionVerdict, number];
  readonly #loadTx: (room: string) => StoredRoom;
  #closed = false;
  readonly #checkpointer: SqliteCheckpointer;
  readonly #minFreeBytes: number;
  readonly #busyTimeoutMs: number;

  private constructor(
    file: string,
    db: Database.Database,
    minFreeBytes: number,
    busyTimeoutMs: number,
  ) {
    this.file = file;
    this.#minFreeBytes = minFreeBytes;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#db = db;
    // Checkpoints run on their own thread (see sqlite-checkpointer.ts), not inside commits.
    db.pragma('wal_autocheckpoint = 0');
    this.#checkpointer = new SqliteCheckpointer(file, () => {
      if (!this.#closed) db.pragma('wal_autocheckpoint = 1000');
    });
    const s = (this.#statements = prepare(db));

    // IMMEDIATE takes the write lock up front: a deferred transaction that reads then writes can
    // fail with SQLITE_BUSY when another process wrote in between, whatever busy_timeout says.
    this.#appendTx = db.transaction((entries: readonly AppendEntry[]) => {
      const seqs = new Array<number>(entries.length);
      for (const { room, indexes } of groupByRoom(entries)) {
        const { last_seq: last } = s.bumpRoom.get(room, indexes.length) as { last_seq: number };
        indexes.forEach((entryIndex, k) => {
          const seq = last - indexes.length + 1 + k;
          s.insertUpdate.run(room, seq, toBuffer(entries[entryIndex]!.data));
          seqs[entryIndex] = seq;
        });
      }
      return seqs;
    }).immediate;

    this.#compactTx = db.transaction((room: string, upToSeq: number, snapshot: Uint8Array) => {
      const row = s.getRoom.get(room) as RoomRow | undefined;
      const lastSeq = row?.last_seq ?? 0;
      const verdict = judgeCompaction(upToSeq, row?.snapshot_seq ?? 0, lastSeq);
      if (verdict === 'apply') {
        s.setSnapshot.run(toBuffer(snapshot), upToSeq, room);
        s.deleteUpdates.run(room, upToSeq);
        // The old snapshot's and the folded log's pages, returned to the file system in the
        // same commit (cost: the pages freed, a snapshot's worth at most).
        db.pragma('incremental_vacuum');
      }
      return [verdict, lastSeq] as [CompactionVerdict, number];
    }).immediate;

    // A read transaction so the room row and its log come from the same database state even
    // when another process compacts between the two statements.
    this.#loadTx = db.transaction((room: string): StoredRoom => {
      const row = s.getRoom.get(room) as RoomRow | undefined;
      if (!row) return { snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0 };
      const rows = s.getUpdates.all(room, row.snapshot_seq) as Array<{ seq: number; data: Buffer }>;
      return {
        snapshot: row.snapshot && toOwnedBytes(row.snapshot),
        snapshotSeq: row.snapshot_seq,
        updates: rows.map(({ seq, data }): StoredUpdate => ({ seq, data: toOwnedBytes(data) })),
        lastSeq: row.last_seq,
      };
    }).deferred;
  }

  /**
   * Opens (creating if needed) the database at `options.file` and migrates its schema. Rejects
   * with a message naming the file when it is not a readable SQLite database of a known version.
   */
  static async open(options: SqliteDocStoreOptions): Promise<SqliteDocStore> {
    const file = resolve(options.file);
    let db: Database.Database | undefined;
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      db = new Database(file);
      // busy_timeout first: switching a new file to WAL takes a lock another process may hold.
      const busyTimeoutMs = Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000));
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      // journal_mode reads the header, so a file that is not a database fails here, at open.
      // auto_vacuum first: a new file takes it only before its header is written.
      reclaimFreePages(db);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      limitWal(db);
      migrate(db);
      // A cheap full check would be `quick_check`, but it reads the whole file: too slow for big
      // stores at every start. Corruption in data pages is reported by the read that meets it.
      return new SqliteDocStore(file, db, Math.max(0, options.minFreeBytes ?? 0), busyTimeoutMs);
    } catch (error) {
      db?.close();
      throw new Error(`sqlite doc store: cannot open ${file}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }

  /** @inheritDoc */
  async load(room: string): Promise<StoredRoom> {
    this.#checkOpen();
    checkRoomName(room);
    return this.#run(`load(${JSON.stringify(room)})`, () => this.#loadTx(room));
  }

  /** @inheritDoc */
  async append(entries: readonly AppendEntry[]): Promise<number[]> {
    this.#checkOpen();
    checkAppendEntries(entries);
    if (entries.length === 0) return [];
    const seqs = this.#run('append', () => this.#appendTx(entries));
    restartWalPastLimit(this.#db, this.file, this.#busyTimeoutMs);
    return seqs;
  }

  /** @inheritDoc */
  async compact(room: string, upToSeq: number, snapshot: Uint8Array): Promise<boolean> {
    this.#checkOpen();
    checkCompactArgs(room, upToSeq, snapshot);
    const [verdict, lastSeq] = this.#run(`compact(${JSON.stringify(room)})`, () =>
      this.#compactTx(room, upToSeq, snapshot),
    );
    restartWalPastLimit(this.#db, this.file, this.#busyTimeoutMs);
    if (verdict === 'beyond-last-seq') throw beyondLastSeqError(room, upToSeq, lastSeq);
    return verdict === 'apply';
  }

  /** @inheritDoc */
  async listRooms(): Promise<string[]> {
    this.#checkOpen();
    return this.#run('listRooms', () =>
      (this.#statements.listRooms.all() as Array<{ name: string }>).map((r) => r.name),
    );
  }

  /** @inheritDoc */
  async workspaceBytes(workspace: string): Promise<number> {
    this.#checkOpen();
    // Room names are ASCII and compared bytewise: `w/` ≤ name < `w0` is exactly "starts with
    // w/" ('0' follows '/'), a range scan of each primary key. length() reads no blob content.
    const [from, to] = [`${workspace}/`, `${workspace}0`];
    return this.#run('workspaceBytes', () => {
      const row = this.#statements.workspaceBytes.get(from, to, from, to) as { bytes: number };
      return row.bytes;
    });
  }

  /** @inheritDoc */
  async hasRoom(room: string): Promise<boolean> {
    this.#checkOpen();
    checkRoomName(room);
    return this.#run('hasRoom', () => this.#statements.hasRoom.get(room) !== undefined);
  }

  /** @inheritDoc */
  async checkWritable(): Promise<void> {
    this.#checkOpen();
    if (this.#minFreeBytes > 0) {
      const disk = await statfs(dirname(this.file));
      const free = disk.bavail * disk.bsize;
      if (free < this.#minFreeBytes)
        throw new Error(
          `sqlite doc store (${this.file}): only ${free} bytes free on its disk (${this.#minFreeBytes} needed)`,
        );
    }
    this.#checkOpen();
    this.#run('checkWritable', () => this.#statements.touchHealth.run(Date.now()));
  }

  /** @inheritDoc */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#checkpointer.stop();
    // The last connection to close checkpoints the WAL into the main file and removes it.
    this.#db.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new DocStoreClosedError(this.kind);
  }

  #run<T>(operation: string, body: () => T): T {
    try {
      return body();
    } catch (error) {
      throw new Error(`sqlite doc store (${this.file}): ${operation} failed: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }
}

function prepare(db: Database.Database) {
  return {
    getRoom: db.prepare('SELECT last_seq, snapshot_seq, snapshot FROM rooms WHERE name = ?'),
    getUpdates: db.prepare('SELECT seq, data FROM updates WHERE room = ? AND seq > ? ORDER BY seq'),
    // The upsert both creates the room and reserves `n` consecutive seqs in one statement.
    bumpRoom: db.prepare(
      `INSERT INTO rooms (name, last_seq) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET last_seq = rooms.last_seq + excluded.last_seq
       RETURNING last_seq`,
    ),
    insertUpdate: db.prepare('INSERT INTO updates (room, seq, data) VALUES (?, ?, ?)'),
    setSnapshot: db.prepare('UPDATE rooms SET snapshot = ?, snapshot_seq = ? WHERE name = ?'),
    deleteUpdates: db.prepare('DELETE FROM updates WHERE room = ? AND seq <= ?'),
    listRooms: db.prepare('SELECT name FROM rooms WHERE last_seq > 0'),
    hasRoom: db.prepare('SELECT 1 FROM rooms WHERE name = ? AND last_seq > 0'),
    workspaceBytes: db.prepare(
      `SELECT (SELECT coalesce(sum(length(snapshot)), 0) FROM rooms WHERE name >= ? AND name < ?)
            + (SELECT coalesce(sum(length(data)), 0) FROM updates WHERE room >= ? AND room < ?)
              AS bytes`,
    ),
    touchHealth: db.prepare(
      `INSERT INTO health (id, checked_at) VALUES (1, ?)
       ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`,
    ),
  };
}

/** Brings the file's schema to `SQLITE_SCHEMA_VERSION`, in one transaction per process race. */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new Error(
        `schema version ${version} is newer than this relay supports (${MIGRATIONS.length})`,
      );
    }
    for (const step of MIGRATIONS.slice(version)) db.exec(step);
    if (version !== MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

// better-sqlite3 binds Buffers; wrapping (not copying) keeps exactly the view's bytes.
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
