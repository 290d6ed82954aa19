import { describe, expect, it } from 'vitest';
import type { Role } from '../../shared/model/roles.js';
import {
  DEFAULT_AWARENESS_LIMITS,
  parseAwarenessUpdate,
  type AwarenessEntry,
} from '../../shared/protocol/awareness.js';
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
    expect(outcome).toEqual({ accepted: [], impersonations: 1, invalid: false });
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
    expect(stale).toEqual({ accepted: [], impersonations: 0, invalid: false });
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

  it('frees the ids for a later connection', () => {
    const registry = new AwarenessRegistry();
    const first = alice();
    registry.applyFromClient(first, [entry(1, 3, { a: 1 })]);
    registry.removeConnection(first);
    const second = connection('bob');
    expect(registry.applyFromClient(second, [entry(1, 5, { b: 1 })]).accepted).toHaveLength(1);
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
