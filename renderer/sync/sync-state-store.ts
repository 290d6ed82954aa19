/**
 * Where a `RoomSync` keeps, per room, how many local updates this replica made and how
 * many of them the relay acknowledged, so that "not yet saved on the server" survives a reload
 * or a crash (the quit warning must not forget edits made offline yesterday).
 *
 * NOTE: this is a separate IndexedDB database from the `DexieDocStore` one on purpose: the
 * document store's schema is a storage contract shared with the relay (DS1–DS9) and knows
 * nothing about acknowledgements; this record is the sync layer's own bookkeeping.
 */
import Dexie, { type Table } from 'dexie';

/** The acknowledgement bookkeeping of one room. */
export interface SyncStateRecord {
  /** Canonical room name (primary key). */
  readonly room: string;
  /** Number of local updates ever made in this room on this replica. */
  readonly localGeneration: number;
  /** The first `ackedGeneration` local updates are held by the relay (≤ `localGeneration`). */
  readonly ackedGeneration: number;
}

/** True when some local update of the record's room is not acknowledged yet. */
export function isPending(record: SyncStateRecord): boolean {
  return record.ackedGeneration < record.localGeneration;
}

/** Persistent storage of `SyncStateRecord`s. */
export interface SyncStateStore {
  /** The room's record, or null when the room never had a local update. */
  get(room: string): Promise<SyncStateRecord | null>;
  /** Replaces the room's record durably. */
  put(record: SyncStateRecord): Promise<void>;
  /**
   * The records of rooms whose name starts with `prefix` (e.g. `W/`) that still have local
   * updates the relay has not acknowledged: what must go out even if nobody reopens them.
   */
  pending(prefix: string): Promise<SyncStateRecord[]>;
  /** Releases the database. Idempotent. */
  close(): Promise<void>;
}

/** `SyncStateStore` in memory, for callers that do not need to survive a reload. */
export class MemorySyncStateStore implements SyncStateStore {
  readonly #records = new Map<string, SyncStateRecord>();

  /** See `SyncStateStore.get`. */
  async get(room: string): Promise<SyncStateRecord | null> {
    return this.#records.get(room) ?? null;
  }

  /** See `SyncStateStore.put`. */
  async put(record: SyncStateRecord): Promise<void> {
    this.#records.set(record.room, { ...record });
  }

  /** See `SyncStateStore.pending`. */
  async pending(prefix: string): Promise<SyncStateRecord[]> {
    return [...this.#records.values()]
      .filter((record) => record.room.startsWith(prefix) && isPending(record))
      .map((record) => ({ ...record }));
  }

  /** See `SyncStateStore.close`. */
  async close(): Promise<void> {}
}

/** `SyncStateStore` over its own IndexedDB database; create with `DexieSyncStateStore.open`. */
export class DexieSyncStateStore implements SyncStateStore {
  readonly #db: Dexie;
  readonly #rooms: Table<SyncStateRecord, string>;

  private constructor(db: Dexie) {
    this.#db = db;
    this.#rooms = db.table('rooms');
  }

  /** Opens (creating if needed) the database `name`, e.g. `entente-profile-<id>-sync`. */
  static async open(name: string): Promise<DexieSyncStateStore> {
    // Strict durability: a record that says "all acknowledged" must not survive a crash that
    // the edits it counts did not (Chromium defaults to relaxed durability).
    const db = new Dexie(name, { chromeTransactionDurability: 'strict', cache: 'disabled' });
    db.version(1).stores({ rooms: 'room' });
    await db.open();
    return new DexieSyncStateStore(db);
  }

  /** See `SyncStateStore.get`. */
  async get(room: string): Promise<SyncStateRecord | null> {
    return (await this.#rooms.get(room)) ?? null;
  }

  /** See `SyncStateStore.put`. */
  async put(record: SyncStateRecord): Promise<void> {
    await this.#rooms.put({ ...record });
  }

  /** See `SyncStateStore.pending`. */
  async pending(prefix: string): Promise<SyncStateRecord[]> {
    // One record per room ever edited here: a filter after the key range is cheap enough.
    return this.#rooms.where('room').startsWith(prefix).filter(isPending).toArray();
  }

  /** See `SyncStateStore.close`. */
  async close(): Promise<void> {
    this.#db.close();
  }
}
