/**
 * Reads a room from storage as ONE update — its stored state — without parsing it on the main
 * thread, then builds the room's Y.Doc from it:
 *
 * - a room compacted since its last write is its snapshot, served as stored;
 * - a small room's snapshot and log are merged at once (`Y.mergeUpdates`, well under a
 *   millisecond below {@link MERGE_ON_MAIN_BYTES}): a round trip to the worker would cost more,
 *   and could wait behind a large compaction there;
 * - a larger one is merged in the compactor's worker thread, so the main thread never parses
 *   a large history; a log longer than {@link MERGE_ON_LOAD_THRESHOLD} (a crash before
 *   compaction, say) also has the merged state written back, so the next load is fast too.
 *
 * The state is what a client that has nothing is sent (`room-host.ts` answers such clients from
 * it before the doc is built: "serve before parsing"), and the doc is built from it in one
 * `applyUpdate`.
 */
import * as Y from 'yjs';
import type { DocStore } from '../../shared/storage/doc-store.js';
import type { Compactor } from '../storage/compactor.js';
import type { RoomStats } from './room.js';

/** Logs longer than this have their merged state written back as the room's snapshot on load. */
export const MERGE_ON_LOAD_THRESHOLD = 1000;

/** Rooms up to this many stored bytes are merged on the main thread when they load. */
export const MERGE_ON_MAIN_BYTES = 64 * 1024;

/** A room's stored state and storage statistics, as read. */
export interface StoredState {
  /** Everything stored, as one update; null for a room never written. */
  readonly state: Uint8Array | null;
  readonly stats: RoomStats;
}

/** Reads `room`; rejects (never returns an empty state) when storage or the stored data fails. */
export async function readRoomState(
  store: DocStore,
  compactor: Compactor,
  room: string,
): Promise<StoredState> {
  const stored = await store.load(room);
  const logBytes = stored.updates.reduce((sum, u) => sum + u.data.length, 0);
  const stats: RoomStats = {
    lastSeq: stored.lastSeq,
    logCount: stored.updates.length,
    logBytes,
    snapshotBytes: stored.snapshot?.length ?? 0,
    snapshotSeq: stored.snapshotSeq,
  };
  const log = stored.updates.map((u) => u.data);
  if (log.length === 0) return { state: stored.snapshot, stats };
  if (log.length === 1 && stored.snapshot === null) return { state: log[0]!, stats };
  const parts = stored.snapshot === null ? log : [stored.snapshot, ...log];
  const small =
    stats.snapshotBytes + logBytes <= MERGE_ON_MAIN_BYTES && log.length <= MERGE_ON_LOAD_THRESHOLD;
  if (small) return { state: Y.mergeUpdates(parts), stats };
  const merged = await compactor.merge(stored.snapshot, log);
  const lastStored = stored.updates[stored.updates.length - 1];
  if (
    log.length > MERGE_ON_LOAD_THRESHOLD &&
    lastStored !== undefined &&
    (await store.compact(room, lastStored.seq, merged))
  ) {
    stats.logCount = 0;
    stats.logBytes = 0;
    stats.snapshotBytes = merged.length;
    stats.snapshotSeq = lastStored.seq;
  }
  return { state: merged, stats };
}

/** The room's doc (gc on) holding `state`; throws when Yjs cannot apply it. */
export function buildDoc(state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  if (state === null) return doc;
  try {
    Y.applyUpdate(doc, state, 'load');
  } catch (error) {
    doc.destroy();
    throw error;
  }
  return doc;
}
