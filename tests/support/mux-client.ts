/**
 * A multiplexed client for relay tests (PROTOCOL.md "Multiplexed connections"): one WebSocket to
 * `/_mux`, rooms joined on channels, each room a Y.Doc synced with `y-protocols/sync` exactly as
 * a per-room client would, acknowledgements counted per room. Written from the protocol text,
 * not from the app, so that the relay is checked against the specification.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '../../shared/protocol/message-types.js';
import { decodeAck } from '../../shared/protocol/messages.js';
import {
  decodeMuxRelayFrame,
  encodeJoin,
  encodeLeave,
  encodeOnChannel,
  MUX_PATH,
  MUX_SUBPROTOCOL,
} from '../../shared/protocol/mux.js';
import { TOKEN_SUBPROTOCOL_PREFIX } from '../../shared/protocol/subprotocol.js';

/** One room on the connection. */
export interface MuxRoom {
  readonly room: string;
  readonly channel: number;
  readonly doc: Y.Doc;
  /** Set once the relay's sync step 2 arrived. */
  synced: boolean;
  /** Updates sent on this channel, and how many the relay acknowledged. */
  sent: number;
  acked: number;
  /** How the relay closed the channel, or null. */
  closed: { code: number; reason: string } | null;
}

/** A multiplexed connection. */
export interface MuxClient {
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly rooms: Map<string, MuxRoom>;
  /** Joins `room` on a fresh channel, with `doc` (a new one by default). */
  join(room: string, doc?: Y.Doc): MuxRoom;
  leave(room: string): void;
}

/** Opens a multiplexed connection with `token` as a subprotocol. */
export function muxClient(url: string, token: string): MuxClient {
  const ws = new WebSocket(url + MUX_PATH, [MUX_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + token]);
  ws.on('error', () => undefined);
  const rooms = new Map<string, MuxRoom>();
  const byChannel = new Map<number, MuxRoom>();
  let nextChannel = 1;
  const origin = Symbol('relay');
  const sendOn = (room: MuxRoom, message: Uint8Array): void => {
    if (ws.readyState === ws.OPEN && room.closed === null)
      ws.send(encodeOnChannel(room.channel, message));
  };
  const opened = new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('close', () => fail(new Error('closed before open')));
  });
  opened.catch(() => undefined);
  const closed = new Promise<{ code: number; reason: string }>((ok) =>
    ws.once('close', (code, reason) => ok({ code, reason: reason.toString() })),
  );
  ws.on('message', (data: Buffer) => {
    const decoded = decodeMuxRelayFrame(new Uint8Array(data));
    if (!decoded.ok) throw new Error(decoded.reason);
    const frame = decoded.frame;
    if (frame.kind === 'renewed') return;
    const room = byChannel.get(frame.channel);
    if (room === undefined) return;
    if (frame.kind === 'closed') {
      room.closed = { code: frame.code, reason: frame.reason };
      return;
    }
    const message = frame.message;
    const ack = decodeAck(message);
    if (ack !== null) {
      room.acked = Math.max(room.acked, ack);
      return;
    }
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type !== MessageType.Sync) return; // awareness, auth: not needed here
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    const sub = syncProtocol.readSyncMessage(decoder, encoder, room.doc, origin);
    if (sub === syncProtocol.messageYjsSyncStep2) room.synced = true;
    if (encoding.length(encoder) > 1) {
      if (sub === syncProtocol.messageYjsSyncStep1) room.sent += 1; // our step 2
      sendOn(room, encoding.toUint8Array(encoder));
    }
  });
  const join = (name: string, doc = new Y.Doc()): MuxRoom => {
    const room: MuxRoom = {
      room: name,
      channel: nextChannel++,
      doc,
      synced: false,
      sent: 0,
      acked: 0,
      closed: null,
    };
    rooms.set(name, room);
    byChannel.set(room.channel, room);
    doc.on('update', (update: Uint8Array, from: unknown) => {
      if (from === origin) return;
      room.sent += 1;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Sync);
      syncProtocol.writeUpdate(encoder, update);
      sendOn(room, encoding.toUint8Array(encoder));
    });
    void opened.then(() => {
      ws.send(encodeJoin(room.channel, name));
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Sync);
      syncProtocol.writeSyncStep1(encoder, doc);
      sendOn(room, encoding.toUint8Array(encoder));
    });
    return room;
  };
  const leave = (name: string): void => {
    const room = rooms.get(name);
    if (room === undefined) return;
    rooms.delete(name);
    byChannel.delete(room.channel);
    if (ws.readyState === ws.OPEN) ws.send(encodeLeave(room.channel));
  };
  return { ws, opened, closed, rooms, join, leave };
}
