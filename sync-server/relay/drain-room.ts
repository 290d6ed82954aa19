/**
 * One room's turn in a group commit: its waiting messages, in arrival order, become replies,
 * refusals and updates to store. Updates are applied to the room's doc here, before the commit,
 * so a poison update (one Yjs rejects) is caught before anything of it is stored, and in a room
 * kind with a policy (`shared/policy/`) an update changing what its writer may not change is
 * refused before anything of it is stored or relayed.
 */
import { CloseCode, type CloseCodeValue } from '../../shared/protocol/close-codes.js';
import type { Batch } from './batch.js';
import type { Connection } from './connection.js';
import { hasPolicy } from '../../shared/policy/room-policy.js';
import { applyClientUpdate, isRedundant } from './doc-apply.js';
import { applyGuarded } from './guarded-apply.js';
import type { Room } from './room.js';

/** What draining may do to a connection or the room, provided by the relay. */
export interface DrainActions {
  /** Closes a connection with a code and reason, counted under `metric`. */
  refuse(conn: Connection, code: CloseCodeValue, reason: string, metric: string): void;
  /** Tells a read-only connection its change was not applied. */
  refuseWrite(conn: Connection): void;
  /** Tells a connection the room's policy refused its change (`reason`), not applied. */
  refusePolicy(conn: Connection, reason: string): void;
  /** The doc may be half-changed by a rejected update: rebuild it after the commit. */
  poisoned(): void;
  /** True when `bytes` more fit in the room's workspace quota. */
  fitsWorkspace(bytes: number): boolean;
  /** Counts `bytes` drained into the commit against the workspace. */
  reserve(bytes: number): void;
  /** A review room's document is not known to exist: check, then drain the room again. */
  checkDocument(): void;
}

/** Which limit storing `update` in `room` would pass, if any. */
export function overLimit(
  room: Room,
  update: Uint8Array,
  maxRoomBytes: number,
  act: DrainActions,
): 'room' | 'workspace' | null {
  if (room.storedBytes + update.length > maxRoomBytes) return 'room';
  return act.fitsWorkspace(update.length) ? null : 'workspace';
}

/** Closes a connection whose update would pass the room's size or its workspace's quota. */
export function refuseOverLimit(
  conn: Connection,
  over: 'room' | 'workspace',
  act: DrainActions,
): void {
  if (over === 'room')
    act.refuse(conn, CloseCode.RoomTooLarge, 'document too large for this relay', 'room-too-large');
  else
    act.refuse(
      conn,
      CloseCode.WorkspaceFull,
      'workspace storage quota reached, nothing more is stored',
      'workspace-full',
    );
}

/** Moves `room`'s waiting messages into `batch`, applying updates to its doc. */
export function drainRoom(room: Room, batch: Batch, maxRoomBytes: number, act: DrainActions): void {
  const doc = room.doc;
  if (doc === null) return;
  const entries = room.inbox;
  room.inbox = [];
  const guarded = hasPolicy(room.name.kind);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e === undefined || e.conn.closed) continue;
    if (e.kind === 'step1') {
      batch.reply(room, e.conn, e.stateVector);
      continue;
    }
    if (e.conn.access !== 'write') {
      if (!isRedundant(doc, e.parsed)) act.refuseWrite(e.conn);
      batch.settle(e.conn, e.ordinal);
      continue;
    }
    // Comments on a document that does not exist would be a store anyone with review access
    // could fill: a review room is written only once its document holds something.
    if (!room.documentExists && !isRedundant(doc, e.parsed)) {
      if (room.documentMissing) {
        act.refuse(e.conn, CloseCode.DocumentNotFound, 'document does not exist', 'no-document');
        continue;
      }
      room.inbox = entries.slice(i).concat(room.inbox);
      act.checkDocument();
      return;
    }
    // Only an update that adds something can make the room or its workspace too large (a
    // reconnecting client's step 2 is often just the delete set the room already has).
    const over = overLimit(room, e.update, maxRoomBytes, act);
    if (over !== null && !isRedundant(doc, e.parsed)) {
      refuseOverLimit(e.conn, over, act);
      continue;
    }
    try {
      const outcome = guarded
        ? applyGuarded(doc, e.update, room.name.kind, e.conn.identity)
        : { applied: applyClientUpdate(doc, e.update, 'client') };
      if ('refused' in outcome) {
        // Applied, then refused: the doc holds what will never be stored. Rebuilt from
        // storage as after a poison update; the rest of the queue is judged after that.
        room.docChanged();
        act.refusePolicy(e.conn, outcome.refused);
        batch.settle(e.conn, e.ordinal);
        room.needsReload = true;
        act.poisoned();
        room.inbox = entries.slice(i + 1).concat(room.inbox);
        room.documentMissing = false;
        return;
      }
      if (outcome.applied === 'changed') {
        room.docChanged();
        batch.store(room, e.conn, e.update, e.frame);
        act.reserve(e.update.length);
        room.stats.logCount += 1;
        room.stats.logBytes += e.update.length;
      }
    } catch {
      // Yjs threw half-way: the doc may hold part of it. Keep the rest of the queue for after
      // the doc is rebuilt from storage, which never saw this update.
      room.docChanged();
      act.refuse(e.conn, CloseCode.BadRequest, 'update rejected by the document model', 'poison');
      room.needsReload = true;
      act.poisoned();
      room.inbox = entries.slice(i + 1).concat(room.inbox);
      room.documentMissing = false;
      return;
    }
    batch.settle(e.conn, e.ordinal);
  }
  room.documentMissing = false;
}
