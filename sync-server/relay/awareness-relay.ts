/**
 * Presence through the relay: a client's awareness update is parsed, checked against who owns
 * each client id and re-written with the verified identity (`awareness-registry.ts`), then sent
 * to the room's other connections and to the other relay processes. Also the keepalive frame,
 * which is an awareness update with nothing in it.
 */
import {
  encodeAwarenessUpdate,
  parseAwarenessUpdate,
  type AwarenessLimits,
} from '../../shared/protocol/awareness.js';
import { CloseCode, type CloseCodeValue } from '../../shared/protocol/close-codes.js';
import { encodeAwarenessMessage } from '../../shared/protocol/messages.js';
import type { Logger } from '../observability/logger.js';
import type { RelayMetrics } from '../observability/metrics.js';
import type { Connection } from './connection.js';
import type { Fanout } from './fanout.js';
import type { Room } from './room.js';

/** An awareness update with no entry: stock clients read it and change nothing. */
export const KEEPALIVE_FRAME = encodeAwarenessMessage(encodeAwarenessUpdate([]));

/** What handling a client's awareness needs from the relay. */
export interface AwarenessContext {
  readonly limits: AwarenessLimits;
  readonly metrics: RelayMetrics;
  readonly logger: Logger;
  readonly fanout: Fanout | null;
  /** Closes the sending connection for a malformed message. */
  refuse(code: CloseCodeValue, reason: string): void;
}

/** Writes the keepalive to every connection that was sent nothing since the last call. */
export function sendKeepalives(connections: Iterable<Connection>): void {
  for (const conn of connections) {
    if (conn.greeted && !conn.sentRecently) conn.send(KEEPALIVE_FRAME);
    conn.sentRecently = false;
  }
}

/** Sends an awareness update to the room's connections but `from`, and to the other relays. */
export function relayAwareness(
  room: Room,
  from: Connection | null,
  update: Uint8Array,
  fanout: Fanout | null,
): void {
  room.broadcast(encodeAwarenessMessage(update), from);
  fanout?.publish(room.name.name, 'awareness', update);
}

/** Handles an awareness update a client sent. */
export function handleClientAwareness(
  conn: Connection,
  room: Room,
  update: Uint8Array,
  ctx: AwarenessContext,
): void {
  const parsed = parseAwarenessUpdate(update, ctx.limits);
  if (!parsed.ok) {
    ctx.refuse(CloseCode.BadRequest, parsed.reason);
    return;
  }
  const outcome = room.awareness.applyFromClient(conn, parsed.entries);
  if (outcome.invalid) {
    ctx.refuse(CloseCode.BadRequest, 'awareness state is not a JSON object');
    return;
  }
  if (outcome.impersonations > 0) {
    ctx.metrics.refusals.inc(outcome.impersonations, { reason: 'impersonation' });
    ctx.logger.warn('awareness for another client dropped', {
      conn: conn.id,
      user: conn.identity.userId,
      room: room.name.name,
    });
  }
  if (outcome.accepted.length > 0) {
    relayAwareness(room, conn, encodeAwarenessUpdate(outcome.accepted), ctx.fanout);
  }
  if (outcome.bounces.length > 0)
    conn.send(encodeAwarenessMessage(encodeAwarenessUpdate(outcome.bounces)));
}
