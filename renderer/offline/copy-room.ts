/**
 * One room of a document that is not loaded on this computer, brought up to date for offline
 * reading at the level of bytes: its stored state vector goes out as our step 1, and the
 * relay's step 2 is appended to the local store as it came — no `Y.Doc` is built, nothing is
 * applied, and the relay's step 1 is not answered (a room nobody has open here holds no change
 * of ours the relay lacks: edits are made in open rooms, and a room with unconfirmed edits
 * stays open until the relay confirms them).
 *
 * Why not a `RoomSync` on a loaded doc, as for the rooms the member has open: a download of 200
 * documents did that 400 times — load, apply, store, generations, listeners, release — about
 * 7 ms of main thread and 50 tasks per document while the member types (`bench:client`,
 * "first offline download"). Here a document is one read and one write of the store and a
 * few frames, and a copy that has not changed since the last pass appends nothing.
 */
import * as Y from 'yjs';
import { EMPTY_STATE_VECTOR, isEmptyUpdate } from '../../shared/protocol/empty-state.js';
import { encodeSyncStep1 } from '../../shared/protocol/messages.js';
import { decodeRelayMessage } from '../../shared/protocol/relay-messages.js';
import type { DocStore } from '../../shared/storage/doc-store.js';
import type { ChannelEnd, LinkRoom, RoomHandler } from '../sync/link-types.js';

/** How a room's copy ended. */
export type CopyRoomOutcome =
  /** The store holds what the relay had: `bytes` in all for the room. */
  | { readonly kind: 'stored'; readonly bytes: number }
  /** The relay refused the room on its own (4404, 4413…). */
  | { readonly kind: 'refused'; readonly code: number; readonly reason: string }
  /**
   * Not brought up to date: stopped or the connection lost (`aborted`), no answer in time
   * (`timeout`), the local store failed or holds what Yjs cannot read, or the relay's answer
   * could not be read (`failed`).
   */
  | { readonly kind: 'aborted' | 'timeout' | 'failed' };

/** What {@link copyRoom} needs from the committee's link. */
export interface CopyLink {
  open(room: string, handler: RoomHandler): LinkRoom;
}

/** Options of {@link copyRoom}. */
export interface CopyRoomOptions {
  readonly link: CopyLink;
  readonly store: DocStore;
  readonly room: string;
  /** Aborted when the link goes down, the download stops, or someone opens the room. */
  readonly signal: AbortSignal;
  /** Longest wait for the relay's answer. */
  readonly timeoutMs: number;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What the relay sent until its step 2, or why the wait ended without it. */
type Answer =
  | { readonly kind: 'synced'; readonly updates: readonly Uint8Array[] }
  | Exclude<CopyRoomOutcome, { kind: 'stored' }>;

/** Joins `room` with `stateVector`, collects the relay's updates up to its step 2, leaves. */
function askRelay(options: CopyRoomOptions, stateVector: Uint8Array): Promise<Answer> {
  const { link, room, signal, timeoutMs } = options;
  return new Promise<Answer>((resolve) => {
    if (signal.aborted) {
      resolve({ kind: 'aborted' });
      return;
    }
    const step1 = encodeSyncStep1(stateVector);
    // Live updates relayed before the step 2 are in it too; kept all the same (idempotent).
    const updates: Uint8Array[] = [];
    let settled = false;
    const finish = (answer: Answer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      channel.leave();
      resolve(answer);
    };
    const onAbort = (): void => finish({ kind: 'aborted' });
    const handler: RoomHandler = {
      joined: () => void channel.send(step1),
      received: (message) => {
        const decoded = decodeRelayMessage(message);
        if (!decoded.ok) {
          console.warn(`offline copy of ${room}: unreadable relay message (${decoded.reason})`);
          finish({ kind: 'failed' });
          return;
        }
        const { message: relayMessage } = decoded;
        if (relayMessage.type === 'sync-update') updates.push(relayMessage.update.slice());
        if (relayMessage.type === 'sync-step2') {
          updates.push(relayMessage.update.slice());
          finish({ kind: 'synced', updates });
        }
      },
      ended: (end: ChannelEnd) => {
        // A close worth retrying (4500, 1012…): the link rejoins by itself; the wait goes on.
        if (end.kind === 'closed') return;
        if (end.kind === 'refused' && end.scope === 'room') {
          finish({ kind: 'refused', code: end.code, reason: end.reason });
        } else finish({ kind: 'aborted' });
      },
      tokenChanged: () => {},
      probe: () => void channel.send(step1),
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    signal.addEventListener('abort', onAbort);
    // The link never calls the handler before `open` returns.
    const channel = link.open(room, handler);
  });
}

/** Brings one closed room's local copy up to date; never rejects. */
export async function copyRoom(options: CopyRoomOptions): Promise<CopyRoomOutcome> {
  const { store, room } = options;
  let parts: Uint8Array[];
  let stateVector: Uint8Array;
  try {
    const stored = await store.load(room);
    parts = stored.updates.map((update) => update.data);
    if (stored.snapshot !== null) parts.unshift(stored.snapshot);
    stateVector =
      parts.length === 0
        ? EMPTY_STATE_VECTOR
        : Y.encodeStateVectorFromUpdate(parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts));
  } catch (error) {
    console.warn(`offline copy of ${room}: the local copy cannot be read`, error);
    return { kind: 'failed' };
  }
  const answer = await askRelay(options, stateVector);
  if (answer.kind !== 'synced') return answer;

  const storedBytes = parts.reduce((sum, part) => sum + part.length, 0);
  const last = parts.at(-1);
  // Nothing new: the relay's answer to an up-to-date copy is its delete set alone, the same
  // bytes as the last pass stored; appending them again would only grow the log.
  const fresh = answer.updates.filter(
    (update) => !isEmptyUpdate(update) && !(last !== undefined && sameBytes(update, last)),
  );
  if (fresh.length === 0) return { kind: 'stored', bytes: storedBytes };
  try {
    await store.append(fresh.map((data) => ({ room, data })));
  } catch (error) {
    console.warn(`offline copy of ${room}: the local store failed`, error);
    return { kind: 'failed' };
  }
  return {
    kind: 'stored',
    bytes: storedBytes + fresh.reduce((sum, update) => sum + update.length, 0),
  };
}
