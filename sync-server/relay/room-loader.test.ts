import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryDocStore } from '../../shared/storage/memory-doc-store.js';
import { Compactor } from '../storage/compactor.js';
import {
  buildDoc,
  MERGE_ON_LOAD_THRESHOLD,
  MERGE_ON_MAIN_BYTES,
  readRoomState,
} from './room-loader.js';

/** Reads the room and builds its doc, as the relay does. */
async function loadRoom(store: MemoryDocStore, compactor: Compactor, room: string) {
  const read = await readRoomState(store, compactor, room);
  return { ...read, doc: buildDoc(read.state) };
}

const compactors: Compactor[] = [];
afterEach(async () => {
  for (const c of compactors.splice(0)) await c.close();
});

async function storeWith(count: number): Promise<{ store: MemoryDocStore; text: string }> {
  const store = new MemoryDocStore();
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getText('content').insert(0, `${i % 10}`);
  await store.append(updates.map((data) => ({ room: 'w/d', data })));
  return { store, text: doc.getText('content').toString() };
}

describe('readRoomState and buildDoc', () => {
  it('serves a compacted room as its stored snapshot, and a room never written as nothing', async () => {
    const compactor = new Compactor();
    compactors.push(compactor);
    const { store, text } = await storeWith(50);
    const { lastSeq } = await store.load('w/d');
    const snapshot = Y.encodeStateAsUpdate(
      buildDoc(Y.mergeUpdates((await store.load('w/d')).updates.map((u) => u.data))),
    );
    expect(await store.compact('w/d', lastSeq, snapshot)).toBe(true);
    const read = await readRoomState(store, compactor, 'w/d');
    // The very bytes stored: nothing merged, nothing parsed.
    expect(read.state).toEqual(snapshot);
    expect(buildDoc(read.state).getText('content').toString()).toBe(text);
    expect((await readRoomState(store, compactor, 'w/other')).state).toBeNull();
  });

  it('merges a large room in the worker, and a small one at once, leaving the store as it was', async () => {
    const compactor = new Compactor();
    compactors.push(compactor);
    const store = new MemoryDocStore();
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    // 200 paragraphs of 1 kB: above MERGE_ON_MAIN_BYTES, below the write-back threshold.
    for (let i = 0; i < 200; i++) doc.getText('content').insert(0, `${i}`.padEnd(1000, '.'));
    await store.append(updates.map((data) => ({ room: 'w/large', data })));
    const before = compactor.merge.bind(compactor);
    let merges = 0;
    compactor.merge = (snapshot, log) => {
      merges += 1;
      return before(snapshot, log);
    };
    const read = await readRoomState(store, compactor, 'w/large');
    expect(read.stats.logBytes).toBeGreaterThan(MERGE_ON_MAIN_BYTES);
    expect(merges).toBe(1);
    expect(buildDoc(read.state).getText('content').toString()).toBe(
      doc.getText('content').toString(),
    );
    expect((await store.load('w/large')).snapshot).toBeNull();
    await readRoomState(store, compactor, 'w/none');
    expect(merges).toBe(1);
  });

  it('merges a short log and leaves the store as it was', async () => {
    const compactor = new Compactor();
    compactors.push(compactor);
    const { store, text } = await storeWith(100);
    const loaded = await loadRoom(store, compactor, 'w/d');
    expect(loaded.doc.getText('content').toString()).toBe(text);
    expect(loaded.stats).toMatchObject({ lastSeq: 100, logCount: 100, snapshotBytes: 0 });
    expect((await store.load('w/d')).snapshot).toBeNull();
  });

  it('merges a long log in the worker and writes the merged snapshot back', async () => {
    const compactor = new Compactor();
    compactors.push(compactor);
    const count = MERGE_ON_LOAD_THRESHOLD + 200;
    const { store, text } = await storeWith(count);
    const loaded = await loadRoom(store, compactor, 'w/d');
    expect(loaded.doc.getText('content').toString()).toBe(text);
    expect(loaded.stats).toMatchObject({ lastSeq: count, logCount: 0, logBytes: 0 });
    const stored = await store.load('w/d');
    expect(stored.snapshot).not.toBeNull();
    expect(stored.updates).toHaveLength(0);
    expect(stored.snapshotSeq).toBe(count);
  });

  it('rejects, never returns an empty doc, when the stored bytes are not a Yjs update', async () => {
    const compactor = new Compactor();
    compactors.push(compactor);
    const store = new MemoryDocStore();
    await store.append([{ room: 'w/d', data: Uint8Array.of(9, 9, 9) }]);
    await expect(loadRoom(store, compactor, 'w/d')).rejects.toThrow();
  });
});
