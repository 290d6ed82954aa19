/**
 * The Dexie store in real Chromium (vitest project `browser`): the shared DocStore contract, then
 * what only this backend has to prove: strict durability, exact copies, several connections.
 * IndexedDB failures (deletion, quota, damage) are in `dexie-doc-store-failures.test.ts`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { registerDocStoreContract } from '../../shared/storage/doc-store.contract.js';
import { DocStoreClosedError } from '../../shared/storage/doc-store-checks.js';
import { DexieDocStore } from './dexie-doc-store.js';

/** A database name no other test uses, so tests never see each other's data. */
const uniqueName = (what: string) => `entente-test-${what}-${crypto.randomUUID()}`;

function settle<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Deletes a database; every connection to it must be closed, or this waits (and times out). */
async function deleteDatabase(name: string): Promise<void> {
  await settle(indexedDB.deleteDatabase(name));
}

/** Opens the database without Dexie, at whatever version it has, to look at what was stored. */
function openRaw(name: string): Promise<IDBDatabase> {
  return settle(indexedDB.open(name));
}

let contractDatabase = '';
registerDocStoreContract('dexie', {
  open() {
    contractDatabase = uniqueName('contract');
    return DexieDocStore.open({ name: contractDatabase });
  },
  reopen: () => DexieDocStore.open({ name: contractDatabase }),
  cleanup: () => deleteDatabase(contractDatabase),
});

describe('DexieDocStore', () => {
  let names: string[] = [];
  let stores: DexieDocStore[] = [];
  let raws: IDBDatabase[] = [];

  const openStore = async (name = uniqueName('store')) => {
    if (!names.includes(name)) names.push(name);
    const store = await DexieDocStore.open({ name });
    stores.push(store);
    return store;
  };
  const inspect = async (name: string) => {
    const raw = await openRaw(name);
    raws.push(raw);
    return raw;
  };

  afterEach(async () => {
    for (const store of stores) await store.close();
    for (const raw of raws) raw.close();
    for (const name of names) await deleteDatabase(name);
    names = [];
    stores = [];
    raws = [];
  });

  it('names itself dexie and keeps one database per name', async () => {
    const alice = await openStore();
    const bob = await openStore();
    expect(alice.kind).toBe('dexie');
    await alice.append([{ room: 'r', data: Uint8Array.of(1) }]);
    expect((await bob.load('r')).lastSeq).toBe(0);
    const databases = (await indexedDB.databases()).map((db) => db.name);
    expect(databases).toEqual(expect.arrayContaining([alice.name, bob.name]));
  });

  it('[DS2] opens every read-write transaction with strict durability', async () => {
    // Wrap IDBDatabase#transaction before opening: Dexie binds it once per connection. We look
    // at the IDBTransaction objects Chromium created, not at Dexie's options.
    const opened: IDBTransaction[] = [];
    const original = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args) {
      const transaction = original.apply(this, args);
      opened.push(transaction);
      return transaction;
    };
    let store: DexieDocStore;
    try {
      store = await openStore();
    } finally {
      IDBDatabase.prototype.transaction = original;
    }
    await store.append([{ room: 'r', data: Uint8Array.of(1) }]);
    await store.append([
      { room: 'r', data: Uint8Array.of(2) },
      { room: 's', data: Uint8Array.of(3) },
    ]);
    await store.compact('r', 2, Uint8Array.of(9));
    await store.load('r');

    const writes = opened.filter((t) => t.mode === 'readwrite');
    expect(writes).toHaveLength(3);
    expect(writes.map((t) => t.durability)).toEqual(['strict', 'strict', 'strict']);
    // Control: without the option Chromium reports 'default' (relaxed), so the assertion above
    // would catch a store that stopped asking.
    const raw = await inspect(store.name);
    expect(raw.transaction('rooms', 'readwrite').durability).toBe('default');
  });

  it('[DS3] stores exactly the bytes of a view, as a copy of their own', async () => {
    const store = await openStore();
    const backing = new Uint8Array(4096).fill(7);
    await store.append([
      { room: 'r', data: backing.subarray(100, 103) },
      { room: 'r', data: backing.subarray(8, 10) },
    ]);
    await store.compact('r', 1, backing.subarray(0, 5));
    const raw = await inspect(store.name);
    const tx = raw.transaction(['updates', 'snapshots']);
    const updates = (await settle(tx.objectStore('updates').getAll())) as Array<{
      data: Uint8Array;
    }>;
    const snapshot = (await settle(tx.objectStore('snapshots').get('r'))) as { data: Uint8Array };
    // A stored subarray would have dragged its whole 4 KiB buffer into IndexedDB.
    expect(snapshot.data.buffer.byteLength).toBe(5);
    expect(updates.map((u) => u.data.buffer.byteLength)).toEqual([2]);
    const loaded = await store.load('r');
    expect(loaded.updates.map((u) => [...u.data])).toEqual([[7, 7]]);
    expect(loaded.updates[0]!.data.buffer.byteLength).toBe(2);
  });

  it('keeps the snapshot out of the room record, so an append never rewrites it', async () => {
    const store = await openStore();
    await store.append([{ room: 'r', data: Uint8Array.of(1) }]);
    await store.compact('r', 1, new Uint8Array(1024));
    await store.append([{ room: 'r', data: Uint8Array.of(2) }]);
    const raw = await inspect(store.name);
    const record = await settle(raw.transaction('rooms').objectStore('rooms').get('r'));
    expect(record).toEqual({ name: 'r', lastSeq: 2, snapshotSeq: 1 });
  });

  it('[DS7] lists rooms sorted by code unit', async () => {
    const store = await openStore();
    const rooms = ['b', 'a', 'é', 'B', 'a/b', '😀', 'Z'];
    await store.append(rooms.map((room) => ({ room, data: Uint8Array.of(0) })));
    expect(await store.listRooms()).toEqual([...rooms].sort());
  });

  it('[DS4] two connections to one database (two tabs) never reuse a seq', async () => {
    const name = uniqueName('tabs');
    const first = await openStore(name);
    const second = await openStore(name);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? first : second).append([
          { room: 'shared', data: Uint8Array.of(i, 0) },
          { room: 'shared', data: Uint8Array.of(i, 1) },
        ]),
      ),
    );
    for (const seqs of results) expect(seqs[1]).toBe(seqs[0]! + 1);
    expect(results.flat().sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    const room = await first.load('shared');
    expect(room.lastSeq).toBe(40);
    expect(room.updates).toHaveLength(40);
  });

  it('[DS9] sees, after reopening, what another connection compacted', async () => {
    const name = uniqueName('reopen');
    const writer = await openStore(name);
    await writer.append([1, 2, 3].map((b) => ({ room: 'r', data: Uint8Array.of(b) })));
    await writer.compact('r', 2, Uint8Array.of(0xcc));
    await writer.close();
    const reader = await openStore(name);
    const room = await reader.load('r');
    expect(room).toMatchObject({ snapshotSeq: 2, lastSeq: 3 });
    expect([...room.snapshot!]).toEqual([0xcc]);
    expect(room.updates.map((u) => u.seq)).toEqual([3]);
  });

  it('[DS8] rejects with DocStoreClosedError after close', async () => {
    const store = await openStore();
    await store.append([{ room: 'r', data: Uint8Array.of(1) }]);
    await store.close();
    await expect(store.load('r')).rejects.toBeInstanceOf(DocStoreClosedError);
    await expect(store.listRooms()).rejects.toThrow('dexie doc store is closed');
  });

  it('rejects an empty database name', async () => {
    await expect(DexieDocStore.open({ name: '' })).rejects.toThrow(TypeError);
  });
});
