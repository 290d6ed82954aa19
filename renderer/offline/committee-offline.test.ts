/**
 * A committee's documents downloaded for offline reading (`committee-offline.ts`) against the
 * real relay (browser project's globalSetup): a second member's app downloads every document
 * the first one created without opening any, a few rooms at a time; reads one it never opened
 * with the relay out of reach; re-downloads a document when the live index says it changed;
 * refreshes every copy when the connection comes back, once the member's own changes are
 * confirmed; a document opened while its byte copy runs is brought up to date through the
 * opened copy.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { contentOf, readMeta } from '../../shared/schema/doc-schema.js';
import { MemoryDocStore } from '../../shared/storage/memory-doc-store.js';
import { Workspaces } from '../app/workspaces.js';
import { membershipOf } from '../committee/membership.js';
import { plainText } from '../documents/document-text.js';
import { MemorySyncStateStore } from '../sync/sync-state-store.js';
import { CONCURRENCY } from './committee-offline.js';
import { fetchDocument } from './fetch-document.js';
import { memoryStorage } from '../test-support/memory-storage.js';
import { waitFor } from '../test-support/wait-for.js';

const relay = inject('ententeRelay');
const control = (what: 'cut' | 'restore') => fetch(`${relay.controlUrl}/${what}`);

async function replica(token: string) {
  const store = new MemoryDocStore();
  const workspaces = await Workspaces.open(
    {
      store,
      syncState: new MemorySyncStateStore(),
      storage: memoryStorage(),
      now: () => Date.now(),
      randomId: () => crypto.randomUUID().slice(0, 8),
    },
    [],
  );
  const checked = membershipOf(relay.proxyUrl, token);
  if (!checked.ok) throw new Error(checked.error);
  const committee = await workspaces.join(checked.membership);
  return { workspaces, committee, store };
}

describe('CommitteeOffline', () => {
  afterEach(async () => {
    await control('restore');
  });

  it('downloads every document a few rooms at a time; one never opened reads offline', async () => {
    const a = await replica(relay.tokens.member);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = await a.committee.workspace.create(i % 2 === 0 ? 'charte' : 'convention');
      await a.committee.workspace.rename(id, `Document hors ligne ${i}`);
      ids.push(id);
    }
    await waitFor(() => a.workspaces.unconfirmed() === 0, 'a’s documents on the relay');

    const b = await replica(relay.tokens.member2);
    const { offline, workspace } = b.committee;
    let mostLoaded = 0;
    let mostBusy = 0;
    await waitFor(() => {
      mostLoaded = Math.max(mostLoaded, workspace.loadedRooms);
      mostBusy = Math.max(mostBusy, offline.downloading.size);
      const states = offline.snapshot().documents;
      return ids.every((id) => states.get(id)?.kind === 'ready');
    }, 'every document ready offline');
    // Bounded, and nothing loaded: rooms nobody has open are copied as bytes (no Y.Doc).
    expect(mostBusy).toBeLessThanOrEqual(CONCURRENCY);
    expect(mostLoaded).toBe(0);
    expect(b.workspaces.unconfirmed()).toBe(0);

    // The relay out of reach: a document b never opened is there, text and title.
    await control('cut');
    await waitFor(() => b.committee.sync.status === 'offline', 'offline');
    const handle = await workspace.acquire(ids[7]!);
    expect(readMeta(handle.doc).meta.title).toBe('Document hors ligne 7');
    expect(plainText(contentOf(handle.doc)).length).toBeGreaterThan(100);
    workspace.release(ids[7]!);
    // Opened: kept whatever the budget from now on.
    expect(offline.isPinned(ids[7]!)).toBe(true);
    await Promise.all([a.workspaces.close(), b.workspaces.close()]);
  });

  it('downloads again what the live index says changed, and every copy on reconnection', async () => {
    const a = await replica(relay.tokens.member);
    const id = await a.committee.workspace.create('ordre-du-jour');
    const other = await a.committee.workspace.create('compte-rendu');
    await waitFor(() => a.workspaces.unconfirmed() === 0, 'on the relay');
    const b = await replica(relay.tokens.member2);
    const { offline } = b.committee;
    const storedAt = (docId: string): number | null => {
      const state = offline.snapshot().documents.get(docId);
      return state?.kind === 'ready' ? state.storedAt : null;
    };
    await waitFor(() => storedAt(id) !== null && storedAt(other) !== null, 'both ready');

    // A renames one: the index changes, b downloads that document again (with its new title).
    const before = { id: storedAt(id)!, other: storedAt(other)! };
    await new Promise((ok) => setTimeout(ok, 5));
    await a.committee.workspace.rename(id, 'Ordre du jour renommé');
    await waitFor(() => (storedAt(id) ?? 0) > before.id, 'the renamed document again');
    expect(storedAt(other)).toBe(before.other);
    await control('cut');
    await waitFor(() => b.committee.sync.status === 'offline', 'offline');
    const handle = await b.committee.workspace.acquire(id);
    expect(readMeta(handle.doc).meta.title).toBe('Ordre du jour renommé');
    b.committee.workspace.release(id);

    // Edited offline: the member's own change, unconfirmed.
    const edited = await b.committee.workspace.acquire(other);
    contentOf(edited.doc).insert(0, [new Y.XmlElement('paragraph')]);
    b.committee.workspace.release(other);
    await waitFor(() => b.workspaces.unconfirmed() > 0, 'an unconfirmed change');

    // The connection comes back: her change goes first — no download starts before the relay
    // confirmed it —, then every copy is brought up to date once more.
    const cut = storedAt(id)!;
    await control('restore');
    let downloadedBeforeConfirmed = false;
    await waitFor(() => {
      if (b.workspaces.unconfirmed() > 0 && offline.downloading.size > 0)
        downloadedBeforeConfirmed = true;
      return (storedAt(id) ?? 0) > cut;
    }, 'refreshed on reconnection');
    expect(downloadedBeforeConfirmed).toBe(false);
    expect(b.workspaces.unconfirmed()).toBe(0);
    await Promise.all([a.workspaces.close(), b.workspaces.close()]);
  });

  it('a document opened while its byte copy runs is brought up to date through that copy', async () => {
    const a = await replica(relay.tokens.member);
    const id = await a.committee.workspace.create('charte');
    await a.committee.workspace.rename(id, 'Charte ouverte pendant sa copie');
    await waitFor(() => a.workspaces.unconfirmed() === 0, 'on the relay');
    const b = await replica(relay.tokens.member2);
    await waitFor(
      () => b.committee.offline.snapshot().documents.get(id)?.kind === 'ready',
      'b’s background copy',
    );

    // A download of the document (as the next pass would start it), and the member opening
    // it at that very moment: the byte copy stops, the opened copy is synced and stored.
    const { workspace, sync } = b.committee;
    const download = fetchDocument({
      workspace,
      link: sync.link,
      store: b.store,
      id,
      signal: new AbortController().signal,
      timeoutMs: 10_000,
    });
    const opened = workspace.acquire(id);
    const outcome = await download;
    expect(outcome.kind).toBe('stored');
    expect(readMeta((await opened).doc).meta.title).toBe('Charte ouverte pendant sa copie');
    workspace.release(id);
    await Promise.all([a.workspaces.close(), b.workspaces.close()]);
  });
});
