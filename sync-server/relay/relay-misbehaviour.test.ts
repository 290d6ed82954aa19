/**
 * The relay core against clients that send garbage, flood, do not read, grow a room past its
 * limit or speak for others in awareness; and awareness relaying itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness, encodeAwarenessUpdate as stockEncode } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  encodeAwarenessUpdate,
  parseAwarenessUpdate,
  DEFAULT_AWARENESS_LIMITS,
  type AwarenessEntry,
} from '../../shared/protocol/awareness.js';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import {
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from '../../shared/protocol/messages.js';
import { docWithClient } from '../../shared/testing/yjs-updates.js';
import { RelayHarness, updateFrom, type TestClient } from './testing/relay-harness.js';

let h: RelayHarness;
afterEach(async () => {
  await h.close();
});

function textUpdate(clientID: number, text: string): Uint8Array {
  return updateFrom(docWithClient(clientID), (d) => d.getText('content').insert(0, text));
}

function awarenessEntries(client: TestClient): AwarenessEntry[][] {
  return client.receivedOf('awareness').map((f) => {
    const parsed = parseAwarenessUpdate(f.payload, DEFAULT_AWARENESS_LIMITS);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.entries;
  });
}

describe('malformed messages close the connection with 4400', () => {
  const validUpdate = textUpdate(1, 'x');
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['an empty frame', new Uint8Array(), /^malformed message/],
    ['a truncated update', encodeSyncUpdate(validUpdate).subarray(0, 4), /^malformed message/],
    ['an unknown type', Uint8Array.of(42), /^unknown message type 42$/],
    ['an auth message', Uint8Array.of(2, 0, 0), /^unknown message type 2$/],
    ['trailing bytes', Uint8Array.of(3, 3), /trailing bytes/],
    [
      'an invalid Yjs update',
      encodeSyncUpdate(Uint8Array.of(1, 1, 1, 0, 27, 1, 0)),
      /^invalid update: /,
    ],
    ['an invalid state vector', encodeSyncStep1(Uint8Array.of(2, 1, 1)), /^invalid state vector: /],
    ['a malformed awareness update', encodeAwarenessMessage(Uint8Array.of(1, 1)), /awareness/],
    [
      'an awareness state that is not an object',
      encodeAwarenessMessage(encodeAwarenessUpdate([{ clientId: 5, clock: 1, state: '[1]' }])),
      /^awareness state is not a JSON object$/,
    ],
  ];

  it.each(cases)('%s', async (_what, frame, reason) => {
    h = new RelayHarness();
    const bad = await h.join('member');
    const good = await h.join('member', { userId: 'good' });
    good.clear();
    bad.send(frame);
    await h.settle();
    expect(bad.socket.closed?.code).toBe(CloseCode.BadRequest);
    expect(bad.socket.closed?.reason).toMatch(reason);
    expect(good.socket.closed).toBeNull();
    expect(good.socket.frames).toEqual([]);
    expect((await h.store.load('comite/charte')).lastSeq).toBe(0);
    expect(
      h.metrics.refusals.get({ reason: 'malformed' }) +
        h.metrics.refusals.get({ reason: 'invalid-update' }),
    ).toBe(1);
    const warning = h.logRecords().find((r) => r.msg === 'connection closed');
    expect(warning).toMatchObject({ code: CloseCode.BadRequest, user: 'member' });
  });

  it('ignores what a closed connection still sends, and sends it nothing more', async () => {
    h = new RelayHarness();
    const bad = await h.join('member');
    const other = await h.join('member', { userId: 'o' });
    other.clear();
    bad.send(Uint8Array.of(42));
    bad.send(encodeSyncUpdate(textUpdate(2, 'after close')));
    await h.settle();
    expect(other.socket.frames).toEqual([]);
    expect(bad.socket.closeCalls).toBe(1);
    expect(bad.socket.sentAfterClose).toBe(0);
    expect((await h.store.load('comite/charte')).lastSeq).toBe(0);
  });
});

describe('limits', () => {
  it('closes a flooding connection with 4429 once its burst is used', async () => {
    h = new RelayHarness({
      limits: {
        rate: { messagesPerSecond: 1, messageBurst: 3, bytesPerSecond: 1e6, byteBurst: 1e6 },
      },
    });
    const flooder = await h.join('member');
    for (let i = 0; i < 3; i++) flooder.send(Uint8Array.of(3));
    expect(flooder.socket.closed).toBeNull();
    flooder.send(Uint8Array.of(3));
    expect(flooder.socket.closed?.code).toBe(CloseCode.TooManyMessages);
    expect(h.metrics.refusals.get({ reason: 'flood' })).toBe(1);
  });

  it('drops a client whose send buffer exceeds maxBufferedBytes with 4508', async () => {
    h = new RelayHarness({ limits: { maxBufferedBytes: 1000 } });
    const author = await h.join('member');
    const stuck = await h.join('observer');
    stuck.socket.bufferedAmount = 1001;
    author.send(encodeSyncUpdate(textUpdate(3, 'x')));
    await h.settle();
    expect(stuck.socket.closed?.code).toBe(CloseCode.SlowConsumer);
    expect(stuck.socket.terminated).toBe(true);
    expect(author.socket.closed).toBeNull();
  });

  it('refuses with 4413 an update that would grow the room past maxRoomBytes', async () => {
    const first = textUpdate(4, 'a'.repeat(300));
    h = new RelayHarness({ limits: { maxRoomBytes: first.length + 100 } });
    const author = await h.join('member');
    author.send(encodeSyncUpdate(first));
    await h.settle();
    expect(author.socket.closed).toBeNull();
    const other = await h.join('member', { userId: 'o' });
    other.send(encodeSyncUpdate(textUpdate(5, 'b'.repeat(300))));
    await h.settle();
    expect(other.socket.closed?.code).toBe(CloseCode.RoomTooLarge);
    expect((await h.store.load('comite/charte')).updates).toHaveLength(1);
  });

  // PROTOCOL.md: 4413 means the document *would exceed* the limit, and "an update that adds
  // nothing … is acknowledged but not stored again". A reconnecting client's step 2 of what the
  // room already holds adds nothing, so it must not be refused because of its size.
  it('does not refuse a redundant update because of the room size limit', async () => {
    const update = textUpdate(6, 'a'.repeat(300));
    h = new RelayHarness({ limits: { maxRoomBytes: update.length + 100 } });
    const author = await h.join('member');
    author.send(encodeSyncUpdate(update));
    await h.settle();
    const reconnected = await h.join('member', { wantsAck: true, userId: 'again' });
    reconnected.send(encodeSyncStep2(update));
    await h.settle();
    expect(reconnected.socket.closed).toBeNull();
    expect(reconnected.receivedOf('ack')).toEqual([{ kind: 'ack', count: 1 }]);
  });
});

describe('awareness through the relay', () => {
  it('relays a state re-written with the verified identity, not to its sender', async () => {
    h = new RelayHarness();
    const speaker = await h.join('member', { userId: 'alice' });
    const listener = await h.join('observer', { userId: 'bob' });
    listener.clear();
    const claimed = { user: { name: 'Le Président', color: '#aa00ff' }, cursor: { head: 2 } };
    speaker.send(
      encodeAwarenessMessage(
        encodeAwarenessUpdate([{ clientId: 100, clock: 1, state: JSON.stringify(claimed) }]),
      ),
    );
    const [entries] = awarenessEntries(listener);
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries?.[0]?.state ?? '')).toEqual({
      user: { id: 'alice', name: 'Name of alice', org: 'AMF', role: 'member', color: '#aa00ff' },
      cursor: { head: 2 },
    });
    expect(speaker.receivedOf('awareness')).toEqual([]);
  });

  it('drops and counts an entry for another connection client id', async () => {
    h = new RelayHarness();
    const owner = await h.join('member', { userId: 'alice' });
    const impostor = await h.join('member', { userId: 'mallory' });
    const listener = await h.join('observer', { userId: 'bob' });
    owner.send(
      encodeAwarenessMessage(encodeAwarenessUpdate([{ clientId: 7, clock: 1, state: '{}' }])),
    );
    listener.clear();
    impostor.send(
      encodeAwarenessMessage(encodeAwarenessUpdate([{ clientId: 7, clock: 9, state: 'null' }])),
    );
    expect(listener.socket.frames).toEqual([]);
    expect(impostor.socket.closed).toBeNull();
    expect(h.metrics.refusals.get({ reason: 'impersonation' })).toBe(1);
  });

  it('greets a newcomer and answers query-awareness with every state', async () => {
    h = new RelayHarness();
    const speaker = await h.join('member', { userId: 'alice' });
    speaker.send(
      encodeAwarenessMessage(encodeAwarenessUpdate([{ clientId: 8, clock: 3, state: '{"x":1}' }])),
    );
    const newcomer = await h.join('observer', { userId: 'bob' });
    expect(newcomer.received().map((f) => f.kind)).toEqual(['step1', 'awareness']);
    newcomer.send(Uint8Array.of(3));
    const all = awarenessEntries(newcomer);
    expect(all).toHaveLength(2);
    expect(all[1]?.map((e) => [e.clientId, e.clock])).toEqual([[8, 3]]);
  });

  it('tells the room when a connection leaves that its states are gone', async () => {
    h = new RelayHarness();
    const leaver = await h.join('member', { userId: 'alice' });
    const stayer = await h.join('member', { userId: 'bob' });
    leaver.send(
      encodeAwarenessMessage(encodeAwarenessUpdate([{ clientId: 9, clock: 4, state: '{}' }])),
    );
    stayer.clear();
    h.relay.disconnect(leaver.conn);
    expect(awarenessEntries(stayer)).toEqual([[{ clientId: 9, clock: 5, state: 'null' }]]);
    expect(h.relay.connectionCount).toBe(1);
  });

  it('accepts and relays the awareness update of a stock y-protocols client', async () => {
    h = new RelayHarness();
    const speaker = await h.join('member');
    const listener = await h.join('member', { userId: 'l' });
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ user: { name: 'stock', color: '#123456' } });
    speaker.send(encodeAwarenessMessage(stockEncode(awareness, [doc.clientID])));
    awareness.destroy();
    const entries = awarenessEntries(listener).at(-1) ?? [];
    expect(entries.map((e) => e.clientId)).toEqual([doc.clientID]);
    expect(JSON.parse(entries[0]?.state ?? '').user.color).toBe('#123456');
  });
});
