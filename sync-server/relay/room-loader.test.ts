import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryDocStore } from '../../shared/storage/memory-doc-store.js';
import { Compactor } from '../storage/compactor.js';
import { loadRoom, MERGE_ON_LOAD_THRESHOLD } from './room-loader.js';

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

describe('loadRoom', () => {
  it('applies a short log directly and leaves the store as it was', async () => {
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
