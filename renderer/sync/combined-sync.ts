/**
 * The sync state of several committees at once, for the header of screens that belong to none
 * ("Mon espace"): the member still sees whether edits made in a committee have reached the relay.
 */
import type { RelayStatus } from './relay-types.js';
import type { Unsubscribe } from './listeners.js';

/** What the header's sync bar reads: a `WorkspaceSync`, or several combined. */
export interface SyncSource {
  readonly status: RelayStatus;
  readonly unconfirmed: number;
  subscribe(listener: () => void): Unsubscribe;
}

/** The least reassuring of `statuses`: offline before syncing before online. */
export function worstStatus(statuses: readonly RelayStatus[]): RelayStatus {
  if (statuses.includes('offline')) return 'offline';
  return statuses.includes('syncing') ? 'syncing' : 'online';
}

/** `sources` seen as one: the worst status and the sum of their unconfirmed changes. */
export function combineSyncs(sources: readonly SyncSource[]): SyncSource {
  return {
    get status() {
      return worstStatus(sources.map((source) => source.status));
    },
    get unconfirmed() {
      return sources.reduce((total, source) => total + source.unconfirmed, 0);
    },
    subscribe(listener) {
      const stops = sources.map((source) => source.subscribe(listener));
      return () => {
        for (const stop of stops) stop();
      };
    },
  };
}
