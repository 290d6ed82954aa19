/**
 * `StorageWatch` in real Chromium over the real Dexie store: the DevTools protocol lowers this
 * browser context's quota as a full disk would (see dexie-doc-store-failures.test.ts for why the
 * origin's IndexedDB is cleared first), and another connection deletes the database as "clear
 * site data" does. The watch must report each failure with the updates held in memory, and clear
 * it once `LocalPersistence`'s retry gets through.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cdp } from 'vitest/browser';
import * as Y from 'yjs';
import { LocalPersistence } from '../sync/local-persistence.js';
import { DexieDocStore } from './dexie-doc-store.js';
import { checkStorageHealth } from './storage-health.js';
import { StorageWatch } from './storage-watch.js';

const FAST_RETRY = { baseMs: 50, maxMs: 200 };

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

/** Text LevelDB/SQLite cannot compress much, so it really takes its size in the quota. */
function incompressible(length: number): string {
  const letters = new Uint8Array(length);
  crypto.getRandomValues(letters.subarray(0, Math.min(length, 65_536)));
  for (let i = 65_536; i < length; i += 65_536) {
    crypto.getRandomValues(letters.subarray(i, Math.min(length, i + 65_536)));
  }
  return Array.from(letters, (b) => String.fromCharCode(97 + (b % 26))).join('');
}

const setQuota = (quotaSize?: number) =>
  cdp().send('Storage.overrideQuotaForOrigin', {
    origin: location.origin,
    ...(quotaSize === undefined ? {} : { quotaSize }),
  });

describe('StorageWatch', () => {
  const cleanups: Array<() => Promise<unknown>> = [];

  afterEach(async () => {
    await setQuota();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function open(watch: StorageWatch) {
    const name = `entente-test-watch-${crypto.randomUUID()}`;
    const inner = await DexieDocStore.open({ name });
    const store = watch.wrap(inner);
    cleanups.push(async () => {
      await store.close();
      await new Promise((ok) => (indexedDB.deleteDatabase(name).onsuccess = ok));
    });
    const doc = new Y.Doc();
    const persistence = new LocalPersistence(doc, store, 'charte', { retry: FAST_RETRY });
    cleanups.push(() => persistence.destroy().catch(() => undefined));
    await persistence.whenSynced;
    return { name, store, doc, persistence };
  }

  it('reports a full disk with the updates held, then clears once a retry gets through', async () => {
    await setQuota(1024 * 1024);
    await cdp().send('Storage.clearDataForOrigin', {
      origin: location.origin,
      storageTypes: 'indexeddb',
    });
    const watch = new StorageWatch({
      checkSpace: async () => {
        const health = await checkStorageHealth({ requestPersistence: false });
        return { lowSpace: health.lowSpace, availableBytes: health.available };
      },
    });
    const changes: number[] = [];
    watch.subscribe(() => changes.push(watch.state.unsaved));
    const { store, doc, persistence } = await open(watch);
    doc.getText('t').insert(0, 'Préambule. ');
    await persistence.flush();
    expect(watch.state).toMatchObject({ failure: null, unsaved: 0 });

    const big = incompressible(2 * 1024 * 1024);
    doc.getText('t').insert(doc.getText('t').length, big);
    await waitFor(() => watch.state.failure !== null, 'the failure');
    expect(watch.state.failure?.reason).toBe('quota');
    expect(watch.state.failure?.detail).toMatch(/QuotaExceededError/);
    expect(watch.state.unsaved).toBe(1);
    // A failed write triggers a space check (its verdict is not asserted: Chromium's estimate()
    // ignores the DevTools quota override, which only the quota manager's writes obey).
    await waitFor(() => watch.state.space !== null, 'the space check');
    doc.getText('t').insert(0, 'Article 1. ');
    await waitFor(() => watch.state.unsaved === 2, 'the next update held too');

    await setQuota();
    await waitFor(() => watch.state.unsaved === 0, 'the retry', 15_000);
    expect(watch.state.failure).toBeNull();
    await persistence.flush();
    const stored = await store.load('charte');
    const reread = new Y.Doc();
    Y.transact(reread, () => {
      if (stored.snapshot !== null) Y.applyUpdate(reread, stored.snapshot);
      for (const update of stored.updates) Y.applyUpdate(reread, update.data);
    });
    expect(reread.getText('t').toString()).toBe(`Article 1. Préambule. ${big}`);
    expect(changes).toContain(2);
  });

  it('reports a database deleted under the app as lost', async () => {
    const watch = new StorageWatch({
      checkSpace: async () => ({ lowSpace: false, availableBytes: null }),
    });
    const { name, doc } = await open(watch);
    await new Promise((ok) => (indexedDB.deleteDatabase(name).onsuccess = ok));
    doc.getText('t').insert(0, 'Ordre du jour');
    await waitFor(() => watch.state.failure !== null, 'the failure');
    expect(watch.state.failure?.reason).toBe('lost');
    expect(watch.state.unsaved).toBe(1);
  });

  it('measures space at start and on a period, sharing concurrent measures', async () => {
    let calls = 0;
    const watch = new StorageWatch({
      intervalMs: 50,
      checkSpace: async () => {
        calls += 1;
        return { lowSpace: calls > 1, availableBytes: 1000 - calls };
      },
    });
    await Promise.all([watch.checkSpace(), watch.checkSpace()]);
    expect(calls).toBe(1);
    expect(watch.state.space).toEqual({ lowSpace: false, availableBytes: 999 });
    const stop = watch.start();
    await waitFor(() => calls >= 3, 'periodic checks');
    stop();
    const after = calls;
    await new Promise((ok) => setTimeout(ok, 150));
    expect(calls).toBe(after);
    expect(watch.state.space?.lowSpace).toBe(true);
  });
});
