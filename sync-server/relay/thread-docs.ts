/**
 * Which rooms keep their doc in the documents' thread, and the bookkeeping of each opening
 * there (`room.threadDoc`): a generation per opening, so that a reply to an earlier one — a
 * doc dropped after a poison update, a reload, an unload — is never taken for the current doc.
 */
import { encodeSyncStep1 } from '../../shared/protocol/messages.js';
import type { DocThread, Judged } from './doc-thread.js';
import type { Room, ThreadDoc } from './room.js';
import { MERGE_ON_MAIN_BYTES } from './room-loader.js';

/** The rooms of one relay whose docs live in the documents' thread. */
export class ThreadDocs {
  private generation = 0;

  constructor(
    readonly thread: DocThread,
    /** Stored states of at least this many bytes go to the thread. */
    private readonly minBytes = MERGE_ON_MAIN_BYTES + 1,
  ) {}

  /**
   * True when `room`'s doc, built from `state`, belongs in the thread: only content rooms.
   * Review rooms stay on the relay's thread (their writes wait on a check of the document,
   * `drain-room.ts`, that the thread does not make), and so do index rooms, whose updates are
   * judged by the room policy against their doc (`guarded-apply.ts`); both hold small records
   * (comments, a list of documents), far from the sizes that stall a thread.
   */
  wants(room: Room, state: Uint8Array | null): boolean {
    return room.name.kind === 'content' && (state?.length ?? 0) >= this.minBytes;
  }

  /** Builds the doc in the thread; resolves with its opening (the room is not changed). */
  async open(room: Room, state: Uint8Array | null): Promise<ThreadDoc> {
    const gen = ++this.generation;
    const stateVector = await this.thread.open(room.name.name, gen, state);
    return { gen, step1: encodeSyncStep1(stateVector) };
  }

  /** Applies stored updates (from other relay processes, or read back) to the room's doc. */
  async applyStored(room: Room, updates: readonly Uint8Array[]): Promise<Judged | null> {
    const threadDoc = room.threadDoc;
    if (threadDoc === null) return null;
    const judged = await this.thread.peer(room.name.name, threadDoc.gen, updates);
    if (room.threadDoc !== threadDoc) return null;
    threadDoc.step1 = encodeSyncStep1(judged.stateVector);
    return judged;
  }

  /** Forgets an opening that was never made the room's doc. */
  discard(room: Room, threadDoc: ThreadDoc): void {
    this.thread.close(room.name.name, threadDoc.gen);
  }

  /**
   * Drops the room's doc from the thread; the messages it judged but that were not drained
   * are judged again by the next doc.
   */
  drop(room: Room): void {
    const threadDoc = room.threadDoc;
    if (threadDoc !== null) this.thread.close(room.name.name, threadDoc.gen);
    room.threadDoc = null;
    for (const e of room.inbox) {
      e.posted = false;
      e.verdict = undefined;
    }
  }
}
