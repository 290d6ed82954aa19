/**
 * Every workspace of this profile: "Mon espace" (local only) and the committees joined through
 * an invitation, each a `LocalWorkspace` whose rooms are connected to the relay. Joining never
 * touches the local workspace: documents created before joining stay where they are.
 */
import { parseRoomName } from '../../shared/model/room-name.js';
import type { DocStore } from '../../shared/storage/doc-store.js';
import {
  canEditContent,
  canEditIndex,
  canEditProfile,
  saveMembership,
  type Membership,
} from '../committee/membership.js';
import { LocalWorkspace } from '../documents/local-workspace.js';
import { CommitteeOffline, type OfflineGate } from '../offline/committee-offline.js';
import { OfflineRecords } from '../offline/offline-records.js';
import { Listeners, type Unsubscribe } from '../sync/listeners.js';
import type { NetworkSignals } from '../sync/network-signals.js';
import type { SyncStateStore } from '../sync/sync-state-store.js';
import { WorkspaceSync } from '../sync/workspace-sync.js';

/** A joined committee workspace. */
export interface Committee {
  /** Relay, token and (unverified) claims. */
  readonly membership: Membership;
  /** Its documents, kept locally and synced. */
  readonly workspace: LocalWorkspace;
  /** Its connection to the relay and its rooms. */
  readonly sync: WorkspaceSync;
  /** Its documents kept up to date on this computer for offline reading. */
  readonly offline: CommitteeOffline;
}

/** What {@link Workspaces} needs from the composition root. */
export interface WorkspacesOptions {
  /** Where rooms are kept. */
  readonly store: DocStore;
  /** Where acknowledgement counters are kept. */
  readonly syncState: SyncStateStore;
  /** Where memberships are kept (localStorage). */
  readonly storage: Storage;
  /** Current time in ms. */
  readonly now: () => number;
  /** A fresh random suffix for document ids. */
  readonly randomId: () => string;
  /** Online state and wake-ups for the committees' connections (the shell's resume too). */
  readonly network?: NetworkSignals;
  /** Holds the background downloads of every committee while closed (local storage failing). */
  readonly offlineGate?: OfflineGate;
}

/** The local workspace and the joined committees. */
export class Workspaces {
  /** "Mon espace". */
  readonly local: LocalWorkspace;
  readonly #options: WorkspacesOptions;
  readonly #committees = new Map<string, Committee>();
  readonly #listeners = new Listeners<void>();

  private constructor(options: WorkspacesOptions, local: LocalWorkspace) {
    this.#options = options;
    this.local = local;
  }

  /** Opens the local workspace and every stored membership. */
  static async open(
    options: WorkspacesOptions,
    memberships: readonly Membership[],
  ): Promise<Workspaces> {
    const { store, now, randomId } = options;
    const local = await LocalWorkspace.open({ store, now, randomId });
    const workspaces = new Workspaces(options, local);
    for (const membership of memberships) await workspaces.#open(membership);
    return workspaces;
  }

  /** Joined committees, in joining order. */
  committees(): Committee[] {
    return [...this.#committees.values()];
  }

  /** The committee of workspace `id`, or undefined. */
  committee(id: string): Committee | undefined {
    return this.#committees.get(id);
  }

  /**
   * Joins a committee, or renews the token of one already joined (its open connections switch
   * to the new token: renewed in place for the same user); the membership is stored. Another
   * relay for a joined workspace is refused: its rooms would mix two servers' histories.
   * NOTE: replacing an invitation is the caller's decision, never a link's alone: the shell
   * asks the member and has the relay check the new token first (`InvitationSwitch`).
   */
  async join(membership: Membership): Promise<Committee> {
    const existing = this.#committees.get(membership.claims.ws);
    if (existing !== undefined && existing.membership.relay !== membership.relay) {
      throw new Error('workspace already joined through another relay');
    }
    saveMembership(this.#options.storage, membership);
    if (existing !== undefined) {
      // Same workspace, same relay: a renewed (or different-role) invitation.
      existing.sync.setToken(
        membership.token,
        existing.membership.claims.sub === membership.claims.sub,
      );
      const renewed: Committee = { ...existing, membership };
      this.#committees.set(membership.claims.ws, renewed);
      this.#listeners.emit();
      return renewed;
    }
    const committee = await this.#open(membership);
    this.#listeners.emit();
    return committee;
  }

  /** Local changes not yet confirmed by the relay, over every committee. */
  unconfirmed(): number {
    let total = 0;
    for (const committee of this.#committees.values()) total += committee.sync.unconfirmed;
    return total;
  }

  /**
   * Closes every workspace (see `LocalWorkspace.close`), then the committees' connections: a
   * profile switch, or a test's restart.
   */
  async close(): Promise<void> {
    const committees = [...this.#committees.values()];
    const all = [this.local, ...committees.map((c) => c.workspace)];
    // Downloads first: they let go of their rooms before the workspaces close them.
    await Promise.all(committees.map((committee) => committee.offline.close()));
    try {
      await Promise.all(all.map((workspace) => workspace.close()));
    } finally {
      for (const committee of committees) committee.sync.close();
    }
  }

  /** Calls `listener` after a join and after any sync change of any committee. */
  subscribe(listener: () => void): Unsubscribe {
    return this.#listeners.add(listener);
  }

  async #open(membership: Membership): Promise<Committee> {
    const { store, syncState, storage, now, randomId, network, offlineGate } = this.#options;
    const ws = membership.claims.ws;
    const sync = new WorkspaceSync({
      serverUrl: membership.relay,
      token: membership.token,
      syncState,
      network,
    });
    sync.subscribe(() => this.#listeners.emit());
    const records = new OfflineRecords(storage, ws);
    // Set once the workspace exists: the index opens first, and nobody uses a document before.
    let offline: CommitteeOffline | null = null;
    const workspace = await LocalWorkspace.open({
      store,
      now,
      randomId,
      workspaceId: ws,
      attach: sync.attach,
      // The current invitation's role: a renewal may bring another one.
      access: () => {
        const current = this.#committees.get(ws)?.membership ?? membership;
        return {
          index: canEditIndex(current),
          content: canEditContent(current),
          profile: canEditProfile(current),
        };
      },
      // Documents the member opens or edits stay offline whatever the budget.
      onUse: (id) => (offline === null ? records.pin(id) : offline.used(id)),
    });
    offline = new CommitteeOffline({ workspace, sync, records, store, now, gate: offlineGate });
    const committee: Committee = { membership, workspace, sync, offline };
    this.#committees.set(ws, committee);
    // Documents edited offline in an earlier session, then closed: send them now, whether or
    // not anyone opens them (the index itself is always connected).
    for (const name of await sync.restore(`${ws}/`)) {
      const parsed = parseRoomName(name);
      if (parsed.ok && parsed.room.kind === 'content' && parsed.room.document !== undefined) {
        workspace.keepUntilConfirmed(parsed.room.document);
      }
    }
    await offline.start();
    return committee;
  }
}
