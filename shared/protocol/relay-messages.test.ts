import { describe, expect, it } from 'vitest';
import { encodeOnChannel } from './mux.js';
import {
  encodeAck,
  encodeAwarenessMessage,
  encodePermissionDenied,
  encodeRenewed,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from './messages.js';
import { MessageType } from './message-types.js';
import { decodeRelayMessage } from './relay-messages.js';

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

describe('decodeRelayMessage', () => {
  it('decodes every message the relay encodes', () => {
    const payload = bytes(1, 2, 3);
    expect(decodeRelayMessage(encodeSyncStep1(payload))).toEqual({
      ok: true,
      message: { type: 'sync-step1', stateVector: payload },
    });
    expect(decodeRelayMessage(encodeSyncStep2(payload))).toEqual({
      ok: true,
      message: { type: 'sync-step2', update: payload },
    });
    expect(decodeRelayMessage(encodeSyncUpdate(payload))).toEqual({
      ok: true,
      message: { type: 'sync-update', update: payload },
    });
    expect(decodeRelayMessage(encodeAwarenessMessage(bytes(0)))).toEqual({
      ok: true,
      message: { type: 'awareness', update: bytes(0) },
    });
    expect(decodeRelayMessage(encodePermissionDenied('lecture seule'))).toEqual({
      ok: true,
      message: { type: 'permission-denied', reason: 'lecture seule' },
    });
    expect(decodeRelayMessage(bytes(MessageType.QueryAwareness))).toEqual({
      ok: true,
      message: { type: 'query-awareness' },
    });
    expect(decodeRelayMessage(encodeAck(300))).toEqual({
      ok: true,
      message: { type: 'ack', count: 300 },
    });
    expect(decodeRelayMessage(encodeRenewed(1_900_000_000))).toEqual({
      ok: true,
      message: { type: 'renewed', exp: 1_900_000_000 },
    });
  });

  it('refuses empty, unknown, truncated and over-long frames with a reason', () => {
    const refused = [
      bytes(),
      bytes(7),
      bytes(MessageType.Sync, 9, 0),
      bytes(MessageType.Auth, 1, 0),
      bytes(MessageType.Sync, 2, 5, 1, 2),
      bytes(MessageType.Sync, 2, 1, 1, 2),
      bytes(MessageType.QueryAwareness, 0),
      bytes(MessageType.Ack),
      bytes(MessageType.Ack, 0x80),
    ];
    for (const frame of refused) {
      const decoded = decodeRelayMessage(frame);
      expect(decoded.ok, `frame ${[...frame].join(',')}`).toBe(false);
      if (!decoded.ok) expect(decoded.reason).toMatch(/^malformed relay message: /);
    }
  });

  it('never reads past a view into a larger buffer (a channel body)', () => {
    // An update whose length prefix says 4 bytes but the view holds 2; the buffer has more.
    const frame = encodeOnChannel(1, bytes(MessageType.Sync, 2, 4, 9, 9));
    const padded = new Uint8Array(frame.length + 8);
    padded.set(frame);
    const body = padded.subarray(1, frame.length);
    expect(decodeRelayMessage(body)).toMatchObject({ ok: false });
  });
});
