/**
 * A committee's ONE connection to its relay (PROTOCOL.md "Multiplexed connections"): a
 * WebSocket to `<relay>/_mux` offering `entente.mux.v1` and the token as a subprotocol, carrying
 * every room the app keeps in sync — the index, open documents, documents with unconfirmed
 * edits — each on a channel. The link owns the socket, its token and when to reconnect; the
 * rooms registered on it and their channels are `link-channels.ts`'s; what is said in a room is
 * the room's (`room-sync.ts`, through `link-types.ts`).
 *
 * ## Reconnection rules
 *
 * - **Prompt**: on the browser's `online` event, on the page becoming visible, on the shell's
 *   resume (`network-signals.ts`), a closed socket reconnects at once; an open one is probed (a
 *   room sends a step 1, which the relay always answers) and dropped if nothing comes back
 *   within `PROBE_MS` (`socket-watch.ts`). Otherwise a short backoff with jitter while the
 *   network is up (`link-backoff.ts`: 250 ms doubling to 1 s for the first five minutes of an
 *   outage, then to 5 s, after ten minutes to 30 s), the slow one while the browser says it is
 *   offline (the `online` event cuts it short). Once attempts fail, each retry first asks the
 *   relay over HTTP whether it answers (`relay-probe.ts`: Chromium delays WebSocket connections
 *   after failed ones, by up to 5 s), and opens a WebSocket only when it does.
 * - **Dead sockets** (`socket-watch.ts`): nothing received for 30 s while rooms are open on it
 *   (the relay writes to every room it left silent for 10 s), or still connecting after 10 s:
 *   dropped without waiting for its close (a dead TCP connection may take minutes to report
 *   it) and replaced.
 * - **Refusals are never retried blindly**: a close 4400–4499 of the whole connection (4401
 *   token expired or refused, 4403) stops the link until `setToken`; a channel `closed` 44xx
 *   refuses that room only (the others go on), and it is not joined again until the room asks
 *   (`LinkRoom.rejoin`, which it does on a new token). Any other channel close (4500 storage,
 *   4507 quota, 1012 restart) rejoins that room after its own backoff (`ROOM_BACKOFF`).
 * - After a reconnection every room still wanted is joined again, each on a new channel.
 *
 * Rooms never stall each other: every frame is handed to its room at once, in its own `try`,
 * and a room's refusal, backoff or failure changes nothing for the other channels.
 */
import { CloseCode } from '../../shared/protocol/close-codes.js';
import {
  decodeMuxRelayFrame,
  encodeMuxRenew,
  MUX_PATH,
  MUX_SUBPROTOCOL,
} from '../../shared/protocol/mux.js';
import { subprotocolsFor, TOKEN_SUBPROTOCOL_PREFIX } from '../../shared/protocol/subprotocol.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { OFFLINE_BACKOFF, reconnectWindow, ROOM_BACKOFF } from './link-backoff.js';
import { isRefusal, LinkChannels } from './link-channels.js';
import type {
  ChannelEnd,
  CommitteeLinkOptions,
  LinkRefusal,
  LinkRoom,
  RoomHandler,
} from './link-types.js';
import { Listeners, type Unsubscribe } from './listeners.js';
import { pageNetworkSignals, type NetworkSignals } from './network-signals.js';
import { ProbedRetry } from './probed-retry.js';
import { fetchRelayProbe } from './relay-probe.js';
import { PROBE_MS, SILENCE_MS, SocketWatch } from './socket-watch.js';

export type { ChannelEnd, CommitteeLinkOptions, LinkRefusal, LinkRoom, RoomHandler };
export { PROBE_MS, SILENCE_MS };
export { LINK_BACKOFF, OFFLINE_BACKOFF, ROOM_BACKOFF } from './link-backoff.js';

/** The close code the link uses for a socket it gives up on (4000–4999 are the application's). */
const DROPPED = 4000;

/** The subprotocols of a multiplexed connection with `token`; throws if it cannot travel. */
function muxProtocols(token: string): string[] {
  const carried = subprotocolsFor(token).filter((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX));
  return [MUX_SUBPROTOCOL, ...carried];
}

/** One multiplexed connection per committee (relay URL + token). */
export class CommitteeLink {
  readonly #url: string;
  readonly #network: NetworkSignals;
  readonly #backoff: BackoffOptions | undefined;
  readonly #watch: SocketWatch;
  readonly #channels: LinkChannels;
  readonly #random: () => number;
  readonly #WebSocketImpl: typeof WebSocket | undefined;
  readonly #retries: ProbedRetry;
  readonly #changes = new Listeners<void>();
  readonly #stopWake: Unsubscribe;
  #token: string;
  #socket: WebSocket | null = null;
  #open = false;
  /** Failed attempts in a row, for the backoff. */
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the connection went down (to pick the reconnection stage), or null while it is up. */
  #downSince: number | null = null;
  #refusal: LinkRefusal | null = null;
  #renewedExp: number | null = null;
  #sockets = 0;
  #destroyed = false;

  constructor(options: CommitteeLinkOptions) {
    const serverUrl = options.serverUrl.replace(/\/+$/, '');
    this.#url = `${serverUrl}${MUX_PATH}`;
    this.#retries = new ProbedRetry(options.probe ?? fetchRelayProbe, serverUrl);
    this.#token = options.token;
    this.#network = options.network ?? pageNetworkSignals(window);
    this.#backoff = options.backoff;
    this.#random = options.random ?? Math.random;
    this.#WebSocketImpl = options.WebSocketImpl;
    this.#channels = new LinkChannels(
      {
        isOpen: () => this.#open,
        send: (frame) => this.#socket?.send(frame),
        connect: () => this.#roomWantsSocket(),
        refusal: () => this.#refusal,
        empty: () => {
          // Nothing left to carry: no socket kept open for nothing.
          clearTimeout(this.#timer);
          this.#timer = undefined;
          this.#drop('no room left', 1000);
        },
      },
      options.roomBackoff ?? ROOM_BACKOFF,
      this.#random,
    );
    this.#watch = new SocketWatch({
      silenceMs: options.silenceMs ?? SILENCE_MS,
      carrying: () => this.#channels.carrying,
      onDead: (reason) => this.#replace(reason),
    });
    this.#stopWake = this.#network.onWake(() => this.#wake());
  }

  /** True while the socket is open. */
  get connected(): boolean {
    return this.#open;
  }

  /** Why the relay refused the whole connection (until `setToken`), or null. */
  get refusal(): LinkRefusal | null {
    return this.#refusal;
  }

  /** The expiry (seconds) the relay confirmed for the last renewal on the open socket, or null. */
  get renewedExpiry(): number | null {
    return this.#renewedExp;
  }

  /** Sockets made so far (tests, diagnostics). */
  get socketsOpened(): number {
    return this.#sockets;
  }

  /** Called when the socket opens or closes, the connection is refused, or a renewal answered. */
  onChange(listener: () => void): Unsubscribe {
    return this.#changes.add(listener);
  }

  /**
   * Registers `room` on the link: it is joined as soon as the socket is open (the link connects
   * if it was idle). The handler is never called before this returns. One registration per room.
   */
  open(room: string, handler: RoomHandler): LinkRoom {
    if (this.#destroyed) throw new Error('the committee link is closed');
    return this.#channels.open(room, handler);
  }

  /**
   * Uses `token` from now on. An open socket of the same user (`sameUser`: a renewed invitation)
   * keeps its rooms: the token goes to the relay on channel 0 (`renewed` answers; 4401/4403
   * close the connection if it refuses). Otherwise — another user, whose renewal the relay
   * would refuse, a socket still opening with the old token, a connection refused — the link
   * reconnects with the new token at once. Every room then hears `tokenChanged`.
   */
  setToken(token: string, { sameUser = true }: { readonly sameUser?: boolean } = {}): void {
    if (this.#destroyed) return;
    this.#token = token;
    this.#renewedExp = null;
    const socket = this.#socket;
    if (this.#refusal !== null || socket === null) {
      this.#refusal = null;
      this.#attempt = 0;
      this.#connectNow();
    } else if (this.#open && sameUser) {
      socket.send(encodeMuxRenew(token));
    } else {
      this.#drop('new token', 1000);
      this.#connectNow();
    }
    this.#channels.tokenChanged();
    this.#changes.emit();
  }

  /** Closes the socket and forgets every room; the link cannot be used afterwards. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#stopWake();
    clearTimeout(this.#timer);
    this.#channels.clear();
    this.#drop('closed', 1000);
    this.#changes.clear();
  }

  /** Connects unless a socket exists, the connection was refused, or no room is wanted. */
  #connect(): void {
    if (this.#destroyed || this.#socket !== null || this.#refusal !== null) return;
    if (this.#channels.rooms === 0) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    let protocols: string[];
    try {
      protocols = muxProtocols(this.#token);
    } catch (error) {
      // A token that cannot even travel is refused here, as the relay would (4401).
      this.#refused(CloseCode.Unauthorized, error instanceof Error ? error.message : 'bad token');
      return;
    }
    let socket: WebSocket;
    try {
      // Read now, not at construction: a page may wrap `WebSocket` after the app loaded.
      socket = new (this.#WebSocketImpl ?? WebSocket)(this.#url, protocols);
    } catch (error) {
      // A URL the page may not open (CSP, bad scheme): as unreachable, with backoff.
      reportError(error);
      this.#scheduleReconnect();
      return;
    }
    this.#sockets += 1;
    this.#socket = socket;
    this.#watch.connecting();
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => this.#opened(socket);
    socket.onmessage = (event) => this.#received(socket, event.data);
    socket.onclose = (event) => {
      if (socket === this.#socket) this.#ended(event.code, event.reason);
    };
  }

  /** Connects right away, without waiting for a backoff timer. */
  #connectNow(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#retries.superseded();
    this.#connect();
  }

  #opened(socket: WebSocket): void {
    if (socket !== this.#socket) return;
    this.#open = true;
    this.#retries.socketOpened();
    this.#downSince = null;
    this.#watch.opened();
    this.#channels.socketOpened();
    this.#changes.emit();
  }

  #received(socket: WebSocket, data: unknown): void {
    if (socket !== this.#socket) return;
    this.#watch.received();
    // The relay answered on this socket: the next failure starts a fresh backoff.
    this.#attempt = 0;
    if (!(data instanceof ArrayBuffer)) {
      this.#drop('text frame from the relay');
      return;
    }
    const decoded = decodeMuxRelayFrame(new Uint8Array(data));
    if (!decoded.ok) {
      console.warn(`relay: ${decoded.reason}`);
      this.#drop('malformed frame');
      return;
    }
    const frame = decoded.frame;
    if (frame.kind !== 'renewed') {
      this.#channels.received(frame);
      return;
    }
    this.#renewedExp = frame.exp;
    this.#changes.emit();
  }

  /** The socket closed (or was dropped): every channel is gone. */
  #ended(code: number, reason: string): void {
    if (!this.#open) this.#retries.socketFailed();
    this.#teardown();
    if (isRefusal(code)) {
      this.#refused(code, reason);
      return;
    }
    this.#channels.socketEnded(null);
    this.#changes.emit();
    this.#scheduleReconnect();
  }

  #refused(code: number, reason: string): void {
    this.#refusal = { code, reason };
    this.#channels.socketEnded(this.#refusal);
    this.#changes.emit();
  }

  /** Forgets the current socket: its events are no longer heard. */
  #teardown(): void {
    const socket = this.#socket;
    this.#socket = null;
    this.#open = false;
    this.#watch.stop();
    if (socket !== null) socket.onopen = socket.onmessage = socket.onclose = null;
  }

  /** Gives up on the current socket at once; its rooms are told they lost their channel. */
  #drop(reason: string, code = DROPPED): void {
    const socket = this.#socket;
    if (socket === null) return;
    this.#teardown();
    if (socket.readyState <= WebSocket.OPEN) socket.close(code, reason);
    this.#ended(code, reason);
  }

  /** The socket is dead or stale: another one at once. */
  #replace(reason: string): void {
    this.#attempt = 0;
    this.#drop(reason);
    this.#connectNow();
  }

  #scheduleReconnect(): void {
    if (this.#destroyed || this.#refusal !== null || this.#channels.rooms === 0) return;
    if (this.#timer !== undefined || this.#socket !== null || this.#retries.probing) return;
    const window = this.#reconnectWindow();
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#retryNow();
      },
      backoffDelay(this.#attempt++, window, this.#random),
    );
  }

  /**
   * A room wants the socket (a document opened): connect at once — unless the relay has been
   * away, in which case the link's retry (pending, or started now) asks it first: one
   * WebSocket per document opened offline would feed Chromium's delay.
   */
  #roomWantsSocket(): void {
    if (!this.#retries.relayAway) this.#connect();
    else if (this.#socket === null && this.#timer === undefined && !this.#retries.probing)
      this.#retryNow();
  }

  /** A backoff ended (or a room asked): connect, after asking the relay first if it was away. */
  #retryNow(): void {
    this.#retries.run({
      connect: () => {
        if (this.#timer === undefined) this.#connect();
      },
      later: () => this.#scheduleReconnect(),
    });
  }

  #reconnectWindow(): BackoffOptions {
    if (!this.#network.online()) return OFFLINE_BACKOFF;
    const now = performance.now();
    this.#downSince ??= now;
    return this.#backoff ?? reconnectWindow(now - this.#downSince);
  }

  /** A wake-up (network back, page shown, laptop resumed): check the connection now. */
  #wake(): void {
    if (this.#destroyed || this.#refusal !== null || this.#channels.rooms === 0) return;
    if (this.#socket === null) {
      this.#attempt = 0;
      this.#connectNow();
    } else if (!this.#open) {
      // Started before the laptop slept, say: a fresh attempt beats waiting for its timeout.
      if (this.#watch.age > PROBE_MS) this.#replace('connecting since before the wake-up');
    } else {
      // Open, says the socket; after a sleep or a change of network it may be dead all the same.
      this.#watch.probe(() => this.#channels.probe());
    }
  }
}
