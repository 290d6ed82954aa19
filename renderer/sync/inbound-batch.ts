/**
 * Messages from the relay, handled in batches instead of one task each, and kept away from the
 * frames that show our own keystrokes.
 *
 * Why: with ten members typing, the relay sends a document update and a caret move about every
 * 12 ms. Each update handled alone is a Yjs transaction, after which the editor binding rebuilds
 * its ProseMirror document and every remote caret decoration, and the browser renders a frame.
 * Two costs follow for our own keystrokes (`npm run bench:client`, Chrome traces): the work itself
 * when it runs as we press a key, and — larger — the frame clock. While frames follow one another,
 * Chromium starts each on the next tick of its 60 Hz clock, so a keystroke waits up to 16.7 ms for
 * its frame; after a pause, the first frame a keystroke asks for starts at once.
 *
 * So: all the messages that arrived during `windowMs` are handled in one task, their document
 * updates in ONE Yjs transaction (one editor update, one stored append), the caret moves after
 * them. And while the member types, a batch waits for the frame that shows their keystroke and
 * runs right after it — the remote changes then get their frame long before the next keystroke —
 * or at most `typingWaitMs`.
 *
 * A room batches only once its handshake is done (`room-sync.ts`).
 *
 * Order: the document updates of a batch are applied first, in arrival order, then every other
 * message in arrival order. Moving an update before an awareness message only means the carets
 * are drawn against the newer text (their relative positions may name characters that update
 * brings); moving it before an acknowledgement or a step 1 changes nothing those mean. Permission
 * denials, acknowledgements and handshakes keep their relative order.
 *
 * Timers rather than frame callbacks alone: a batch must also run in a hidden window, where frames
 * stop. There timers are throttled to about once a second, which only delays what the member
 * cannot see; the relay already stored everything it sent, so a crash meanwhile loses nothing.
 */
import { nextTask } from './next-task.js';

/** How long the first message of a batch may wait when the member is not typing. */
export const DEFAULT_INBOUND_BATCH_MS = 40;
/** While the member types, a batch waits for their next keystroke's frame, at most this long. */
export const DEFAULT_TYPING_WAIT_MS = 250;
/** A local edit this recent means the member is typing. */
export const TYPING_PAUSE_MS = 1000;

/** One relay message, decoded, and how to handle it. */
export interface InboundMessage {
  /** Handles the message (applies the update, the presence, the ack…). */
  readonly handle: () => void;
  /** True for a document update (`sync update`): the one kind applied together. */
  readonly isUpdate: boolean;
}

/** Options of `InboundBatch`. */
export interface InboundBatchOptions {
  /** Longest wait of a message; 0 handles each message at once. */
  readonly windowMs: number;
  /** Longest wait of a message while the member types (defaults to `DEFAULT_TYPING_WAIT_MS`). */
  readonly typingWaitMs?: number;
  /** Runs `apply` in one transaction of the document (origin: the room's relay origin). */
  readonly inTransaction: (apply: () => void) => void;
  /** Runs `run` once the next frame is rendered; defaults to a frame callback, then a task. */
  readonly afterPaint?: (run: () => void) => void;
  /** Milliseconds clock (defaults to `performance.now`). */
  readonly now?: () => number;
  /** A message's handler threw; defaults to `reportError` (as if it were uncaught). */
  readonly onError?: (error: unknown) => void;
}

const afterNextPaint = (run: () => void): void => {
  requestAnimationFrame(() => nextTask(run));
};

/** The queue of one room's incoming messages. */
export class InboundBatch {
  readonly #options: InboundBatchOptions;
  readonly #now: () => number;
  readonly #afterPaint: (run: () => void) => void;
  readonly #onError: (error: unknown) => void;
  #queue: InboundMessage[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastLocalEdit = Number.NEGATIVE_INFINITY;
  #paintWaited = false;

  constructor(options: InboundBatchOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    this.#afterPaint = options.afterPaint ?? afterNextPaint;
    this.#onError = options.onError ?? reportError;
  }

  /** Messages waiting for the next batch. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Queues `message`; the batch runs `windowMs` after the first message queued. */
  push(message: InboundMessage): void {
    this.#queue.push(message);
    if (this.#options.windowMs <= 0) {
      this.flush();
      return;
    }
    if (this.#timer !== undefined) return;
    const typing = this.#now() - this.#lastLocalEdit < TYPING_PAUSE_MS;
    const wait = typing
      ? (this.#options.typingWaitMs ?? DEFAULT_TYPING_WAIT_MS)
      : this.#options.windowMs;
    this.#timer = setTimeout(() => this.flush(), wait);
  }

  /**
   * The member changed the document (a keystroke, usually): the waiting batch runs right after
   * the frame that shows it.
   */
  localEdit(): void {
    this.#lastLocalEdit = this.#now();
    if (this.#queue.length === 0 || this.#paintWaited) return;
    this.#paintWaited = true;
    this.#afterPaint(() => this.flush());
  }

  /** Handles every queued message now (before the socket's close is handled, for instance). */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#paintWaited = false;
    const queued = this.#queue;
    if (queued.length === 0) return;
    this.#queue = [];
    const updates = queued.filter((message) => message.isUpdate);
    if (updates.length > 0) {
      this.#options.inTransaction(() => {
        for (const message of updates) this.#handle(message);
      });
    }
    for (const message of queued) if (!message.isUpdate) this.#handle(message);
  }

  /** One message's handler failing must not cost the others of its batch. */
  #handle(message: InboundMessage): void {
    try {
      message.handle();
    } catch (error) {
      this.#onError(error);
    }
  }
}
