/**
 * Decoding of what a client sends and encoding of what the relay sends, as pure functions over
 * bytes. Decoding never throws: a malformed, truncated or unknown message becomes a reason the
 * relay can put in a close frame. Payloads are returned as views into the input (no copy).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { AuthMessageType, MessageType, SyncMessageType } from './message-types.js';

/** A message a client may send to the relay. */
export type ClientMessage =
  | { readonly type: 'sync-step1'; readonly stateVector: Uint8Array }
  | {
      readonly type: 'sync-update';
      readonly update: Uint8Array;
      /** True for a sync step 2 (answer to our step 1), false for a live update. */
      readonly step2: boolean;
    }
  | { readonly type: 'awareness'; readonly update: Uint8Array }
  | { readonly type: 'query-awareness' }
  /** A fresh token for this open connection (Entente extension, PROTOCOL.md "Renewal"). */
  | { readonly type: 'renew'; readonly token: string };

/** Longest token a renewal may carry (characters): far above any real JWT. */
export const MAX_RENEW_TOKEN_LENGTH = 8192;

/** Result of decoding one client message. */
export type DecodeResult = { ok: true; message: ClientMessage } | { ok: false; reason: string };

function readPayload(decoder: decoding.Decoder): Uint8Array {
  const payload = decoding.readVarUint8Array(decoder);
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after payload');
  return payload;
}

/** Decodes one WebSocket frame sent by a client. */
export function decodeClientMessage(frame: Uint8Array): DecodeResult {
  const decoder = decoding.createDecoder(frame);
  try {
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync: {
        const sub = decoding.readVarUint(decoder);
        if (sub === SyncMessageType.Step1) {
          return { ok: true, message: { type: 'sync-step1', stateVector: readPayload(decoder) } };
        }
        if (sub === SyncMessageType.Step2 || sub === SyncMessageType.Update) {
          const update = readPayload(decoder);
          return {
            ok: true,
            message: { type: 'sync-update', update, step2: sub === SyncMessageType.Step2 },
          };
        }
        return { ok: false, reason: `unknown sync message type ${sub}` };
      }
      case MessageType.Awareness:
        return { ok: true, message: { type: 'awareness', update: readPayload(decoder) } };
      case MessageType.QueryAwareness:
        if (decoding.hasContent(decoder))
          return { ok: false, reason: 'trailing bytes after query-awareness' };
        return { ok: true, message: { type: 'query-awareness' } };
      case MessageType.Renew: {
        const token = decoding.readVarString(decoder);
        if (decoding.hasContent(decoder)) throw new Error('trailing bytes after payload');
        if (token.length > MAX_RENEW_TOKEN_LENGTH)
          return { ok: false, reason: 'renewal token too long' };
        return { ok: true, message: { type: 'renew', token } };
      }
      default:
        return { ok: false, reason: `unknown message type ${type}` };
    }
  } catch (error) {
    return {
      ok: false,
      reason: `malformed message: ${error instanceof Error ? error.message : 'unreadable'}`,
    };
  }
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** `Sync • Step1 • stateVector`: the relay asks the client for what it is missing. */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncMessageType.Step1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

/** `Sync • Step2 • update`: what the client was missing, from the stored state. */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncMessageType.Step2);
    encoding.writeVarUint8Array(e, update);
  });
}

/** `Sync • Update • update`: a live update relayed to the other clients. */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncMessageType.Update);
    encoding.writeVarUint8Array(e, update);
  });
}

/**
 * Turns a client's own sync frame (step 2 or update) into the frame to relay, reusing its
 * bytes: a step 2 differs from an update only in its second byte (both sub-types are < 128,
 * so each takes exactly one byte). This is how the relay forwards without re-encoding.
 */
export function relayFrameFromClientFrame(clientFrame: Uint8Array, update: Uint8Array): Uint8Array {
  // A client may encode the type bytes non-minimally (lib0 accepts that); then re-encode.
  if (clientFrame[0] !== MessageType.Sync) return encodeSyncUpdate(update);
  if (clientFrame[1] === SyncMessageType.Update) return clientFrame;
  if (clientFrame[1] !== SyncMessageType.Step2) return encodeSyncUpdate(update);
  const copy = Uint8Array.from(clientFrame);
  copy[1] = SyncMessageType.Update;
  return copy;
}

/** `Awareness • update`. */
export function encodeAwarenessMessage(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Awareness);
    encoding.writeVarUint8Array(e, update);
  });
}

/** `Auth • PermissionDenied • reason`: stock clients log the reason. */
export function encodePermissionDenied(reason: string): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Auth);
    encoding.writeVarUint(e, AuthMessageType.PermissionDenied);
    encoding.writeVarString(e, reason);
  });
}

/** `Ack • count`: the first `count` updates this connection sent are settled (see PROTOCOL.md). */
export function encodeAck(count: number): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Ack);
    encoding.writeVarUint(e, count);
  });
}

/** Reads an `Ack` frame on the client side; null when the frame is not an ack. */
export function decodeAck(frameBytes: Uint8Array): number | null {
  const decoder = decoding.createDecoder(frameBytes);
  try {
    if (decoding.readVarUint(decoder) !== MessageType.Ack) return null;
    const count = decoding.readVarUint(decoder);
    return decoding.hasContent(decoder) ? null : count;
  } catch {
    return null;
  }
}

/** `Renew • varString(token)`: the client hands its open connection a fresh token. */
export function encodeRenew(token: string): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Renew);
    encoding.writeVarString(e, token);
  });
}

/** `Renewed • varUint(exp)`: the relay accepted the renewal; `exp` is the new expiry (seconds). */
export function encodeRenewed(exp: number): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Renewed);
    encoding.writeVarUint(e, Math.max(0, Math.floor(exp)));
  });
}

/** Reads a `Renewed` frame on the client side; null when the frame is not one. */
export function decodeRenewed(frameBytes: Uint8Array): number | null {
  const decoder = decoding.createDecoder(frameBytes);
  try {
    if (decoding.readVarUint(decoder) !== MessageType.Renewed) return null;
    const exp = decoding.readVarUint(decoder);
    return decoding.hasContent(decoder) ? null : exp;
  } catch {
    return null;
  }
}
