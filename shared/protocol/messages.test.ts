import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { docWithClient } from '../testing/yjs-updates.js';
import { MessageType, SyncMessageType } from './message-types.js';
import {
  decodeAck,
  decodeRenewed,
  encodeRenew,
  encodeRenewed,
  decodeClientMessage,
  encodeAck,
  encodeAwarenessMessage,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  relayFrameFromClientFrame,
  type DecodeResult,
} from './messages.js';

/** A document with some text, and the update that produced it. */
function editedDoc(clientID: number, text: string): { doc: Y.Doc; update: Uint8Array } {
  const doc = docWithClient(clientID);
  doc.getText('content').insert(0, text);
  doc.getMap('meta').set('title', text.slice(0, 5));
  return { doc, update: Y.encodeStateAsUpdate(doc) };
}

function frameOf(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

function reasonOf(result: DecodeResult): string {
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.reason;
}

const { doc: sampleDoc, update: sampleUpdate } = editedDoc(7, 'Article premier. Les membres…');
const sampleStateVector = Y.encodeStateVector(sampleDoc);

describe('decodeClientMessage reads back every encoder a client could send', () => {
  it('sync step 1 → sync-step1 with the state vector', () => {
    const result = decodeClientMessage(encodeSyncStep1(sampleStateVector));
    expect(result).toEqual({
      ok: true,
      message: { type: 'sync-step1', stateVector: sampleStateVector },
    });
  });

  it('sync step 2 → sync-update with step2 true', () => {
    expect(decodeClientMessage(encodeSyncStep2(sampleUpdate))).toEqual({
      ok: true,
      message: { type: 'sync-update', update: sampleUpdate, step2: true },
    });
  });

  it('sync update → sync-update with step2 false', () => {
    expect(decodeClientMessage(encodeSyncUpdate(sampleUpdate))).toEqual({
      ok: true,
      message: { type: 'sync-update', update: sampleUpdate, step2: false },
    });
  });

  it('awareness → awareness with its payload', () => {
    const payload = Uint8Array.of(1, 9, 1, 2, 0x7b, 0x7d);
    expect(decodeClientMessage(encodeAwarenessMessage(payload))).toEqual({
      ok: true,
      message: { type: 'awareness', update: payload },
    });
  });

  it('query-awareness is the single byte 3', () => {
    expect(decodeClientMessage(Uint8Array.of(MessageType.QueryAwareness))).toEqual({
      ok: true,
      message: { type: 'query-awareness' },
    });
  });

  it('empty payloads are structurally valid (content is checked elsewhere)', () => {
    expect(decodeClientMessage(encodeSyncUpdate(new Uint8Array()))).toMatchObject({ ok: true });
  });

  it('returns payloads as views into the frame, not copies', () => {
    const frame = encodeSyncUpdate(sampleUpdate);
    const result = decodeClientMessage(frame);
    expect(result.ok && result.message.type === 'sync-update' && result.message.update.buffer).toBe(
      frame.buffer,
    );
  });
});

describe('decodeClientMessage refuses without throwing', () => {
  it('relay-only messages sent by a client: auth and ack are unknown types', () => {
    expect(reasonOf(decodeClientMessage(encodePermissionDenied('no')))).toBe(
      'unknown message type 2',
    );
    expect(reasonOf(decodeClientMessage(encodeAck(3)))).toBe('unknown message type 100');
  });

  it('unknown message and sync sub-types', () => {
    expect(reasonOf(decodeClientMessage(Uint8Array.of(4, 0)))).toBe('unknown message type 4');
    expect(reasonOf(decodeClientMessage(Uint8Array.of(0, 3, 0)))).toBe(
      'unknown sync message type 3',
    );
  });

  it('the empty frame', () => {
    expect(reasonOf(decodeClientMessage(new Uint8Array()))).toMatch(/^malformed message: /);
  });

  it.each([
    ['sync step 1', encodeSyncStep1(sampleStateVector)],
    ['sync step 2', encodeSyncStep2(sampleUpdate)],
    ['sync update', encodeSyncUpdate(sampleUpdate)],
    ['awareness', encodeAwarenessMessage(Uint8Array.of(1, 9, 1, 2, 0x7b, 0x7d))],
  ])('trailing bytes after a %s', (_name, frame) => {
    const longer = new Uint8Array(frame.length + 1);
    longer.set(frame);
    expect(reasonOf(decodeClientMessage(longer))).toMatch(/trailing bytes/);
  });

  it('trailing bytes after query-awareness', () => {
    expect(reasonOf(decodeClientMessage(Uint8Array.of(3, 0)))).toBe(
      'trailing bytes after query-awareness',
    );
  });

  it.each([
    ['sync step 1', encodeSyncStep1(sampleStateVector)],
    ['sync step 2', encodeSyncStep2(sampleUpdate)],
    ['sync update', encodeSyncUpdate(sampleUpdate)],
    ['awareness', encodeAwarenessMessage(Uint8Array.of(1, 9, 1, 2, 0x7b, 0x7d))],
    ['long update (2-byte length)', encodeSyncUpdate(editedDoc(8, 'x'.repeat(300)).update)],
  ])('every strict prefix of a %s frame, as a view and as a copy', (_name, frame) => {
    for (let end = 0; end < frame.length; end++) {
      // A view keeps the rest of the frame in the same ArrayBuffer, as pooled socket buffers do:
      // decoding must not read past the view's end.
      for (const prefix of [frame.subarray(0, end), frame.slice(0, end)]) {
        let result: DecodeResult | undefined;
        expect(() => (result = decodeClientMessage(prefix)), `prefix ${end}`).not.toThrow();
        expect(result?.ok, `prefix of ${end} bytes`).toBe(false);
        expect(result && !result.ok && result.reason.length > 0).toBe(true);
      }
    }
  });
});

describe('relayFrameFromClientFrame', () => {
  it('turns a step 2 into an update by changing only its second byte', () => {
    const step2 = encodeSyncStep2(sampleUpdate);
    const before = Uint8Array.from(step2);
    const relayed = relayFrameFromClientFrame(step2, sampleUpdate);
    expect(relayed).toEqual(encodeSyncUpdate(sampleUpdate));
    expect(relayed[1]).toBe(SyncMessageType.Update);
    expect(relayed.subarray(2)).toEqual(step2.subarray(2));
    expect(step2).toEqual(before); // the client's frame is not modified
  });

  it('returns the very same frame for an update', () => {
    const update = encodeSyncUpdate(sampleUpdate);
    expect(relayFrameFromClientFrame(update, sampleUpdate)).toBe(update);
  });

  it('copies only the view of a step 2 that sits inside a larger buffer', () => {
    const step2 = encodeSyncStep2(sampleUpdate);
    const pool = new Uint8Array(step2.length + 20).fill(0xee);
    pool.set(step2, 10);
    const view = pool.subarray(10, 10 + step2.length);
    const relayed = relayFrameFromClientFrame(view, sampleUpdate);
    expect(relayed).toEqual(encodeSyncUpdate(sampleUpdate));
    expect(pool[11]).toBe(SyncMessageType.Step2);
  });

  it.each([
    ['message type', [0x80, 0x00, 0x01]],
    ['sync sub-type of a step 2', [0x00, 0x81, 0x00]],
    ['sync sub-type of an update', [0x00, 0x82, 0x00]],
  ])('re-encodes a frame whose %s is a non-minimal varUint', (_what, header) => {
    const e = encoding.createEncoder();
    for (const byte of header) encoding.writeUint8(e, byte);
    encoding.writeVarUint8Array(e, sampleUpdate);
    const frame = encoding.toUint8Array(e);
    const decoded = decodeClientMessage(frame);
    expect(decoded.ok && decoded.message.type).toBe('sync-update');
    const update =
      decoded.ok && decoded.message.type === 'sync-update' ? decoded.message.update : null;
    expect(relayFrameFromClientFrame(frame, update ?? new Uint8Array())).toEqual(
      encodeSyncUpdate(sampleUpdate),
    );
  });
});

describe('acknowledgements', () => {
  it.each([0, 1, 127, 128, 16_383, 16_384, 2 ** 31, Number.MAX_SAFE_INTEGER])(
    'encodeAck(%d) round-trips through decodeAck',
    (count) => {
      expect(decodeAck(encodeAck(count))).toBe(count);
    },
  );

  it('is type 100 followed by the count', () => {
    expect(encodeAck(5)).toEqual(Uint8Array.of(100, 5));
  });

  it('decodeAck refuses frames that are not exactly one ack', () => {
    expect(decodeAck(new Uint8Array())).toBeNull();
    expect(decodeAck(Uint8Array.of(100))).toBeNull();
    expect(decodeAck(Uint8Array.of(100, 0x80))).toBeNull();
    expect(decodeAck(Uint8Array.of(100, 5, 0))).toBeNull();
    expect(decodeAck(encodeSyncUpdate(sampleUpdate))).toBeNull();
    expect(decodeAck(encodeSyncStep1(sampleStateVector))).toBeNull();
    expect(decodeAck(encodePermissionDenied('x'))).toBeNull();
    expect(decodeAck(Uint8Array.of(MessageType.QueryAwareness))).toBeNull();
  });
});

describe('a stock y-protocols client reads our frames', () => {
  /** What a stock y-websocket client does with one frame of type Sync. */
  function stockReceive(frame: Uint8Array, doc: Y.Doc): { sub: number; reply: Uint8Array } {
    const decoder = decoding.createDecoder(frame);
    expect(decoding.readVarUint(decoder)).toBe(MessageType.Sync);
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, MessageType.Sync);
    const sub = syncProtocol.readSyncMessage(decoder, reply, doc, 'relay');
    expect(decoding.hasContent(decoder)).toBe(false);
    return { sub, reply: encoding.toUint8Array(reply) };
  }

  it('our step 1 is byte for byte what writeSyncStep1 writes', () => {
    const stock = frameOf((e) => {
      encoding.writeVarUint(e, MessageType.Sync);
      syncProtocol.writeSyncStep1(e, sampleDoc);
    });
    expect(encodeSyncStep1(Y.encodeStateVector(sampleDoc))).toEqual(stock);
  });

  it('our update is byte for byte what writeUpdate writes', () => {
    const stock = frameOf((e) => {
      encoding.writeVarUint(e, MessageType.Sync);
      syncProtocol.writeUpdate(e, sampleUpdate);
    });
    expect(encodeSyncUpdate(sampleUpdate)).toEqual(stock);
  });

  it('a client answers our step 1 with a step 2 we decode and that carries its edits', () => {
    const relayDoc = editedDoc(1, 'stored text').doc;
    const client = editedDoc(2, 'offline edit').doc;
    const { sub, reply } = stockReceive(encodeSyncStep1(Y.encodeStateVector(relayDoc)), client);
    expect(sub).toBe(syncProtocol.messageYjsSyncStep1);
    const decoded = decodeClientMessage(reply);
    expect(decoded.ok && decoded.message.type === 'sync-update' && decoded.message.step2).toBe(
      true,
    );
    if (decoded.ok && decoded.message.type === 'sync-update')
      Y.applyUpdate(relayDoc, decoded.message.update);
    expect(relayDoc.getText('content').toString()).toContain('offline edit');
    expect(relayDoc.getText('content').toString()).toContain('stored text');
  });

  it('a client applies our step 2 and our update to its doc', () => {
    for (const [frame, expectedSub] of [
      [encodeSyncStep2(sampleUpdate), syncProtocol.messageYjsSyncStep2],
      [encodeSyncUpdate(sampleUpdate), syncProtocol.messageYjsUpdate],
    ] as const) {
      const client = new Y.Doc();
      expect(stockReceive(frame, client).sub).toBe(expectedSub);
      expect(client.getText('content').toString()).toBe(sampleDoc.getText('content').toString());
    }
  });

  it('a client applies the update we relay from another client step 2', () => {
    const step2 = encodeSyncStep2(sampleUpdate);
    const client = new Y.Doc();
    const { sub } = stockReceive(relayFrameFromClientFrame(step2, sampleUpdate), client);
    expect(sub).toBe(syncProtocol.messageYjsUpdate);
    expect(Y.encodeStateVector(client)).toEqual(sampleStateVector);
  });

  it('a client reads our permission-denied reason with y-protocols/auth', () => {
    const decoder = decoding.createDecoder(encodePermissionDenied('role "observer" may not'));
    expect(decoding.readVarUint(decoder)).toBe(MessageType.Auth);
    const reasons: string[] = [];
    authProtocol.readAuthMessage(decoder, new Y.Doc(), (_doc, reason) => reasons.push(reason));
    expect(reasons).toEqual(['role "observer" may not']);
    expect(decoding.hasContent(decoder)).toBe(false);
  });
});

describe('token renewal (Entente extension, types 101 and 102)', () => {
  it('a renewal decodes to its token; Renewed round-trips its expiry', () => {
    expect(decodeClientMessage(encodeRenew('a.b.c'))).toEqual({
      ok: true,
      message: { type: 'renew', token: 'a.b.c' },
    });
    expect(decodeRenewed(encodeRenewed(1_900_000_123))).toBe(1_900_000_123);
    expect(decodeRenewed(encodeAck(3))).toBeNull();
    expect(decodeRenewed(Uint8Array.of(102, 5, 0))).toBeNull();
  });

  it('refuses a renewal with trailing bytes, a truncated one and an oversized token', () => {
    expect(reasonOf(decodeClientMessage(Uint8Array.of(...encodeRenew('x'), 0)))).toMatch(
      /trailing/,
    );
    expect(reasonOf(decodeClientMessage(Uint8Array.of(101, 9, 1)))).toMatch(/malformed/);
    expect(reasonOf(decodeClientMessage(encodeRenew('x'.repeat(8193))))).toBe(
      'renewal token too long',
    );
  });

  it('Renewed is not a client message', () => {
    expect(reasonOf(decodeClientMessage(encodeRenewed(1)))).toBe('unknown message type 102');
  });
});
