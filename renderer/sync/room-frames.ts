/**
 * The messages a room sends to the relay (PROTOCOL.md "Messages"), encoded with y-protocols'
 * sync module as every y-websocket client encodes them: the relay's decoder
 * (`shared/protocol/messages.ts`) is strict about exactly this form.
 */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { MessageType } from '../../shared/protocol/message-types.js';

function syncFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** `sync step 1`: our state vector, "send me what I lack". */
export function step1Frame(doc: Y.Doc): Uint8Array {
  return syncFrame((encoder) => syncProtocol.writeSyncStep1(encoder, doc));
}

/**
 * `sync step 2`: everything `doc` has that a peer with `stateVector` lacks (the whole delete
 * set with it). Throws on a malformed state vector.
 */
export function step2Frame(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return syncFrame((encoder) => syncProtocol.writeSyncStep2(encoder, doc, stateVector));
}

/** `sync update`: one live update. */
export function updateFrame(update: Uint8Array): Uint8Array {
  return syncFrame((encoder) => syncProtocol.writeUpdate(encoder, update));
}
