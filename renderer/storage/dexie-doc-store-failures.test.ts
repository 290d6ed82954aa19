/**
 * How the Dexie store fails, in real Chromium: a database deleted, upgraded or force-closed under
 * an open store, a profile reset while the app was closed, a full quota, damaged records. In each
 * case the store must reject with a `DexieDocStoreError` saying what happened, never answer with
 * an empty room (DS1 is for rooms never written).
 *
 * The browser-side events are real: another connection deletes or upgrades the database, and the
 * DevTools protocol (`cdp()`) makes Chromium force-close connections and lower the quota, as
 * "clear site data" and a full disk do. Both act on this page's browser context only (Chromium
 * keeps storage and quota per context): vitest gives each parallel session its own context, and
 * the files of one session run one after another. The quota override is reset after each test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cdp } from 'vitest/browser';
import { DexieDocStore } from './dexie-doc-store.js';
import { DexieDocStoreError, type DexieFailureReason } from './dexie-doc-store-errors.js';

const uniqueName = (what: string) => `entente-test-${what}-${crypto.randomUUID()}`;

function settle<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function completion(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new Error('transaction aborted'));
  });
}

const databaseNames = async () => (await indexedDB.databases()).map((db) => db.name);

/** The error `promise` rejects with, checked to be a DexieDocStoreError of `reason`. */
async function failure(
  promise: Promise<unknown>,
  reason: DexieFailureReason,
): Promise<DexieDocStoreError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DexieDocStoreError);
  expect((error as DexieDocStoreError).reason).toBe(reason);
  return error as DexieDocStoreError;
}

describe('DexieDocStore failures', () => {
  let names: string[] = [];
  let stores: DexieDocStore[] = [];

  const openStore = async (name = uniqueName('failure'), mustExist = false) => {
    if (!names.includes(name)) names.push(name);
    const store = await DexieDocStore.open({ name, mustExist });
    stores.push(store);
    return store;
  };

  afterEach(async () => {
    await cdp().send('Storage.overrideQuotaForOrigin', { origin: location.origin });
    for (const store of stores) await store.close();
    for (const name of names) await settle(indexedDB.deleteDatabase(name));
    names = [];
    stores = [];
  });

  it('[DS1] a database deleted by another connection rejects every call; it is not recreated', async () => {
    const store = await openStore();
    await store.append([{ room: 'minutes', data: Uint8Array.of(1, 2, 3) }]);
    // Our connection gets 'versionchange' and must let go, or this deletion would hang.
    await settle(indexedDB.deleteDatabase(store.name));
    const error = await failure(store.load('minutes'), 'lost');
    expect(error.message).toMatch(/deleted by another connection/);
    expect(error.message).toContain(store.name);
    await failure(store.append([{ room: 'minutes', data: Uint8Array.of(4) }]), 'lost');
    await failure(store.listRooms(), 'lost');
    await failure(store.compact('minutes', 1, Uint8Array.of(0)), 'lost');
    expect(await databaseNames()).not.toContain(store.name);
  });

  it('[DS1] a database upgraded by a newer app in another tab rejects with a reload hint', async () => {
    const store = await openStore();
    await store.append([{ room: 'r', data: Uint8Array.of(1) }]);
    const newer = await settle(indexedDB.open(store.name, 990));
    newer.close();
    const error = await failure(store.load('r'), 'lost');
    expect(error.message).toMatch(/upgraded the IndexedDB database to version 99: .*reload/);
  });

  it('[DS1] a database the browser force-closes (site data cleared, store reset) rejects every call', async () => {
    const store = await openStore();
    await store.append([{ room: 'r', data: Uint8Array.of(1) }]);
    // What DevTools' "Delete database" does: Chromium closes the connections without asking
    // (an IDBDatabase 'close' event, as for "clear site data" or a backing store reset).
    await cdp().send('IndexedDB.deleteDatabase', {
      securityOrigin: location.origin,
      databaseName: store.name,
    });
    const error = await failure(store.load('r'), 'lost');
    expect(error.message).toMatch(/browser closed the IndexedDB database/);
    await failure(store.append([{ room: 'r', data: Uint8Array.of(2) }]), 'lost');
    expect(await databaseNames()).not.toContain(store.name);
  });

  it('[DS1] mustExist refuses a database that is gone instead of creating an empty one', async () => {
    const name = uniqueName('profile');
    names.push(name);
    const error = await failure(DexieDocStore.open({ name, mustExist: true }), 'lost');
    expect(error.message).toMatch(/does not exist/);
    expect(await databaseNames()).not.toContain(name);

    const first = await openStore(name);
    await first.append([{ room: 'r', data: Uint8Array.of(1) }]);
    await first.close();
    const again = await openStore(name, true);
    expect((await again.load('r')).lastSeq).toBe(1);
  });

  it('refuses a database written by a newer Entente instead of writing into it', async () => {
    const name = uniqueName('newer');
    names.push(name);
    // What a future schema version would leave: our stores, at a higher IndexedDB version.
    const request = indexedDB.open(name, 20);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('rooms', { keyPath: 'name' });
      request.result.createObjectStore('snapshots', { keyPath: 'room' });
      request.result.createObjectStore('updates', { keyPath: ['room', 'seq'] });
    };
    (await settle(request)).close();
    const error = await failure(DexieDocStore.open({ name }), 'failed');
    expect(error.message).toMatch(/schema version 2 is newer than this build supports \(1\)/);
  });

  it('[DS2] a full quota rejects the append as "quota", writes nothing and consumes no seq', async () => {
    // Chromium reads an origin's quota when its IndexedDB backend for the origin starts and
    // then caches it, so the override must come first and the backend must restart: clearing
    // the origin's IndexedDB (in this browser context only, see above) does that.
    await cdp().send('Storage.overrideQuotaForOrigin', {
      origin: location.origin,
      quotaSize: 1024 * 1024,
    });
    await cdp().send('Storage.clearDataForOrigin', {
      origin: location.origin,
      storageTypes: 'indexeddb',
    });
    const store = await openStore();
    expect(await store.append([{ room: 'r', data: Uint8Array.of(1) }])).toEqual([1]);
    const big = new Uint8Array(4 * 1024 * 1024).map((_, i) => (i * 31) % 251);
    const error = await failure(store.append([{ room: 'r', data: big }]), 'quota');
    expect(error.message).toMatch(/storage is full.*nothing was written.*QuotaExceededError/);
    await failure(store.compact('r', 1, big), 'quota');

    await cdp().send('Storage.overrideQuotaForOrigin', { origin: location.origin });
    const room = await store.load('r');
    expect(room).toMatchObject({ snapshot: null, snapshotSeq: 0, lastSeq: 1 });
    expect(await store.append([{ room: 'r', data: Uint8Array.of(2) }])).toEqual([2]);
  });

  it('a log entry missing underneath fails the load instead of returning a shorter document', async () => {
    const store = await openStore();
    await store.append([1, 2, 3].map((b) => ({ room: 'r', data: Uint8Array.of(b) })));
    await damage(store.name, (tx) => tx.objectStore('updates').delete(['r', 2]));
    const error = await failure(store.load('r'), 'failed');
    expect(error.message).toMatch(/room "r" is inconsistent \(2 log entries instead of 3\)/);
  });

  it('a missing snapshot or a record that is not bytes fails the load', async () => {
    const store = await openStore();
    await store.append([1, 2].map((b) => ({ room: 'r', data: Uint8Array.of(b) })));
    await store.compact('r', 1, Uint8Array.of(0xaa));
    await store.append([{ room: 's', data: Uint8Array.of(1) }]);
    await damage(store.name, (tx) => {
      tx.objectStore('snapshots').delete('r');
      tx.objectStore('updates').put({ room: 's', seq: 1, data: [1] });
    });
    expect((await failure(store.load('r'), 'failed')).message).toMatch(/snapshot is missing/);
    expect((await failure(store.load('s'), 'failed')).message).toMatch(/entry 1 is not bytes/);
  });
});

/** Changes records behind the store's back, through a second connection, in one transaction. */
async function damage(name: string, change: (tx: IDBTransaction) => void): Promise<void> {
  const raw = await settle(indexedDB.open(name));
  try {
    const tx = raw.transaction(['rooms', 'snapshots', 'updates'], 'readwrite');
    change(tx);
    await completion(tx);
  } finally {
    raw.close();
  }
}
