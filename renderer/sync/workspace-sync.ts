/**
 * The relay side of one committee workspace: ONE connection to the relay (`CommitteeLink`)
 * carrying a `RoomSync` per room the workspace loads (after `LocalPersistence.whenSynced`, see
 * `persisted-doc.ts`), and the sum the header shows: one connection state and the number of
 * local changes the relay has not confirmed yet, across the index and every open document.
 *
 * NOTE: a room with unconfirmed changes that is not attached keeps counting ("parked"): its
 * changes are in IndexedDB and go out in the next step 2 once it is attached again, but until
 * then the relay does not have them, and the quit warning must say so. `restore` parks, at start,
 * the rooms an earlier session left unconfirmed (edited offline, then the app was closed), and
 * `LocalWorkspace.keepUntilConfirmed` attaches them in the background, on the same connection.
 */
import type * as Y from 'yjs';
import type { BackoffOptions } from './backoff.js';
import { CommitteeLink } from './committee-link.js';
import { Listeners, type Unsubscribe } from './listeners.js';
import type { NetworkSignals } from './network-signals.js';
import type { Refusal, RelayStatus } from './relay-types.js';
import { RoomSync } from './room-sync.js';
import type { SyncStateStore } from './sync-state-store.js';

/** A room the relay refused on its own (a channel closed 44xx): its code and reason. */
export type RoomRefusal = Extract<Refusal, { kind: 'closed' }>;

/** Options of {@link WorkspaceSync}. */
export interface WorkspaceSyncOptions {
  /** Relay base URL. */
  readonly serverUrl: string;
  /** The invitation token (JWT). */
  readonly token: string;
  /** Where acknowledgement counters are kept. */
  readonly syncState: SyncStateStore;
  /** Online state and wake-ups (the shell's resume); defaults to the page's. */
  readonly network?: NetworkSignals;
  /** Socket reconnection while the network is up (tests); defaults to `LINK_BACKOFF`. */
  readonly backoff?: BackoffOptions;
}

/** The connection of one workspace, its rooms, and their sum. */
export class WorkspaceSync {
  /** The committee's one connection to the relay. */
  readonly link: CommitteeLink;
  readonly #syncState: SyncStateStore;
  readonly #rooms = new Set<RoomSync>();
  readonly #parked = new Map<string, number>();
  /** Rooms the relay refused on their own (4413, 4404…), attached or not, until joined again. */
  readonly #refusedRooms = new Map<string, RoomRefusal>();
  readonly #listeners = new Listeners<void>();

  constructor(options: WorkspaceSyncOptions) {
    this.#syncState = options.syncState;
    this.link = new CommitteeLink({
      serverUrl: options.serverUrl,
      token: options.token,
      network: options.network,
      backoff: options.backoff,
    });
    this.link.onChange(() => this.#listeners.emit());
  }

  /**
   * Uses `token` for the connection from now on: a renewed invitation (`sameUser`: the open
   * connection renews its token in place) or another person's (it reconnects with it).
   */
  setToken(token: string, sameUser: boolean): void {
    this.link.setToken(token, { sameUser });
    this.#listeners.emit();
  }

  /**
   * Parks every room under `prefix` (`W/`) that an earlier session left with unconfirmed
   * changes, so the count is right before they are attached; resolves to their names.
   */
  async restore(prefix: string): Promise<string[]> {
    const attached = new Set([...this.#rooms].map((room) => room.room));
    const rooms: string[] = [];
    for (const record of await this.#syncState.pending(prefix)) {
      rooms.push(record.room);
      if (attached.has(record.room)) continue;
      this.#parked.set(record.room, record.localGeneration - record.ackedGeneration);
    }
    if (rooms.length > 0) this.#listeners.emit();
    return rooms;
  }

  /** Syncs `room` (already loaded into `doc`) over the connection; `detach` stops it. */
  readonly attach = async (
    room: string,
    doc: Y.Doc,
  ): Promise<{ connection: RoomSync; detach: () => Promise<void> }> => {
    const connection = await RoomSync.open({
      link: this.link,
      room,
      doc,
      syncState: this.#syncState,
    });
    this.#parked.delete(room);
    this.#rooms.add(connection);
    const emit = (): void => this.#listeners.emit();
    const refusalChanged = (): void => {
      this.#rememberRefusal(connection);
      emit();
    };
    const stops = [
      connection.onStatus(refusalChanged),
      connection.onUnconfirmed(emit),
      connection.onRefused(refusalChanged),
      connection.onWorkspaceFull(emit),
    ];
    emit();
    return {
      connection,
      detach: async () => {
        for (const stop of stops) stop();
        this.#rooms.delete(connection);
        if (connection.unconfirmed > 0) this.#parked.set(room, connection.unconfirmed);
        try {
          await connection.destroy();
        } finally {
          emit();
        }
      },
    };
  };

  /**
   * What the header says about the committee: `offline` while its connection is down (or
   * refused), `syncing` while the member's changes are on their way (some room has changes the
   * relay has not confirmed) or the document list is catching up (the index not synced on this
   * connection), `online` otherwise.
   *
   * NOTE: rooms kept for offline reading (`renderer/offline/`) join, sync and leave all the
   * time while a committee downloads; a room not yet joined, or still waiting for its step 2,
   * says nothing about the member's work, and counting it would make the header flicker between
   * "Hors ligne" and "Synchronisation…" on a healthy connection. Each open document shows its
   * own room's state on its page. A room the relay refused on its own (4413 too large…) is left
   * out too: the connection is up and the other rooms sync; its document's page says why, and
   * its count stays in `unconfirmed`.
   */
  get status(): RelayStatus {
    if (!this.link.connected) return 'offline';
    for (const room of this.#rooms) {
      if (room.refusal?.kind === 'closed') continue;
      if (room.unconfirmed > 0 && !room.readOnly) return 'syncing';
      if (room.room.endsWith('/_index') && !room.synced) return 'syncing';
    }
    return 'online';
  }

  /** Local changes not yet confirmed by the relay, over every room opened this session. */
  get unconfirmed(): number {
    let total = 0;
    for (const room of this.#rooms) total += room.unconfirmed;
    for (const count of this.#parked.values()) total += count;
    return total;
  }

  /**
   * Why the relay turned this whole workspace away, or null: the connection refused (4401 token
   * expired or invalid, 4403 another workspace's token, another 44xx of the connection). The
   * committee's access alert says it (a new invitation is needed). A room refused on its own
   * (4413 too large, 4404…) is not here — the other rooms go on, and that document's page
   * explains it ({@link refusalOf}); read-only refusals are the editor's too.
   */
  get refusal(): Extract<Refusal, { kind: 'closed' }> | null {
    const refused = this.link.refusal;
    return refused === null ? null : { kind: 'closed', scope: 'connection', ...refused };
  }

  /**
   * The relay's refusal of `room` on its own (a channel closed 44xx), or null: kept after the
   * room is detached, until it is joined again.
   */
  refusalOf(room: string): RoomRefusal | null {
    return this.#refusedRooms.get(room) ?? null;
  }

  /**
   * Local changes of `room` the relay has not confirmed: its live count while attached, the
   * count it had when detached (or an earlier session left) otherwise; 0 when none is known.
   */
  unconfirmedOf(room: string): number {
    for (const attached of this.#rooms) if (attached.room === room) return attached.unconfirmed;
    return this.#parked.get(room) ?? 0;
  }

  /**
   * True while some room's changes wait because the workspace's storage on the relay is full
   * (4507); they are retried by themselves.
   */
  get workspaceFull(): boolean {
    for (const room of this.#rooms) if (room.workspaceFull) return true;
    return false;
  }

  #rememberRefusal(connection: RoomSync): void {
    const refusal = connection.refusal;
    if (refusal?.kind === 'closed' && refusal.scope === 'room') {
      this.#refusedRooms.set(connection.room, refusal);
    } else if (connection.status !== 'offline') {
      // Joined again (a new token, a retry): the relay took the room back.
      this.#refusedRooms.delete(connection.room);
    }
  }

  /** Calls `listener` after any change of status, count, refusal or full workspace. */
  subscribe(listener: () => void): Unsubscribe {
    return this.#listeners.add(listener);
  }

  /** Closes the connection (once every room is detached: `LocalWorkspace.close`). */
  close(): void {
    this.link.destroy();
  }
}
