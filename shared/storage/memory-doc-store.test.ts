import { describe, expect, it } from 'vitest';
import { registerDocStoreContract } from './doc-store.contract.js';
import { DocStoreClosedError } from './doc-store-checks.js';
import { MemoryDocStore } from './memory-doc-store.js';
import { registerRelayStoreContract } from './relay-store.contract.js';

// No `reopen`: memory has no location to reopen, so the DS9 test is reported as skipped.
registerDocStoreContract('memory', { open: async () => new MemoryDocStore() });
registerRelayStoreContract('memory', { open: async () => new MemoryDocStore() });

describe('MemoryDocStore', () => {
  it('names itself memory', () => {
    expect(new MemoryDocStore().kind).toBe('memory');
  });

  it('[DS8] rejects with DocStoreClosedError, so callers can tell a closed store from a failed one', async () => {
    const store = new MemoryDocStore();
    await store.close();
    await expect(store.load('r')).rejects.toBeInstanceOf(DocStoreClosedError);
    await expect(store.load('r')).rejects.toThrow('memory doc store is closed');
  });

  it('keeps two instances apart', async () => {
    const a = new MemoryDocStore();
    const b = new MemoryDocStore();
    await a.append([{ room: 'r', data: Uint8Array.of(1) }]);
    expect((await b.load('r')).lastSeq).toBe(0);
  });
});
