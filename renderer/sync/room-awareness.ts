/**
 * Presence in one room (y-protocols `Awareness`) over the room's channel: who has the document
 * open and where their caret is.
 *
 * Only this client's own state is ever sent — the relay accepts entries only for the ids a
 * connection introduced, and re-writes them with the verified identity (PROTOCOL.md
 * "Awareness"); the stock provider also echoed other people's changes back, which the relay
 * drops and counts. That includes our answer to a removal of our own id: the relay sends
 * `[ourId, clock, null]` to a returning member whose clock is not above the last one the room
 * saw; y-protocols then keeps our state, raises its clock and reports our id as changed, and the
 * state sent with the higher clock is the one every peer accepts — our presence shows at once.
 *
 * When the channel ends, other people's states are removed here (as y-websocket does): nobody
 * would tell us they left meanwhile; the relay re-sends the room's states on the next join.
 *
 * NOTE: presence is opt-in. y-protocols starts every `Awareness` with an empty local state
 * (`{}`), which the relay re-writes with the member's verified name: a room synced in the
 * background (the index, a document kept for offline reading or for unconfirmed edits) would
 * show the member as present in a document they closed. Our state is null until someone
 * `show`s it (the editor, while it shows the document) and null again when the last one stops;
 * the null goes out, so the others see the member leave at once.
 */
import {
  applyAwarenessUpdate,
  Awareness,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { encodeAwarenessMessage } from '../../shared/protocol/messages.js';

interface AwarenessChanges {
  readonly added: number[];
  readonly updated: number[];
  readonly removed: number[];
}

/** One room's awareness, wired to its channel. */
export class RoomAwareness {
  /** The awareness the editor's carets and the presence list use. */
  readonly awareness: Awareness;
  readonly #origin: object;
  readonly #send: (message: Uint8Array) => boolean;
  /** How many callers of `show` have not stopped yet. */
  #shown = 0;

  /**
   * `origin` marks the changes that came from the relay; `send` puts a message on the room's
   * channel (false when it is not open).
   */
  constructor(doc: Y.Doc, origin: object, send: (message: Uint8Array) => boolean) {
    this.awareness = new Awareness(doc);
    // Nobody sees this member here until `show` (see the note above); before our listener, so
    // nothing is sent.
    this.awareness.setLocalState(null);
    this.#origin = origin;
    this.#send = send;
    this.awareness.on('update', this.#onUpdate);
  }

  /**
   * Publishes our presence until the returned function is called; nested calls share it. The
   * state starts empty: the relay fills in who we are, the editor adds the caret.
   */
  show(): () => void {
    this.#shown += 1;
    if (this.#shown === 1 && this.awareness.getLocalState() === null) {
      this.awareness.setLocalState({});
    }
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      this.#shown -= 1;
      if (this.#shown === 0) this.awareness.setLocalState(null);
    };
  }

  /** A new channel: our state (if we have one) goes out, as the relay knows none of ours yet. */
  greet(): void {
    this.#sendOwn();
  }

  /** The relay asked for our states (query-awareness). */
  answerQuery(): void {
    this.#sendOwn();
  }

  /** Applies an awareness update from the relay; throws on a malformed one (bad JSON). */
  apply(update: Uint8Array): void {
    applyAwarenessUpdate(this.awareness, update, this.#origin);
  }

  /** The channel ended: other people's states go (nobody would tell us they left). */
  disconnected(): void {
    const others = [...this.awareness.getStates().keys()].filter(
      (id) => id !== this.awareness.clientID,
    );
    if (others.length > 0) removeAwarenessStates(this.awareness, others, this.#origin);
  }

  /** Stops sending and frees the awareness (its renewal timer). */
  destroy(): void {
    this.awareness.off('update', this.#onUpdate);
    this.awareness.destroy();
  }

  readonly #onUpdate = (changes: AwarenessChanges, origin: unknown): void => {
    const own = this.awareness.clientID;
    const ours =
      changes.added.includes(own) || changes.updated.includes(own) || changes.removed.includes(own);
    if (!ours) return;
    // A removal of our id from the relay while we have no state: nothing to answer.
    if (origin === this.#origin && this.awareness.getLocalState() === null) return;
    this.#send(encodeAwarenessMessage(encodeAwarenessUpdate(this.awareness, [own])));
  };

  #sendOwn(): void {
    if (this.awareness.getLocalState() === null) return;
    const own = this.awareness.clientID;
    this.#send(encodeAwarenessMessage(encodeAwarenessUpdate(this.awareness, [own])));
  }
}
