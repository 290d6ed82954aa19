/**
 * A document's own sync state as React state: its room's status, the local changes the relay
 * has not confirmed, and the relay's refusal of the room on its own. Rendered as a transition:
 * the count changes with every keystroke, which must be painted first.
 */
import { startTransition, useEffect, useState } from 'react';
import type { RelayStatus, RoomSync } from '../sync/room-sync.js';
import type { RoomRefusal } from '../sync/workspace-sync.js';

/** What the editor page shows about its document's room. */
export interface RoomState {
  /** `refused` when the relay refused this room on its own; the room's status otherwise. */
  readonly state: RelayStatus | 'refused';
  /** Local changes the relay has not confirmed. */
  readonly unconfirmed: number;
  /** The refusal of the room on its own (4413, 4404…), or null. */
  readonly refusal: RoomRefusal | null;
}

function read(connection: RoomSync): RoomState {
  const refused = connection.refusal;
  const refusal = refused?.kind === 'closed' && refused.scope === 'room' ? refused : null;
  return {
    state: refusal === null ? connection.status : 'refused',
    unconfirmed: connection.unconfirmed,
    refusal,
  };
}

const same = (a: RoomState, b: RoomState): boolean =>
  a.state === b.state && a.unconfirmed === b.unconfirmed && a.refusal === b.refusal;

/** The state of `connection`, or null for a document of "Mon espace". */
export function useRoomState(connection: RoomSync | null): RoomState | null {
  const [state, setState] = useState(() => (connection === null ? null : read(connection)));
  useEffect(() => {
    if (connection === null) {
      setState(null);
      return;
    }
    const update = (): void =>
      startTransition(() =>
        setState((before) => {
          const next = read(connection);
          return before !== null && same(before, next) ? before : next;
        }),
      );
    update();
    const stops = [
      connection.onStatus(update),
      connection.onUnconfirmed(update),
      connection.onRefused(update),
    ];
    return () => stops.forEach((stop) => stop());
  }, [connection]);
  return state;
}
