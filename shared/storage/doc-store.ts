/**
 * The storage contract shared by every place that keeps Yjs documents: the relay's SQLite and
 * PostgreSQL stores, the in-memory store, and (later) the desktop app's Dexie store.
 *
 * A document ("room") is kept as an optional snapshot plus an append-only log of updates. Every
 * update is appended durably; a compaction later folds a prefix of the log into a new snapshot.
 * Rules are numbered so that tests can cite them (`[DS1] …`), see `doc-store.contract.ts`.
 *
 * - DS1 `load` of a room never written returns no snapshot, no updates and `lastSeq` 0.
 * - DS2 `append` is atomic and durable: when its promise resolves every entry is on disk; when it
 *   rejects none is visible. An empty batch resolves to `[]` and writes nothing.
 * - DS3 updates come back from `load` in the order they were appended, byte for byte. The store
 *   does not parse Yjs: it keeps whatever bytes it is given (an empty array included). It never
 *   keeps a reference the caller could mutate, and returns fresh plain `Uint8Array`s (not Node
 *   `Buffer`s) that the caller owns.
 * - DS4 sequence numbers are per room, start at 1 and grow by exactly 1 per appended entry (no
 *   gaps, no reuse, also across compactions and failed appends); `append` returns them, the i-th
 *   number for the i-th entry, so entries of one batch for the same room are numbered in batch
 *   order.
 * - DS5 `compact(room, upToSeq, snapshot)` atomically replaces the snapshot and removes the log
 *   entries with `seq <= upToSeq`; entries appended after `upToSeq` survive. A compaction whose
 *   `upToSeq` is not above the room's current compaction point is refused (returns false), so two
 *   compactors racing cannot lose data. A compaction whose `upToSeq` is above the room's `lastSeq`
 *   (it would claim updates the store never had: a caller bug, never a race) rejects with a
 *   `RangeError` and changes nothing.
 * - DS6 rooms are independent: writing or compacting one never changes another.
 * - DS7 `listRooms` lists every room with at least one appended entry (`lastSeq > 0`, compacted or
 *   not), each once, in no particular order.
 * - DS8 after `close`, every call rejects with a clear error (`DocStoreClosedError`, whose message
 *   says the store is closed); `close` itself is idempotent.
 * - DS9 a store reopened on the same location sees everything previously appended.
 *
 * Invalid arguments (see `doc-store-checks.ts`: room names must be non-empty strings of at most
 * 512 UTF-16 code units without U+0000 or lone surrogates, data must be a `Uint8Array`) reject
 * with a `TypeError` or `RangeError` before anything is written.
 */
export interface StoredRoom {
  /** Merged state of every update with `seq <= snapshotSeq`, or null when never compacted. */
  readonly snapshot: Uint8Array | null;
  /** The compaction point: the `seq` of the last update folded into `snapshot` (0 if none). */
  readonly snapshotSeq: number;
  /** Log entries after the snapshot, in append order. */
  readonly updates: readonly StoredUpdate[];
  /** Highest sequence number ever assigned in this room (0 when empty). */
  readonly lastSeq: number;
}

/** One entry of a room's update log. */
export interface StoredUpdate {
  /** Per-room sequence number (DS4). */
  readonly seq: number;
  /** The Yjs update (v1 encoding), exactly as appended. */
  readonly data: Uint8Array;
}

/** One update to append, with the room it belongs to. */
export interface AppendEntry {
  /** Canonical room name (see `shared/model/room-name.ts`); the store only checks the limits above. */
  readonly room: string;
  /** The Yjs update (v1 encoding); stored as given, never parsed. */
  readonly data: Uint8Array;
}

/** Persistent, crash-safe storage of rooms as snapshot + update log. */
export interface DocStore {
  /** Human-readable name of the backend, for logs and metrics (`sqlite`, `postgres`, `memory`). */
  readonly kind: string;
  /** Reads a room's snapshot and log (DS1, DS3). Rejects if the read fails: never returns empty on error. */
  load(room: string): Promise<StoredRoom>;
  /** Appends entries, possibly for several rooms, in one durable transaction (DS2, DS4). */
  append(entries: readonly AppendEntry[]): Promise<number[]>;
  /**
   * Folds the log up to `upToSeq` into `snapshot` atomically (DS5). Resolves false when refused
   * because the room is already compacted at or beyond `upToSeq`; rejects with a `RangeError`
   * when `upToSeq` is above the room's `lastSeq` or not a non-negative integer.
   */
  compact(room: string, upToSeq: number, snapshot: Uint8Array): Promise<boolean>;
  /** Names of the rooms holding data (DS7). */
  listRooms(): Promise<string[]>;
  /** Releases connections and files (DS8). Idempotent. */
  close(): Promise<void>;
}

/**
 * What the relay's stores offer beyond `DocStore` (the app's local store does not need it):
 *
 * - DS10 `workspaceBytes(w)` is the number of bytes stored for the rooms of workspace `w` — the
 *   rooms whose name starts with `w/` — counting each room's snapshot and log entries (the bytes
 *   given to `append` and `compact`, not the backend's own overhead). It follows appends and
 *   compactions at once and is the same for every process sharing the store.
 * - DS11 `hasRoom(room)` is true exactly when `listRooms` would list `room` (`lastSeq > 0`).
 * - DS12 `checkWritable()` makes a small real write that is durable when it resolves, and
 *   rejects (naming why) when the store cannot write now: full disk, lost connection, read-only
 *   file. It never touches a room.
 */
export interface RelayStore extends DocStore {
  /** Bytes stored for the rooms of `workspace` (DS10). */
  workspaceBytes(workspace: string): Promise<number>;
  /** Whether `room` holds data (DS11). */
  hasRoom(room: string): Promise<boolean>;
  /** A small durable write, for readiness (DS12). */
  checkWritable(): Promise<void>;
}
