/**
 * The awareness states of one room, with who may speak for each client id. A connection owns
 * the client ids it introduced; an entry for an id owned by another connection is dropped, so
 * nobody can move someone else's caret or change their name. States come from `rewriteAwarenessState`,
 * so `user` is always the verified identity.
 */
import {
  encodeAwarenessUpdate,
  rewriteAwarenessState,
  type AwarenessEntry,
} from '../../shared/protocol/awareness.js';
import type { Connection } from './connection.js';

/** Most awareness client ids one connection may introduce (a stock client uses one). */
export const MAX_AWARENESS_IDS_PER_CONNECTION = 4;

interface Held {
  clock: number;
  state: string;
  /** The local owner, or null for a state relayed from another relay process. */
  owner: Connection | null;
}

/** Outcome of applying a client's awareness update. */
export interface AwarenessOutcome {
  /** Entries to relay (already re-written); empty when nothing changed. */
  readonly accepted: AwarenessEntry[];
  /** Entries dropped because they spoke for another connection's client id. */
  readonly impersonations: number;
  /** True when a state was not a JSON object: the connection is misbehaving. */
  readonly invalid: boolean;
}

/** Awareness states of one room. */
export class AwarenessRegistry {
  private readonly states = new Map<number, Held>();

  /** Number of client ids with a state. */
  get size(): number {
    return this.states.size;
  }

  /** Applies entries sent by `conn`, enforcing ownership and re-writing identities. */
  applyFromClient(conn: Connection, entries: readonly AwarenessEntry[]): AwarenessOutcome {
    const accepted: AwarenessEntry[] = [];
    let impersonations = 0;
    for (const entry of entries) {
      const held = this.states.get(entry.clientId);
      if (held !== undefined && held.owner !== conn) {
        // Stock y-websocket clients re-send every awareness change they receive, others'
        // included: an entry no newer than ours is that echo, not an attempt to speak for
        // someone else.
        if (entry.clock > held.clock) impersonations += 1;
        continue;
      }
      // The echo of a removal (or a removal of an id nobody holds) has nothing to remove.
      if (held === undefined && entry.state === 'null' && !conn.awarenessIds.has(entry.clientId))
        continue;
      if (held === undefined && !conn.awarenessIds.has(entry.clientId)) {
        if (conn.awarenessIds.size >= MAX_AWARENESS_IDS_PER_CONNECTION) {
          impersonations += 1;
          continue;
        }
      }
      const state = rewriteAwarenessState(entry.state, conn.awarenessUser);
      if (state === null) return { accepted: [], impersonations, invalid: true };
      if (held !== undefined && entry.clock < held.clock) continue;
      if (state === 'null') {
        this.states.delete(entry.clientId);
        conn.awarenessIds.delete(entry.clientId);
      } else {
        this.states.set(entry.clientId, { clock: entry.clock, state, owner: conn });
        conn.awarenessIds.add(entry.clientId);
      }
      accepted.push({ clientId: entry.clientId, clock: entry.clock, state });
    }
    return { accepted, impersonations, invalid: false };
  }

  /** Applies entries relayed by another relay process (already checked there). */
  applyFromPeer(entries: readonly AwarenessEntry[]): void {
    for (const entry of entries) {
      const held = this.states.get(entry.clientId);
      if (held !== undefined && (held.owner !== null || entry.clock < held.clock)) continue;
      if (entry.state === 'null') this.states.delete(entry.clientId);
      else this.states.set(entry.clientId, { clock: entry.clock, state: entry.state, owner: null });
    }
  }

  /** Removes every state `conn` owns; returns the removal entries to relay. */
  removeConnection(conn: Connection): AwarenessEntry[] {
    const removed: AwarenessEntry[] = [];
    for (const clientId of conn.awarenessIds) {
      const held = this.states.get(clientId);
      if (held === undefined || held.owner !== conn) continue;
      this.states.delete(clientId);
      removed.push({ clientId, clock: held.clock + 1, state: 'null' });
    }
    conn.awarenessIds.clear();
    return removed;
  }

  /** All current states as one awareness update, or null when there are none. */
  encodeAll(): Uint8Array | null {
    if (this.states.size === 0) return null;
    const entries: AwarenessEntry[] = [];
    for (const [clientId, held] of this.states)
      entries.push({ clientId, clock: held.clock, state: held.state });
    return encodeAwarenessUpdate(entries);
  }
}
