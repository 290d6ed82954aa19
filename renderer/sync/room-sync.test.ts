/**
 * `RoomSync` — one room on a committee's link — in real Chromium against the real relay process
 * (`tests/support/browser-relay-setup.ts`; the fixture's type is declared in
 * `committee-link.test.ts`): acknowledgements and the unconfirmed count across reloads,
 * read-only refusals, renewal in place, the workspace quota, batching of remote updates.
 * Presence is `room-sync-presence.test.ts`.
 */
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import * as Y from 'yjs';
import { decodeMuxClientFrame, decodeMuxRelayFrame } from '../../shared/protocol/mux.js';
import { MessageType, SyncMessageType } from '../../shared/protocol/message-types.js';
import { DexieDocStore } from '../storage/dexie-doc-store.js';
import { CommitteeLink } from './committee-link.js';
import { LocalPersistence } from './local-persistence.js';
import type { Refusal } from './relay-types.js';
import { RoomSync } from './room-sync.js';
import { DexieSyncStateStore, MemorySyncStateStore } from './sync-state-store.js';

const relay = inject('ententeRelay');
const FAST = { baseMs: 50, maxMs: 400 };
const newRoom = (suffix = '') => `${relay.workspace}/doc-${crypto.randomUUID()}${suffix}`;
const control = (what: 'cut' | 'restore') => fetch(`${relay.controlUrl}/${what}`);

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

/** Sockets made, rooms joined, and the document updates received (decoded from the channels). */
function countingSockets() {
  const counts = { sockets: 0, updatesIn: 0, joins: 0 };
  class Counted extends WebSocket {
    override send(data: Uint8Array): void {
      const decoded = decodeMuxClientFrame(data);
      if (decoded.ok && decoded.frame.kind === 'join') counts.joins += 1;
      super.send(data);
    }

    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      counts.sockets += 1;
      this.addEventListener('message', (event) => {
        const decoded = decodeMuxRelayFrame(new Uint8Array(event.data as ArrayBuffer));
        if (!decoded.ok || decoded.frame.kind !== 'room') return;
        const [type, sub] = decoded.frame.message;
        if (type === MessageType.Sync && sub === SyncMessageType.Update) counts.updatesIn += 1;
      });
    }
  }
  return { counts, WebSocketImpl: Counted as typeof WebSocket };
}

describe('RoomSync', () => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const connect = async (
    room: string,
    token = relay.tokens.member,
    options: {
      doc?: Y.Doc;
      url?: string;
      syncState?: MemorySyncStateStore | DexieSyncStateStore;
      inboundBatchMs?: number;
      WebSocketImpl?: typeof WebSocket;
    } = {},
  ) => {
    const doc = options.doc ?? new Y.Doc();
    const link = new CommitteeLink({
      serverUrl: options.url ?? relay.url,
      token,
      backoff: FAST,
      roomBackoff: FAST,
      WebSocketImpl: options.WebSocketImpl,
    });
    const connection = await RoomSync.open({
      link,
      room,
      doc,
      syncState: options.syncState ?? new MemorySyncStateStore(),
      inboundBatchMs: options.inboundBatchMs,
    });
    cleanups.push(async () => {
      await connection.destroy();
      link.destroy();
    });
    return { doc, connection, link };
  };

  afterEach(async () => {
    await control('restore');
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('two replicas converge through the relay; every local edit is acknowledged', async () => {
    const room = newRoom();
    const a = await connect(room);
    const b = await connect(room, relay.tokens.member2);
    const counts: number[] = [];
    const statuses: string[] = [];
    a.connection.onUnconfirmed((n) => counts.push(n));
    a.connection.onStatus((s) => statuses.push(s));
    const consoleProblems = [vi.spyOn(console, 'error'), vi.spyOn(console, 'warn')];
    await waitFor(
      () => a.connection.status === 'online' && b.connection.status === 'online',
      'online',
    );
    a.doc.getText('body').insert(0, 'Article 1');
    b.doc.getMap('meta').set('title', 'Statuts');
    await waitFor(() => b.doc.getText('body').toString() === 'Article 1', 'a → b');
    await waitFor(() => a.doc.getMap('meta').get('title') === 'Statuts', 'b → a');
    await waitFor(() => !a.connection.hasUnconfirmed() && !b.connection.hasUnconfirmed(), 'acks');
    expect(counts[0]).toBe(1);
    expect(counts.at(-1)).toBe(0);
    expect(a.connection.status).toBe('online');
    expect(statuses.slice(0, 2)).toEqual(['syncing', 'online']);
    for (const spy of consoleProblems) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });

  it('counts edits made while the relay is unreachable and clears them after reconnect + ack', async () => {
    const room = newRoom();
    const a = await connect(room, relay.tokens.member, { url: relay.proxyUrl });
    const observer = await connect(room, relay.tokens.member2);
    await waitFor(() => a.connection.status === 'online', 'online');
    await control('cut');
    await waitFor(() => a.connection.status === 'offline', 'offline');
    const text = a.doc.getText('body');
    text.insert(0, 'hors ligne');
    await new Promise((ok) => setTimeout(ok, 0));
    text.delete(0, 5);
    await new Promise((ok) => setTimeout(ok, 0));
    text.insert(0, 'en ');
    // Several reconnection attempts fail while cut; the count only grows.
    await new Promise((ok) => setTimeout(ok, 300));
    expect(a.connection.unconfirmed).toBe(3);
    expect(a.connection.status).toBe('offline');
    await control('restore');
    await waitFor(() => a.connection.unconfirmed === 0, 'acknowledged after reconnect');
    await waitFor(() => observer.doc.getText('body').toString() === 'en ligne', 'delivered');
    expect(a.connection.status).toBe('online');
  });

  it('keeps the unconfirmed count across a reload (IndexedDB), then clears it once acknowledged', async () => {
    const room = newRoom();
    const dbName = `entente-test-sync-${crypto.randomUUID()}`;
    const open = async () => {
      const store = await DexieDocStore.open({ name: dbName });
      const syncState = await DexieSyncStateStore.open(`${dbName}-sync`);
      const doc = new Y.Doc();
      const persistence = new LocalPersistence(doc, store, room);
      await persistence.whenSynced;
      const { connection, link } = await connect(room, relay.tokens.member, {
        doc,
        url: relay.proxyUrl,
        syncState,
      });
      const close = async () => {
        await connection.destroy();
        link.destroy();
        await persistence.destroy();
        await store.close();
        await syncState.close();
        doc.destroy();
      };
      return { doc, connection, close };
    };
    cleanups.push(() => {
      indexedDB.deleteDatabase(dbName);
      indexedDB.deleteDatabase(`${dbName}-sync`);
    });
    await control('cut');
    const first = await open();
    first.doc.getText('body').insert(0, 'brouillon');
    first.doc.getText('body').delete(0, 4);
    expect(first.connection.unconfirmed).toBe(2);
    await first.close();

    const second = await open();
    expect(second.connection.unconfirmed).toBe(2);
    expect(second.doc.getText('body').toString()).toBe('illon');
    await control('restore');
    await waitFor(() => second.connection.unconfirmed === 0, 'acknowledged');
    await second.close();

    const third = await open();
    expect(third.connection.unconfirmed).toBe(0);
    await third.close();
  });

  it('applies the updates that arrive within one window in one transaction, as remote ones', async () => {
    const room = newRoom();
    // A window far longer than the relay needs to pass three updates on, even on a busy machine.
    const a = await connect(room, relay.tokens.member, { inboundBatchMs: 2000 });
    const b = await connect(room, relay.tokens.member2);
    await waitFor(
      () => a.connection.status === 'online' && b.connection.status === 'online',
      'online',
    );
    const remote: Array<{ changed: number; local: boolean }> = [];
    a.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin === a.connection.origin && transaction.changed.size > 0)
        remote.push({ changed: transaction.changed.size, local: transaction.local });
    });
    const text = b.doc.getText('body');
    for (const word of ['Article ', 'premier ', 'adopté']) {
      text.insert(text.length, word);
      await new Promise((ok) => setTimeout(ok, 0));
    }
    await waitFor(() => a.doc.getText('body').toString() === 'Article premier adopté', 'b → a');
    // One transaction, and not a local one: the editor and the index see others' edits.
    expect(remote).toEqual([{ changed: 1, local: false }]);
    expect(a.connection.unconfirmed).toBe(0);
    // Our own edits are sent at once and counted as before.
    a.doc.getText('body').insert(0, '§ ');
    expect(a.connection.unconfirmed).toBe(1);
    await waitFor(() => b.doc.getText('body').toString().startsWith('§ '), 'a → b');
  });

  it('handles the waiting batch before the room leaves its channel', async () => {
    const room = newRoom();
    const watched = countingSockets();
    const a = await connect(room, relay.tokens.member, {
      WebSocketImpl: watched.WebSocketImpl,
      inboundBatchMs: 60_000,
    });
    const b = await connect(room, relay.tokens.member2);
    await waitFor(
      () => a.connection.status === 'online' && b.connection.status === 'online',
      'online',
    );
    b.doc.getText('body').insert(0, 'reçu avant la coupure');
    await waitFor(() => watched.counts.updatesIn === 1, 'the update reached a');
    expect(a.connection.pendingMessages).toBeGreaterThan(0);
    expect(a.doc.getText('body').toString()).toBe('');
    a.connection.disconnect();
    expect(a.connection.pendingMessages).toBe(0);
    expect(a.doc.getText('body').toString()).toBe('reçu avant la coupure');
    expect(a.connection.status).toBe('offline');
    // The link itself carries on; asked again, the room syncs on a new channel.
    expect(a.link.connected).toBe(true);
    a.connection.reconnect();
    await waitFor(() => a.connection.status === 'online', 'online again');
    expect(watched.counts.sockets).toBe(1);
  });

  it('a reviewer in a content room is refused: read-only, edits never count as saved', async () => {
    const room = newRoom();
    const member = await connect(room);
    member.doc.getText('body').insert(0, 'texte adopté');
    await waitFor(() => !member.connection.hasUnconfirmed(), 'member acked');
    const reviewer = await connect(room, relay.tokens.reviewer);
    const refusals: Refusal[] = [];
    reviewer.connection.onRefused((r) => refusals.push(r));
    await waitFor(() => reviewer.doc.getText('body').toString() === 'texte adopté', 'read');
    expect(reviewer.connection.readOnly).toBe(false);
    reviewer.doc.getText('body').insert(0, 'modifié : ');
    await waitFor(() => reviewer.connection.readOnly, 'permission denied');
    expect(refusals).toEqual([{ kind: 'permission-denied', reason: expect.any(String) }]);
    // Give the relay time to acknowledge (it settles refused updates too): still unconfirmed.
    member.doc.getText('body').insert(0, '!');
    await waitFor(() => reviewer.doc.getText('body').toString().includes('!'), 'relay alive');
    expect(reviewer.connection.unconfirmed).toBe(1);
    expect(member.doc.getText('body').toString()).toBe('!texte adopté');
  });

  it('a reviewer may write the review room: edits are acknowledged', async () => {
    // Review rooms exist only for documents that exist (issue 9, point 3): a member writes first.
    const room = newRoom();
    const member = await connect(room);
    member.doc.getText('body').insert(0, 'texte à relire');
    await waitFor(() => member.connection.unconfirmed === 0, 'document stored');
    const reviewer = await connect(`${room}/_review`, relay.tokens.reviewer);
    reviewer.doc.getArray('comments').push(['À reformuler']);
    await waitFor(() => reviewer.connection.unconfirmed === 0, 'acked');
    expect(reviewer.connection.readOnly).toBe(false);
  });

  it('[Issue 9, point 1] renews the token on the open connection: same socket, acks go on', async () => {
    const watched = countingSockets();
    const { doc, connection, link } = await connect(newRoom(), relay.tokens.member, {
      WebSocketImpl: watched.WebSocketImpl,
    });
    doc.getText('body').insert(0, 'avant');
    await waitFor(() => connection.status === 'online' && connection.unconfirmed === 0, 'acked');
    // The same user's token again (the fixture has one per user): the relay checks it anew.
    link.setToken(relay.tokens.member);
    await waitFor(() => connection.renewedExpiry !== null, 'renewed');
    const exp = JSON.parse(
      atob(relay.tokens.member.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')),
    ).exp;
    expect(connection.renewedExpiry).toBe(exp);
    doc.getText('body').insert(5, ', après');
    await waitFor(() => connection.unconfirmed === 0, 'acked after renewal');
    expect(watched.counts.sockets).toBe(1);
    expect(connection.refusal).toBeNull();
  });

  it('[Issue 9, point 1] a renewal the relay refuses closes for good; edits stay unconfirmed', async () => {
    const { doc, connection, link } = await connect(newRoom());
    await waitFor(() => connection.status === 'online', 'online');
    link.setToken(relay.tokens.expired);
    await waitFor(() => connection.refusal !== null, 'refused');
    expect(connection.refusal).toMatchObject({ kind: 'closed', code: 4401 });
    doc.getText('body').insert(0, 'gardé');
    expect(connection.unconfirmed).toBe(1);
    // A valid invitation afterwards sends it.
    link.setToken(relay.tokens.member);
    await waitFor(() => connection.unconfirmed === 0, 'sent with the next token');
  });

  it('another person’s token is not a renewal: the connection reopens with it', async () => {
    const watched = countingSockets();
    const { doc, connection, link } = await connect(newRoom(), relay.tokens.member, {
      WebSocketImpl: watched.WebSocketImpl,
    });
    await waitFor(() => connection.status === 'online', 'online');
    link.setToken(relay.tokens.member2, { sameUser: false });
    await waitFor(() => watched.counts.sockets === 2 && connection.status === 'online', 'reopened');
    doc.getText('body').insert(0, 'Hugo');
    await waitFor(() => connection.unconfirmed === 0, 'acked under the new token');
    expect(connection.refusal).toBeNull();
  });

  it('a full workspace (4507): the edit stays unconfirmed, the room keeps retrying, reading goes on', async () => {
    const room = `${relay.workspace}/quota-${crypto.randomUUID()}`;
    const watched = countingSockets();
    const writer = await connect(room, relay.tokens.member, {
      url: relay.quotaUrl,
      WebSocketImpl: watched.WebSocketImpl,
    });
    const reader = await connect(room, relay.tokens.member2, { url: relay.quotaUrl });
    writer.doc.getText('body').insert(0, 'tient dans le quota');
    await waitFor(() => writer.connection.unconfirmed === 0, 'first edit stored');
    await waitFor(() => reader.doc.getText('body').length > 0, 'read');
    const fullChanges: boolean[] = [];
    writer.connection.onWorkspaceFull((full) => fullChanges.push(full));
    writer.doc.getText('body').insert(0, 'x'.repeat(relay.quotaBytes * 2));
    await waitFor(() => writer.connection.workspaceFull, 'workspace full');
    expect(fullChanges).toEqual([true]);
    expect(writer.connection.unconfirmed).toBe(1);
    expect(writer.connection.refusal).toBeNull();
    // Still retried (the room joins again, the relay refuses again), never stored; one socket.
    const joins = watched.counts.joins;
    await waitFor(() => watched.counts.joins >= joins + 2, 'rejoined with backoff');
    expect(watched.counts.sockets).toBe(1);
    expect(writer.connection.workspaceFull).toBe(true);
    expect(writer.connection.unconfirmed).toBe(1);
    expect(reader.doc.getText('body').toString()).toBe('tient dans le quota');
    expect(reader.connection.status).toBe('online');
  });
});
