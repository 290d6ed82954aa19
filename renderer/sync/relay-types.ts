/**
 * The types of a room's relay connection (`relay-connection.ts`), apart so that the UI and the
 * workspace sums can name them without the connection's machinery.
 */
import type * as Y from 'yjs';
import type { BackoffOptions } from './backoff.js';
import type { SyncStateStore } from './sync-state-store.js';

/** Connection state for the UI ("En ligne", "Hors ligne", "Synchronisation…"). */
export type RelayStatus = 'online' | 'offline' | 'syncing';

/** Why the relay refused us. */
export type Refusal =
  /** The relay closed with a permanent code (4400–4499, e.g. 4401 token expired); no retry. */
  | { readonly kind: 'closed'; readonly code: number; readonly reason: string }
  /** The relay refused our changes to this room (read-only role); the connection stays open. */
  | { readonly kind: 'permission-denied'; readonly reason: string };

/** Options of `RelayConnection.open`. */
export interface RelayConnectionOptions {
  /** Relay base URL, e.g. `wss://relay.example.org`. */
  readonly serverUrl: string;
  /** Canonical room name (`W/D`, `W/D/_review`, `W/_index`). */
  readonly room: string;
  /** The document, already loaded from local storage (`LocalPersistence.whenSynced`). */
  readonly doc: Y.Doc;
  /** The JWT, offered as the `entente.token.<JWT>` subprotocol (never in the URL). */
  readonly token: string;
  /** Where the local and acknowledged generations are kept. */
  readonly syncState: SyncStateStore;
  /** Reconnection windows; defaults to `DEFAULT_BACKOFF`. */
  readonly backoff?: BackoffOptions;
  /** Uniform random source for the jitter (tests). */
  readonly random?: () => number;
  /** WebSocket constructor; defaults to the global one. */
  readonly WebSocketImpl?: typeof WebSocket;
  /** Incoming messages are handled in batches this often (`inbound-batch.ts`); 0: one by one. */
  readonly inboundBatchMs?: number;
}
