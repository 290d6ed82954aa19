/**
 * Serving a room from its stored state while its doc is not built yet ("serve before parsing"):
 * the state `room-loader.ts` read is sent as it is to every client whose sync step 1 asks for
 * everything (an empty state vector: a first load, a fresh tab, an offline copy being made).
 * The answer describes stored state only, like every reply of the relay, so nothing is sent
 * that a crash could lose. Everything else — writes, clients that hold part of the document,
 * the relay's own step 1 — waits for the doc.
 */
import { EMPTY_UPDATE, isEmptyStateVector } from '../../shared/protocol/empty-state.js';
import { encodeSyncStep2 } from '../../shared/protocol/messages.js';
import type { Connection } from './connection.js';
import { MERGE_ON_MAIN_BYTES, type StoredState } from './room-loader.js';
import type { Room, RoomStats } from './room.js';

/**
 * A large room's doc is built this long after its state was read, unless something needs it
 * sooner: long enough for the clients that opened the room to be answered from storage first.
 */
export const DOC_BUILD_DELAY_MS = 50;

/** A room read from storage whose doc is not built yet. */
export interface PendingLoad {
  /** The stored state, as one update (null: never written). */
  readonly state: Uint8Array | null;
  readonly stats: RoomStats;
  /** The step 2 that answers a client that has nothing. */
  readonly fullStep2: Uint8Array;
  /** Clients answered from storage (they are sent what changes the doc before it is built). */
  readonly served: Set<Connection>;
  /** True for a large room: its doc is built after {@link DOC_BUILD_DELAY_MS} or on need. */
  readonly deferred: boolean;
  /** True when the doc is being built in the documents' thread (`thread-docs.ts`). */
  inThread: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** What `load` keeps of a room it read until the doc is built. */
export function pendingLoadOf(read: StoredState): PendingLoad {
  return {
    state: read.state,
    stats: read.stats,
    fullStep2: encodeSyncStep2(read.state ?? EMPTY_UPDATE),
    served: new Set(),
    deferred: (read.state?.length ?? 0) > MERGE_ON_MAIN_BYTES,
    inThread: false,
    timer: undefined,
  };
}

/**
 * Answers every waiting step 1 that asks for everything from the stored state. Those steps
 * leave the inbox; every other message stays there, in its order.
 */
export function answerFromStored(room: Room, pending: PendingLoad): void {
  room.inbox = room.inbox.filter((entry) => {
    if (entry.kind !== 'step1' || !isEmptyStateVector(entry.stateVector)) return true;
    if (!entry.conn.closed) {
      entry.conn.send(pending.fullStep2);
      pending.served.add(entry.conn);
    }
    return false;
  });
}
