/**
 * `RelayConnection` in real Chromium against the real relay process, started in Node by
 * `tests/support/browser-relay-setup.ts` (vitest globalSetup), which also provides a TCP proxy
 * the tests cut to take the relay away without stopping it.
 */
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DexieDocStore } from '../storage/dexie-doc-store.js';
import { isDocUpdate } from './inbound-batch.js';
import { LocalPersistence } from './local-persistence.js';
import { RelayConnection, type Refusal } from './relay-connection.js';
import { DexieSyncStateStore, MemorySyncStateStore } from './sync-state-store.js';

declare module 'vitest' {
  // Mirrors `BrowserRelayFixture` in tests/support/browser-relay-setup.ts (Node code, which
  // this folder may not import).
  export interface ProvidedContext {
    ententeRelay: {
      url: string;
      proxyUrl: string;
      controlUrl: string;
      workspace: string;
      tokens: { member: string; member2: string; reviewer: string; expired: string };
    };
  }
}

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

describe('RelayConnection', () => {
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
    const connection = await RelayConnection.open({
      serverUrl: options.url ?? relay.url,
      room,
      doc,
      token,
      syncState: options.syncState ?? new MemorySyncStateStore(),
      backoff: FAST,
      inboundBatchMs: options.inboundBatchMs,
      WebSocketImpl: options.WebSocketImpl,
    });
    cleanups.push(() => connection.destroy());
    return { doc, connection };
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
    const consoleErrors = vi.spyOn(console, 'error');
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
    // Acks (type 100) reach our handler, not the stock "Unable to compute message" branch.
    expect(consoleErrors).not.toHaveBeenCalled();
    consoleErrors.mockRestore();
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
      const { connection } = await connect(room, relay.tokens.member, {
        doc,
        url: relay.proxyUrl,
        syncState,
      });
      const close = async () => {
        await connection.destroy();
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
    const remote: number[] = [];
    a.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin === a.connection.provider && transaction.changed.size > 0)
        remote.push(transaction.changed.size);
    });
    const text = b.doc.getText('body');
    for (const word of ['Article ', 'premier ', 'adopté']) {
      text.insert(text.length, word);
      await new Promise((ok) => setTimeout(ok, 0));
    }
    await waitFor(() => a.doc.getText('body').toString() === 'Article premier adopté', 'b → a');
    expect(remote).toEqual([1]);
    expect(a.connection.unconfirmed).toBe(0);
    // Our own edits are sent at once and counted as before.
    a.doc.getText('body').insert(0, '§ ');
    expect(a.connection.unconfirmed).toBe(1);
    await waitFor(() => b.doc.getText('body').toString().startsWith('§ '), 'a → b');
  });

  it('handles the waiting batch before the connection closes', async () => {
    const room = newRoom();
    let updatesReceived = 0;
    class WatchedWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('message', (event) => {
          if (isDocUpdate(event.data)) updatesReceived += 1;
        });
      }
    }
    const a = await connect(room, relay.tokens.member, {
      WebSocketImpl: WatchedWebSocket,
      inboundBatchMs: 60_000,
    });
    const b = await connect(room, relay.tokens.member2);
    await waitFor(
      () => a.connection.status === 'online' && b.connection.status === 'online',
      'online',
    );
    b.doc.getText('body').insert(0, 'reçu avant la coupure');
    await waitFor(() => updatesReceived === 1, 'the update reached a');
    expect(a.connection.pendingMessages).toBeGreaterThan(0);
    expect(a.doc.getText('body').toString()).toBe('');
    a.connection.disconnect();
    expect(a.connection.pendingMessages).toBe(0);
    expect(a.doc.getText('body').toString()).toBe('reçu avant la coupure');
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

  it('an expired token closes with 4401, surfaces onRefused and stops reconnecting', async () => {
    let sockets = 0;
    class CountedWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets += 1;
      }
    }
    const doc = new Y.Doc();
    const connection = await RelayConnection.open({
      serverUrl: relay.url,
      room: newRoom(),
      doc,
      token: relay.tokens.expired,
      syncState: new MemorySyncStateStore(),
      backoff: FAST,
      WebSocketImpl: CountedWebSocket,
    });
    cleanups.push(() => connection.destroy());
    const refusals: Refusal[] = [];
    connection.onRefused((r) => refusals.push(r));
    await waitFor(() => refusals.length > 0, 'refusal');
    expect(refusals[0]).toMatchObject({ kind: 'closed', code: 4401 });
    await new Promise((ok) => setTimeout(ok, 600));
    expect(sockets).toBe(1);
    expect(connection.status).toBe('offline');
    // A renewed token resumes.
    connection.setToken(relay.tokens.member);
    await waitFor(() => connection.status === 'online', 'online with a fresh token');
  });

  it('[Issue 9, point 11] offers the token as a subprotocol: no URL it opens holds it', async () => {
    const opened: Array<{ url: string; protocols: string[] }> = [];
    class Recording extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        opened.push({ url: String(url), protocols: [protocols ?? []].flat() });
        super(url, protocols);
      }
    }
    const { doc, connection } = await connect(newRoom(), relay.tokens.member, {
      WebSocketImpl: Recording,
    });
    doc.getText('body').insert(0, 'texte');
    await waitFor(() => connection.status === 'online' && connection.unconfirmed === 0, 'acked');
    expect(opened.length).toBeGreaterThan(0);
    for (const { url, protocols } of opened) {
      expect(url).not.toContain(relay.tokens.member);
      expect(url).not.toContain('token');
      expect(url).toMatch(/\?ack=1$/);
      expect(protocols).toEqual(['entente.v1', `entente.token.${relay.tokens.member}`]);
    }
  });

  it('[Issue 9, point 1] renews the token on the open connection: same socket, acks go on', async () => {
    let sockets = 0;
    class Counted extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets += 1;
      }
    }
    const { doc, connection } = await connect(newRoom(), relay.tokens.member, {
      WebSocketImpl: Counted,
    });
    doc.getText('body').insert(0, 'avant');
    await waitFor(() => connection.status === 'online' && connection.unconfirmed === 0, 'acked');
    // The same user's token again (the fixture has one per user): the relay checks it anew.
    connection.setToken(relay.tokens.member);
    await waitFor(() => connection.renewedExpiry !== null, 'Renewed');
    const exp = JSON.parse(
      atob(relay.tokens.member.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')),
    ).exp;
    expect(connection.renewedExpiry).toBe(exp);
    doc.getText('body').insert(5, ', après');
    await waitFor(() => connection.unconfirmed === 0, 'acked after renewal');
    expect(sockets).toBe(1);
    expect(connection.refusal).toBeNull();
  });

  it('[Issue 9, point 1] a renewal the relay refuses closes for good; edits stay unconfirmed', async () => {
    const { doc, connection } = await connect(newRoom());
    await waitFor(() => connection.status === 'online', 'online');
    connection.setToken(relay.tokens.expired);
    await waitFor(() => connection.refusal !== null, 'refused');
    expect(connection.refusal).toMatchObject({ kind: 'closed', code: 4401 });
    doc.getText('body').insert(0, 'gardé');
    expect(connection.unconfirmed).toBe(1);
    // A valid invitation afterwards sends it.
    connection.setToken(relay.tokens.member);
    await waitFor(() => connection.unconfirmed === 0, 'sent with the next token');
  });

  it('another person’s token is not a renewal: the connection reopens with it', async () => {
    let sockets = 0;
    class Counted extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets += 1;
      }
    }
    const { doc, connection } = await connect(newRoom(), relay.tokens.member, {
      WebSocketImpl: Counted,
    });
    await waitFor(() => connection.status === 'online', 'online');
    connection.setToken(relay.tokens.member2, { sameUser: false });
    await waitFor(() => sockets === 2 && connection.status === 'online', 'reconnected');
    doc.getText('body').insert(0, 'Hugo');
    await waitFor(() => connection.unconfirmed === 0, 'acked under the new token');
    expect(connection.refusal).toBeNull();
  });
});
