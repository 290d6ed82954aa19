/**
 * The room documents' thread, seen from the relay: the `Y.Doc` of each large room lives in one
 * worker thread (`doc-thread-worker.ts`), which builds it from the stored state, judges the
 * room's updates against it (apply, redundant, refused, poison) and answers its sync steps.
 * Requests run in the order they were posted, so the verdicts of a room follow its arrival
 * order; the relay keeps sockets, ordering, durable appends and broadcasts on its own thread.
 *
 * The thread starts with the first large room (an idle relay does not pay for it). If it dies,
 * every pending request rejects and `onLost` listeners are told: the relay then closes the
 * connections of the rooms it hosted with a retry code; their clients reconnect and resend what
 * was not acknowledged.
 */
import { createRequire } from 'node:module';
import type { ResourceLimits } from 'node:worker_threads';
import type { ParsedUpdate } from '../../shared/protocol/update-validator.js';
import { RequestThread } from '../threads/request-thread.js';
import {
  DOC_THREAD_SOURCE,
  type DocThreadClose,
  type DocThreadData,
  type DocThreadReply,
  type DocThreadRequest,
  type JudgeItem,
  type Verdict,
} from './doc-thread-worker.js';

export type { JudgeItem, Verdict } from './doc-thread-worker.js';

/** A request's outcome: one verdict per item, and the doc's state vector after them. */
export interface Judged {
  readonly verdicts: readonly Verdict[];
  readonly stateVector: Uint8Array;
}

/**
 * The judge item for a client's update. The bytes are copied (a socket's frame may be a view of
 * a larger buffer), and the copy is moved to the thread.
 */
export function updateItem(update: Uint8Array, parsed: ParsedUpdate, mayWrite: boolean): JudgeItem {
  return {
    kind: 'update',
    update: update.slice(),
    structs: parsed.structs,
    deletes: parsed.deletes,
    isEmpty: parsed.isEmpty,
    mayWrite,
  };
}

/** The judge item for a client's sync step 1. */
export function step1Item(stateVector: Uint8Array): JudgeItem {
  return { kind: 'step1', stateVector: stateVector.slice() };
}

/** Requests to the room documents' thread. */
export class DocThread {
  readonly #thread: RequestThread;

  /**
   * `source` replaces the thread's code: only tests pass one, to make the thread die at a given
   * moment (`thread-lost.test.ts`).
   */
  constructor(
    options: { readonly resourceLimits?: ResourceLimits; readonly source?: string } = {},
  ) {
    this.#thread = new RequestThread({
      name: 'doc thread',
      source: options.source ?? DOC_THREAD_SOURCE,
      workerData: (): DocThreadData => ({
        yjsPath: createRequire(import.meta.url).resolve('yjs'),
      }),
      ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
    });
  }

  /** Calls `listener` when the thread dies: every doc it held is gone. */
  onLost(listener: (error: Error) => void): void {
    this.#thread.onLost(listener);
  }

  /**
   * Builds `room`'s doc from its stored state (replacing any earlier opening) as opening `gen`;
   * resolves with its state vector, rejects when Yjs cannot apply the state.
   */
  async open(room: string, gen: number, state: Uint8Array | null): Promise<Uint8Array> {
    const copy = state === null ? null : state.slice();
    const judged = await this.#ask(
      (id) => ({ op: 'open', id, room, gen, state: copy }),
      copy === null ? [] : [copy.buffer],
    );
    return judged.stateVector;
  }

  /** Judges a room's items in order (see `Verdict`). */
  judge(room: string, gen: number, items: readonly JudgeItem[]): Promise<Judged> {
    // The items' bytes are copies of their own (`updateItem`, `step1Item`): moved, not cloned.
    const buffers = items.map(
      (item) => (item.kind === 'update' ? item.update : item.stateVector).buffer as ArrayBuffer,
    );
    return this.#ask((id) => ({ op: 'judge', id, room, gen, items }), buffers);
  }

  /** Applies updates already stored (by another relay process, or read back from the store). */
  peer(room: string, gen: number, updates: readonly Uint8Array[]): Promise<Judged> {
    const copies = updates.map((u) => u.slice());
    return this.#ask(
      (id) => ({ op: 'peer', id, room, gen, updates: copies }),
      copies.map((u) => u.buffer),
    );
  }

  /** Forgets opening `gen` of `room` (a later opening is left alone). */
  close(room: string, gen: number): void {
    const message: DocThreadClose = { op: 'close', room, gen };
    this.#thread.tell(message);
  }

  /** Stops the thread. */
  stop(): Promise<void> {
    return this.#thread.close();
  }

  /** `transfer`: buffers of copies made for this request, moved rather than cloned. */
  async #ask(
    build: (id: number) => DocThreadRequest,
    transfer: ArrayBuffer[] = [],
  ): Promise<Judged> {
    const reply = await this.#thread.request<DocThreadReply>((id) => ({
      message: build(id),
      transfer,
    }));
    if (!reply.ok) throw new Error(`doc thread: ${reply.message}`);
    return { verdicts: reply.verdicts, stateVector: reply.stateVector };
  }
}
