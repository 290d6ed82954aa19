/**
 * What became of one room's local changes (`room-sync.ts` owns the channel; this, the verdicts):
 * how many the relay has not confirmed (`ack-counter.ts`, saved through `generation-writer.ts`),
 * whether the relay refused our changes (read-only role) or the room, and whether the
 * workspace's storage on the relay is full (4507). Apart from the channel's handshake so that
 * each reads on its own; every method is called by the room, in the order the relay's messages
 * arrive.
 */
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { AckCounter } from './ack-counter.js';
import { GenerationWriter } from './generation-writer.js';
import type { ChannelEnd } from './link-types.js';
import { Listeners, type Unsubscribe } from './listeners.js';
import type { Refusal } from './relay-types.js';
import type { SyncStateStore } from './sync-state-store.js';

/** A room's confirmations, refusals and full workspace. */
export class RoomConfirmations {
  readonly #acks: AckCounter;
  readonly #writer: GenerationWriter;
  readonly #unconfirmedListeners = new Listeners<number>();
  readonly #refusalListeners = new Listeners<Refusal>();
  readonly #fullListeners = new Listeners<boolean>();
  #readOnly = false;
  #refusal: Refusal | null = null;
  #workspaceFull = false;

  /** Starts from the generations an earlier session saved for `room`. */
  constructor(room: string, syncState: SyncStateStore, local: number, acked: number) {
    this.#acks = new AckCounter(local, acked);
    this.#writer = new GenerationWriter(syncState, () => ({
      room,
      localGeneration: this.#acks.local,
      ackedGeneration: this.#acks.acked,
    }));
  }

  /** Local updates the relay has not acknowledged (counting those of earlier sessions). */
  get unconfirmed(): number {
    return this.#acks.unconfirmed;
  }

  /** True once the relay refused our changes to this room. */
  get readOnly(): boolean {
    return this.#readOnly;
  }

  /** The last refusal, or null. */
  get refusal(): Refusal | null {
    return this.#refusal;
  }

  /** True from a 4507 close until the relay stores one of our updates again. */
  get workspaceFull(): boolean {
    return this.#workspaceFull;
  }

  /** True while unconfirmed changes wait and the relay has not refused them. */
  get pending(): boolean {
    return this.unconfirmed > 0 && !this.#readOnly;
  }

  onUnconfirmed(listener: (count: number) => void): Unsubscribe {
    return this.#unconfirmedListeners.add(listener);
  }

  onRefused(listener: (refusal: Refusal) => void): Unsubscribe {
    return this.#refusalListeners.add(listener);
  }

  onWorkspaceFull(listener: (full: boolean) => void): Unsubscribe {
    return this.#fullListeners.add(listener);
  }

  /** Called when the generations cannot be saved. */
  onError(listener: (error: unknown) => void): Unsubscribe {
    return this.#writer.onError(listener);
  }

  /** Resolves once the current generations are durably saved. */
  whenPersisted(): Promise<void> {
    return this.#writer.whenWritten();
  }

  /** The app asks to join again: a refusal of the room or connection is lifted for now. */
  liftClosedRefusal(): void {
    if (this.#refusal?.kind === 'closed') this.#refusal = null;
  }

  /** A new channel: the relay counts its messages from zero; a closed refusal was lifted. */
  channelOpened(): void {
    this.#acks.channelOpened();
    this.liftClosedRefusal();
  }

  /** A local update was made. */
  localUpdate(): void {
    this.#acks.localUpdate();
  }

  /** An update message (our step 2 or a live update) goes out now. */
  sent(): void {
    this.#acks.sent();
  }

  /** The relay settled the first `count` update messages; true when the count changed. */
  acknowledged(count: number): boolean {
    const covered = this.#acks.settle(count);
    // A refused update is settled too: after a denial, nothing settled counts as stored.
    if (covered === null || this.#readOnly) return false;
    this.#acks.confirm(covered);
    // The relay stored some of ours again: there is room in the workspace.
    this.#setWorkspaceFull(false);
    return true;
  }

  /** The relay refused one of our updates; true the first time (the room turns read-only). */
  denied(reason: string): boolean {
    // The relay sends the denial while handling the message and the ack only after its
    // commit, so the denial always arrives first.
    if (this.#readOnly) return false;
    this.#readOnly = true;
    this.#refusal = { kind: 'permission-denied', reason };
    this.#refusalListeners.emit(this.#refusal);
    return true;
  }

  /** The room's channel ended: a refusal, or a full workspace holding our changes back. */
  channelEnded(end: ChannelEnd): void {
    if (end.kind === 'refused') {
      this.#refusal = { kind: 'closed', scope: end.scope, code: end.code, reason: end.reason };
      this.#refusalListeners.emit(this.#refusal);
    } else if (
      end.kind === 'closed' &&
      end.code === CloseCode.WorkspaceFull &&
      this.unconfirmed > 0
    ) {
      // What we sent would not fit in the workspace's quota and was not stored. Reading still
      // works and space may be freed: the link rejoins with backoff; say so meanwhile.
      this.#setWorkspaceFull(true);
    }
  }

  /**
   * A new token: changes refused under the old one (its role) were settled unstored, and only
   * a new channel, whose step 2 carries them again, lets the relay judge them under the new
   * one. Returns whether the room must rejoin for that.
   */
  tokenChanged(): boolean {
    const resend = this.#readOnly || this.#refusal !== null;
    this.#readOnly = false;
    this.#refusal = null;
    return resend;
  }

  /** The generations changed: tell listeners and save them. */
  changed(): void {
    if (this.unconfirmed === 0) this.#setWorkspaceFull(false);
    this.#unconfirmedListeners.emit(this.unconfirmed);
    this.#writer.schedule();
  }

  /** Waits for the last save, then forgets every listener. */
  async close(): Promise<void> {
    await this.#writer.whenWritten();
    for (const listeners of [
      this.#fullListeners,
      this.#unconfirmedListeners,
      this.#refusalListeners,
    ])
      listeners.clear();
    this.#writer.clear();
  }

  #setWorkspaceFull(full: boolean): void {
    if (this.#workspaceFull === full) return;
    this.#workspaceFull = full;
    this.#fullListeners.emit(full);
  }
}
