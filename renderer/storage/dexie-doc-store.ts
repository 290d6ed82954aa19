/**
 * `DocStore` over IndexedDB through Dexie 4: the desktop app's and the web build's local copy of
 * every document, one IndexedDB database per user profile.
 *
 * Durability (DS2): Chromium commits IndexedDB transactions with *relaxed* durability by default
 * (the commit is acknowledged before it is flushed to disk), so an acknowledged keystroke could
 * vanish in a power cut. Dexie 4.4 has no per-transaction durability argument; it passes the
 * constructor option `chromeTransactionDurability` to every `IDBDatabase.transaction(…, {
 * durability })` it opens (node_modules/dexie/dist/dexie.mjs, `Transaction.create`:
 * `idbdb.transaction(this.storeNames, this.mode, { durability: this.chromeTransactionDurability })`).
 * We set it to `'strict'` for the whole database: every write this store makes must survive a
 * crash, and durability has no effect on read-only transactions.
 *
 * Layout, deliberately three object stores rather than two: `rooms` (name → lastSeq,
 * snapshotSeq), `snapshots` (room → bytes) and `updates` ([room+seq] → bytes). An IndexedDB
 * record is read and written whole, so a snapshot kept inside the room record would be
 * deserialised and rewritten by every `append`, which only needs to bump `lastSeq`: megabytes
 * of I/O per keystroke for a large document. Measured in headless Chromium 156, 100 one-update
 * appends to a room with a 4 MiB snapshot: 3.2 s with the snapshot in the room record, 0.19 s
 * with it apart. (The SQLite store keeps the snapshot column apart from the counters likewise.)
 *
 * Concurrency: IndexedDB runs read-write transactions whose scopes overlap one after another, and
 * `append` and `compact` both include `rooms`, so seq allocation and compaction are serialised
 * without a lock of ours, across tabs too. `load` reads the three stores in one read-only
 * transaction, so it never sees a compaction half done.
 */
import Dexie, { type Table } from 'dexie';
import type {
  AppendEntry,
  DocStore,
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
import { DexieDocStoreError, describeIdbError, isQuotaError } from './dexie-doc-store-errors.js';

/** Where and how to open the store. */
export interface DexieDocStoreOptions {
  /** IndexedDB database name: one per user profile, e.g. `entente-profile-<id>`. */
  readonly name: string;
  /**
   * Refuse to create the database when it does not exist (default false). Pass true when the
   * caller knows this profile already holds documents (it recorded so outside IndexedDB): a
   * database that the browser reset while the app was not running then fails to open with a
   * `lost` error instead of opening empty, which would look like a profile with no documents.
   */
  readonly mustExist?: boolean;
}

interface RoomRecord {
  /** Room name (primary key). */
  name: string;
  /** Highest seq ever assigned; ≥ 1, since a record is created only by an append (DS7). */
  lastSeq: number;
  /** Compaction point; a `snapshots` record exists exactly when it is > 0. */
  snapshotSeq: number;
}

interface SnapshotRecord {
  room: string;
  data: Uint8Array;
}

interface UpdateRecord {
  room: string;
  seq: number;
  data: Uint8Array;
}

/**
 * Schema versions, by Dexie version number. Never edit a shipped one: add a version (with an
 * `upgrade` function when records must change).
 */
const SCHEMA_V1 = { rooms: 'name', snapshots: 'room', updates: '[room+seq]' } as const;

/** The schema version this build writes; a database of a higher version is refused. */
export const DEXIE_SCHEMA_VERSION = 1;

/** `DocStore` over one IndexedDB database; create with `DexieDocStore.open`. */
export class DexieDocStore implements DocStore {
  /** Always `dexie`. */
  readonly kind = 'dexie';
  /** The IndexedDB database name. */
  readonly name: string;
  readonly #db: Dexie;
  readonly #rooms: Table<RoomRecord, string>;
  readonly #snapshots: Table<SnapshotRecord, string>;
  readonly #updates: Table<UpdateRecord, [string, number]>;
  #closed = false;
  /** Set when IndexedDB took the connection away; every later call rejects with it. */
  #lost: DexieDocStoreError | null = null;

  private constructor(name: string, db: Dexie) {
    this.name = name;
    this.#db = db;
    this.#rooms = db.table('rooms');
    this.#snapshots = db.table('snapshots');
    this.#updates = db.table('updates');
    // Dexie's own versionchange handler closes the connection (so the deletion or upgrade can
    // proceed) and then fires 'close'; ours runs after it and gives the precise reason.
    db.on('versionchange', (event) => {
      this.#markLost(
        event.newVersion === null
          ? 'the IndexedDB database was deleted by another connection (another tab, or site data cleared)'
          : `another connection upgraded the IndexedDB database to version ${event.newVersion / 10}: a newer Entente is running; reload`,
      );
    });
    db.on('close', () => {
      // Also fired by our own close(), which is not a loss.
      if (!this.#closed && !this.#lost) {
        this.#markLost(
          'the browser closed the IndexedDB database (site data cleared, or its storage was reset after a disk error or a full disk)',
        );
      }
    });
  }

  /**
   * Opens (creating unless `mustExist`) the database `options.name`. Rejects with a
   * `DexieDocStoreError` naming the database when IndexedDB is unavailable or refuses it.
   */
  static async open(options: DexieDocStoreOptions): Promise<DexieDocStore> {
    const { name } = options;
    if (typeof name !== 'string' || name.length === 0) {
      throw new TypeError('dexie doc store: the database name must be a non-empty string');
    }
    const db = new Dexie(name, {
      chromeTransactionDurability: 'strict',
      // Never reopen behind our back: after a deletion Dexie would silently create an empty
      // database, and the next load would return empty rooms instead of an error.
      autoOpen: false,
      // The cache serves liveQuery, which we do not use; it would only keep copies of updates.
      cache: 'disabled',
      // Addons registered globally by other code (Dexie.addons) must not change how we store.
      addons: [],
    });
    db.version(DEXIE_SCHEMA_VERSION).stores(SCHEMA_V1);
    let missing = false;
    if (options.mustExist) {
      // 'populate' runs inside the upgrade transaction of a database being created; throwing
      // aborts that transaction, and an aborted creation leaves no database behind.
      db.on('populate', () => {
        missing = true;
        throw new Error('the database does not exist (it may have been reset or deleted)');
      });
    }
    // Listeners go on before the connection exists, so no event can fall between the two.
    const store = new DexieDocStore(name, db);
    try {
      await db.open();
      // Dexie opens a database of a higher version as it is (it retries after IndexedDB's
      // VersionError); records shaped by a newer Entente must not be written by this one.
      // Dexie stores version n as IndexedDB version 10n.
      const found = db.backendDB().version / 10;
      if (found > DEXIE_SCHEMA_VERSION) {
        throw new Error(
          `its schema version ${found} is newer than this build supports (${DEXIE_SCHEMA_VERSION}): update Entente`,
        );
      }
    } catch (error) {
      store.#closed = true;
      db.close();
      throw new DexieDocStoreError(
        missing ? 'lost' : isQuotaError(error) ? 'quota' : 'failed',
        name,
        `cannot open the IndexedDB database: ${describeIdbError(error)}`,
        { cause: error },
      );
    }
    return store;
  }

  /** @inheritDoc */
  async load(room: string): Promise<StoredRoom> {
    this.#checkUsable();
    checkRoomName(room);
    return this.#run(`load(${JSON.stringify(room)})`, () =>
      this.#db.transaction('r', [this.#rooms, this.#snapshots, this.#updates], async () => {
        const record = await this.#rooms.get(room);
        if (!record) return { snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0 };
        const snapshot =
          record.snapshotSeq > 0 ? ((await this.#snapshots.get(room)) ?? null) : null;
        const updates = await this.#updates
          .where('[room+seq]')
          .between([room, record.snapshotSeq], [room, Infinity], false, true)
          .toArray();
        return this.#checkedRoom(record, snapshot, updates);
      }),
    );
  }

  /** @inheritDoc */
  async append(entries: readonly AppendEntry[]): Promise<number[]> {
    this.#checkUsable();
    checkAppendEntries(entries);
    if (entries.length === 0) return [];
    // Copy before the transaction: the structured clone of a subarray would store its whole
    // underlying buffer, and the caller may reuse its arrays as soon as we return (DS3).
    const copies = entries.map(({ data }) => new Uint8Array(data));
    const groups = groupByRoom(entries);
    return this.#run('append', () =>
      this.#db.transaction('rw', [this.#rooms, this.#updates], async () => {
        const records = await this.#rooms.bulkGet(groups.map(({ room }) => room));
        const seqs = new Array<number>(entries.length);
        const rooms: RoomRecord[] = [];
        const updates: UpdateRecord[] = [];
        groups.forEach(({ room, indexes }, g) => {
          const record = records[g] ?? { name: room, lastSeq: 0, snapshotSeq: 0 };
          indexes.forEach((entryIndex, k) => {
            const seq = record.lastSeq + 1 + k;
            seqs[entryIndex] = seq;
            updates.push({ room, seq, data: copies[entryIndex]! });
          });
          rooms.push({ ...record, lastSeq: record.lastSeq + indexes.length });
        });
        await this.#rooms.bulkPut(rooms);
        // `add`, not `put`: an existing [room+seq] would mean a seq reused (DS4), so fail loudly.
        await this.#updates.bulkAdd(updates);
        return seqs;
      }),
    );
  }

  /** @inheritDoc */
  async compact(room: string, upToSeq: number, snapshot: Uint8Array): Promise<boolean> {
    this.#checkUsable();
    checkCompactArgs(room, upToSeq, snapshot);
    const copy = new Uint8Array(snapshot);
    const [verdict, lastSeq] = await this.#run(`compact(${JSON.stringify(room)})`, () =>
      this.#db.transaction(
        'rw',
        [this.#rooms, this.#snapshots, this.#updates],
        async (): Promise<[CompactionVerdict, number]> => {
          const record = await this.#rooms.get(room);
          const last = record?.lastSeq ?? 0;
          const judged = judgeCompaction(upToSeq, record?.snapshotSeq ?? 0, last);
          // `apply` implies a record: upToSeq > snapshotSeq ≥ 0 and upToSeq ≤ lastSeq.
          if (judged === 'apply' && record) {
            await this.#rooms.put({ ...record, snapshotSeq: upToSeq });
            await this.#snapshots.put({ room, data: copy });
            await this.#updates
              .where('[room+seq]')
              .between([room, -Infinity], [room, upToSeq], true, true)
              .delete();
          }
          return [judged, last];
        },
      ),
    );
    if (verdict === 'beyond-last-seq') throw beyondLastSeqError(room, upToSeq, lastSeq);
    return verdict === 'apply';
  }

  /** @inheritDoc Sorted by code unit (IndexedDB key order). */
  async listRooms(): Promise<string[]> {
    this.#checkUsable();
    // Keys only: no record is deserialised. Every record has lastSeq ≥ 1 (see RoomRecord).
    return this.#run('listRooms', () => this.#rooms.toCollection().primaryKeys());
  }

  /** @inheritDoc */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Transactions already started still commit: IndexedDB closes the connection after them.
    this.#db.close();
  }

  #checkUsable(): void {
    if (this.#closed) throw new DocStoreClosedError(this.kind);
    if (this.#lost) throw this.#lost;
  }

  #markLost(detail: string): void {
    this.#lost = new DexieDocStoreError(
      'lost',
      this.name,
      `${detail}. This store cannot be used any more: reopen it, and expect that its documents may be gone.`,
    );
  }

  /** Runs one IndexedDB operation and turns whatever it throws into an error that says why. */
  async #run<T>(operation: string, body: () => PromiseLike<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      // Rules checked inside a transaction (inconsistent data) are already ours.
      if (error instanceof DexieDocStoreError) throw error;
      if (this.#closed) throw new DocStoreClosedError(this.kind, { cause: error });
      if (this.#lost) {
        throw new DexieDocStoreError(
          'lost',
          this.name,
          `${operation} failed: ${this.#lost.message}`,
          {
            cause: error,
          },
        );
      }
      if (isQuotaError(error)) {
        throw new DexieDocStoreError(
          'quota',
          this.name,
          `${operation} failed: storage is full (the disk, or the browser's quota for this app); nothing was written. ${describeIdbError(error)}`,
          { cause: error },
        );
      }
      throw new DexieDocStoreError(
        'failed',
        this.name,
        `${operation} failed: ${describeIdbError(error)}`,
        { cause: error },
      );
    }
  }

  /**
   * Checks what IndexedDB returned against the invariants our own writes keep, so that missing
   * or foreign records surface as an error rather than as a silently shorter document.
   */
  #checkedRoom(
    record: RoomRecord,
    snapshot: SnapshotRecord | null,
    updates: readonly UpdateRecord[],
  ): StoredRoom {
    const broken = (what: string) =>
      new DexieDocStoreError(
        'failed',
        this.name,
        `room ${JSON.stringify(record.name)} is inconsistent (${what}); the database is damaged`,
      );
    if (record.snapshotSeq > 0 && !snapshot) throw broken('its snapshot is missing');
    const expected = record.lastSeq - record.snapshotSeq;
    if (updates.length !== expected) {
      throw broken(`${updates.length} log entries instead of ${expected}`);
    }
    const result: StoredUpdate[] = updates.map(({ seq, data }, i) => {
      if (seq !== record.snapshotSeq + 1 + i) throw broken(`seq ${seq} out of place`);
      return { seq, data: ownedBytes(data, () => broken(`entry ${seq} is not bytes`)) };
    });
    return {
      snapshot: snapshot && ownedBytes(snapshot.data, () => broken('its snapshot is not bytes')),
      snapshotSeq: record.snapshotSeq,
      updates: result,
      lastSeq: record.lastSeq,
    };
  }
}

/**
 * Returns stored bytes as a plain Uint8Array the caller owns (DS3). IndexedDB deserialises a
 * fresh copy on every read, and we only ever store exactly-sized copies, so what comes back
 * normally qualifies as is; copying again would double the memory of every load.
 */
function ownedBytes(value: unknown, invalid: () => Error): Uint8Array {
  if (!(value instanceof Uint8Array)) throw invalid();
  const exact =
    Object.getPrototypeOf(value) === Uint8Array.prototype &&
    value.byteOffset === 0 &&
    value.byteLength === value.buffer.byteLength;
  return exact ? value : new Uint8Array(value);
}
