import { describe, expect, it } from 'vitest';
import { encodeAck, encodeSyncStep1 } from './messages.js';
import {
  decodeMuxClientFrame,
  decodeMuxRelayFrame,
  encodeChannelClosed,
  encodeJoin,
  encodeLeave,
  encodeMuxRenew,
  encodeMuxRenewed,
  encodeOnChannel,
  MAX_CHANNEL,
} from './mux.js';

const reasonOf = (r: { ok: boolean; reason?: string }) => (r.ok ? '' : (r.reason ?? ''));

describe('multiplexed frames, client → relay', () => {
  it('round-trips join, leave, renew and a room message (as a view, byte for byte)', () => {
    expect(decodeMuxClientFrame(encodeJoin(7, 'comite/charte'))).toEqual({
      ok: true,
      frame: { kind: 'join', channel: 7, room: 'comite/charte' },
    });
    expect(decodeMuxClientFrame(encodeLeave(7))).toEqual({
      ok: true,
      frame: { kind: 'leave', channel: 7 },
    });
    expect(decodeMuxClientFrame(encodeMuxRenew('a.b.c'))).toEqual({
      ok: true,
      frame: { kind: 'renew', token: 'a.b.c' },
    });
    const message = encodeSyncStep1(Uint8Array.of(0));
    const frame = encodeOnChannel(300, message);
    const decoded = decodeMuxClientFrame(frame);
    expect(decoded).toEqual({ ok: true, frame: { kind: 'room', channel: 300, message } });
    expect(decoded.ok && decoded.frame.kind === 'room' && decoded.frame.message.buffer).toBe(
      frame.buffer,
    );
  });

  it('refuses without throwing: channel 0 or too high, unknown control, trailing bytes, empty', () => {
    expect(reasonOf(decodeMuxClientFrame(encodeJoin(0, 'comite/x')))).toMatch(/invalid channel 0/);
    expect(reasonOf(decodeMuxClientFrame(encodeJoin(MAX_CHANNEL + 1, 'comite/x')))).toMatch(
      /invalid channel/,
    );
    expect(reasonOf(decodeMuxClientFrame(Uint8Array.of(0, 9)))).toMatch(
      /unknown control message 9/,
    );
    expect(reasonOf(decodeMuxClientFrame(Uint8Array.of(...encodeLeave(1), 0)))).toMatch(/trailing/);
    expect(reasonOf(decodeMuxClientFrame(Uint8Array.of(5)))).toMatch(/empty room message/);
    expect(reasonOf(decodeMuxClientFrame(new Uint8Array()))).toMatch(/malformed/);
    expect(reasonOf(decodeMuxClientFrame(encodeJoin(1, 'x'.repeat(9000))))).toMatch(/too long/);
    // A relay-only control message is not something a client may send.
    expect(reasonOf(decodeMuxClientFrame(encodeChannelClosed(1, 4400, 'x')))).toMatch(/unknown/);
  });
});

describe('multiplexed frames, relay → client', () => {
  it('round-trips closed, renewed and a room message', () => {
    expect(decodeMuxRelayFrame(encodeChannelClosed(3, 4403, 'another workspace'))).toEqual({
      ok: true,
      frame: { kind: 'closed', channel: 3, code: 4403, reason: 'another workspace' },
    });
    expect(decodeMuxRelayFrame(encodeMuxRenewed(1_900_000_000))).toEqual({
      ok: true,
      frame: { kind: 'renewed', exp: 1_900_000_000 },
    });
    expect(decodeMuxRelayFrame(encodeOnChannel(2, encodeAck(5)))).toEqual({
      ok: true,
      frame: { kind: 'room', channel: 2, message: encodeAck(5) },
    });
  });

  it('refuses a client-only control message and garbage', () => {
    expect(reasonOf(decodeMuxRelayFrame(encodeJoin(1, 'comite/x')))).toMatch(/unknown control/);
    expect(reasonOf(decodeMuxRelayFrame(Uint8Array.of(0, 2, 1)))).toMatch(/malformed/);
  });
});
