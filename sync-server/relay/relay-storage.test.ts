/**
 * The relay core and its storage: compaction after `maxLogEntries` updates, a store whose writes
 * or reads fail (a `MemoryDocStore` subclass that really fails), and graceful shutdown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { encodeSyncStep1, encodeSyncUpdate } from '../../shared/protocol/messages.js';
import type { StoredRoom } from '../../shared/storage/doc-store.js';
import { docWithClient } from '../../shared/testing/yjs-updates.js';
import {
  FlakyStore,
  RelayHarness,
  TEST_LIMITS,
  turn,
  until,
  updateFrom,
} from './testing/relay-harness.js';

const harnesses: RelayHarness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close();
});

function harness(store = new FlakyStore()): RelayHarness {
  const h = new RelayHarness({ store });
  harnesses.push(h);
  return h;
}

async function eventuallyStored(
  h: RelayHarness,
  room: string,
  ready: (stored: StoredRoom) => boolean,
): Promise<StoredRoom> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const stored = await h.store.load(room);
    if (ready(stored)) return stored;
    if (Date.now() > deadline) throw new Error(`room ${room} never reached the expected state`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('serve before parsing', () => {
  it('answers a newcomer of a large room from storage, then builds the doc and greets', async () => {
    const h = harness();
    const author = await h.join('member');
    const doc = docWithClient(53);
    // 100 paragraphs of 1 kB: a room whose doc is built only after its first readers.
    for (let i = 0; i < 100; i++)
      author.send(
        encodeSyncUpdate(
          updateFrom(doc, (d) => d.getText('content').insert(0, `${i}`.padEnd(1000, '.'))),
        ),
      );
    await h.settle();
    const text = doc.getText('content').toString();

    // Another relay on the same store: the newcomer's step 1 is waiting when the room is read.
    const restarted = harness(h.store as FlakyStore);
    const reader = restarted.connect('observer');
    reader.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await until(() => reader.socket.frames.length > 0, 'the answer from storage');
    const [first] = reader.received();
    expect(first?.kind).toBe('step2');
    const replica = new Y.Doc();
    Y.applyUpdate(replica, first?.kind === 'step2' ? first.payload : new Uint8Array());
    expect(replica.getText('content').toString()).toBe(text);
    // The relay's own step 1 needs its doc: it comes once the doc is built.
    expect(reader.receivedOf('step1')).toEqual([]);
    await until(() => reader.receivedOf('step1').length > 0, 'the greeting');
    expect(reader.receivedOf('step1')[0]?.payload).toEqual(Y.encodeStateVector(doc));

    // Writes go on as before: stored, then relayed to the newcomer.
    const writer = await restarted.join('member', { userId: 'w' });
    const more = updateFrom(doc, (d) => d.getText('content').insert(0, 'suite '));
    writer.send(encodeSyncUpdate(more));
    await restarted.settle();
    expect(reader.receivedOf('update').map((u) => u.payload)).toEqual([more]);
  });
});

describe('compaction', () => {
  it('compacts an idle room before it leaves memory, so its next load is one snapshot', async () => {
    const h = harness();
    const author = await h.join('member');
    const doc = docWithClient(52);
    // Fewer updates than the compaction policy waits for.
    for (const word of ['un', 'deux', 'trois'])
      author.send(encodeSyncUpdate(updateFrom(doc, (d) => d.getText('content').insert(0, word))));
    await h.settle();
    expect((await h.store.load('comite/charte')).updates).toHaveLength(3);
    h.relay.disconnect(author.conn);
    // The idle delay passes: compacted, then unloaded.
    const stored = await eventuallyStored(h, 'comite/charte', (r) => r.snapshot !== null);
    expect(stored.updates).toEqual([]);
    await until(() => h.relay.roomCount === 0, 'the room unloaded');
    const reader = await h.join('observer', { userId: 'lecteur' });
    reader.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await h.settle();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, reader.receivedOf('step2')[0]?.payload ?? new Uint8Array());
    expect(replica.getText('content').toString()).toBe('troisdeuxun');
  });

  it(`folds the log into a snapshot after ${TEST_LIMITS.compaction.maxLogEntries} updates; the doc still loads`, async () => {
    const h = harness();
    const author = await h.join('member');
    const doc = docWithClient(51);
    const count = TEST_LIMITS.compaction.maxLogEntries;
    for (let i = 0; i < count; i++) {
      const update = updateFrom(doc, (d) => d.getText('content').insert(0, `line ${i}\n`));
      author.send(encodeSyncUpdate(update));
    }
    await h.settle();
    const stored = await eventuallyStored(h, 'comite/charte', (s) => s.snapshot !== null);
    expect(stored.snapshotSeq).toBe(count);
    expect(stored.updates).toEqual([]);
    expect(h.metrics.compactions.get()).toBe(1);

    // More edits go to the log after the snapshot.
    author.send(encodeSyncUpdate(updateFrom(doc, (d) => d.getText('content').insert(0, 'top\n'))));
    await h.settle();
    expect((await h.store.load('comite/charte')).updates.map((u) => u.seq)).toEqual([count + 1]);

    // A second relay on the same store rebuilds the document from snapshot + log.
    const restarted = harness(h.store as FlakyStore);
    const reader = await restarted.join('observer');
    const greeting = reader.received()[0];
    expect(greeting?.kind === 'step1' && greeting.payload).toEqual(Y.encodeStateVector(doc));
    reader.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await restarted.settle();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, reader.receivedOf('step2')[0]?.payload ?? new Uint8Array());
    expect(replica.getText('content').toString()).toBe(doc.getText('content').toString());
  });

  it('does not compact below the threshold', async () => {
    const h = harness();
    const author = await h.join('member');
    const doc = docWithClient(52);
    for (let i = 0; i < TEST_LIMITS.compaction.maxLogEntries - 1; i++)
      author.send(encodeSyncUpdate(updateFrom(doc, (d) => d.getMap('m').set(`k${i}`, i))));
    await h.settle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stored = await h.store.load('comite/charte');
    expect(stored.snapshot).toBeNull();
    expect(stored.updates).toHaveLength(TEST_LIMITS.compaction.maxLogEntries - 1);
  });
});

describe('a store whose append fails', () => {
  it('closes the room connections with 4500 and relays and acknowledges nothing', async () => {
    const store = new FlakyStore();
    const h = harness(store);
    const author = await h.join('member', { wantsAck: true, userId: 'a' });
    const reader = await h.join('observer', { userId: 'r' });
    const elsewhere = await h.join('member', { room: 'comite/autre', wantsAck: true, userId: 'e' });
    for (const c of [author, reader, elsewhere]) c.clear();
    store.failAppends = true;
    const secret = 'CONFIDENTIAL-TEXT';
    author.send(
      encodeSyncUpdate(
        updateFrom(docWithClient(53), (d) => d.getText('content').insert(0, secret)),
      ),
    );
    elsewhere.send(encodeSyncStep1(Uint8Array.of(0)));
    await h.settle();
    for (const c of [author, reader]) {
      expect(c.socket.closed).toEqual({
        code: CloseCode.StorageUnavailable,
        reason: 'storage write failed, retry later',
      });
    }
    expect(reader.socket.frames).toEqual([]);
    expect(author.socket.frames).toEqual([]);
    // The other room, which wrote nothing in that batch, is answered as usual.
    expect(elsewhere.socket.closed).toBeNull();
    expect(elsewhere.received().map((f) => f.kind)).toEqual(['step2']);
    store.failAppends = false;
    expect((await store.load('comite/charte')).lastSeq).toBe(0);
    expect(h.metrics.refusals.get({ reason: 'storage' })).toBe(1);
    const logged = h.logRecords().find((r) => r.msg === 'store append failed');
    expect(logged).toMatchObject({ level: 'error', reason: 'disk unavailable' });
    expect(h.logs.join('')).not.toContain(secret);
  });

  it('drops the room, so the next client gets a room reloaded from storage', async () => {
    const store = new FlakyStore();
    const h = harness(store);
    const author = await h.join('member');
    store.failAppends = true;
    author.send(encodeSyncUpdate(updateFrom(docWithClient(54), (d) => d.getMap('m').set('k', 1))));
    await h.settle();
    expect(h.relay.roomCount).toBe(0);
    store.failAppends = false;
    const next = await h.join('member', { userId: 'next' });
    expect(next.received()).toEqual([{ kind: 'step1', payload: Uint8Array.of(0) }]);
    const update = updateFrom(docWithClient(55), (d) => d.getMap('m').set('k', 2));
    next.send(encodeSyncUpdate(update));
    await h.settle();
    expect((await store.load('comite/charte')).updates.map((u) => u.data)).toEqual([update]);
  });
});

describe('a store whose load fails', () => {
  it('closes with 4500 and sends no sync frame', async () => {
    const store = new FlakyStore();
    store.failLoads = true;
    const h = harness(store);
    const client = h.connect('member');
    client.send(encodeSyncUpdate(updateFrom(docWithClient(56), (d) => d.getMap('m').set('k', 1))));
    await until(() => client.socket.closed !== null, 'the close');
    expect(client.socket.closed).toEqual({
      code: CloseCode.StorageUnavailable,
      reason: 'storage unavailable, retry later',
    });
    await h.settle();
    expect(client.socket.frames).toEqual([]);
    expect(store.appendCalls).toBe(0);
    expect(h.relay.roomCount).toBe(0);
    expect(h.metrics.refusals.get({ reason: 'storage' })).toBe(1);
    expect(h.logRecords().some((r) => r.msg === 'room load failed')).toBe(true);
  });

  it('does not keep the failed room: a later connection loads it again', async () => {
    const store = new FlakyStore();
    store.failLoads = true;
    const h = harness(store);
    const first = h.connect('member');
    await until(() => first.socket.closed !== null, 'the close');
    store.failLoads = false;
    const second = await h.join('member', { userId: 'second' });
    expect(second.received().map((f) => f.kind)).toEqual(['step1']);
  });
});

describe('shutdown', () => {
  it('finishes the commit in flight, then closes every client with 1012', async () => {
    const store = new FlakyStore();
    const h = harness(store);
    const author = await h.join('member', { wantsAck: true });
    const reader = await h.join('observer', { room: 'comite/charte', userId: 'r' });
    const other = await h.join('member', { room: 'comite/autre', userId: 'o' });
    reader.clear();
    let release: () => void = () => undefined;
    store.appendGate = new Promise((resolve) => (release = resolve));
    const update = updateFrom(docWithClient(57), (d) => d.getText('content').insert(0, 'last'));
    author.send(encodeSyncUpdate(update));
    // The commit starts and waits on the slow disk (a doc in the documents' thread judges first).
    await until(() => store.appendCalls === 1, 'the commit');
    const stopped = h.relay.shutdown();
    await turn();
    expect(reader.socket.closed).toBeNull();
    release();
    await stopped;
    expect(reader.received()).toEqual([{ kind: 'update', payload: update }]);
    expect(author.receivedOf('ack')).toEqual([{ kind: 'ack', count: 1 }]);
    for (const c of [author, reader, other]) {
      expect(c.socket.closed?.code).toBe(CloseCode.ServiceRestart);
      expect(c.socket.sentAfterClose).toBe(0);
    }
    // Stored, and compacted before exit: the next start serves the room from its snapshot.
    const stored = await store.load('comite/charte');
    expect(stored.updates).toEqual([]);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, stored.snapshot ?? new Uint8Array());
    expect(replica.getText('content').toString()).toBe('last');
    expect(h.relay.roomCount).toBe(0);
  });

  it('refuses new connections with 1012 once shutting down', async () => {
    const h = harness();
    await h.relay.shutdown();
    const late = h.connect('member');
    expect(late.socket.closed?.code).toBe(CloseCode.ServiceRestart);
    expect(late.socket.frames).toEqual([]);
  });
});
