/**
 * One loaded room: its Y.Doc (the stored state plus the batch being committed), its connections,
 * awareness, and the queue of sync messages waiting for the next group commit.
 *
 * NOTE: sync messages of a room are handled strictly in arrival order, and only between commits:
 * while a batch is being written, new messages wait in `inbox`. That is what makes every reply
 * (a sync step 2, an ack) describe stored state only, so a relay killed at any moment has sent
 * nothing it could lose.
 */
import * as Y from 'yjs';
import { isEmptyStateVector } from '../../shared/protocol/empty-state.js';
import { encodeSyncStep1, encodeSyncStep2 } from '../../shared/protocol/messages.js';
import type { RoomName } from '../../shared/model/room-name.js';
import type { ParsedUpdate } from '../../shared/protocol/update-validator.js';
import type { AwarenessBindings } from './awareness-bindings.js';
import { AwarenessRegistry } from './awareness-registry.js';
import type { Connection } from './connection.js';
import type { Verdict } from './doc-thread.js';
import type { PendingLoad } from './serve-stored.js';

/** Where a message stands with the documents' thread (rooms whose doc lives there only). */
interface Judgement {
  /** Sent to the thread to be judged. */
  posted?: boolean;
  /** The thread's verdict, once it came back. */
  verdict?: Verdict | undefined;
}

/** A sync message waiting for the room's next turn. */
export type InboxEntry = (
  | { readonly kind: 'step1'; readonly conn: Connection; readonly stateVector: Uint8Array }
  | {
      readonly kind: 'update';
      readonly conn: Connection;
      /** The client's frame, forwarded as is when possible. */
      readonly frame: Uint8Array;
      readonly update: Uint8Array;
      readonly parsed: ParsedUpdate;
      /** This update's 1-based position among the connection's updates (for the ack). */
      readonly ordinal: number;
    }
) &
  Judgement;

/** A room's doc held by the documents' thread (`doc-thread.ts`). */
export interface ThreadDoc {
  /** This opening of the room there; replies to an earlier one are ignored. */
  readonly gen: number;
  /** The relay's sync step 1, from the doc's state vector as last reported by the thread. */
  step1: Uint8Array;
}

/** Lifecycle of a room in memory. */
export type RoomPhase = 'loading' | 'ready' | 'closed';

/** Storage statistics the compaction policy looks at. */
export interface RoomStats {
  /** Highest stored sequence number known to this process. */
  lastSeq: number;
  /** Entries in the log since the last snapshot. */
  logCount: number;
  /** Bytes in the log since the last snapshot. */
  logBytes: number;
  /** Bytes of the last snapshot. */
  snapshotBytes: number;
  /** Compaction point of the snapshot this process last applied to its doc. */
  snapshotSeq: number;
}

/** A room held in memory by this relay process. */
export class Room {
  phase: RoomPhase = 'loading';
  /** The room's doc on this thread (small rooms), or null. */
  doc: Y.Doc | null = null;
  /** The room's doc in the documents' thread (large rooms), or null. */
  threadDoc: ThreadDoc | null = null;
  readonly connections = new Set<Connection>();
  readonly awareness: AwarenessRegistry;
  inbox: InboxEntry[] = [];
  /** Updates from other relay processes that arrived while loading; applied once loaded. */
  peerBacklog: Uint8Array[] = [];
  readonly stats: RoomStats = {
    lastSeq: 0,
    logCount: 0,
    logBytes: 0,
    snapshotBytes: 0,
    snapshotSeq: 0,
  };
  /** Read from storage, its doc not built yet (`serve-stored.ts`); null otherwise. */
  pendingLoad: PendingLoad | null = null;
  /** Set when an update threw inside Yjs: the doc must be rebuilt from storage. */
  needsReload = false;
  /** Set once this process listens to the room on the fan-out. */
  subscribed = false;
  /** Monotonic time before which no new compaction is attempted (after a failure). */
  compactRetryAt = 0;
  /** Set while a compaction of this room is running. */
  compacting = false;
  /** Timer that unloads the room once it has been idle long enough. */
  idleTimer: ReturnType<typeof setTimeout> | null = null;
  /**
   * For a review room, whether its document is known to exist (its content room holds data);
   * writes wait for a check while it is not. Always true for other rooms.
   */
  documentExists: boolean;
  /** Set by a check that found no document: the writes drained next are refused (4404). */
  documentMissing = false;

  /** Frames that depend only on the doc's state, shared by every client until the doc changes. */
  private cachedStep1: Uint8Array | null = null;
  private cachedFullStep2: Uint8Array | null = null;

  constructor(
    readonly name: RoomName,
    /** The relay process's awareness id bindings, which outlive the room in memory. */
    bindings?: AwarenessBindings,
  ) {
    this.documentExists = name.kind !== 'review';
    this.awareness = new AwarenessRegistry(name.name, bindings);
  }

  /** Must be called after every change to `doc`, so cached frames are never stale. */
  docChanged(): void {
    this.cachedStep1 = null;
    this.cachedFullStep2 = null;
  }

  /**
   * The full step 2 for clients that have nothing, already encoded from the stored state the
   * doc was just built from (`room-host.ts`), until the doc changes.
   */
  primeFullStep2(frame: Uint8Array): void {
    this.cachedFullStep2 = frame;
  }

  /** The relay's sync step 1 (its state vector). */
  step1Frame(doc: Y.Doc): Uint8Array {
    this.cachedStep1 ??= encodeSyncStep1(Y.encodeStateVector(doc));
    return this.cachedStep1;
  }

  /**
   * The sync step 2 answering `stateVector`. A client that has nothing yet (the common case of
   * a first load) gets the whole state, encoded once for all such clients.
   */
  step2Frame(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
    if (isEmptyStateVector(stateVector)) {
      this.cachedFullStep2 ??= encodeSyncStep2(Y.encodeStateAsUpdate(doc));
      return this.cachedFullStep2;
    }
    return encodeSyncStep2(Y.encodeStateAsUpdate(doc, stateVector));
  }

  /** Total stored bytes, bounded by the relay's per-room limit. */
  get storedBytes(): number {
    return this.stats.snapshotBytes + this.stats.logBytes;
  }

  /** Sends `frame` to every open connection but `except`; returns the number of deliveries. */
  broadcast(frame: Uint8Array, except: Connection | null): number {
    let delivered = 0;
    for (const conn of this.connections) {
      if (conn === except || conn.closed) continue;
      conn.send(frame);
      delivered += 1;
    }
    return delivered;
  }
}
