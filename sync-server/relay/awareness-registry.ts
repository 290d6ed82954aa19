/**
 * The awareness states of one room, with who may speak for each client id. A connection owns
 * the client ids it introduced; an entry for an id owned by another connection is dropped, so
 * nobody can move someone else's caret or change their name. States come from `rewriteAwarenessState`,
 * so `user` is always the verified identity.
 *
 * Ids stay bound to their user after the connection closes (`AwarenessBindings`): nobody else
 * may claim a freed id, the same user may (their laptop came back, or reconnected before the old
 * socket's close was noticed), and a returning owner whose clock is not above what the room was
 * last told is sent that removal back (`bounces`): y-protocols' awareness then raises its own
 * clock above it and re-sends its state, which every peer accepts.
 */
import {
  encodeAwarenessUpdate,
  rewriteAwarenessState,
  type AwarenessEntry,
} from '../../shared/protocol/awareness.js';
import { AwarenessBindings } from './awareness-bindings.js';
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
  /**
   * Removals to send back to the sender alone: its state for an id it owns came with a clock the
   * room had already passed (a returning owner); its awareness will answer with a higher clock.
   */
  readonly bounces: AwarenessEntry[];
}

/** Awareness states of one room. */
export class AwarenessRegistry {
  private readonly states = new Map<number, Held>();

  constructor(
    /** The room's name, under which its ids are bound. */
    private readonly room = '',
    /** The relay process's bindings (a private set by default, for tests). */
    private readonly bindings = new AwarenessBindings(() => performance.now()),
  ) {}

  /** Number of client ids with a state. */
  get size(): number {
    return this.states.size;
  }

  /** Applies entries sent by `conn`, enforcing ownership and re-writing identities. */
  applyFromClient(conn: Connection, entries: readonly AwarenessEntry[]): AwarenessOutcome {
    const accepted: AwarenessEntry[] = [];
    const bounces: AwarenessEntry[] = [];
    let impersonations = 0;
    const userId = conn.identity.userId;
    for (const entry of entries) {
      const held = this.states.get(entry.clientId);
      const bound = this.bindings.get(this.room, entry.clientId);
      const ours = bound === undefined || bound.userId === userId;
      if (held !== undefined && held.owner !== conn) {
        // The same user on a newer connection (the old one not yet seen closed) takes over.
        if (held.owner !== null && ours && entry.clock > held.clock) {
          held.owner.awarenessIds.delete(entry.clientId);
          held.owner = conn;
        } else {
          // Stock y-websocket clients re-send every awareness change they receive, others'
          // included: an entry no newer than ours is that echo, not an attempt to speak for
          // someone else.
          if (entry.clock > held.clock) impersonations += 1;
          continue;
        }
      }
      if (held === undefined && !ours) {
        // A freed id of someone else: never claimable; a stale echo of its state is no attempt.
        if (entry.state !== 'null' && entry.clock > (bound?.clock ?? 0)) impersonations += 1;
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
      if (state === null) return { accepted: [], impersonations, invalid: true, bounces: [] };
      if (held !== undefined && entry.clock < held.clock) continue;
      if (state === 'null') {
        this.states.delete(entry.clientId);
        conn.awarenessIds.delete(entry.clientId);
        this.bindings.hold(this.room, entry.clientId, userId, entry.clock);
        this.bindings.release(this.room, entry.clientId, entry.clock);
      } else {
        if (bound !== undefined && entry.clock <= bound.clock && held === undefined)
          bounces.push({ clientId: entry.clientId, clock: bound.clock, state: 'null' });
        this.states.set(entry.clientId, { clock: entry.clock, state, owner: conn });
        conn.awarenessIds.add(entry.clientId);
        this.bindings.hold(this.room, entry.clientId, userId, entry.clock);
      }
      accepted.push({ clientId: entry.clientId, clock: entry.clock, state });
    }
    return { accepted, impersonations, invalid: false, bounces };
  }

  /** Applies entries relayed by another relay process (already checked there). */
  applyFromPeer(entries: readonly AwarenessEntry[]): void {
    for (const entry of entries) {
      const held = this.states.get(entry.clientId);
      if (held !== undefined && (held.owner !== null || entry.clock < held.clock)) continue;
      if (entry.state === 'null') {
        this.states.delete(entry.clientId);
        this.bindings.release(this.room, entry.clientId, entry.clock);
        continue;
      }
      this.states.set(entry.clientId, { clock: entry.clock, state: entry.state, owner: null });
      // The other process re-wrote `user` from a verified token: its id is the owner's. Bound
      // as freed (for the bindings' time, refreshed by each update): this process would never
      // hear of it again if the other one died before telling the room the state is gone.
      const owner = userIdOf(entry.state);
      if (owner !== null) {
        this.bindings.hold(this.room, entry.clientId, owner, entry.clock);
        this.bindings.release(this.room, entry.clientId, entry.clock);
      }
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
      this.bindings.release(this.room, clientId, held.clock + 1);
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

/** The `user.id` of a state the relay re-wrote, or null. */
function userIdOf(state: string): string | null {
  try {
    const parsed = JSON.parse(state) as { user?: { id?: unknown } } | null;
    const id = parsed?.user?.id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}
