/**
 * The relay core driven in-process with real parts (see `testing/relay-harness.ts`): sync,
 * stored-before-relayed, no echo, read-only roles, acknowledgements. Misbehaving clients are in
 * `relay-misbehaviour.test.ts`, storage failures and compaction in `relay-storage.test.ts`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Role } from '../../shared/model/roles.js';
import {
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from '../../shared/protocol/messages.js';
import { docWithClient } from '../../shared/testing/yjs-updates.js';
import { FlakyStore, RelayHarness, updateFrom } from './testing/relay-harness.js';

let h: RelayHarness;
afterEach(async () => {
  await h.close();
});

function textEdit(clientID: number, text: string): { doc: Y.Doc; update: Uint8Array } {
  const doc = docWithClient(clientID);
  return { doc, update: updateFrom(doc, (d) => d.getText('content').insert(0, text)) };
}

async function storedUpdates(room = 'comite/charte'): Promise<Uint8Array[]> {
  return (await h.store.load(room)).updates.map((u) => u.data);
}

describe('greeting', () => {
  it('sends the stored state vector as a sync step 1 once the room is loaded', async () => {
    h = new RelayHarness();
    const first = await h.join('member');
    expect(first.received()).toEqual([{ kind: 'step1', payload: Uint8Array.of(0) }]);
    const { update } = textEdit(11, 'hello');
    first.send(encodeSyncUpdate(update));
    await h.settle();
    const second = await h.join('observer');
    const greeting = second.received()[0];
    expect(greeting?.kind === 'step1' && Y.decodeStateVector(greeting.payload)).toEqual(
      new Map([[11, 5]]),
    );
  });
});

describe('a member update', () => {
  it('is stored, then relayed to the others, never echoed to its sender', async () => {
    const store = new FlakyStore();
    h = new RelayHarness({ store });
    const author = await h.join('member', { userId: 'a' });
    const reader = await h.join('observer', { userId: 'r' });
    const other = await h.join('chair', { userId: 'c' });
    for (const c of [author, reader, other]) c.clear();
    let relayedBeforeStore = -1;
    store.beforeAppend = () => {
      relayedBeforeStore = reader.receivedOf('update').length + other.receivedOf('update').length;
    };
    const { update } = textEdit(21, 'Article 1');
    author.send(encodeSyncUpdate(update));
    expect(reader.socket.frames).toEqual([]); // nothing before the commit
    await h.settle();
    expect(relayedBeforeStore).toBe(0);
    expect(await storedUpdates()).toEqual([update]);
    for (const receiver of [reader, other])
      expect(receiver.received()).toEqual([{ kind: 'update', payload: update }]);
    expect(author.received()).toEqual([]);
    expect(h.metrics.updatesStored.get()).toBe(1);
    expect(h.metrics.deliveries.get()).toBe(2);
  });

  it('forwards a sync step 2 as an update with the same payload bytes', async () => {
    h = new RelayHarness();
    const author = await h.join('secretariat');
    const reader = await h.join('member', { userId: 'm2' });
    reader.clear();
    const { update } = textEdit(22, 'from step 2');
    const frame = encodeSyncStep2(update);
    author.send(frame);
    await h.settle();
    expect(reader.socket.frames).toEqual([encodeSyncUpdate(update)]);
    expect(reader.socket.frames[0]?.subarray(2)).toEqual(frame.subarray(2));
  });

  it('sends each receiver the updates of one commit in one batch, in arrival order', async () => {
    h = new RelayHarness();
    const author = await h.join('member', { userId: 'a' });
    const reader = await h.join('member', { userId: 'b' });
    reader.clear();
    const doc = docWithClient(23);
    const updates = ['one ', 'two ', 'three'].map((word) =>
      updateFrom(doc, (d) => d.getText('content').insert(d.getText('content').length, word)),
    );
    const batchesBefore = reader.socket.batches;
    for (const u of updates) author.send(encodeSyncUpdate(u));
    await h.settle();
    expect(reader.receivedOf('update').map((f) => f.payload)).toEqual(updates);
    expect(reader.socket.batches - batchesBefore).toBe(1);
    expect(await storedUpdates()).toEqual(updates);
  });

  it('is not stored again when it is redundant', async () => {
    h = new RelayHarness();
    const author = await h.join('member');
    const { update } = textEdit(24, 'once');
    author.send(encodeSyncUpdate(update));
    await h.settle();
    author.send(encodeSyncUpdate(update));
    author.send(encodeSyncStep2(update));
    await h.settle();
    expect(await storedUpdates()).toHaveLength(1);
  });

  it('reaches a client that then asks with sync step 1 (step 2 from stored state)', async () => {
    h = new RelayHarness();
    const author = await h.join('member');
    const { doc, update } = textEdit(25, 'stored text');
    author.send(encodeSyncUpdate(update));
    await h.settle();
    const late = await h.join('observer');
    late.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await h.settle();
    const step2 = late.receivedOf('step2');
    expect(step2).toHaveLength(1);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, step2[0]?.payload ?? new Uint8Array());
    expect(replica.getText('content').toString()).toBe(doc.getText('content').toString());
  });

  it('is in every later full sync step 2, even after one was already sent', async () => {
    h = new RelayHarness();
    const author = await h.join('member');
    const doc = docWithClient(27);
    author.send(encodeSyncUpdate(updateFrom(doc, (d) => d.getText('content').insert(0, 'v1'))));
    await h.settle();
    const emptyStateVector = Y.encodeStateVector(new Y.Doc());
    const early = await h.join('observer', { userId: 'early' });
    early.send(encodeSyncStep1(emptyStateVector));
    await h.settle();
    author.send(encodeSyncUpdate(updateFrom(doc, (d) => d.getText('content').insert(2, ' v2'))));
    await h.settle();
    const late = await h.join('observer', { userId: 'late' });
    const greeting = late.received()[0];
    expect(greeting?.kind === 'step1' && greeting.payload).toEqual(Y.encodeStateVector(doc));
    late.send(encodeSyncStep1(emptyStateVector));
    await h.settle();
    const texts = [early, late].map((client) => {
      const replica = new Y.Doc();
      Y.applyUpdate(replica, client.receivedOf('step2')[0]?.payload ?? new Uint8Array());
      return replica.getText('content').toString();
    });
    expect(texts).toEqual(['v1', 'v1 v2']);
  });

  it('stays in its room', async () => {
    h = new RelayHarness();
    const author = await h.join('member', { room: 'comite/a' });
    const elsewhere = await h.join('member', { room: 'comite/b', userId: 'b' });
    elsewhere.clear();
    author.send(encodeSyncUpdate(textEdit(26, 'a only').update));
    await h.settle();
    expect(elsewhere.socket.frames).toEqual([]);
    expect(await storedUpdates('comite/b')).toEqual([]);
    expect(await storedUpdates('comite/a')).toHaveLength(1);
  });
});

describe('read-only roles', () => {
  const cases: Array<[Role, string]> = [
    ['reviewer', 'comite/charte'],
    ['reviewer', 'comite/_index'],
    ['observer', 'comite/charte'],
    ['observer', 'comite/charte/_review'],
  ];

  it.each(cases)(
    'a %s update in %s is refused: auth frame, not stored, not relayed',
    async (role, room) => {
      h = new RelayHarness();
      const intruder = await h.join(role, { room });
      const member = await h.join('member', { room, userId: 'm' });
      member.clear();
      intruder.send(encodeSyncUpdate(textEdit(31, 'VANDALISM').update));
      await h.settle();
      const denied = intruder.receivedOf('auth');
      expect(denied).toHaveLength(1);
      expect(denied[0]?.reason).toBe(
        `role "${role}" may not change ${room}; the change was not applied`,
      );
      expect(intruder.socket.closed).toBeNull();
      expect(member.socket.frames).toEqual([]);
      expect(await storedUpdates(room)).toEqual([]);
      expect(h.metrics.refusals.get({ reason: 'read-only' })).toBe(1);
    },
  );

  it('answers every refused update with auth, and keeps serving the reader', async () => {
    h = new RelayHarness();
    const reviewer = await h.join('reviewer');
    const member = await h.join('member', { userId: 'm' });
    reviewer.send(encodeSyncUpdate(textEdit(32, 'x').update));
    reviewer.send(encodeSyncUpdate(textEdit(33, 'y').update));
    await h.settle();
    expect(reviewer.receivedOf('auth')).toHaveLength(2);
    reviewer.clear();
    const { update } = textEdit(34, 'member text');
    member.send(encodeSyncUpdate(update));
    await h.settle();
    expect(reviewer.received()).toEqual([{ kind: 'update', payload: update }]);
  });

  it('a reviewer writes the review room', async () => {
    h = new RelayHarness();
    await h.store.append([{ room: 'comite/charte', data: textEdit(34, 'texte').update }]);
    const room = 'comite/charte/_review';
    const reviewer = await h.join('reviewer', { room });
    const chair = await h.join('chair', { room, userId: 'c' });
    chair.clear();
    const { update } = textEdit(35, 'comment');
    reviewer.send(encodeSyncUpdate(update));
    await h.settle();
    expect(reviewer.receivedOf('auth')).toEqual([]);
    expect(chair.received()).toEqual([{ kind: 'update', payload: update }]);
    expect(await storedUpdates(room)).toEqual([update]);
  });

  it("accepts silently a reader's redundant step 2 (a reconnection)", async () => {
    h = new RelayHarness();
    const member = await h.join('member');
    const { doc, update } = textEdit(36, 'text');
    updateFrom(doc, (d) => d.getText('content').delete(0, 2));
    const full = Y.encodeStateAsUpdate(doc);
    member.send(encodeSyncUpdate(full));
    await h.settle();
    const observer = await h.join('observer');
    observer.send(encodeSyncStep2(full));
    observer.send(encodeSyncUpdate(update));
    await h.settle();
    expect(observer.receivedOf('auth')).toEqual([]);
    expect(observer.socket.closed).toBeNull();
    expect(await storedUpdates()).toHaveLength(1);
  });
});

describe('acknowledgements (ack=1)', () => {
  it('acknowledge stored, redundant and refused updates by count', async () => {
    h = new RelayHarness();
    const author = await h.join('member', { wantsAck: true });
    const doc = docWithClient(41);
    const u1 = updateFrom(doc, (d) => d.getText('content').insert(0, 'a'));
    const u2 = updateFrom(doc, (d) => d.getText('content').insert(1, 'b'));
    author.send(encodeSyncUpdate(u1));
    author.send(encodeSyncStep2(u2));
    await h.settle();
    expect(author.receivedOf('ack')).toEqual([{ kind: 'ack', count: 2 }]);
    author.send(encodeSyncUpdate(u1)); // redundant
    author.send(encodeSyncStep1(Y.encodeStateVector(doc))); // not an update: not counted
    await h.settle();
    expect(author.receivedOf('ack').map((a) => a.count)).toEqual([2, 3]);
    const reviewer = await h.join('reviewer', { wantsAck: true, userId: 'r' });
    reviewer.send(encodeSyncUpdate(textEdit(42, 'no').update));
    await h.settle();
    const frames = reviewer.received().map((f) => f.kind);
    expect(frames.slice(-2)).toEqual(['auth', 'ack']);
    expect(reviewer.receivedOf('ack')).toEqual([{ kind: 'ack', count: 1 }]);
  });

  it('are sent after the commit, and only to clients that asked', async () => {
    const store = new FlakyStore();
    h = new RelayHarness({ store });
    const asking = await h.join('member', { wantsAck: true, userId: 'a' });
    const stock = await h.join('member', { userId: 's' });
    let acksAtAppend = -1;
    store.beforeAppend = () => {
      acksAtAppend = asking.receivedOf('ack').length;
    };
    asking.send(encodeSyncUpdate(textEdit(43, 'a').update));
    stock.send(encodeSyncUpdate(textEdit(44, 's').update));
    await h.settle();
    expect(acksAtAppend).toBe(0);
    expect(asking.receivedOf('ack')).toEqual([{ kind: 'ack', count: 1 }]);
    expect(stock.received().some((f) => f.kind === 'ack')).toBe(false);
  });
});
