/**
 * Builds a room's Y.Doc from storage. A short log is applied directly; a long one is first
 * merged in the compactor's worker thread (so a big history never blocks other rooms) and the
 * merged snapshot is written back, so the next load is fast too.
 */
import * as Y from 'yjs';
import type { DocStore } from '../../shared/storage/doc-store.js';
import type { Compactor } from '../storage/compactor.js';
import type { RoomStats } from './room.js';

/**
 * Logs longer than this are merged off the main thread when a room loads. Compaction keeps logs
 * under `ENTENTE_COMPACT_UPDATES` (500 by default), which apply in a few milliseconds, so the
 * worker round trip is kept for logs that grew past it (a crash before compaction, say).
 */
export const MERGE_ON_LOAD_THRESHOLD = 1000;

/** A room's document and storage statistics, as loaded. */
export interface LoadedRoom {
  readonly doc: Y.Doc;
  readonly stats: RoomStats;
}

/** Loads `room`; rejects (never returns an empty doc) when storage or the stored data fails. */
export async function loadRoom(
  store: DocStore,
  compactor: Compactor,
  room: string,
): Promise<LoadedRoom> {
  const stored = await store.load(room);
  const doc = new Y.Doc({ gc: true });
  const logBytes = stored.updates.reduce((sum, u) => sum + u.data.length, 0);
  const stats: RoomStats = {
    lastSeq: stored.lastSeq,
    logCount: stored.updates.length,
    logBytes,
    snapshotBytes: stored.snapshot?.length ?? 0,
    snapshotSeq: stored.snapshotSeq,
  };
  if (stored.updates.length > MERGE_ON_LOAD_THRESHOLD) {
    const merged = await compactor.merge(
      stored.snapshot,
      stored.updates.map((u) => u.data),
    );
    Y.applyUpdate(doc, merged, 'load');
    const lastStored = stored.updates[stored.updates.length - 1];
    if (lastStored !== undefined && (await store.compact(room, lastStored.seq, merged))) {
      stats.logCount = 0;
      stats.logBytes = 0;
      stats.snapshotBytes = merged.length;
      stats.snapshotSeq = lastStored.seq;
    }
    return { doc, stats };
  }
  Y.transact(
    doc,
    () => {
      if (stored.snapshot !== null) Y.applyUpdate(doc, stored.snapshot, 'load');
      for (const update of stored.updates) Y.applyUpdate(doc, update.data, 'load');
    },
    'load',
  );
  return { doc, stats };
}
