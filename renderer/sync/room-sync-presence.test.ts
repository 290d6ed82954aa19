/**
 * Presence in a room (`RoomSync` with `room-awareness.ts`), in real Chromium against the real
 * relay process: only our own state is sent, and only while shown (opt-in); a returning member
 * shows again at once.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { waitFor } from '../test-support/wait-for.js';
import { CommitteeLink } from './committee-link.js';
import { RoomSync } from './room-sync.js';
import { MemorySyncStateStore } from './sync-state-store.js';

const relay = inject('ententeRelay');
const FAST = { baseMs: 50, maxMs: 400 };

describe('RoomSync presence', () => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const connect = async (room: string, token: string) => {
    const doc = new Y.Doc();
    const link = new CommitteeLink({
      serverUrl: relay.url,
      token,
      backoff: FAST,
      roomBackoff: FAST,
    });
    const connection = await RoomSync.open({
      link,
      room,
      doc,
      syncState: new MemorySyncStateStore(),
    });
    cleanups.push(async () => {
      await connection.destroy();
      link.destroy();
    });
    return { doc, connection };
  };
  /** Two members in a fresh room, both synced. */
  const twoMembers = async () => {
    const room = `${relay.workspace}/doc-${crypto.randomUUID()}`;
    const a = await connect(room, relay.tokens.member);
    const b = await connect(room, relay.tokens.member2);
    await waitFor(
      () => a.connection.status === 'online' && b.connection.status === 'online',
      'online',
    );
    return { a, b };
  };

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('presence: only our own state is sent; a returning member shows again at once', async () => {
    const { a, b } = await twoMembers();
    // Opt-in: a room synced without an editor says nothing about us.
    expect(a.connection.awareness.getLocalState()).toBeNull();
    a.connection.awareness.setLocalStateField('cursor', { at: 0 });
    expect(a.connection.awareness.getLocalState()).toBeNull();
    a.connection.showPresence();
    a.connection.awareness.setLocalStateField('cursor', { at: 1 });
    const seenByB = () => b.connection.awareness.getStates().get(a.doc.clientID);
    await waitFor(() => seenByB()?.['cursor']?.at === 1, 'b sees a');
    // The relay wrote the verified identity into it.
    expect(seenByB()?.['user']).toMatchObject({ id: 'u-member', name: 'Claire Martin' });
    // a leaves the room and comes back with the same clock: the relay answers with the removal
    // it told the room, a's state goes out again with a higher clock, b shows a at once (long
    // before the 15 s renewal).
    a.connection.disconnect();
    await waitFor(() => seenByB() === undefined, 'a gone for b');
    expect([...a.connection.awareness.getStates().keys()]).toEqual([a.doc.clientID]);
    a.connection.reconnect();
    await waitFor(() => seenByB()?.['cursor']?.at === 1, 'a back for b', 3000);
  });

  it('presence is published only while shown: a background room says nothing, hiding removes it', async () => {
    const { a, b } = await twoMembers();
    const seenByB = () => b.connection.awareness.getStates().get(a.doc.clientID);
    // Reconnected, probed, synced: still nothing of a's goes out.
    a.connection.disconnect();
    a.connection.reconnect();
    await waitFor(() => a.connection.status === 'online', 'a back');
    await new Promise((ok) => setTimeout(ok, 300));
    expect(seenByB()).toBeUndefined();
    // Two holders (the editor twice): shown until both stop.
    const first = a.connection.showPresence();
    const second = a.connection.showPresence();
    await waitFor(() => seenByB()?.['user']?.name === 'Claire Martin', 'b sees a');
    first();
    first();
    await new Promise((ok) => setTimeout(ok, 300));
    expect(seenByB()).toBeDefined();
    second();
    await waitFor(() => seenByB() === undefined, 'a gone for b at once');
    expect(a.connection.awareness.getLocalState()).toBeNull();
  });
});
