/**
 * One room's connection to the relay: the stock npm `y-websocket` provider (unchanged) plus what
 * it lacks for the desktop app (PROTOCOL.md): the token as a subprotocol rather than in the URL
 * (`shared/protocol/subprotocol.ts`: TLS proxies log URLs), acknowledgements (`ack=1`, message
 * type 100), the renewal of the token on the open connection (types 101/102), read-only refusals
 * and a full workspace (4507) surfaced to the UI, and reconnection with jitter.
 *
 * ## What "unconfirmed" means, and why it survives a reload
 *
 * Every local update (a doc update whose origin is not the provider) bumps a persisted counter,
 * the local generation `g`. The relay acknowledges by count: `ack(n)` settles the first `n`
 * update messages (`sync step 2` or `sync update`) this connection sent. For each such message
 * we record the generation it covers: on a connection, once our step 2 has gone out, the relay
 * holds — when that message is settled — every local update up to the `g` of its sending time:
 * the step 2 is `encodeStateAsUpdate(doc, relayStateVector)`, which carries all we had that the
 * relay lacked (with the whole delete set, so deletions count too), and every later local update
 * is sent as a `sync update` on the same ordered socket while it is open. Messages sent before the
 * step 2 (edits between `open` and the relay's step 1) cover nothing on their own; the step 2
 * after them covers them. So `ackedGeneration = max(covered(message n − 1))`, and
 * `unconfirmed = g − ackedGeneration`. Both numbers live in a `SyncStateStore` (IndexedDB), so
 * after a reload the count is exact without keeping the updates twice: the content itself is in
 * the `DocStore` and reaches the relay in the next step 2.
 *
 * A generation counter, rather than the relay's acknowledged state vector: a deletion does not
 * advance any state-vector clock, so a state-vector comparison would forget an offline deletion.
 *
 * A refused update is "settled" too (PROTOCOL.md), so once the relay has said permission denied
 * this connection stops advancing `ackedGeneration`: refused edits stay unconfirmed and the UI
 * locks the editor (`readOnly`). The relay sends the denial while handling the message and the
 * ack only after its commit, so the denial always arrives first.
 */
import type * as decoding from 'lib0/decoding';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { MessageType, SyncMessageType } from '../../shared/protocol/message-types.js';
import { decodeAck, decodeRenewed, encodeRenew } from '../../shared/protocol/messages.js';
import { subprotocolsFor } from '../../shared/protocol/subprotocol.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { DEFAULT_INBOUND_BATCH_MS, InboundBatch, type InboundMessage } from './inbound-batch.js';
import { GenerationWriter } from './generation-writer.js';
import { Listeners, type Unsubscribe } from './listeners.js';
import type { Refusal, RelayConnectionOptions, RelayStatus } from './relay-types.js';
import { bytesOf, hookedWebSocket, type SendData } from './relay-socket.js';

export type { Refusal, RelayConnectionOptions, RelayStatus };

/** The provider for one room, with acknowledgements, refusals and jittered reconnection. */
export class RelayConnection {
  /** The wrapped stock provider (awareness lives at `provider.awareness`). */
  readonly provider: WebsocketProvider;
  /** The room name. */
  readonly room: string;
  readonly #doc: Y.Doc;
  readonly #backoff: BackoffOptions;
  readonly #random: () => number;
  readonly #statusListeners = new Listeners<RelayStatus>();
  readonly #unconfirmedListeners = new Listeners<number>();
  readonly #refusalListeners = new Listeners<Refusal>();
  readonly #writer: GenerationWriter;
  readonly #fullListeners = new Listeners<boolean>();
  readonly #inbound: InboundBatch;
  #local: number;
  #acked: number;
  /** The socket of the current connection; frames of older sockets are ignored. */
  #socket: WebSocket | null = null;
  /** Generation covered by each update message of this connection not yet acked (−1: none). */
  #sent: number[] = [];
  /** Update messages of this connection already acknowledged (absolute index of `#sent[0]`). */
  #ackedMessages = 0;
  #step2Sent = false;
  #readOnly = false;
  #refusal: Refusal | null = null;
  /** The relay closed with 4507 (workspace quota) and has stored none of ours since. */
  #workspaceFull = false;
  /** Expiry (seconds) the relay confirmed for a token renewed on an open connection. */
  #renewedExp: number | null = null;
  #status: RelayStatus = 'offline';
  #wantConnected = true;
  #destroyed = false;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Reads the room's generations, then connects. */
  static async open(options: RelayConnectionOptions): Promise<RelayConnection> {
    const record = await options.syncState.get(options.room);
    return new RelayConnection(options, record?.localGeneration ?? 0, record?.ackedGeneration ?? 0);
  }

  private constructor(options: RelayConnectionOptions, local: number, acked: number) {
    this.room = options.room;
    this.#doc = options.doc;
    this.#writer = new GenerationWriter(options.syncState, () => ({
      room: this.room,
      localGeneration: this.#local,
      ackedGeneration: this.#acked,
    }));
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#random = options.random ?? Math.random;
    this.#local = local;
    this.#acked = Math.min(acked, local);
    this.#inbound = new InboundBatch({
      windowMs: options.inboundBatchMs ?? DEFAULT_INBOUND_BATCH_MS,
      // The provider's origin, as its own `applyUpdate` would give: the updates count as remote.
      inTransaction: (apply) => this.#doc.transact(apply, this.provider),
    });
    // NOTE: registered BEFORE the provider's own update listener (lib0 calls listeners in
    // insertion order), so the generation already counts an update when the provider sends it.
    this.#doc.on('update', this.#onUpdate);
    const WebSocketImpl = hookedWebSocket(options.WebSocketImpl ?? WebSocket, {
      opened: (socket) => this.#startConnection(socket),
      beforeSend: (socket, data) => this.#beforeSend(socket, data),
      received: (message) => this.#received(message),
    });
    this.provider = new WebsocketProvider(options.serverUrl, options.room, options.doc, {
      connect: false,
      // The token travels in `Sec-WebSocket-Protocol`; the query only opts in to acks.
      params: { ack: '1' },
      protocols: subprotocolsFor(options.token),
      WebSocketPolyfill: WebSocketImpl,
      // Another tab's updates would arrive with the provider as origin and never be counted
      // as ours; each window connects to the relay itself instead.
      disableBc: true,
    });
    // Without these the stock provider logs "Unable to compute message" for type 100 and
    // only console.warns a permission denial.
    this.provider.messageHandlers[MessageType.Ack] = (_encoder, decoder: decoding.Decoder) =>
      this.#onAck(decoder.arr);
    this.provider.messageHandlers[MessageType.Renewed] = (_encoder, decoder: decoding.Decoder) =>
      this.#onRenewed(decoder.arr);
    this.provider.messageHandlers[MessageType.Auth] = (_encoder, decoder: decoding.Decoder) =>
      authProtocol.readAuthMessage(decoder, this.#doc, (_doc, reason) => this.#onDenied(reason));
    this.provider.on('status', () => this.#updateStatus());
    this.provider.on('sync', (synced: boolean) => {
      // A connection that synced did useful work: the next failure starts a fresh backoff —
      // unless the workspace is full, where every connection syncs and is then closed again
      // when our step 2 reaches the quota: that one must keep backing off.
      if (synced && !this.#workspaceFull) this.#attempt = 0;
      this.#updateStatus();
    });
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      // Emitted while the provider still takes this socket's frames: the last batch goes first.
      this.#inbound.flush();
      this.#onClose(event);
    });
    this.provider.connect();
  }

  /** Current status. */
  get status(): RelayStatus {
    return this.#status;
  }

  /** Local updates the relay has not acknowledged (counting those of earlier sessions). */
  get unconfirmed(): number {
    return this.#local - this.#acked;
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
    return this.#readOnly;
  }

  /** The last refusal, or null. */
  get refusal(): Refusal | null {
    return this.#refusal;
  }

  /**
   * True from a 4507 close (the workspace's storage on the relay is full) until the relay
   * stores one of our updates again: our changes wait here, and reconnection keeps trying.
   */
  get workspaceFull(): boolean {
    return this.#workspaceFull;
  }

  /** The expiry the relay confirmed for a token renewed on the open connection, or null. */
  get renewedExpiry(): number | null {
    return this.#renewedExp;
  }

  /** Called when {@link workspaceFull} changes. */
  onWorkspaceFull(listener: (full: boolean) => void): Unsubscribe {
    return this.#fullListeners.add(listener);
  }

  /** Called when `status` changes. */
  onStatus(listener: (status: RelayStatus) => void): Unsubscribe {
    return this.#statusListeners.add(listener);
  }

  /** Called when `unconfirmed` changes. */
  onUnconfirmed(listener: (count: number) => void): Unsubscribe {
    return this.#unconfirmedListeners.add(listener);
  }

  /** Called when the relay refuses the connection (permanent close) or our changes. */
  onRefused(listener: (refusal: Refusal) => void): Unsubscribe {
    return this.#refusalListeners.add(listener);
  }

  /** Called when the generations cannot be saved (IndexedDB failure). */
  onError(listener: (error: unknown) => void): Unsubscribe {
    return this.#writer.onError(listener);
  }

  /** Resolves once the current generations are durably saved. */
  whenPersisted(): Promise<void> {
    return this.#writer.whenWritten();
  }

  /**
   * Uses `token` from now on. A 44xx close had stopped us: reconnect with it. An open
   * connection of the same user (`sameUser`, a renewed invitation) keeps its room, ack count
   * and awareness: the token goes to the relay as a renewal (PROTOCOL.md "Renewal"), which
   * answers `Renewed`, or closes 4401/4403 if it refuses it. Otherwise (another user: the relay
   * refuses such a renewal; a socket still opening with the old token; or changes the old role
   * had refused, to be sent again) the current socket is closed and the next one offers the new
   * token.
   */
  setToken(token: string, { sameUser = true }: { readonly sameUser?: boolean } = {}): void {
    this.provider.protocols = subprotocolsFor(token);
    if (this.#refusal?.kind === 'closed') {
      this.reconnect();
      return;
    }
    // Changes refused under the old token (its role) were settled unstored: only a new
    // connection, whose step 2 carries them again, lets the new role's relay judge them.
    const resend = this.#readOnly;
    this.#readOnly = false;
    if (this.#refusal?.kind === 'permission-denied') this.#refusal = null;
    const socket = this.#socket;
    if (socket === null || socket.readyState > WebSocket.OPEN) return;
    if (!resend && socket.readyState === WebSocket.OPEN && this.provider.wsconnected && sameUser) {
      this.#renewedExp = null;
      socket.send(encodeRenew(token));
      return;
    }
    socket.close(1000, 'new token');
  }

  /** Connects now (after `disconnect`, or after a permanent refusal once its cause is fixed). */
  reconnect(): void {
    if (this.#destroyed) return;
    if (this.#refusal?.kind === 'closed') this.#refusal = null;
    clearTimeout(this.#timer);
    this.#wantConnected = true;
    this.#attempt = 0;
    this.provider.connect();
  }

  /** Closes the connection and stops reconnecting; local edits keep counting as unconfirmed. */
  disconnect(): void {
    this.#wantConnected = false;
    clearTimeout(this.#timer);
    this.provider.disconnect();
  }

  /** Disconnects, removes every listener and waits for the last generation write. */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.disconnect();
    this.#doc.off('update', this.#onUpdate);
    this.provider.destroy();
    await this.#writer.whenWritten();
    this.#fullListeners.clear();
    this.#statusListeners.clear();
    this.#unconfirmedListeners.clear();
    this.#refusalListeners.clear();
    this.#writer.clear();
  }

  readonly #onUpdate = (_update: Uint8Array, origin: unknown): void => {
    // Updates the provider applied came from the relay, which has them already.
    if (origin === this.provider) return;
    this.#inbound.localEdit();
    this.#local += 1;
    this.#changed();
  };

  #startConnection(socket: WebSocket): void {
    // The relay counts per connection, from zero.
    this.#socket = socket;
    this.#sent = [];
    this.#ackedMessages = 0;
    this.#step2Sent = false;
  }

  #received(message: InboundMessage): void {
    // The handshake is not batched: the document is up to date as soon as possible.
    if (this.provider.synced) {
      this.#inbound.push(message);
      return;
    }
    this.#inbound.flush();
    message.handle();
  }

  #beforeSend(socket: WebSocket, data: SendData): void {
    if (socket !== this.#socket) return;
    const bytes = bytesOf(data);
    if (bytes === null || bytes[0] !== MessageType.Sync) return;
    const sub = bytes[1];
    if (sub === SyncMessageType.Step2) this.#step2Sent = true;
    if (sub === SyncMessageType.Step2 || sub === SyncMessageType.Update) {
      this.#sent.push(this.#step2Sent ? this.#local : -1);
    }
  }

  #onAck(frame: Uint8Array): void {
    const count = decodeAck(frame);
    // The relay never sends a malformed ack; ignoring one can only under-count, never lose.
    if (count === null || count <= this.#ackedMessages) return;
    const settled = this.#sent.splice(0, count - this.#ackedMessages);
    this.#ackedMessages = count;
    const covered = settled.length > 0 ? settled[settled.length - 1]! : -1;
    if (this.#readOnly || covered <= this.#acked) return;
    this.#acked = covered;
    // The relay stored some of ours again: there is room in the workspace.
    this.#setWorkspaceFull(false);
    this.#changed();
  }

  #onRenewed(frame: Uint8Array): void {
    // Nothing else to do: the connection goes on under the new token.
    const exp = decodeRenewed(frame);
    if (exp !== null) this.#renewedExp = exp;
  }

  #setWorkspaceFull(full: boolean): void {
    if (this.#workspaceFull === full) return;
    this.#workspaceFull = full;
    this.#fullListeners.emit(full);
  }

  #onDenied(reason: string): void {
    if (this.#readOnly) return;
    this.#readOnly = true;
    this.#refusal = { kind: 'permission-denied', reason };
    this.#refusalListeners.emit(this.#refusal);
    this.#updateStatus();
  }

  #onClose(event: CloseEvent | null): void {
    this.#updateStatus();
    if (this.#destroyed || !this.#wantConnected) return;
    if (event !== null && event.code >= 4400 && event.code < 4500) {
      // The provider stops by itself on 44xx (its default shouldReconnect); we only report.
      this.#wantConnected = false;
      this.#refusal = { kind: 'closed', code: event.code, reason: event.reason };
      this.#refusalListeners.emit(this.#refusal);
      return;
    }
    // 4507: what we sent would not fit in the workspace's quota and was not stored. Reading
    // still works after reconnecting and the quota may be raised or space freed: retry, with
    // backoff, and say so meanwhile.
    if (event?.code === CloseCode.WorkspaceFull && this.unconfirmed > 0)
      this.#setWorkspaceFull(true);
    // Cancel the provider's own retry (its timer checks `shouldConnect`) and retry with jitter.
    this.provider.shouldConnect = false;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => {
        if (!this.#destroyed && this.#wantConnected) this.provider.connect();
      },
      backoffDelay(this.#attempt++, this.#backoff, this.#random),
    );
  }

  /** Generations changed: tell listeners, save, and update the status. */
  #changed(): void {
    if (this.unconfirmed === 0) this.#setWorkspaceFull(false);
    this.#unconfirmedListeners.emit(this.unconfirmed);
    this.#updateStatus();
    this.#writer.schedule();
  }

  #updateStatus(): void {
    let status: RelayStatus = 'offline';
    if (this.provider?.wsconnected) {
      const pending = this.unconfirmed > 0 && !this.#readOnly;
      status = this.provider.synced && !pending ? 'online' : 'syncing';
    }
    if (status === this.#status) return;
    this.#status = status;
    this.#statusListeners.emit(status);
  }
}
