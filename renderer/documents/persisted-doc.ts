/**
 * One `Y.Doc` kept in one room of a `DocStore`: load on open, append every later update.
 *
 * NOTE: deliberately minimal. `renderer/sync/local-persistence.ts` (retries, compaction, error
 * states) replaces this once it lands; the rest of the UI only sees {@link PersistedDoc}, so the
 * swap stays inside `renderer/documents/`.
 */
import * as Y from 'yjs';
import type { DocStore } from '../../shared/storage/doc-store.js';

/** Transaction origin of updates read from the store: they must not be written back. */
const FROM_STORE = Symbol('from-store');

/** Whether every change of a document has reached IndexedDB. */
export type SaveState = 'saved' | 'saving' | 'failed';

/** A loaded document whose changes are appended to the store as they happen. */
export interface PersistedDoc {
  /** The document; edit it freely. */
  readonly doc: Y.Doc;
  /** Room name in the store. */
  readonly room: string;
  /** Current save state. */
  saveState(): SaveState;
  /** Calls `listener` whenever the save state changes; returns the unsubscribe function. */
  onSaveState(listener: (state: SaveState) => void): () => void;
  /** Resolves once every change made so far is stored; rejects if a write failed. */
  flush(): Promise<void>;
  /** Stops writing and frees the document. */
  destroy(): void;
}

/** Applies a stored room (snapshot, then log) to `doc`. */
export async function loadRoomInto(store: DocStore, room: string, doc: Y.Doc): Promise<void> {
  const stored = await store.load(room);
  Y.transact(
    doc,
    () => {
      if (stored.snapshot !== null) Y.applyUpdate(doc, stored.snapshot, FROM_STORE);
      for (const update of stored.updates) Y.applyUpdate(doc, update.data, FROM_STORE);
    },
    FROM_STORE,
  );
}

/** Opens `room`: resolves once its stored content is in the returned doc. */
export async function openPersistedDoc(store: DocStore, room: string): Promise<PersistedDoc> {
  const doc = new Y.Doc();
  await loadRoomInto(store, room, doc);
  let pending = 0;
  let failed: unknown = null;
  // Appends are chained so updates reach the log in the order Yjs produced them.
  let chain: Promise<void> = Promise.resolve();
  const listeners = new Set<(state: SaveState) => void>();
  const state = (): SaveState => (failed !== null ? 'failed' : pending > 0 ? 'saving' : 'saved');
  const notify = (): void => listeners.forEach((listener) => listener(state()));

  const onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === FROM_STORE) return;
    pending += 1;
    if (pending === 1) notify();
    chain = chain.then(async () => {
      try {
        await store.append([{ room, data: update }]);
      } catch (error) {
        failed = error;
      } finally {
        pending -= 1;
        notify();
      }
    });
  };
  doc.on('update', onUpdate);

  return {
    doc,
    room,
    saveState: state,
    onSaveState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async flush() {
      await chain;
      if (failed !== null) throw failed;
    },
    destroy() {
      doc.off('update', onUpdate);
      listeners.clear();
      doc.destroy();
    },
  };
}
