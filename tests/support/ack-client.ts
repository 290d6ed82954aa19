/**
 * A raw client that opts in to acknowledgements (`ack=1`) and writes updates, recording which
 * of them the relay confirmed as stored — what the desktop app uses for "saved on the server".
 */
import * as Y from 'yjs';
import { decodeAck } from '../../shared/protocol/messages.js';
import { encodeSyncUpdate } from '../../shared/protocol/messages.js';
import { rawClient, type RawClient } from './clients.js';

/** A writer whose updates are acknowledged. */
export interface AckWriter {
  readonly raw: RawClient;
  readonly doc: Y.Doc;
  /** Updates sent, in order. */
  readonly sent: Uint8Array[];
  /** Highest ack count received. */
  acked(): number;
  /** Inserts `text` and sends the resulting update. */
  write(text: string): void;
}

/** Connects an ack-enabled writer to `room`. */
export function ackWriter(url: string, room: string, token: string): AckWriter {
  const raw = rawClient(url, `/${room}?token=${token}&ack=1`);
  const doc = new Y.Doc();
  const sent: Uint8Array[] = [];
  let acked = 0;
  raw.ws.on('message', (data: Buffer) => {
    const count = decodeAck(new Uint8Array(data));
    if (count !== null) acked = Math.max(acked, count);
  });
  doc.on('update', (update: Uint8Array) => {
    sent.push(update);
    if (raw.ws.readyState === raw.ws.OPEN) raw.ws.send(encodeSyncUpdate(update));
  });
  return {
    raw,
    doc,
    sent,
    acked: () => acked,
    write: (text) => doc.getText('content').insert(doc.getText('content').length, text),
  };
}
