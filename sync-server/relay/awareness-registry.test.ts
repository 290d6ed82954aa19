import { describe, expect, it } from 'vitest';
import type { Role } from '../../shared/model/roles.js';
import {
  DEFAULT_AWARENESS_LIMITS,
  parseAwarenessUpdate,
  type AwarenessEntry,
} from '../../shared/protocol/awareness.js';
import { AwarenessBindings } from './awareness-bindings.js';
import { AwarenessRegistry, MAX_AWARENESS_IDS_PER_CONNECTION } from './awareness-registry.js';
import { Connection } from './connection.js';
import { RateLimiter } from './rate-limiter.js';
import { RecordingSocket } from './testing/recording-socket.js';
import { testIdentity } from './testing/relay-harness.js';

function connection(userId: string, role: Role = 'member'): Connection {
  const limiter = new RateLimiter(
    { messagesPerSecond: 10, messageBurst: 10, bytesPerSecond: 1e6, byteBurst: 1e6 },
    () => 0,
  );
  return new Connection(new RecordingSocket(), testIdentity(role, userId), 'write', false, limiter);
}

function entry(clientId: number, clock: number, state: unknown): AwarenessEntry {
  return { clientId, clock, state: JSON.stringify(state) };
}

function statesOf(registry: AwarenessRegistry): Map<number, { clock: number; state: unknown }> {
  const all = registry.encodeAll();
  const result = new Map<number, { clock: number; state: unknown }>();
  if (all === null) return result;
  const parsed = parseAwarenessUpdate(all, { maxEntries: 1000, maxStateLength: 1e6 });
  if (!parsed.ok) throw new Error(parsed.reason);
  for (const e of parsed.entries)
    result.set(e.clientId, { clock: e.clock, state: JSON.parse(e.state) });
  return result;
}

const alice = (): Connection => connection('alice');

describe('AwarenessRegistry.applyFromClient', () => {
  it('accepts a new client id and re-writes user to the verified identity', () => {
    const registry = new AwarenessRegistry();
    const conn = alice();
    const outcome = registry.applyFromClient(conn, [
      entry(10, 1, { user: { name: 'Le Président', color: '#112233' }, cursor: { head: 4 } }),
    ]);
    expect(outcome.impersonations).toBe(0);
    expect(outcome.invalid).toBe(false);
    expect(outcome.accepted).toHaveLength(1);
    const expectedState = {
      user: { id: 'alice', name: 'Name of alice', org: 'AMF', role: 'member', color: '#112233' },
      cursor: { head: 4 },
    };
    expect(JSON.parse(outcome.accepted[0]?.state ?? '')).toEqual(expectedState);
    expect(statesOf(registry).get(10)).toEqual({ clock: 1, state: expectedState });
    expect([...conn.awarenessIds]).toEqual([10]);
  });

  it('refuses updates from a second connection for an id the first owns', () => {
    const registry = new AwarenessRegistry();
    const owner = alice();
    const intruder = connection('mallory');
    registry.applyFromClient(owner, [entry(10, 1, { cursor: 1 })]);
    const outcome = registry.applyFromClient(intruder, [entry(10, 99, { cursor: 2 })]);
    expect(outcome).toEqual({ accepted: [], impersonations: 1, invalid: false, bounces: [] });
    expect(statesOf(registry).get(10)?.state).toMatchObject({ cursor: 1, user: { id: 'alice' } });
    expect(intruder.awarenessIds.size).toBe(0);
  });

  it('refuses a removal (null state) of another connection id', () => {
    const registry = new AwarenessRegistry();
    const owner = alice();
    registry.applyFromClient(owner, [entry(10, 1, { cursor: 1 })]);
    const outcome = registry.applyFromClient(connection('mallory'), [entry(10, 2, null)]);
    expect(outcome.impersonations).toBe(1);
    expect(outcome.accepted).toEqual([]);
    expect(registry.size).toBe(1);
  });

  it('lets the owner remove its own state with null', () => {
    const registry = new AwarenessRegistry();
    const owner = alice();
    registry.applyFromClient(owner, [entry(10, 1, { cursor: 1 })]);
    const outcome = registry.applyFromClient(owner, [entry(10, 2, null)]);
    expect(outcome.accepted).toEqual([{ clientId: 10, clock: 2, state: 'null' }]);
    expect(registry.size).toBe(0);
    expect(owner.awarenessIds.size).toBe(0);
    expect(registry.encodeAll()).toBeNull();
  });

  it(`allows at most ${MAX_AWARENESS_IDS_PER_CONNECTION} client ids per connection`, () => {
    const registry = new AwarenessRegistry();
    const conn = alice();
    const outcome = registry.applyFromClient(
      conn,
      [1, 2, 3, 4, 5].map((id) => entry(id, 1, { n: id })),
    );
    expect(outcome.accepted.map((e) => e.clientId)).toEqual([1, 2, 3, 4]);
    expect(outcome.impersonations).toBe(1);
    expect(registry.size).toBe(MAX_AWARENESS_IDS_PER_CONNECTION);
    // Updating an id it already owns is still allowed at the limit.
    expect(registry.applyFromClient(conn, [entry(4, 2, { n: 'again' })]).accepted).toHaveLength(1);
    // Freeing one id makes room for another.
    registry.applyFromClient(conn, [entry(1, 2, null)]);
    expect(registry.applyFromClient(conn, [entry(6, 1, { n: 6 })]).accepted).toHaveLength(1);
  });

  it('ignores a state older than the one held, keeps a newer one', () => {
    const registry = new AwarenessRegistry();
    const conn = alice();
    registry.applyFromClient(conn, [entry(10, 5, { v: 'five' })]);
    const stale = registry.applyFromClient(conn, [entry(10, 4, { v: 'four' })]);
    expect(stale).toEqual({ accepted: [], impersonations: 0, invalid: false, bounces: [] });
    expect(statesOf(registry).get(10)).toMatchObject({ clock: 5, state: { v: 'five' } });
    const staleRemoval = registry.applyFromClient(conn, [entry(10, 3, null)]);
    expect(staleRemoval.accepted).toEqual([]);
    expect(registry.size).toBe(1);
    registry.applyFromClient(conn, [entry(10, 6, { v: 'six' })]);
    expect(statesOf(registry).get(10)).toMatchObject({ clock: 6, state: { v: 'six' } });
  });

  it.each(['[1,2]', '42', '"me"', 'not json'])(
    'reports %j as invalid and accepts nothing',
    (bad) => {
      const registry = new AwarenessRegistry();
      const outcome = registry.applyFromClient(alice(), [{ clientId: 10, clock: 1, state: bad }]);
      expect(outcome.invalid).toBe(true);
      expect(outcome.accepted).toEqual([]);
      expect(registry.size).toBe(0);
    },
  );
});

describe('AwarenessRegistry.removeConnection', () => {
  it('returns a null-state entry with clock + 1 for each id the connection owned', () => {
    const registry = new AwarenessRegistry();
    const conn = alice();
    const other = connection('bob');
    registry.applyFromClient(conn, [entry(1, 3, { a: 1 }), entry(2, 7, { a: 2 })]);
    registry.applyFromClient(other, [entry(9, 1, { b: 1 })]);
    const removed = registry.removeConnection(conn);
    expect(removed.sort((a, b) => a.clientId - b.clientId)).toEqual([
      { clientId: 1, clock: 4, state: 'null' },
      { clientId: 2, clock: 8, state: 'null' },
    ]);
    expect([...statesOf(registry).keys()]).toEqual([9]);
    expect(conn.awarenessIds.size).toBe(0);
    expect(registry.removeConnection(conn)).toEqual([]);
  });

  it('frees the ids for a later connection of the same user only', () => {
    const registry = new AwarenessRegistry();
    const first = alice();
    registry.applyFromClient(first, [entry(1, 3, { a: 1 })]);
    registry.removeConnection(first);
    const squatter = connection('bob');
    expect(registry.applyFromClient(squatter, [entry(1, 500, { b: 1 })])).toEqual({
      accepted: [],
      impersonations: 1,
      invalid: false,
      bounces: [],
    });
    expect(squatter.awarenessIds.size).toBe(0);
    const back = alice();
    expect(registry.applyFromClient(back, [entry(1, 5, { a: 2 })]).accepted).toHaveLength(1);
    expect(statesOf(registry).get(1)?.state).toMatchObject({ a: 2, user: { id: 'alice' } });
  });
});

describe('AwarenessRegistry: ids bound to their user ([Hardening 8])', () => {
  it('a stale echo of a freed id is dropped without counting it as an attempt', () => {
    const registry = new AwarenessRegistry();
    const owner = alice();
    registry.applyFromClient(owner, [entry(7, 3, { a: 1 })]);
    registry.removeConnection(owner); // the room was told: id 7 removed at clock 4
    const peer = connection('bob');
    const echo = registry.applyFromClient(peer, [entry(7, 3, { a: 1 })]);
    expect(echo).toEqual({ accepted: [], impersonations: 0, invalid: false, bounces: [] });
  });

  it('brings a returning owner above the removal the room saw: its clock is bounced back', () => {
    const registry = new AwarenessRegistry();
    const owner = alice();
    registry.applyFromClient(owner, [entry(7, 3, { a: 1 })]);
    expect(registry.removeConnection(owner)).toEqual([{ clientId: 7, clock: 4, state: 'null' }]);
    // Its laptop slept; the same awareness (clock 3) comes back on a new connection.
    const back = alice();
    const outcome = registry.applyFromClient(back, [entry(7, 3, { a: 1 })]);
    expect(outcome.accepted).toHaveLength(1);
    expect(outcome.bounces).toEqual([{ clientId: 7, clock: 4, state: 'null' }]);
    // y-protocols answers a removal of its own id at 4 by re-sending its state at 5.
    const answer = registry.applyFromClient(back, [entry(7, 5, { a: 1 })]);
    expect(answer.accepted).toEqual([expect.objectContaining({ clientId: 7, clock: 5 })]);
    expect(answer.bounces).toEqual([]);
  });

  it('lets the same user take an id over from a connection not yet seen closed, with a newer clock', () => {
    const registry = new AwarenessRegistry();
    const old = alice();
    registry.applyFromClient(old, [entry(7, 3, { a: 1 })]);
    const fresh = alice();
    // The echo of its own state at the same clock does not move it.
    expect(registry.applyFromClient(fresh, [entry(7, 3, { a: 1 })]).accepted).toEqual([]);
    expect(registry.applyFromClient(fresh, [entry(7, 4, { a: 2 })]).accepted).toHaveLength(1);
    expect([...fresh.awarenessIds]).toEqual([7]);
    expect(old.awarenessIds.size).toBe(0);
    // When the old socket's close is finally seen, the id is not removed from under the new one.
    expect(registry.removeConnection(old)).toEqual([]);
    expect(statesOf(registry).get(7)?.state).toMatchObject({ a: 2 });
  });

  it('binds ids relayed from another relay process to the user their state names', () => {
    const registry = new AwarenessRegistry();
    registry.applyFromPeer([entry(9, 2, { user: { id: 'chair' } })]);
    registry.applyFromPeer([entry(9, 3, null)]);
    const squatter = connection('reviewer-1', 'reviewer');
    expect(registry.applyFromClient(squatter, [entry(9, 99, { x: 1 })]).impersonations).toBe(1);
    expect(
      registry.applyFromClient(connection('chair'), [entry(9, 4, { x: 1 })]).accepted,
    ).toHaveLength(1);
  });

  it('keeps bindings across rooms unloaded and reloaded when they share the relay bindings', () => {
    const bindings = new AwarenessBindings(() => 0);
    const before = new AwarenessRegistry('comite/charte', bindings);
    const owner = alice();
    before.applyFromClient(owner, [entry(7, 3, { a: 1 })]);
    before.removeConnection(owner);
    const after = new AwarenessRegistry('comite/charte', bindings);
    expect(after.applyFromClient(connection('bob'), [entry(7, 50, { b: 1 })]).impersonations).toBe(
      1,
    );
    const elsewhere = new AwarenessRegistry('comite/autre', bindings);
    expect(
      elsewhere.applyFromClient(connection('bob'), [entry(7, 50, { b: 1 })]).accepted,
    ).toHaveLength(1);
  });
});

describe('AwarenessBindings', () => {
  it('forgets a freed id after its time, and the oldest freed ids beyond the cap', () => {
    let now = 0;
    const bindings = new AwarenessBindings(() => now, 1000, 2);
    for (const id of [1, 2, 3]) bindings.hold('r', id, 'u', 1);
    bindings.release('r', 1, 2);
    expect(bindings.get('r', 1)).toEqual(expect.objectContaining({ userId: 'u', clock: 2 }));
    now = 1000;
    expect(bindings.get('r', 1)).toBeUndefined();
    bindings.release('r', 2, 2);
    bindings.release('r', 3, 2);
    bindings.hold('r', 4, 'u', 1);
    bindings.release('r', 4, 2);
    expect(bindings.get('r', 2)).toBeUndefined(); // the oldest of three freed, cap 2
    expect(bindings.get('r', 3)).toBeDefined();
    expect(bindings.get('r', 4)).toBeDefined();
    // Held ids never expire.
    bindings.hold('r', 5, 'u', 1);
    now = 10_000_000;
    expect(bindings.get('r', 5)).toBeDefined();
    expect(bindings.size).toBeLessThanOrEqual(3);
  });
});

describe('AwarenessRegistry.encodeAll', () => {
  it('is null for an empty room', () => {
    expect(new AwarenessRegistry().encodeAll()).toBeNull();
  });

  it('holds every state of every connection and of peers, within default limits', () => {
    const registry = new AwarenessRegistry();
    registry.applyFromClient(alice(), [entry(1, 1, { a: 1 })]);
    registry.applyFromClient(connection('bob', 'observer'), [entry(2, 4, { b: 1 })]);
    registry.applyFromPeer([entry(3, 2, { user: { id: 'remote' } })]);
    const all = registry.encodeAll();
    expect(all).not.toBeNull();
    expect(parseAwarenessUpdate(all ?? new Uint8Array(), DEFAULT_AWARENESS_LIMITS).ok).toBe(true);
    const states = statesOf(registry);
    expect([...states.keys()].sort()).toEqual([1, 2, 3]);
    expect(states.get(2)).toMatchObject({ clock: 4, state: { user: { role: 'observer' } } });
    expect(states.get(3)).toEqual({ clock: 2, state: { user: { id: 'remote' } } });
  });
});

describe('AwarenessRegistry.applyFromPeer', () => {
  it('never overrides or removes a state owned by a local connection', () => {
    const registry = new AwarenessRegistry();
    registry.applyFromClient(alice(), [entry(1, 1, { local: true })]);
    registry.applyFromPeer([entry(1, 50, { forged: true })]);
    registry.applyFromPeer([entry(1, 51, null)]);
    expect(statesOf(registry).get(1)).toMatchObject({ clock: 1, state: { local: true } });
  });

  it('adds, updates with newer clocks, ignores older clocks, and removes peer states', () => {
    const registry = new AwarenessRegistry();
    registry.applyFromPeer([entry(7, 2, { v: 2 })]);
    registry.applyFromPeer([entry(7, 1, { v: 1 })]);
    expect(statesOf(registry).get(7)).toEqual({ clock: 2, state: { v: 2 } });
    registry.applyFromPeer([entry(7, 3, { v: 3 })]);
    expect(statesOf(registry).get(7)).toEqual({ clock: 3, state: { v: 3 } });
    registry.applyFromPeer([entry(7, 4, null)]);
    expect(registry.size).toBe(0);
  });

  it('makes a peer-owned id unavailable to local connections', () => {
    const registry = new AwarenessRegistry();
    registry.applyFromPeer([entry(7, 2, { remote: true })]);
    const outcome = registry.applyFromClient(alice(), [entry(7, 9, { local: true })]);
    expect(outcome.impersonations).toBe(1);
    expect(statesOf(registry).get(7)?.state).toEqual({ remote: true });
  });
});
