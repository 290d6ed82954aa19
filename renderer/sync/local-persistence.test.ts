/**
 * `LocalPersistence` in real Chromium, over the real Dexie store (and, to inject failures, over
 * the in-memory store behind a failing wrapper).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { AppendEntry, DocStore } from '../../shared/storage/doc-store.js';
import { MemoryDocStore } from '../../shared/storage/memory-doc-store.js';
import { DexieDocStore } from '../storage/dexie-doc-store.js';
import { DexieDocStoreError } from '../storage/dexie-doc-store-errors.js';
import { LocalPersistence } from './local-persistence.js';

const ROOM = 'comite/minutes';
const tick = () => new Promise((ok) => setTimeout(ok, 0));

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((ok) => setTimeout(ok, 10));
  }
}

/** A store that counts appends and fails them while `failing` is set. */
class FlakyStore implements DocStore {
  readonly kind = 'flaky';
  appends = 0;
  failing: Error | null = null;
  constructor(readonly inner: DocStore) {}
  load(room: string) {
    return this.inner.load(room);
  }
  async append(entries: readonly AppendEntry[]) {
    this.appends += 1;
    if (this.failing) throw this.failing;
    return this.inner.append(entries);
  }
  compact(room: string, upToSeq: number, snapshot: Uint8Array) {
    return this.inner.compact(room, upToSeq, snapshot);
  }
  listRooms() {
    return this.inner.listRooms();
  }
  close() {
    return this.inner.close();
  }
}

/** A Yjs update inserting `text` into `body`, made by another replica. */
function seed(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('body').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('LocalPersistence', () => {
  const names: string[] = [];
  const stores: DocStore[] = [];
  const openDexie = async (name = `entente-test-persist-${crypto.randomUUID()}`) => {
    if (!names.includes(name)) names.push(name);
    const store = await DexieDocStore.open({ name });
    stores.push(store);
    return store;
  };

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const name of names.splice(0)) indexedDB.deleteDatabase(name);
  });

  it('restores the same content after a simulated reload (destroy, reopen the database)', async () => {
    const store = await openDexie();
    const doc = new Y.Doc();
    const persistence = new LocalPersistence(doc, store, ROOM);
    await persistence.whenSynced;
    doc.getText('body').insert(0, 'Ordre du jour');
    await tick();
    doc.getMap('meta').set('title', 'Séance du 3 mars');
    doc.getText('body').delete(0, 6);
    await persistence.flush();
    await persistence.destroy();
    doc.destroy();
    await store.close();

    const reopened = await openDexie(store.name);
    const doc2 = new Y.Doc();
    const persistence2 = new LocalPersistence(doc2, reopened, ROOM);
    await persistence2.whenSynced;
    expect(doc2.getText('body').toString()).toBe('du jour');
    expect(doc2.getMap('meta').get('title')).toBe('Séance du 3 mars');
    // Loading must not write the loaded updates back.
    expect((await reopened.load(ROOM)).lastSeq).toBe(3);
    await persistence2.destroy();
  });

  it('writes the updates of one tick in one append, and remote updates too', async () => {
    const store = new FlakyStore(new MemoryDocStore());
    const doc = new Y.Doc();
    const persistence = new LocalPersistence(doc, store, ROOM);
    await persistence.whenSynced;
    for (let i = 0; i < 5; i++) doc.getText('body').insert(i, 'x');
    const remote = new Y.Doc();
    remote.getText('other').insert(0, 'from the relay');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), 'provider');
    await persistence.flush();
    expect(store.appends).toBe(1);
    expect((await store.load(ROOM)).updates).toHaveLength(6);
    await persistence.destroy();
  });

  it('compacts the log into a snapshot past the policy threshold, content intact', async () => {
    const store = await openDexie();
    const doc = new Y.Doc();
    const compaction = { maxLogEntries: 5, minLogBytes: 1 << 20, logToSnapshotRatio: 1 };
    const persistence = new LocalPersistence(doc, store, ROOM, { compaction });
    await persistence.whenSynced;
    for (let i = 0; i < 12; i++) {
      doc.getText('body').insert(i, String(i % 10));
      await persistence.flush();
    }
    const stored = await store.load(ROOM);
    expect(stored.snapshot).not.toBeNull();
    expect(stored.updates.length).toBeLessThan(5);
    await persistence.destroy();
    const doc2 = new Y.Doc();
    const persistence2 = new LocalPersistence(doc2, store, ROOM);
    await persistence2.whenSynced;
    expect(doc2.getText('body').toString()).toBe('012345678901');
    await persistence2.destroy();
  });

  it('keeps updates queued through failed writes, reports them, and writes them on retry', async () => {
    const store = new FlakyStore(new MemoryDocStore());
    const doc = new Y.Doc();
    const persistence = new LocalPersistence(doc, store, ROOM, {
      retry: { baseMs: 20, maxMs: 40 },
    });
    await persistence.whenSynced;
    const errors: unknown[] = [];
    persistence.onError((error) => errors.push(error));
    const quota = new DexieDocStoreError('quota', 'profile', 'QuotaExceededError');
    store.failing = quota;
    doc.getText('body').insert(0, 'précieux');
    await expect(persistence.flush()).rejects.toBe(quota);
    expect(persistence.state).toBe('failed');
    expect(persistence.pendingUpdates).toBe(1);
    expect(errors[0]).toBe(quota);
    doc.getText('body').insert(0, 'très ');
    store.failing = null;
    await waitFor(() => persistence.state === 'ready' && persistence.pendingUpdates === 0);
    const doc2 = new Y.Doc();
    for (const entry of (await store.load(ROOM)).updates) Y.applyUpdate(doc2, entry.data);
    expect(doc2.getText('body').toString()).toBe('très précieux');
    await persistence.destroy();
  });

  it('surfaces a database deleted underneath as failed/lost and does not retry', async () => {
    const store = await openDexie();
    const doc = new Y.Doc();
    const persistence = new LocalPersistence(doc, store, ROOM, {
      retry: { baseMs: 10, maxMs: 10 },
    });
    await persistence.whenSynced;
    const errors: unknown[] = [];
    persistence.onError((error) => errors.push(error));
    await new Promise((ok) => {
      indexedDB.deleteDatabase(store.name).onsuccess = ok;
    });
    doc.getText('body').insert(0, 'perdu ?');
    await expect(persistence.flush()).rejects.toBeInstanceOf(DexieDocStoreError);
    await new Promise((ok) => setTimeout(ok, 100));
    expect(errors).toHaveLength(1);
    expect((errors[0] as DexieDocStoreError).reason).toBe('lost');
    expect(persistence.state).toBe('failed');
    expect(persistence.pendingUpdates).toBe(1);
    await expect(persistence.destroy()).rejects.toBeInstanceOf(DexieDocStoreError);
  });

  it('flush called while loading resolves once loaded, also with nothing to write', async () => {
    const doc = new Y.Doc();
    const persistence = new LocalPersistence(doc, new MemoryDocStore(), ROOM);
    await persistence.flush();
    expect(persistence.state).toBe('ready');
    await persistence.destroy();
  });

  it('captures edits made before the load finished and writes them after it', async () => {
    const store = new MemoryDocStore();
    await store.append([{ room: ROOM, data: seed('stored ') }]);
    const doc = new Y.Doc();
    const persistence = new LocalPersistence(doc, store, ROOM);
    doc.getText('early').insert(0, 'too soon');
    await persistence.whenSynced;
    await persistence.flush();
    const doc2 = new Y.Doc();
    for (const entry of (await store.load(ROOM)).updates) Y.applyUpdate(doc2, entry.data);
    expect(doc2.getText('body').toString()).toBe('stored ');
    expect(doc2.getText('early').toString()).toBe('too soon');
    await persistence.destroy();
  });

  it('stops writing after destroy', async () => {
    const store = new FlakyStore(new MemoryDocStore());
    const doc = new Y.Doc();
    const persistence = new LocalPersistence(doc, store, ROOM);
    await persistence.whenSynced;
    doc.getText('body').insert(0, 'a');
    await persistence.destroy();
    doc.getText('body').insert(0, 'b');
    await tick();
    expect((await store.load(ROOM)).updates).toHaveLength(1);
    expect(persistence.state).toBe('destroyed');
  });

  it('stays detached when destroyed while loading', async () => {
    const store = new FlakyStore(new MemoryDocStore());
    await store.append([{ room: ROOM, data: seed('stocké') }]);
    const doc = new Y.Doc();
    const persistence = new LocalPersistence(doc, store, ROOM);
    const destroyed = persistence.destroy();
    await persistence.whenSynced;
    await destroyed;
    expect(doc.getText('body').toString()).toBe('stocké');
    // The load takes its listener off and puts it back; after a destroy it must stay off.
    const observers = (doc as unknown as { _observers: Map<string, Set<unknown>> })._observers;
    expect(observers.get('update')?.size ?? 0).toBe(0);
    doc.getText('body').insert(0, 'b');
    await tick();
    expect(store.appends).toBe(1);
  });

  it('loads with no update listener, so Yjs does not encode the loaded state again', async () => {
    const store = new MemoryDocStore();
    await store.append([{ room: ROOM, data: seed('un long historique') }]);
    const doc = new Y.Doc();
    const persistence = new LocalPersistence(doc, store, ROOM);
    // Yjs encodes a transaction's update only if the doc has 'update' observers when the
    // transaction ends (after 'afterTransaction'): count them for the load's transaction.
    const observers = (doc as unknown as { _observers: Map<string, Set<unknown>> })._observers;
    let listenersAtLoad = -1;
    doc.on('afterTransaction', (transaction) => {
      if (transaction.origin === persistence) listenersAtLoad = observers.get('update')?.size ?? 0;
    });
    await persistence.whenSynced;
    expect(doc.getText('body').toString()).toBe('un long historique');
    expect(listenersAtLoad).toBe(0);
    // Listening again right after: the next edit is written.
    doc.getText('body').insert(0, '+');
    await persistence.flush();
    expect((await store.load(ROOM)).updates).toHaveLength(2);
    await persistence.destroy();
  });

  it('batches updates the relay already holds, and writes them with our next edit or a flush', async () => {
    const store = new FlakyStore(new MemoryDocStore());
    stores.push(store);
    const doc = new Y.Doc();
    const persistence = new LocalPersistence(doc, store, ROOM, {
      deferrable: (origin) => origin === 'relay',
      deferMs: 60_000,
    });
    await persistence.whenSynced;
    const remote = new Y.Doc();
    const remoteText = remote.getText('body');
    const fromRelay = (text: string) => {
      const before = Y.encodeStateVector(remote);
      remoteText.insert(remoteText.length, text);
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, before), 'relay');
    };

    fromRelay('Bonjour');
    fromRelay(' à tous');
    await tick();
    await tick();
    expect(store.appends).toBe(0);
    expect(persistence.pendingUpdates).toBe(2);
    // They are safe on the relay: nothing of ours is waiting.
    expect(persistence.pendingOwnUpdates).toBe(0);

    // Our own edit is written at once, and takes the waiting ones with it.
    doc.getText('notes').insert(0, 'Ordre du jour');
    expect(persistence.pendingOwnUpdates).toBe(1);
    await waitFor(() => persistence.pendingUpdates === 0);
    expect(persistence.pendingOwnUpdates).toBe(0);
    expect(store.appends).toBe(1);
    expect((await store.load(ROOM)).updates).toHaveLength(3);

    fromRelay('.');
    await tick();
    expect(store.appends).toBe(1);
    await persistence.flush();
    expect(store.appends).toBe(2);

    const reloaded = new Y.Doc();
    const stored = await store.load(ROOM);
    for (const entry of stored.updates) Y.applyUpdate(reloaded, entry.data);
    expect(reloaded.getText('body').toString()).toBe('Bonjour à tous.');
    expect(reloaded.getText('notes').toString()).toBe('Ordre du jour');
    await persistence.destroy();
  });

  it('writes deferred updates by themselves after the delay, and on destroy', async () => {
    const store = new FlakyStore(new MemoryDocStore());
    stores.push(store);
    const doc = new Y.Doc();
    const persistence = new LocalPersistence(doc, store, ROOM, {
      deferrable: (origin) => origin === 'relay',
      deferMs: 50,
    });
    await persistence.whenSynced;
    Y.applyUpdate(doc, seed('Relevé de décisions'), 'relay');
    await tick();
    expect(store.appends).toBe(0);
    await waitFor(() => store.appends === 1);
    expect(persistence.pendingUpdates).toBe(0);

    const long = new LocalPersistence(doc, store, 'comite/autre', {
      deferrable: (origin) => origin === 'relay',
      deferMs: 60_000,
    });
    await long.whenSynced;
    Y.applyUpdate(doc, seed('Actions'), 'relay');
    await long.destroy();
    expect((await store.load('comite/autre')).updates).toHaveLength(1);
    await persistence.destroy();
  });
});
