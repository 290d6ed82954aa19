/**
 * One room kept in sync over its committee's link (`committee-link.ts`): the y-protocols sync
 * exchange on the room's channel, presence (`room-awareness.ts`), what became of our changes —
 * acknowledgements, refusals, a full workspace (`room-confirmations.ts`) —, remote updates in
 * batches (`inbound-batch.ts`) and the room's status.
 *
 * On each new channel: we send our step 1 (and our presence); the relay sends its step 1, we
 * answer with our step 2 — everything it lacks, so no update is sent before it — then every
 * local update goes out as a `sync update`; the relay's step 2 (the answer to ours) makes the
 * room synced. The handshake is handled at once, message by message; once synced, the relay's
 * messages go through the inbound batch (remote updates of a window in ONE transaction).
 *
 * NOTE: the room has exactly one `update` listener on the doc, which counts a local update and
 * then sends it — in that order, inside the listener, so the generation recorded for the
 * message includes the update it carries. Nothing here depends on the order in which the doc's
 * other listeners (the local store's, the editor's) were registered, nor they on ours: updates
 * the relay sent are recognised by their transaction origin ({@link RoomSync.origin}).
 *
 * Open it after the persistence's `whenSynced`: every doc update not from the relay counts as
 * local, and the stored content must not count as a burst of new edits.
 */
import * as Y from 'yjs';
import { decodeRelayMessage, type RelayMessage } from '../../shared/protocol/relay-messages.js';
import type { CommitteeLink } from './committee-link.js';
import { DEFAULT_INBOUND_BATCH_MS, InboundBatch } from './inbound-batch.js';
import type { ChannelEnd, LinkRoom, RoomHandler } from './link-types.js';
import { Listeners, type Unsubscribe } from './listeners.js';
import {
  RelayMessageError,
  type Refusal,
  type RelayStatus,
  type RoomSyncOptions,
} from './relay-types.js';
import { RoomAwareness } from './room-awareness.js';
import { RoomConfirmations } from './room-confirmations.js';
import { step1Frame, step2Frame, updateFrame } from './room-frames.js';

export { RelayMessageError };
export type { Refusal, RelayStatus, RoomSyncOptions };

/** One room on the link: sync, presence, acknowledgements, refusals. */
export class RoomSync implements RoomHandler {
  /** The room name. */
  readonly room: string;
  /** The transaction origin of every update that came from the relay. */
  readonly origin: object;
  readonly #doc: Y.Doc;
  readonly #link: CommitteeLink;
  readonly #channel: LinkRoom;
  readonly #presence: RoomAwareness;
  readonly #verdicts: RoomConfirmations;
  readonly #inbound: InboundBatch;
  readonly #statusListeners = new Listeners<RelayStatus>();
  readonly #syncedListeners = new Listeners<void>();
  readonly #errors = new Listeners<unknown>();
  /**
   * Which channel the room is on: bumped when one ends or begins, so that messages of an old
   * channel still waiting in a batch are dropped (the new channel syncs what they brought).
   */
  #epoch = 0;
  /** The relay's step 1 was answered on this channel: live updates may go out. */
  #step2Sent = false;
  /** The relay's step 2 arrived on this channel. */
  #synced = false;
  #status: RelayStatus = 'offline';
  #destroyed = false;

  /** Reads the room's generations, then joins the room on the link. */
  static async open(options: RoomSyncOptions): Promise<RoomSync> {
    const record = await options.syncState.get(options.room);
    return new RoomSync(options, record?.localGeneration ?? 0, record?.ackedGeneration ?? 0);
  }

  private constructor(options: RoomSyncOptions, local: number, acked: number) {
    this.room = options.room;
    this.origin = Object.freeze({ relay: options.room });
    this.#doc = options.doc;
    this.#link = options.link;
    this.#verdicts = new RoomConfirmations(options.room, options.syncState, local, acked);
    this.#inbound = new InboundBatch({
      windowMs: options.inboundBatchMs ?? DEFAULT_INBOUND_BATCH_MS,
      // Not a local transaction: editors and the index's "last changed" ignore it as such.
      inTransaction: (apply) => Y.transact(this.#doc, apply, this.origin, false),
    });
    this.#presence = new RoomAwareness(this.#doc, this.origin, (message) => this.#send(message));
    this.#doc.on('update', this.#onUpdate);
    this.#channel = options.link.open(this.room, this);
  }

  /** Presence in this room (the editor's carets, the presence list). */
  get awareness(): RoomAwareness['awareness'] {
    return this.#presence.awareness;
  }

  /**
   * Publishes this member's presence in the room until the returned function is called (calls
   * nest). Presence is opt-in: a room kept in the background — the index, a document kept for
   * its unconfirmed edits or for offline reading — says nothing, so nobody sees the member in
   * a document they closed. The editor asks while it shows the document.
   */
  showPresence(): Unsubscribe {
    return this.#presence.show();
  }

  /**
   * True once the relay's step 2 arrived on the current channel: the room holds everything the
   * relay had stored when it answered (false again when the channel ends).
   */
  get synced(): boolean {
    return this.#synced;
  }

  /** Called each time the room becomes {@link synced} (on every new channel). */
  onSynced(listener: () => void): Unsubscribe {
    return this.#syncedListeners.add(listener);
  }

  /** Current status. */
  get status(): RelayStatus {
    return this.#status;
  }

  /** Local updates the relay has not acknowledged (counting those of earlier sessions). */
  get unconfirmed(): number {
    return this.#verdicts.unconfirmed;
  }

  /** Messages received from the relay and not handled yet (`inbound-batch.ts`). */
  get pendingMessages(): number {
    return this.#inbound.pending;
  }

  /** True while some local update is not on the relay: the app warns before quitting. */
  hasUnconfirmed(): boolean {
    return this.unconfirmed > 0;
  }

  /** True once the relay refused our changes to this room: the UI locks the editor. */
  get readOnly(): boolean {
    return this.#verdicts.readOnly;
  }

  /** The last refusal, or null. */
  get refusal(): Refusal | null {
    return this.#verdicts.refusal;
  }

  /**
   * True from a 4507 close (the workspace's storage on the relay is full) until the relay
   * stores one of our updates again: our changes wait here, and the room keeps rejoining.
   */
  get workspaceFull(): boolean {
    return this.#verdicts.workspaceFull;
  }

  /** The expiry the relay confirmed for a token renewed on the open connection, or null. */
  get renewedExpiry(): number | null {
    return this.#link.renewedExpiry;
  }

  /** Called when {@link workspaceFull} changes. */
  onWorkspaceFull(listener: (full: boolean) => void): Unsubscribe {
    return this.#verdicts.onWorkspaceFull(listener);
  }

  /** Called when `status` changes. */
  onStatus(listener: (status: RelayStatus) => void): Unsubscribe {
    return this.#statusListeners.add(listener);
  }

  /** Called when `unconfirmed` changes. */
  onUnconfirmed(listener: (count: number) => void): Unsubscribe {
    return this.#verdicts.onUnconfirmed(listener);
  }

  /** Called when the relay refuses the room (a 44xx close) or our changes. */
  onRefused(listener: (refusal: Refusal) => void): Unsubscribe {
    return this.#verdicts.onRefused(listener);
  }

  /** Called when the generations cannot be saved, or the relay sent what we cannot use. */
  onError(listener: (error: unknown) => void): Unsubscribe {
    const stops = [this.#verdicts.onError(listener), this.#errors.add(listener)];
    return () => stops.forEach((stop) => stop());
  }

  /** Resolves once the current generations are durably saved. */
  whenPersisted(): Promise<void> {
    return this.#verdicts.whenPersisted();
  }

  /** Joins the room again now (after `disconnect`, or a refusal whose cause is fixed). */
  reconnect(): void {
    if (this.#destroyed) return;
    this.#verdicts.liftClosedRefusal();
    this.#channel.rejoin();
  }

  /** Leaves the room's channel (the link carries on for other rooms); edits keep counting. */
  disconnect(): void {
    if (this.#destroyed) return;
    this.#channelGone();
    this.#channel.pause();
    this.#updateStatus();
  }

  /** Leaves the room, removes every listener and waits for the last generation write. */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#inbound.flush();
    this.#destroyed = true;
    this.#doc.off('update', this.#onUpdate);
    this.#presence.destroy();
    this.#channel.leave();
    await this.#verdicts.close();
    for (const listeners of [this.#syncedListeners, this.#statusListeners, this.#errors])
      listeners.clear();
  }

  // ---- RoomHandler: what the link tells the room ----

  /** See {@link RoomHandler.joined}. */
  joined(): void {
    if (this.#destroyed) return;
    this.#epoch += 1;
    // Joined again: a refusal of the connection (token) or of the room was lifted.
    this.#verdicts.channelOpened();
    this.#step2Sent = false;
    this.#synced = false;
    this.#sendStep1();
    this.#presence.greet();
    this.#updateStatus();
  }

  /** See {@link RoomHandler.received}. */
  received(message: Uint8Array): void {
    if (this.#destroyed) return;
    const decoded = decodeRelayMessage(message);
    if (!decoded.ok) {
      this.#resync(decoded.reason);
      return;
    }
    const relayMessage = decoded.message;
    const epoch = this.#epoch;
    const handle = (): void => {
      if (epoch === this.#epoch) this.#handle(relayMessage);
    };
    // The handshake is not batched: the document is up to date as soon as possible.
    if (this.#synced) {
      this.#inbound.push({ handle, isUpdate: relayMessage.type === 'sync-update' });
      return;
    }
    this.#inbound.flush();
    handle();
  }

  /** See {@link RoomHandler.ended}. */
  ended(end: ChannelEnd): void {
    if (this.#destroyed) return;
    this.#channelGone();
    this.#verdicts.channelEnded(end);
    this.#updateStatus();
  }

  /** See {@link RoomHandler.tokenChanged}. */
  tokenChanged(): void {
    if (this.#destroyed) return;
    if (this.#verdicts.tokenChanged()) this.#channel.rejoin();
    this.#updateStatus();
  }

  /** See {@link RoomHandler.probe}. */
  probe(): void {
    // The relay answers a step 1 with a step 2 (what we lack: usually nothing) at any time.
    this.#sendStep1();
  }

  // ---- internals ----

  #send(message: Uint8Array): boolean {
    return !this.#destroyed && this.#channel.send(message);
  }

  #sendStep1(): void {
    this.#send(step1Frame(this.#doc));
  }

  readonly #onUpdate = (update: Uint8Array, origin: unknown): void => {
    // Updates from the relay are on the relay already.
    if (origin === this.origin) return;
    this.#inbound.localEdit();
    this.#verdicts.localUpdate();
    // Before our step 2, the update waits: the step 2 will carry it.
    if (this.#step2Sent && this.#channel.joined) {
      this.#verdicts.sent();
      this.#send(updateFrame(update));
    }
    this.#changed();
  };

  #handle(message: RelayMessage): void {
    if (this.#destroyed) return;
    try {
      this.#apply(message);
    } catch (error) {
      // An update Yjs cannot apply, presence that is not JSON: sync the room again from the
      // relay's stored state rather than carry on with a gap.
      this.#resync(error instanceof Error ? error.message : String(error));
    }
  }

  #apply(message: RelayMessage): void {
    switch (message.type) {
      case 'sync-step1': {
        const answer = step2Frame(this.#doc, message.stateVector);
        this.#step2Sent = true;
        this.#verdicts.sent();
        this.#send(answer);
        return;
      }
      case 'sync-step2':
        Y.applyUpdate(this.#doc, message.update, this.origin);
        if (!this.#synced) {
          this.#synced = true;
          // A room that synced did useful work — unless the workspace is full, where every
          // channel syncs and is closed again when our step 2 reaches the quota.
          if (!this.#verdicts.workspaceFull) this.#channel.resetBackoff();
          this.#updateStatus();
          this.#syncedListeners.emit();
        }
        return;
      case 'sync-update':
        Y.applyUpdate(this.#doc, message.update, this.origin);
        return;
      case 'awareness':
        this.#presence.apply(message.update);
        return;
      case 'query-awareness':
        this.#presence.answerQuery();
        return;
      case 'permission-denied':
        if (this.#verdicts.denied(message.reason)) this.#updateStatus();
        return;
      case 'ack':
        if (this.#verdicts.acknowledged(message.count)) this.#changed();
        return;
      case 'renewed':
        // Only on per-room connections; a channel's token is renewed on channel 0.
        return;
    }
  }

  /** The relay sent what we cannot use: a new channel syncs the room from its stored state. */
  #resync(reason: string): void {
    const error = new RelayMessageError(this.room, reason);
    console.warn(error.message);
    this.#errors.emit(error);
    this.#channelGone();
    this.#channel.retryLater();
  }

  /** The channel is gone (ended, left): handle what it brought, forget its presence. */
  #channelGone(): void {
    // Messages the relay sent before the end are handled first: they are stored there.
    this.#inbound.flush();
    this.#epoch += 1;
    this.#synced = false;
    this.#step2Sent = false;
    this.#presence.disconnected();
  }

  /** Generations changed: tell listeners, save, and update the status. */
  #changed(): void {
    this.#verdicts.changed();
    this.#updateStatus();
  }

  #updateStatus(): void {
    let status: RelayStatus = 'offline';
    if (this.#channel?.joined === true) {
      status = this.#synced && !this.#verdicts.pending ? 'online' : 'syncing';
    }
    if (status === this.#status) return;
    this.#status = status;
    this.#statusListeners.emit(status);
  }
}
