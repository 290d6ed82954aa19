/**
 * The client side of the per-room protocol (PROTOCOL.md "Messages"): a strict decoder of what
 * the relay sends in a room — on a per-room connection, or as the body of a channel of a
 * multiplexed one (`mux.ts`). `messages.ts` is the relay's side (it decodes what clients send).
 *
 * Strict: a frame holds exactly one message; an unknown type or sub-type, a truncated payload or
 * trailing bytes is an error, never guessed at. Decoding never throws: a malformed frame becomes
 * a reason the client can log before it resynchronises the room. Payloads are views into the
 * frame (no copy). Whether an update's bytes are a valid Yjs update is not checked here: the
 * relay validated it before storing it, and applying it (Yjs) is where a client finds out.
 */
import * as decoding from 'lib0/decoding';
import { AuthMessageType, MessageType, SyncMessageType } from './message-types.js';

/** A message the relay may send in a room. */
export type RelayMessage =
  /** The relay's state vector: answer with a step 2 holding what it lacks. */
  | { readonly type: 'sync-step1'; readonly stateVector: Uint8Array }
  /** The answer to our step 1: what we lacked, from the room's stored state. */
  | { readonly type: 'sync-step2'; readonly update: Uint8Array }
  /** A live update of another member, stored before it was relayed. */
  | { readonly type: 'sync-update'; readonly update: Uint8Array }
  /** Presence (an awareness update; empty for the keepalive). */
  | { readonly type: 'awareness'; readonly update: Uint8Array }
  /** The relay refused one of our updates (read-only role); the room stays open. */
  | { readonly type: 'permission-denied'; readonly reason: string }
  /** "Send me your awareness states." */
  | { readonly type: 'query-awareness' }
  /** The first `count` update messages we sent on this connection are settled. */
  | { readonly type: 'ack'; readonly count: number }
  /** A renewal on a per-room connection was accepted; `exp` in seconds. */
  | { readonly type: 'renewed'; readonly exp: number };

/** A decoded relay message, or why the frame is malformed. */
export type RelayDecode =
  | { readonly ok: true; readonly message: RelayMessage }
  | { readonly ok: false; readonly reason: string };

/** Longest permission-denied reason accepted (characters); the relay's are one line. */
const MAX_REASON_LENGTH = 8192;

/**
 * The message must end exactly at the end of the frame. lib0 reads a length-prefixed payload as
 * a view without checking it fits, so a frame that is a view into a larger buffer (a channel's
 * body) could otherwise "read" bytes past its end.
 */
function end(decoder: decoding.Decoder): void {
  if (decoder.pos > decoder.arr.length) throw new Error('truncated payload');
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
}

function payload(decoder: decoding.Decoder): Uint8Array {
  const bytes = decoding.readVarUint8Array(decoder);
  end(decoder);
  return bytes;
}

function read(decoder: decoding.Decoder): RelayMessage {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.Sync: {
      const sub = decoding.readVarUint(decoder);
      if (sub === SyncMessageType.Step1)
        return { type: 'sync-step1', stateVector: payload(decoder) };
      if (sub === SyncMessageType.Step2) return { type: 'sync-step2', update: payload(decoder) };
      if (sub === SyncMessageType.Update) return { type: 'sync-update', update: payload(decoder) };
      throw new Error(`unknown sync message type ${sub}`);
    }
    case MessageType.Awareness:
      return { type: 'awareness', update: payload(decoder) };
    case MessageType.Auth: {
      const sub = decoding.readVarUint(decoder);
      if (sub !== AuthMessageType.PermissionDenied) throw new Error(`unknown auth type ${sub}`);
      const reason = decoding.readVarString(decoder);
      end(decoder);
      if (reason.length > MAX_REASON_LENGTH) throw new Error('reason too long');
      return { type: 'permission-denied', reason };
    }
    case MessageType.QueryAwareness:
      end(decoder);
      return { type: 'query-awareness' };
    case MessageType.Ack: {
      const count = decoding.readVarUint(decoder);
      end(decoder);
      return { type: 'ack', count };
    }
    case MessageType.Renewed: {
      const exp = decoding.readVarUint(decoder);
      end(decoder);
      return { type: 'renewed', exp };
    }
    default:
      throw new Error(`unknown message type ${type}`);
  }
}

/** Decodes one per-room message the relay sent. */
export function decodeRelayMessage(frame: Uint8Array): RelayDecode {
  const decoder = decoding.createDecoder(frame);
  try {
    if (frame.length === 0) throw new Error('empty frame');
    return { ok: true, message: read(decoder) };
  } catch (error) {
    return {
      ok: false,
      reason: `malformed relay message: ${error instanceof Error ? error.message : 'unreadable'}`,
    };
  }
}
