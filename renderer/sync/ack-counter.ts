/**
 * What "unconfirmed" means for one room, and why it survives a reload.
 *
 * Every local update (a doc update whose origin is not the room's relay origin) bumps a
 * persisted counter, the local generation `g`. The relay acknowledges by count, per channel
 * (PROTOCOL.md "Acknowledgement"): `ack(n)` settles the first `n` update messages (`sync step
 * 2` or `sync update`) sent on this channel. For each such message we record the generation it
 * covers: once our step 2 has gone out, the relay holds — when that message is settled — every
 * local update up to the `g` of its sending time. The step 2 is `encodeStateAsUpdate(doc,
 * relayStateVector)`, which carries all we had that the relay lacked (with the whole delete
 * set, so deletions count too), and every later local update is sent as a `sync update` on the
 * same ordered channel while it is open. The room sends no update before its step 2 (the step 2
 * carries them), so every message it sends covers the `g` of its sending time, and
 * `ackedGeneration = covered(message n − 1)`, `unconfirmed = g − ackedGeneration`. Both numbers
 * live in a `SyncStateStore` (IndexedDB): after a reload the count is exact without keeping the
 * updates twice — the content itself is in the `DocStore` and reaches the relay in the next
 * step 2.
 *
 * A generation counter, rather than the relay's acknowledged state vector: a deletion does not
 * advance any state-vector clock, so a state-vector comparison would forget an offline deletion.
 */

/** The generations of one room and the coverage of the current channel's messages. */
export class AckCounter {
  #local: number;
  #acked: number;
  /** Generation covered by each update message of this channel not yet settled. */
  #sent: number[] = [];
  /** Update messages of this channel already settled (the index of `#sent[0]`). */
  #settled = 0;

  /** Starts from the generations saved by an earlier session. */
  constructor(local: number, acked: number) {
    this.#local = local;
    this.#acked = Math.min(acked, local);
  }

  /** Local updates ever made in the room on this replica. */
  get local(): number {
    return this.#local;
  }

  /** How many of them the relay holds. */
  get acked(): number {
    return this.#acked;
  }

  /** Local updates the relay has not acknowledged. */
  get unconfirmed(): number {
    return this.#local - this.#acked;
  }

  /** A local update was made. */
  localUpdate(): void {
    this.#local += 1;
  }

  /** A new channel: the relay counts its messages from zero. */
  channelOpened(): void {
    this.#sent = [];
    this.#settled = 0;
  }

  /** An update message (our step 2, or a live update after it) is being sent now. */
  sent(): void {
    this.#sent.push(this.#local);
  }

  /**
   * The relay settled the first `count` update messages of the channel. Returns the generation
   * they cover (the caller decides whether it counts: refused updates are settled too), or null
   * when nothing new is settled.
   */
  settle(count: number): number | null {
    if (count <= this.#settled) return null;
    const settled = this.#sent.splice(0, count - this.#settled);
    this.#settled = count;
    const covered = settled.at(-1);
    return covered === undefined || covered <= this.#acked ? null : covered;
  }

  /** The relay holds every local update up to `generation`. */
  confirm(generation: number): void {
    this.#acked = Math.max(this.#acked, Math.min(generation, this.#local));
  }
}
