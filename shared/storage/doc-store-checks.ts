/**
 * Argument rules and shared decisions of the `DocStore` contract, so that every implementation
 * refuses the same inputs with the same errors and numbers entries the same way.
 *
 * NOTE: checks run before any I/O. That is what lets DS2 ("when append rejects, none is visible")
 * hold for invalid input without relying on each backend's rollback.
 */
import type { AppendEntry } from './doc-store.js';

/**
 * Longest room name a store accepts, in UTF-16 code units. Deliberately looser than the canonical
 * names of `shared/model/room-name.ts` (the relay's business): the store only guards its own
 * limits. 512 keeps the UTF-8 key (≤ 1536 bytes) well
 * under PostgreSQL's b-tree entry limit (~2700 bytes), so a long name fails here, identically in
 * every backend, rather than deep inside one of them.
 */
export const MAX_STORED_ROOM_NAME_LENGTH = 512;

/** The error every call on a closed store rejects with (DS8). */
export class DocStoreClosedError extends Error {
  /** @param kind the store's `kind`, named in the message so logs say which store was closed. */
  constructor(kind: string, options?: ErrorOptions) {
    super(`${kind} doc store is closed`, options);
    this.name = 'DocStoreClosedError';
  }
}

// Lone surrogates would be silently replaced by U+FFFD when encoded as UTF-8, so two different
// JS strings could name the same stored room; U+0000 cannot be stored in PostgreSQL text.
// (In a `u` regex, \p{Cs} matches only unpaired surrogates: pairs are read as one code point.)
const LONE_SURROGATE = /\p{Cs}/u;

/** Throws a `TypeError` unless `room` is an acceptable room name (see the DocStore rules). */
export function checkRoomName(room: unknown): asserts room is string {
  if (typeof room !== 'string' || room.length === 0) {
    throw new TypeError(`room name must be a non-empty string, got ${describe(room)}`);
  }
  if (room.length > MAX_STORED_ROOM_NAME_LENGTH) {
    throw new TypeError(`room name is longer than ${MAX_STORED_ROOM_NAME_LENGTH} characters`);
  }
  if (room.includes('\u0000') || LONE_SURROGATE.test(room)) {
    throw new TypeError(`room name ${JSON.stringify(room)} contains U+0000 or a lone surrogate`);
  }
}

/** Throws unless `entries` is an array of `{ room, data }` with valid names and `Uint8Array` data. */
export function checkAppendEntries(entries: unknown): asserts entries is readonly AppendEntry[] {
  if (!Array.isArray(entries)) throw new TypeError('append expects an array of entries');
  entries.forEach((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null) {
      throw new TypeError(`append entry ${i} is not an object`);
    }
    const { room, data } = entry as { room?: unknown; data?: unknown };
    checkRoomName(room);
    if (!(data instanceof Uint8Array)) {
      throw new TypeError(
        `append entry ${i} (room ${JSON.stringify(room)}): data must be a Uint8Array`,
      );
    }
  });
}

/** Throws unless the arguments of `compact` are well-formed (room name, integer seq, bytes). */
export function checkCompactArgs(room: unknown, upToSeq: unknown, snapshot: unknown): void {
  checkRoomName(room);
  if (typeof upToSeq !== 'number' || !Number.isSafeInteger(upToSeq) || upToSeq < 0) {
    throw new RangeError(
      `compact: upToSeq must be a non-negative integer, got ${describe(upToSeq)}`,
    );
  }
  if (!(snapshot instanceof Uint8Array))
    throw new TypeError('compact: snapshot must be a Uint8Array');
}

/** What a store must do with a compaction request, given the room's current state (DS5). */
export type CompactionVerdict = 'apply' | 'stale' | 'beyond-last-seq';

/** Decides a compaction request: refused when stale, an error when beyond the last seq (DS5). */
export function judgeCompaction(
  upToSeq: number,
  snapshotSeq: number,
  lastSeq: number,
): CompactionVerdict {
  if (upToSeq > lastSeq) return 'beyond-last-seq';
  return upToSeq > snapshotSeq ? 'apply' : 'stale';
}

/** The `RangeError` for a compaction that claims updates the room never had (DS5). */
export function beyondLastSeqError(room: string, upToSeq: number, lastSeq: number): RangeError {
  return new RangeError(
    `compact(${JSON.stringify(room)}, ${upToSeq}): upToSeq is above the room's lastSeq ${lastSeq}`,
  );
}

/** The entries of one room within an append batch, by position in the batch. */
export interface RoomBatch {
  /** The room. */
  readonly room: string;
  /** Positions in the batch of this room's entries, ascending (they get consecutive seqs, DS4). */
  readonly indexes: readonly number[];
}

/**
 * Groups a batch by room, rooms sorted by code unit. Stores that lock rooms while appending take
 * the locks in this order, so two batches touching the same rooms can never deadlock.
 */
export function groupByRoom(entries: readonly AppendEntry[]): RoomBatch[] {
  const byRoom = new Map<string, number[]>();
  entries.forEach((entry, i) => {
    const indexes = byRoom.get(entry.room);
    if (indexes) indexes.push(i);
    else byRoom.set(entry.room, [i]);
  });
  return [...byRoom.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((room) => ({ room, indexes: byRoom.get(room) ?? [] }));
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null)
    return String(value);
  return typeof value;
}
