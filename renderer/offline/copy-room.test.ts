/**
 * The byte-level copy of a closed room (`copy-room.ts`) in real Chromium against the real relay
 * (browser project's globalSetup): a writer's `RoomSync` puts text on the relay, a reader's link
 * copies the room into a store without building a doc; what is stored reads back as the
 * writer's text, an unchanged copy appends nothing, a refused room, an unreadable local copy,
 * a relay out of reach and a stopped copy each end as they say and store nothing.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryDocStore } from '../../shared/storage/memory-doc-store.js';
import { CommitteeLink } from '../sync/committee-link.js';
import { RoomSync } from '../sync/room-sync.js';
import { MemorySyncStateStore } from '../sync/sync-state-store.js';
import { waitFor } from '../test-support/wait-for.js';
import { copyRoom } from './copy-room.js';

const relay = inject('ententeRelay');
const FAST = { baseMs: 50, maxMs: 400 };
const control = (what: 'cut' | 'restore') => fetch(`${relay.controlUrl}/${what}`);

describe('copyRoom', () => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await control('restore');
  });
  const link = (token: string, serverUrl = relay.url) => {
    const made = new CommitteeLink({ serverUrl, token, backoff: FAST, roomBackoff: FAST });
    cleanups.push(() => made.destroy());
    return made;
  };
  /** A member writing `room` through the app's own sync. */
  const writer = async (room: string) => {
    const doc = new Y.Doc();
    const sync = await RoomSync.open({
      link: link(relay.tokens.member),
      room,
      doc,
      syncState: new MemorySyncStateStore(),
    });
    cleanups.push(() => sync.destroy());
    const text = doc.getText('t');
    const confirmed = () => waitFor(() => sync.unconfirmed === 0, 'the writer confirmed');
    return { text, confirmed };
  };
  /** What `store` holds for `room`, applied to a fresh doc. */
  const readBack = async (store: MemoryDocStore, room: string) => {
    const stored = await store.load(room);
    const doc = new Y.Doc();
    if (stored.snapshot !== null) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update.data);
    return { text: doc.getText('t').toString(), lastSeq: stored.lastSeq };
  };
  const options = (on: CommitteeLink, store: MemoryDocStore, room: string) => ({
    link: on,
    store,
    room,
    signal: new AbortController().signal,
    timeoutMs: 10_000,
  });

  it('stores what the relay has, appends nothing while it is unchanged, then only what is new', async () => {
    const room = `${relay.workspace}/doc-${crypto.randomUUID()}`;
    const a = await writer(room);
    a.text.insert(0, 'Article 1er – Objet de la charte');
    await a.confirmed();

    const reader = link(relay.tokens.member2);
    const store = new MemoryDocStore();
    const first = await copyRoom(options(reader, store, room));
    expect(first.kind).toBe('stored');
    const copied = await readBack(store, room);
    expect(copied.text).toBe('Article 1er – Objet de la charte');
    expect(first).toEqual({
      kind: 'stored',
      bytes: (await store.load(room)).updates[0]!.data.length,
    });

    // Nothing changed on the relay: the copy is current and the log does not grow.
    expect(await copyRoom(options(reader, store, room))).toEqual(first);
    expect((await readBack(store, room)).lastSeq).toBe(copied.lastSeq);

    // The writer changes the text (a deletion and an insertion): the copy brings that in.
    a.text.delete(0, 11);
    a.text.insert(0, 'Art. 1');
    await a.confirmed();
    const second = await copyRoom(options(reader, store, room));
    expect(second.kind).toBe('stored');
    const updated = await readBack(store, room);
    expect(updated.text).toBe('Art. 1 – Objet de la charte');
    expect(updated.lastSeq).toBe(copied.lastSeq + 1);
    // The answer to an up-to-date copy is the relay's delete set alone: stored at most once.
    await copyRoom(options(reader, store, room));
    const settled = (await readBack(store, room)).lastSeq;
    await copyRoom(options(reader, store, room));
    expect((await readBack(store, room)).lastSeq).toBe(settled);
    expect(settled).toBeLessThanOrEqual(updated.lastSeq + 1);
  });

  it('a room the relay refuses, an unreadable local copy: their outcome, nothing stored', async () => {
    const reader = link(relay.tokens.member2);
    const store = new MemoryDocStore();
    const foreign = `autre-comite/doc-${crypto.randomUUID()}`;
    expect(await copyRoom(options(reader, store, foreign))).toMatchObject({
      kind: 'refused',
      code: 4403,
    });
    expect(await store.listRooms()).toEqual([]);

    // Bytes Yjs cannot read in the local copy: not sent as a state vector, not touched.
    const broken = `${relay.workspace}/doc-${crypto.randomUUID()}`;
    await store.append([{ room: broken, data: Uint8Array.of(7, 7, 7) }]);
    expect(await copyRoom(options(reader, store, broken))).toEqual({ kind: 'failed' });
    expect((await store.load(broken)).lastSeq).toBe(1);
  });

  it('ends on its timeout with the relay out of reach, and at once when stopped', async () => {
    const room = `${relay.workspace}/doc-${crypto.randomUUID()}`;
    await control('cut');
    const reader = link(relay.tokens.member2, relay.proxyUrl);
    const store = new MemoryDocStore();
    expect(await copyRoom({ ...options(reader, store, room), timeoutMs: 300 })).toEqual({
      kind: 'timeout',
    });
    const stop = new AbortController();
    const stopped = copyRoom({ ...options(reader, store, room), signal: stop.signal });
    stop.abort();
    expect(await stopped).toEqual({ kind: 'aborted' });
    expect(await store.listRooms()).toEqual([]);
    // The room was left each time: the link can carry it again.
    await control('restore');
    expect((await copyRoom(options(reader, store, room))).kind).toBe('stored');
  });
});
