/**
 * A client's sync message checked and turned into what waits in its room's inbox for the next
 * commit: state vectors and updates are validated here, with bounded work, before Yjs sees them.
 */
import type { ClientMessage } from '../../shared/protocol/messages.js';
import {
  validateStateVector,
  validateUpdate,
  type UpdateLimits,
} from '../../shared/protocol/update-validator.js';
import type { Connection } from './connection.js';
import type { InboxEntry } from './room.js';

/** The entry to queue, or why the connection must be closed (counted under `metric`). */
export type InboxCheck =
  | { readonly ok: true; readonly entry: InboxEntry }
  | { readonly ok: false; readonly reason: string; readonly metric: string };

/** Checks a sync message (`frame` is its whole frame, forwarded as is when possible). */
export function toInboxEntry(
  conn: Connection,
  message: Extract<ClientMessage, { type: 'sync-step1' | 'sync-update' }>,
  frame: Uint8Array,
  limits: UpdateLimits,
): InboxCheck {
  if (message.type === 'sync-step1') {
    const check = validateStateVector(message.stateVector, limits);
    if (!check.ok)
      return { ok: false, reason: `invalid state vector: ${check.reason}`, metric: 'malformed' };
    return { ok: true, entry: { kind: 'step1', conn, stateVector: message.stateVector } };
  }
  // Counted before the check: the acknowledgement counts every update message received.
  conn.updatesReceived += 1;
  const check = validateUpdate(message.update, limits);
  if (!check.ok)
    return { ok: false, reason: `invalid update: ${check.reason}`, metric: 'invalid-update' };
  return {
    ok: true,
    entry: {
      kind: 'update',
      conn,
      frame,
      update: message.update,
      parsed: check.update,
      ordinal: conn.updatesReceived,
    },
  };
}
