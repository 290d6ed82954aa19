/**
 * The relay side of one committee workspace: opens a `RelayConnection` per room as the
 * workspace loads it (after `LocalPersistence.whenSynced`, see `persisted-doc.ts`), and sums up
 * what the header shows: one connection state and the number of local changes the relay has not
 * confirmed yet, across the index and every open document.
 *
 * NOTE: a room with unconfirmed changes that is not connected keeps counting ("parked"): its
 * changes are in IndexedDB and go out in the next step 2 once it is connected again, but until
 * then the relay does not have them, and the quit warning must say so. `restore` parks, at start,
 * the rooms an earlier session left unconfirmed (edited offline, then the app was closed), and
 * `LocalWorkspace.keepUntilConfirmed` connects them in the background.
 */
import type * as Y from 'yjs';
import { worstStatus } from './combined-sync.js';
import { Listeners, type Unsubscribe } from './listeners.js';
import { RelayConnection, type Refusal, type RelayStatus } from './relay-connection.js';
import type { SyncStateStore } from './sync-state-store.js';

/** Options of {@link WorkspaceSync}. */
export interface WorkspaceSyncOptions {
  /** Relay base URL. */
  readonly serverUrl: string;
  /** The invitation token (JWT). */
  readonly token: string;
  /** Where acknowledgement counters are kept. */
  readonly syncState: SyncStateStore;
}

/** The connections of one workspace, and their sum. */
export class WorkspaceSync {
  readonly #options: WorkspaceSyncOptions;
  #token: string;
  readonly #connections = new Set<RelayConnection>();
  readonly #parked = new Map<string, number>();
  readonly #listeners = new Listeners<void>();

  constructor(options: WorkspaceSyncOptions) {
    this.#options = options;
    this.#token = options.token;
  }

  /**
   * Uses `token` for every connection from now on: a renewed invitation (`sameUser`: open
   * connections renew their token in place) or another person's (they reconnect with it).
   */
  setToken(token: string, sameUser: boolean): void {
    this.#token = token;
    for (const connection of this.#connections) connection.setToken(token, { sameUser });
    this.#listeners.emit();
  }

  /**
   * Parks every room under `prefix` (`W/`) that an earlier session left with unconfirmed
   * changes, so the count is right before they are connected; resolves to their names.
   */
  async restore(prefix: string): Promise<string[]> {
    const attached = new Set([...this.#connections].map((connection) => connection.room));
    const rooms: string[] = [];
    for (const record of await this.#options.syncState.pending(prefix)) {
      rooms.push(record.room);
      if (attached.has(record.room)) continue;
      this.#parked.set(record.room, record.localGeneration - record.ackedGeneration);
    }
    if (rooms.length > 0) this.#listeners.emit();
    return rooms;
  }

  /** Opens the connection of `room` (already loaded into `doc`); `detach` closes it. */
  readonly attach = async (
    room: string,
    doc: Y.Doc,
  ): Promise<{ connection: RelayConnection; detach: () => Promise<void> }> => {
    const { serverUrl, syncState } = this.#options;
    const token = this.#token;
    const connection = await RelayConnection.open({ serverUrl, room, doc, token, syncState });
    this.#parked.delete(room);
    this.#connections.add(connection);
    const emit = (): void => this.#listeners.emit();
    const stops = [
      connection.onStatus(emit),
      connection.onUnconfirmed(emit),
      connection.onRefused(emit),
      connection.onWorkspaceFull(emit),
    ];
    emit();
    return {
      connection,
      detach: async () => {
        for (const stop of stops) stop();
        this.#connections.delete(connection);
        if (connection.unconfirmed > 0) this.#parked.set(room, connection.unconfirmed);
        try {
          await connection.destroy();
        } finally {
          emit();
        }
      },
    };
  };

  /** `offline` if any room is offline, `syncing` if any is catching up, else `online`. */
  get status(): RelayStatus {
    const statuses = [...this.#connections].map((connection) => connection.status);
    return statuses.length === 0 ? 'offline' : worstStatus(statuses);
  }

  /** Local changes not yet confirmed by the relay, over every room opened this session. */
  get unconfirmed(): number {
    let total = 0;
    for (const connection of this.#connections) total += connection.unconfirmed;
    for (const count of this.#parked.values()) total += count;
    return total;
  }

  /**
   * Why the relay turned this workspace away, or null: a connection closed for good (4401 token
   * expired or invalid, 4403 another workspace's token, …). Read-only refusals of single rooms
   * are not here; the editor shows those.
   */
  get refusal(): Extract<Refusal, { kind: 'closed' }> | null {
    for (const connection of this.#connections) {
      const refusal = connection.refusal;
      if (refusal?.kind === 'closed') return refusal;
    }
    return null;
  }

  /**
   * True while some room's changes wait because the workspace's storage on the relay is full
   * (4507); they are retried by themselves.
   */
  get workspaceFull(): boolean {
    for (const connection of this.#connections) if (connection.workspaceFull) return true;
    return false;
  }

  /** Calls `listener` after any change of status, count, refusal or full workspace. */
  subscribe(listener: () => void): Unsubscribe {
    return this.#listeners.add(listener);
  }
}
