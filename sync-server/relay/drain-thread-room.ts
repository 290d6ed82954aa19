/**
 * One turn of a room whose doc lives in the documents' thread (`doc-thread.ts`): the same rules
 * as `drain-room.ts`, in two steps instead of one.
 *
 * 1. `postForJudging`: messages not yet seen by the thread are sent to it, in arrival order, as
 *    soon as the room is ready; the thread applies the updates that change the doc (and that
 *    their connection may write), and encodes the step 2 of each step 1, at its place in the
 *    order.
 * 2. `drainJudged`: on the relay's thread, the judged head of the inbox becomes the batch's
 *    replies, refusals and updates to store — nothing is parsed here. Messages whose verdict
 *    has not come back wait for a later commit, so a slow thread never holds up the commit of
 *    other rooms.
 *
 * The thread's doc runs ahead of storage by the judged updates not committed yet, exactly as a
 * room's own doc does during a commit. Where the relay then refuses an update the thread has
 * already applied (room or workspace full), or the thread hit a poison update, the doc no longer
 * matches what is stored: it is dropped and rebuilt from storage (`requestReload`), and the
 * messages after that point are judged again by the new doc.
 */
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { encodeSyncStep2 } from '../../shared/protocol/messages.js';
import type { Batch } from './batch.js';
import { step1Item, updateItem, type DocThread, type Judged } from './doc-thread.js';
import { overLimit, refuseOverLimit, type DrainActions } from './drain-room.js';
import type { InboxEntry, Room } from './room.js';

/**
 * Sends the room's messages the thread has not seen; `judged` is called with the verdicts
 * set on them (not when the room's doc was replaced meanwhile). Returns the request, or null.
 */
export function postForJudging(
  room: Room,
  thread: DocThread,
  judged: (result: Judged) => void,
): Promise<void> | null {
  const threadDoc = room.threadDoc;
  if (threadDoc === null || room.phase !== 'ready') return null;
  const fresh = room.inbox.filter((e) => e.posted !== true);
  if (fresh.length === 0) return null;
  for (const e of fresh) e.posted = true;
  const items = fresh.map((e) =>
    e.kind === 'step1'
      ? step1Item(e.stateVector)
      : updateItem(e.update, e.parsed, e.conn.access === 'write' && !e.conn.closed),
  );
  return thread.judge(room.name.name, threadDoc.gen, items).then((result) => {
    if (room.threadDoc !== threadDoc) return;
    fresh.forEach((e, i) => {
      e.verdict = result.verdicts[i];
    });
    judged(result);
  });
}

/** True when the head of the inbox is with the thread, its verdict not back yet. */
export function awaitingVerdict(room: Room): boolean {
  const head = room.inbox[0];
  return head !== undefined && head.posted === true && head.verdict === undefined;
}

/** Moves the judged head of `room`'s inbox into `batch`. */
export function drainJudged(
  room: Room,
  batch: Batch,
  maxRoomBytes: number,
  act: DrainActions,
): void {
  const entries = room.inbox;
  let i = 0;
  for (; i < entries.length; i++) {
    const e = entries[i]!;
    const verdict = e.verdict;
    if (verdict === undefined) break;
    if (verdict === 'skipped') return rejudgeFrom(room, entries, i, act);
    if (typeof verdict === 'object') {
      if (!e.conn.closed) batch.replyWith(room, e.conn, encodeSyncStep2(verdict.step2));
      continue;
    }
    if (e.kind !== 'update') continue;
    if (verdict === 'redundant') {
      batch.settle(e.conn, e.ordinal);
      continue;
    }
    if (verdict === 'refused') {
      if (!e.conn.closed) act.refuseWrite(e.conn);
      batch.settle(e.conn, e.ordinal);
      continue;
    }
    if (verdict === 'poison') {
      act.refuse(e.conn, CloseCode.BadRequest, 'update rejected by the document model', 'poison');
      return rejudgeFrom(room, entries, i + 1, act);
    }
    // 'changed': the thread applied it. Stored even when its connection has closed since: it
    // was accepted when it arrived, and the doc now holds it.
    const over = overLimit(room, e.update, maxRoomBytes, act);
    if (over !== null) {
      refuseOverLimit(e.conn, over, act);
      return rejudgeFrom(room, entries, i + 1, act);
    }
    batch.store(room, e.conn, e.update, e.frame);
    act.reserve(e.update.length);
    room.stats.logCount += 1;
    room.stats.logBytes += e.update.length;
    batch.settle(e.conn, e.ordinal);
  }
  room.inbox = entries.slice(i);
}

/**
 * The thread's doc holds what is not stored: it is dropped at once (`poisoned`: verdicts still
 * on their way are then ignored) and rebuilt after the commit; the messages from `from` on wait,
 * unjudged, for the new doc.
 */
function rejudgeFrom(room: Room, entries: InboxEntry[], from: number, act: DrainActions): void {
  room.inbox = entries.slice(from);
  room.needsReload = true;
  act.poisoned(); // `ThreadDocs.drop`: the doc goes, and what is left in the inbox is unjudged
}
