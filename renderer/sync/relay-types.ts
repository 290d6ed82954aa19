/**
 * The types of a room's sync (`room-sync.ts`), apart so that the UI and the workspace sums can
 * name them without the engine's machinery.
 */
import type * as Y from 'yjs';
import type { CommitteeLink } from './committee-link.js';
import type { SyncStateStore } from './sync-state-store.js';

/** Connection state for the UI ("En ligne", "Hors ligne", "Synchronisation…"). */
export type RelayStatus = 'online' | 'offline' | 'syncing';

/** Why the relay refused us. */
export type Refusal =
  /**
   * The relay refused the room or the whole connection with a permanent code (4400–4499, e.g.
   * 4401 token expired); not retried until a new token or the app asks. `scope` tells which:
   * a room refused on its own (4413 too large, 4404…) is explained on that document's page, a
   * refused connection by the committee's access alert (a new invitation is needed).
   */
  | {
      readonly kind: 'closed';
      readonly scope: 'room' | 'connection';
      readonly code: number;
      readonly reason: string;
    }
  /** The relay refused our changes to this room (read-only role); the room stays open. */
  | { readonly kind: 'permission-denied'; readonly reason: string };

/** Options of `RoomSync.open`. */
export interface RoomSyncOptions {
  /** The committee's connection. */
  readonly link: CommitteeLink;
  /** Canonical room name (`W/D`, `W/D/_review`, `W/_index`). */
  readonly room: string;
  /** The document, already loaded from local storage (`LocalPersistence.whenSynced`). */
  readonly doc: Y.Doc;
  /** Where the local and acknowledged generations are kept. */
  readonly syncState: SyncStateStore;
  /** Incoming messages are handled in batches this often (`inbound-batch.ts`); 0: one by one. */
  readonly inboundBatchMs?: number;
}

/** A relay message a room cannot use: the room is synced again on a new channel. */
export class RelayMessageError extends Error {
  constructor(room: string, reason: string) {
    super(`${room}: ${reason}`);
    this.name = 'RelayMessageError';
  }
}
