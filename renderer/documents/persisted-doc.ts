/**
 * One `Y.Doc` kept in one room of a `DocStore` through `LocalPersistence` (retries, compaction,
 * error states), optionally connected to the relay once its stored content is loaded.
 *
 * The rest of the UI only sees {@link PersistedDoc}, so storage and sync stay inside
 * `renderer/documents/` and `renderer/sync/`.
 */
import * as Y from 'yjs';
import type { DocStore } from '../../shared/storage/doc-store.js';
import { LocalPersistence } from '../sync/local-persistence.js';
import type { RoomSync } from '../sync/room-sync.js';

/** Whether every change of a document has reached IndexedDB. */
export type SaveState = 'saved' | 'saving' | 'failed';

/**
 * Connects a loaded document to the relay. Called after `whenSynced` (RoomSync's rule: every doc
 * update not from the relay counts as local). Resolves to the room's sync and the function that
 * stops it.
 */
export type SyncAttacher = (
  room: string,
  doc: Y.Doc,
) => Promise<{ readonly connection: RoomSync; readonly detach: () => Promise<void> }>;

/** A loaded document whose changes are appended to the store as they happen. */
export interface PersistedDoc {
  /** The document; edit it freely. */
  readonly doc: Y.Doc;
  /** Room name in the store (and on the relay). */
  readonly room: string;
  /** The relay sync of a committee document, or null for a local one. */
  readonly connection: RoomSync | null;
  /** Current save state. */
  saveState(): SaveState;
  /** Calls `listener` whenever the save state changes; returns the unsubscribe function. */
  onSaveState(listener: (state: SaveState) => void): () => void;
  /** Bytes the local store holds for the room (snapshot and log), as appended and compacted. */
  storedBytes(): number;
  /** Resolves once every change made so far is stored; rejects if a write failed. */
  flush(): Promise<void>;
  /** Closes the connection, writes what is pending, and frees the document. */
  destroy(): Promise<void>;
}

/** Applies a stored room (snapshot, then log) to `doc`, read-only (search of closed documents). */
export async function loadRoomInto(store: DocStore, room: string, doc: Y.Doc): Promise<void> {
  const stored = await store.load(room);
  Y.transact(doc, () => {
    if (stored.snapshot !== null) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update.data);
  });
}

/**
 * Opens `room`: resolves once its stored content is in the returned doc and, with `attach`,
 * once the relay connection is open (it connects in the background; offline is fine).
 */
export async function openPersistedDoc(
  store: DocStore,
  room: string,
  attach?: SyncAttacher,
): Promise<PersistedDoc> {
  const doc = new Y.Doc();
  let sync: Awaited<ReturnType<SyncAttacher>> | null = null;
  // What the relay sends it has stored already: those writes may be batched (see the option).
  // Updates are told apart by their origin, never by which listener of the doc runs first.
  const persistence = new LocalPersistence(doc, store, room, {
    deferrable: (origin) => sync !== null && origin === sync.connection.origin,
  });
  try {
    await persistence.whenSynced;
    if (attach !== undefined) sync = await attach(room, doc);
  } catch (error) {
    await persistence.destroy().catch(() => undefined);
    doc.destroy();
    throw error;
  }

  const listeners = new Set<(state: SaveState) => void>();
  const state = (): SaveState =>
    persistence.state === 'failed'
      ? 'failed'
      : persistence.pendingOwnUpdates > 0
        ? 'saving'
        : 'saved';
  let last = state();
  const notify = (): void => {
    const next = state();
    if (next === last) return;
    last = next;
    listeners.forEach((listener) => listener(next));
  };
  // The persistence says when its queue changes (an update queued, a write done).
  const stopPending = persistence.onPending(notify);
  const stopState = persistence.onState(notify);

  return {
    doc,
    room,
    connection: sync?.connection ?? null,
    saveState: state,
    onSaveState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    storedBytes: () => persistence.storedBytes,
    flush: () => persistence.flush(),
    async destroy() {
      stopPending();
      stopState();
      listeners.clear();
      try {
        await sync?.detach();
      } finally {
        try {
          await persistence.destroy();
        } finally {
          doc.destroy();
        }
      }
    },
  };
}
