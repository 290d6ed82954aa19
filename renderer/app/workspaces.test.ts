/**
 * Committee workspaces against the real relay (browser project's globalSetup): two members on
 * two replicas (separate stores and sync-state stores) share the index and the documents, the
 * unconfirmed count follows the relay's acknowledgements, and the local workspace is untouched.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { contentOf } from '../../shared/schema/doc-schema.js';
import { MemoryDocStore } from '../../shared/storage/memory-doc-store.js';
import { membershipOf, readMemberships } from '../committee/membership.js';
import { plainText } from '../documents/document-text.js';
import { MemorySyncStateStore } from '../sync/sync-state-store.js';
import { Workspaces } from './workspaces.js';
import { memoryStorage } from '../test-support/memory-storage.js';
import { waitFor } from '../test-support/wait-for.js';

const relay = inject('ententeRelay');
const control = (what: 'cut' | 'restore') => fetch(`${relay.controlUrl}/${what}`);

async function replica(token: string) {
  const options = {
    store: new MemoryDocStore(),
    syncState: new MemorySyncStateStore(),
    storage: memoryStorage(),
    now: () => Date.now(),
    randomId: () => crypto.randomUUID().slice(0, 8),
  };
  const workspaces = await Workspaces.open(options, []);
  const checked = membershipOf(relay.proxyUrl, token);
  if (!checked.ok) throw new Error(checked.error);
  const committee = await workspaces.join(checked.membership);
  return { workspaces, committee, options };
}

describe('Workspaces', () => {
  afterEach(async () => {
    await control('restore');
  });

  it('shares the index and documents between members; counts what the relay lacks', async () => {
    const a = await replica(relay.tokens.member);
    const b = await replica(relay.tokens.member2);
    const local = await a.workspaces.local.create('ordre-du-jour');
    const id = await a.committee.workspace.create('charte');
    // The local document stays local; the committee's reaches the other member's index.
    await waitFor(() => b.committee.workspace.list().some((e) => e.id === id), 'index sync');
    expect(b.committee.workspace.list().some((e) => e.id === local)).toBe(false);
    expect(a.workspaces.local.list().map((e) => e.id)).toEqual([local]);

    const docA = await a.committee.workspace.acquire(id);
    const docB = await b.committee.workspace.acquire(id);
    expect(docA.connection?.room).toBe(`${relay.workspace}/${id}`);
    await waitFor(() => a.workspaces.unconfirmed() === 0, 'acks');
    const textOf = (doc: typeof docA.doc): string => plainText(contentOf(doc));
    expect(textOf(docA.doc).length).toBeGreaterThan(0);
    await waitFor(() => textOf(docB.doc) === textOf(docA.doc), 'content sync');

    await control('cut');
    await waitFor(() => a.committee.sync.status === 'offline', 'offline');
    docA.doc.getText('scratch').insert(0, 'hors ligne');
    expect(a.workspaces.unconfirmed()).toBeGreaterThan(0);
    // Closing the document keeps it connected, and counted, until the relay confirms it.
    const counted = a.workspaces.unconfirmed();
    a.committee.workspace.release(id);
    await new Promise((ok) => setTimeout(ok, 200));
    expect(docA.doc.isDestroyed).toBe(false);
    expect(a.workspaces.unconfirmed()).toBe(counted);
    await control('restore');
    await waitFor(() => a.workspaces.unconfirmed() === 0, 'acks after reconnection', 15_000);
    await waitFor(() => docB.doc.getText('scratch').toString() === 'hors ligne', 'merge');
    await waitFor(() => docA.doc.isDestroyed, 'closed once confirmed');
    b.committee.workspace.release(id);
  });

  it('sends, after a restart, what an earlier session left unconfirmed, unopened', async () => {
    const a = await replica(relay.tokens.member);
    const b = await replica(relay.tokens.member2);
    const id = await a.committee.workspace.create('compte-rendu');
    await waitFor(() => a.workspaces.unconfirmed() === 0, 'acks');

    await control('cut');
    await waitFor(() => a.committee.sync.status === 'offline', 'offline');
    const doc = await a.committee.workspace.acquire(id);
    doc.doc.getText('scratch').insert(0, 'écrit dans le train');
    a.committee.workspace.release(id);
    const left = a.workspaces.unconfirmed();
    expect(left).toBeGreaterThan(0);
    await a.workspaces.close();

    // Same stores: the app starting again, still offline, nobody opening the document.
    const again = await Workspaces.open(a.options, readMemberships(a.options.storage));
    expect(again.unconfirmed()).toBe(left);
    await control('restore');
    await waitFor(() => again.unconfirmed() === 0, 'acks after restart', 15_000);
    const docB = await b.committee.workspace.acquire(id);
    await waitFor(
      () => docB.doc.getText('scratch').toString() === 'écrit dans le train',
      'the other member receives it',
    );
    b.committee.workspace.release(id);
    await Promise.all([again.close(), b.workspaces.close()]);
  });

  it('renews the token of a joined workspace and refuses another relay for it', async () => {
    const a = await replica(relay.tokens.member);
    const again = membershipOf(relay.proxyUrl, relay.tokens.member2);
    const elsewhere = membershipOf(relay.url, relay.tokens.member);
    if (!again.ok || !elsewhere.ok) throw new Error('invalid fixtures');
    const renewed = await a.workspaces.join(again.membership);
    expect(renewed.membership.claims.name).toBe('Hugo Petit');
    expect(a.workspaces.committees()).toHaveLength(1);
    await expect(a.workspaces.join(elsewhere.membership)).rejects.toThrow(/another relay/);
  });
});
