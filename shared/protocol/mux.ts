/**
 * One connection carrying many rooms (PROTOCOL.md "Multiplexed connections"): the framing, as
 * pure functions over bytes, for both sides — the relay decodes what clients send and encodes
 * its answers, the app does the opposite. Decoders never throw: a malformed frame becomes a
 * reason fit for a close frame.
 *
 *   muxFrame := varUint(channel) • body
 *   channel 0 — control:
 *     join     := varUint(0) • varUint(ch) • varString(room)                client → relay
 *     leave    := varUint(1) • varUint(ch)                                  client → relay
 *     closed   := varUint(2) • varUint(ch) • varUint(code) • varString(why) relay → client
 *     renew    := varUint(3) • varString(token)                             client → relay
 *     renewed  := varUint(4) • varUint(exp)                                 relay → client
 *   channel ch ≥ 1 — body is one message of the per-room protocol, byte for byte.
 *
 * Channel numbers are chosen by the client and never reused on one connection, so a frame that
 * arrives for a channel already left or closed is simply stale.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** The subprotocol that asks for a multiplexed connection (offered with the token's). */
export const MUX_SUBPROTOCOL = 'entente.mux.v1';

/** The request path of a multiplexed connection: no room in it, rooms are joined on it. */
export const MUX_PATH = '/_mux';

/** Highest channel number (fits lib0's varUint and a JS integer comfortably). */
export const MAX_CHANNEL = 2 ** 31 - 1;

/** Longest room name or token a control message may carry. */
const MAX_CONTROL_TEXT = 8192;

/** Control message types (channel 0). Part of the wire format: never reuse a value. */
export const MuxControl = {
  Join: 0,
  Leave: 1,
  Closed: 2,
  Renew: 3,
  Renewed: 4,
} as const;

/** What a client may send on a multiplexed connection. */
export type MuxClientFrame =
  | { readonly kind: 'join'; readonly channel: number; readonly room: string }
  | { readonly kind: 'leave'; readonly channel: number }
  | { readonly kind: 'renew'; readonly token: string }
  /** A per-room message; `message` is a view into the frame. */
  | { readonly kind: 'room'; readonly channel: number; readonly message: Uint8Array };

/** What the relay may send on a multiplexed connection. */
export type MuxRelayFrame =
  | {
      readonly kind: 'closed';
      readonly channel: number;
      readonly code: number;
      readonly reason: string;
    }
  | { readonly kind: 'renewed'; readonly exp: number }
  | { readonly kind: 'room'; readonly channel: number; readonly message: Uint8Array };

/** A decoded frame, or why it is malformed. */
export type MuxDecode<T> = { ok: true; frame: T } | { ok: false; reason: string };

function readChannel(decoder: decoding.Decoder): number {
  const channel = decoding.readVarUint(decoder);
  if (channel < 1 || channel > MAX_CHANNEL) throw new Error(`invalid channel ${channel}`);
  return channel;
}

function readText(decoder: decoding.Decoder, what: string): string {
  const text = decoding.readVarString(decoder);
  if (text.length > MAX_CONTROL_TEXT) throw new Error(`${what} too long`);
  return text;
}

function end(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after control message');
}

function decodeWith<T>(frame: Uint8Array, read: (decoder: decoding.Decoder) => T): MuxDecode<T> {
  const decoder = decoding.createDecoder(frame);
  try {
    return { ok: true, frame: read(decoder) };
  } catch (error) {
    return {
      ok: false,
      reason: `malformed multiplexed frame: ${error instanceof Error ? error.message : 'unreadable'}`,
    };
  }
}

/** The per-room message after the channel number (a view: no copy). */
function roomMessage(decoder: decoding.Decoder, frame: Uint8Array): Uint8Array {
  if (!decoding.hasContent(decoder)) throw new Error('empty room message');
  return frame.subarray(decoder.pos);
}

/** Decodes one frame a client sent (relay side). */
export function decodeMuxClientFrame(frame: Uint8Array): MuxDecode<MuxClientFrame> {
  return decodeWith<MuxClientFrame>(frame, (d) => {
    const channel = decoding.readVarUint(d);
    if (channel !== 0) {
      if (channel > MAX_CHANNEL) throw new Error(`invalid channel ${channel}`);
      return { kind: 'room', channel, message: roomMessage(d, frame) };
    }
    const type = decoding.readVarUint(d);
    switch (type) {
      case MuxControl.Join: {
        const ch = readChannel(d);
        const room = readText(d, 'room name');
        end(d);
        return { kind: 'join', channel: ch, room };
      }
      case MuxControl.Leave: {
        const ch = readChannel(d);
        end(d);
        return { kind: 'leave', channel: ch };
      }
      case MuxControl.Renew: {
        const token = readText(d, 'token');
        end(d);
        return { kind: 'renew', token };
      }
      default:
        throw new Error(`unknown control message ${type}`);
    }
  });
}

/** Decodes one frame the relay sent (client side). */
export function decodeMuxRelayFrame(frame: Uint8Array): MuxDecode<MuxRelayFrame> {
  return decodeWith<MuxRelayFrame>(frame, (d) => {
    const channel = decoding.readVarUint(d);
    if (channel !== 0) {
      if (channel > MAX_CHANNEL) throw new Error(`invalid channel ${channel}`);
      return { kind: 'room', channel, message: roomMessage(d, frame) };
    }
    const type = decoding.readVarUint(d);
    switch (type) {
      case MuxControl.Closed: {
        const ch = readChannel(d);
        const code = decoding.readVarUint(d);
        const reason = readText(d, 'reason');
        end(d);
        return { kind: 'closed', channel: ch, code, reason };
      }
      case MuxControl.Renewed: {
        const exp = decoding.readVarUint(d);
        end(d);
        return { kind: 'renewed', exp };
      }
      default:
        throw new Error(`unknown control message ${type}`);
    }
  });
}

function frameOf(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** `channel • message`: a per-room message on its channel (either side). */
export function encodeOnChannel(channel: number, message: Uint8Array): Uint8Array {
  return frameOf((e) => {
    encoding.writeVarUint(e, channel);
    encoding.writeUint8Array(e, message);
  });
}

/** Client: open `room` on `channel`. */
export function encodeJoin(channel: number, room: string): Uint8Array {
  return frameOf((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, MuxControl.Join);
    encoding.writeVarUint(e, channel);
    encoding.writeVarString(e, room);
  });
}

/** Client: close `channel`. */
export function encodeLeave(channel: number): Uint8Array {
  return frameOf((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, MuxControl.Leave);
    encoding.writeVarUint(e, channel);
  });
}

/** Client: a fresh token for the whole connection. */
export function encodeMuxRenew(token: string): Uint8Array {
  return frameOf((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, MuxControl.Renew);
    encoding.writeVarString(e, token);
  });
}

/** Relay: `channel` is closed (refused at join, or closed later) with a close code and reason. */
export function encodeChannelClosed(channel: number, code: number, reason: string): Uint8Array {
  return frameOf((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, MuxControl.Closed);
    encoding.writeVarUint(e, channel);
    encoding.writeVarUint(e, code);
    encoding.writeVarString(e, reason);
  });
}

/** Relay: the renewal was accepted; `exp` is the connection's new expiry (seconds). */
export function encodeMuxRenewed(exp: number): Uint8Array {
  return frameOf((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, MuxControl.Renewed);
    encoding.writeVarUint(e, Math.max(0, Math.floor(exp)));
  });
}
