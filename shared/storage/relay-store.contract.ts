/**
 * The behaviour suite of the relay's stores beyond `DocStore` (DS10–DS12 in `doc-store.ts`):
 * per-workspace usage, room existence, the readiness write. Imported only by tests; run by the
 * memory, SQLite and PostgreSQL stores.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RelayStore } from './doc-store.js';

/** `n` bytes of data (the stores never parse them). */
const sized = (n: number): Uint8Array => new Uint8Array(n).fill(7);

/** How the suite obtains stores of the implementation under test. */
export interface RelayStoreFactory {
  /** Opens an empty store at a fresh location. */
  open(): Promise<RelayStore>;
  /** Opens a second store on the same location (another relay process); omitted if none. */
  openAnother?(): Promise<RelayStore>;
  /** Removes what the factory created, once its stores are closed. */
  cleanup?(): Promise<void>;
}

/** Registers the suite for one implementation. */
export function registerRelayStoreContract(name: string, factory: RelayStoreFactory): void {
  describe(`RelayStore contract: ${name}`, () => {
    let opened: RelayStore[] = [];
    let store: RelayStore;

    beforeEach(async () => {
      store = await factory.open();
      opened.push(store);
    });

    afterEach(async () => {
      for (const s of opened) await s.close();
      opened = [];
      await factory.cleanup?.();
    });

    it('[DS10] a workspace never written uses 0 bytes', async () => {
      await store.append([{ room: 'autre/doc', data: sized(10) }]);
      expect(await store.workspaceBytes('comite')).toBe(0);
    });

    it('[DS10] counts every room of the workspace (content, review, index), no other workspace', async () => {
      await store.append([
        { room: 'comite/charte', data: sized(100) },
        { room: 'comite/charte/_review', data: sized(20) },
        { room: 'comite/_index', data: sized(3) },
        // A workspace whose id extends ours is another workspace.
        { room: 'comite-bis/charte', data: sized(1000) },
        { room: 'autre/charte', data: sized(500) },
      ]);
      await store.append([{ room: 'comite/charte', data: sized(7) }]);
      expect(await store.workspaceBytes('comite')).toBe(130);
      expect(await store.workspaceBytes('comite-bis')).toBe(1000);
    });

    it('[DS10] follows compactions: the folded log is replaced by the snapshot', async () => {
      await store.append([
        { room: 'comite/charte', data: sized(100) },
        { room: 'comite/charte', data: sized(100) },
        { room: 'comite/charte', data: sized(100) },
      ]);
      expect(await store.compact('comite/charte', 2, sized(30))).toBe(true);
      expect(await store.workspaceBytes('comite')).toBe(130);
      expect(await store.compact('comite/charte', 3, sized(50))).toBe(true);
      expect(await store.workspaceBytes('comite')).toBe(50);
    });

    it('[DS10] is the same for another process sharing the store', async () => {
      if (factory.openAnother === undefined) return;
      const other = await factory.openAnother();
      opened.push(other);
      await other.append([{ room: 'comite/charte', data: sized(42) }]);
      expect(await store.workspaceBytes('comite')).toBe(42);
    });

    it('[DS11] hasRoom is true exactly for rooms that were appended to', async () => {
      await store.append([{ room: 'comite/charte', data: sized(1) }]);
      expect(await store.hasRoom('comite/charte')).toBe(true);
      expect(await store.hasRoom('comite/inconnu')).toBe(false);
      expect(await store.hasRoom('comite/charte/_review')).toBe(false);
      await store.compact('comite/charte', 1, sized(1));
      expect(await store.hasRoom('comite/charte')).toBe(true);
    });

    it('[DS12] checkWritable resolves on a healthy store and changes no room', async () => {
      await store.checkWritable();
      await store.checkWritable();
      expect(await store.listRooms()).toEqual([]);
    });

    it('[DS8] the new calls reject once closed', async () => {
      await store.close();
      await expect(store.workspaceBytes('comite')).rejects.toThrow(/closed/);
      await expect(store.hasRoom('comite/charte')).rejects.toThrow(/closed/);
      await expect(store.checkWritable()).rejects.toThrow(/closed/);
    });
  });
}
