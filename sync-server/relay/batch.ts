/**
 * One group commit: the updates of every room that arrived since the last commit, written in
 * one durable transaction, then — and only then — relayed, acknowledged and answered.
 */
import { encodeAck, relayFrameFromClientFrame } from '../../shared/protocol/messages.js';
import type { AppendEntry } from '../../shared/storage/doc-store.js';
import type { Connection } from './connection.js';
import type { Room } from './room.js';

interface Stored {
  readonly room: Room;
  readonly conn: Connection;
  readonly update: Uint8Array;
  readonly frame: Uint8Array;
}

/** A sync step 1 to answer: from the room's doc, or with the frame the documents' thread made. */
type Reply = { readonly room: Room; readonly conn: Connection } & (
  { readonly stateVector: Uint8Array; readonly frame?: undefined } | { readonly frame: Uint8Array }
);

/** Sends a sync step 2 holding what the client's state vector says it lacks. */
export function sendStep2(room: Room, conn: Connection, stateVector: Uint8Array): number {
  if (room.doc === null) return 0;
  return conn.send(room.step2Frame(room.doc, stateVector));
}

function sendReply(r: Reply): void {
  if (r.conn.closed) return;
  if (r.frame !== undefined) r.conn.send(r.frame);
  else sendStep2(r.room, r.conn, r.stateVector);
}

/** The work collected for one commit. */
export class Batch {
  private readonly stored: Stored[] = [];
  private readonly roomsWithWrites = new Set<Room>();
  private readonly replies: Reply[] = [];
  private readonly settled = new Map<Connection, number>();

  /** Rooms that have updates in this batch. */
  get rooms(): ReadonlySet<Room> {
    return this.roomsWithWrites;
  }

  /** Number of updates to store. */
  get size(): number {
    return this.stored.length;
  }

  /** Adds an update that changed the room's document and must be stored before it is relayed. */
  store(room: Room, conn: Connection, update: Uint8Array, clientFrame: Uint8Array): void {
    this.stored.push({ room, conn, update, frame: relayFrameFromClientFrame(clientFrame, update) });
    this.roomsWithWrites.add(room);
  }

  /**
   * Answers a sync step 1: at once when the room has nothing waiting to be stored (the doc is
   * then exactly the stored state), otherwise after the commit.
   */
  reply(room: Room, conn: Connection, stateVector: Uint8Array): void {
    if (this.roomsWithWrites.has(room)) this.replies.push({ room, conn, stateVector });
    else sendStep2(room, conn, stateVector);
  }

  /** As `reply`, with the step 2 frame the documents' thread encoded at this point. */
  replyWith(room: Room, conn: Connection, frame: Uint8Array): void {
    if (this.roomsWithWrites.has(room)) this.replies.push({ room, conn, frame });
    else conn.send(frame);
  }

  /** Records that the connection's updates up to `ordinal` are settled (stored or not needed). */
  settle(conn: Connection, ordinal: number): void {
    this.settled.set(conn, ordinal);
  }

  /** The entries for `DocStore.append`, in arrival order. */
  entries(): AppendEntry[] {
    return this.stored.map((s) => ({ room: s.room.name.name, data: s.update }));
  }

  /** After a successful commit: relay each update to the others in its room; returns deliveries. */
  relay(onStored: (room: Room, update: Uint8Array) => void): number {
    let deliveries = 0;
    const byRoom = new Map<Room, Stored[]>();
    for (const s of this.stored) {
      onStored(s.room, s.update);
      const list = byRoom.get(s.room);
      if (list === undefined) byRoom.set(s.room, [s]);
      else list.push(s);
    }
    for (const [room, list] of byRoom) {
      for (const conn of room.connections) {
        if (conn.closed) continue;
        // One write per receiver for the whole batch; the sender does not get its own update back.
        conn.batch(() => {
          for (const s of list) {
            if (s.conn === conn) continue;
            conn.send(s.frame);
            deliveries += 1;
          }
        });
      }
    }
    return deliveries;
  }

  /** After a successful commit: deferred sync replies, then acknowledgements. */
  answer(): void {
    for (const r of this.replies) sendReply(r);
    for (const [conn, ordinal] of this.settled)
      if (conn.wantsAck && !conn.closed) conn.send(encodeAck(ordinal));
  }

  /** Sends acknowledgements only for connections not in `failed` rooms (used after a failed commit). */
  answerOutside(failed: ReadonlySet<Room>, roomOf: (conn: Connection) => Room | undefined): void {
    for (const r of this.replies) if (!failed.has(r.room)) sendReply(r);
    for (const [conn, ordinal] of this.settled) {
      const room = roomOf(conn);
      if (room !== undefined && !failed.has(room) && conn.wantsAck && !conn.closed)
        conn.send(encodeAck(ordinal));
    }
  }
}
