/**
 * One multiplexed connection (PROTOCOL.md "Multiplexed connections"): a socket carrying many
 * rooms, each on a channel the client opened with `join`. Every channel is an ordinary
 * `Connection` of the relay core, with its own socket shape (`ChannelSocket`), so everything the
 * core does per connection — permissions per room and per message, acknowledgements, awareness,
 * size and rate limits, durability, fan-out — holds per room unchanged. What is the
 * connection's own: its token (one per connection: expiry closes it all, a renewal renews every
 * channel), a rate limit over all its frames, and a cap on open channels.
 *
 * A channel the core closes (a refused write, a room too large, a storage failure) sends a
 * `closed` control message and ends that channel only: the other rooms go on.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Identity, ClaimsResult } from '../../shared/model/identity.js';
import { parseRoomName } from '../../shared/model/room-name.js';
import { CloseCode, closeReason, type CloseCodeValue } from '../../shared/protocol/close-codes.js';
import { MessageType } from '../../shared/protocol/message-types.js';
import {
  decodeMuxClientFrame,
  encodeChannelClosed,
  encodeMuxRenewed,
  encodeOnChannel,
} from '../../shared/protocol/mux.js';
import type { Logger } from '../observability/logger.js';
import type { RelayMetrics } from '../observability/metrics.js';
import type { Connection } from './connection.js';
import { RateLimiter, type RateLimits } from './rate-limiter.js';
import type { Relay } from './relay.js';
import { judgeRenewal } from './renewal.js';
import type { WebSocketLike } from './socket.js';

/** True when a per-room message is a renewal (type 101), however its type is encoded. */
function isRenewal(message: Uint8Array): boolean {
  try {
    return decoding.readVarUint(decoding.createDecoder(message)) === MessageType.Renew;
  } catch {
    return false; // the core refuses it as malformed
  }
}

/** `varUint(channel)`, the head of a channel's frames. */
function channelHead(channel: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, channel);
  return encoding.toUint8Array(encoder);
}

/** Default cap of rooms open at once on one connection. */
export const DEFAULT_MAX_CHANNELS = 2000;

/** What a multiplexed connection needs from the relay process. */
export interface MuxDeps {
  readonly relay: Relay;
  readonly logger: Logger;
  readonly metrics: RelayMetrics;
  /** The relay's token check (as at upgrades). */
  readonly checkToken: (token: string, nowSeconds: number) => ClaimsResult;
  /** Wall clock, ms since the epoch. */
  readonly epochMs: () => number;
  /** Monotonic clock, ms (for the rate limit). */
  readonly now: () => number;
  /** Rate limit over every frame of the connection (each room also has its own). */
  readonly rate: RateLimits;
  /** Most rooms open at once. */
  readonly maxChannels?: number;
}

interface Channel {
  readonly room: string;
  /** `varUint(channel)`: the first bytes of every frame of the channel, encoded once. */
  readonly head: Uint8Array;
  /** Null only while the core's `connect` runs (it may already send on the channel). */
  conn: Connection | null;
}

/** The socket shape the relay core sees for one channel. */
class ChannelSocket implements WebSocketLike {
  constructor(
    private readonly mux: MuxConnection,
    readonly channel: number,
  ) {}

  send(data: Uint8Array): void {
    this.mux.sendOn(this.channel, data);
  }

  close(code: number, reason: string): void {
    this.mux.channelClosed(this.channel, code, reason);
  }

  terminate(): void {
    this.mux.terminate();
  }

  get bufferedAmount(): number {
    return this.mux.bufferedAmount;
  }

  batch(sends: () => void): void {
    this.mux.batch(sends);
  }
}

/** A socket that carries many rooms. */
export class MuxConnection {
  readonly #channels = new Map<number, Channel>();
  readonly #roomsOpen = new Set<string>();
  readonly #limiter: RateLimiter;
  #identity: Identity;
  #closed = false;

  constructor(
    private readonly socket: WebSocketLike,
    identity: Identity,
    private readonly deps: MuxDeps,
  ) {
    this.#identity = identity;
    this.#limiter = new RateLimiter(deps.rate, deps.now);
  }

  /** Rooms open on this connection. */
  get channelCount(): number {
    return this.#channels.size;
  }

  /** The identity of the connection's current token. */
  get identity(): Identity {
    return this.#identity;
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  /** Handles one frame from the client. */
  receive(frame: Uint8Array): void {
    if (this.#closed) return;
    if (this.deps.epochMs() >= this.#identity.expiresAt * 1000) {
      this.close(CloseCode.Unauthorized, 'token expired', 'expired');
      return;
    }
    if (!this.#limiter.take(frame.length)) {
      this.close(CloseCode.TooManyMessages, 'too many messages, slow down', 'flood');
      return;
    }
    const decoded = decodeMuxClientFrame(frame);
    if (!decoded.ok) {
      this.close(CloseCode.BadRequest, decoded.reason, 'malformed');
      return;
    }
    const message = decoded.frame;
    switch (message.kind) {
      case 'room': {
        // The token is the connection's: renewing one room alone would split its identity.
        if (isRenewal(message.message)) {
          this.close(CloseCode.BadRequest, 'renew the token on channel 0', 'malformed');
          return;
        }
        // A frame for a channel left or closed is stale (channels are never reused): dropped.
        const conn = this.#channels.get(message.channel)?.conn;
        if (conn !== undefined && conn !== null) this.deps.relay.receive(conn, message.message);
        return;
      }
      case 'join':
        this.#join(message.channel, message.room);
        return;
      case 'leave':
        this.#leave(message.channel);
        return;
      case 'renew':
        this.#renew(message.token);
        return;
    }
  }

  /** The socket closed: every room of the connection is left. */
  disconnected(): void {
    this.#closed = true;
    for (const channel of this.#channels.keys()) this.#leave(channel);
  }

  /** Sends a per-room message of `channel` (from the relay core). */
  sendOn(channel: number, message: Uint8Array): void {
    const open = this.#channels.get(channel);
    if (this.#closed || open === undefined) return;
    // The same relayed update goes to many channels of many connections: without copying it
    // per receiver when the transport can (`WebSocketLike.sendPrefixed`).
    if (this.socket.sendPrefixed !== undefined) this.socket.sendPrefixed(open.head, message);
    else this.socket.send(encodeOnChannel(channel, message));
  }

  /**
   * The core closed a channel: the client is told (`closed`), the channel is forgotten once the
   * core is done with it. A token refused or expired is the connection's, not the room's.
   */
  channelClosed(channel: number, code: number, reason: string): void {
    const open = this.#channels.get(channel);
    if (this.#closed || open === undefined) return;
    if (code === CloseCode.Unauthorized) {
      this.close(CloseCode.Unauthorized, reason, 'expired');
      return;
    }
    this.socket.send(encodeChannelClosed(channel, code, closeReason(reason)));
    // The core is inside its own loops when it closes a connection: forget it after them, as a
    // socket's close event would.
    queueMicrotask(() => this.#leave(channel));
  }

  /** Ends the whole connection with a code and reason. */
  close(code: CloseCodeValue, reason: string, metric: string): void {
    if (this.#closed) return;
    this.deps.metrics.refusals.inc(1, { reason: metric });
    this.deps.logger.warn('multiplexed connection closed', {
      user: this.#identity.userId,
      rooms: this.#channels.size,
      code,
      reason,
    });
    this.socket.close(code, closeReason(reason));
    this.disconnected();
  }

  terminate(): void {
    if (this.#closed) return;
    this.socket.terminate();
    this.disconnected();
  }

  batch(sends: () => void): void {
    this.socket.batch(sends);
  }

  #join(channel: number, room: string): void {
    if (this.#channels.has(channel)) {
      this.close(CloseCode.BadRequest, `channel ${channel} is already open`, 'malformed');
      return;
    }
    const refuse = (code: CloseCodeValue, reason: string, metric: string): void => {
      this.deps.metrics.refusals.inc(1, { reason: metric });
      this.socket.send(encodeChannelClosed(channel, code, closeReason(reason)));
    };
    const parsed = parseRoomName(room);
    if (!parsed.ok) return refuse(CloseCode.BadRequest, parsed.reason, 'malformed');
    if (parsed.room.workspace !== this.#identity.workspace)
      return refuse(CloseCode.Forbidden, 'token is for another workspace', 'auth-4403');
    if (this.#roomsOpen.has(parsed.room.name))
      return refuse(CloseCode.BadRequest, 'room already open on this connection', 'malformed');
    if (this.#channels.size >= (this.deps.maxChannels ?? DEFAULT_MAX_CHANNELS))
      return refuse(CloseCode.TooManyMessages, 'too many rooms on one connection', 'channels');
    // Registered first: the core may greet (send on the channel) from inside `connect`.
    const entry: Channel = { room: parsed.room.name, head: channelHead(channel), conn: null };
    this.#channels.set(channel, entry);
    this.#roomsOpen.add(entry.room);
    entry.conn = this.deps.relay.connect(
      new ChannelSocket(this, channel),
      this.#identity,
      parsed.room,
      true,
    );
  }

  #leave(channel: number): void {
    const open = this.#channels.get(channel);
    if (open === undefined) return;
    this.#channels.delete(channel);
    this.#roomsOpen.delete(open.room);
    if (open.conn !== null) this.deps.relay.disconnect(open.conn);
  }

  #renew(token: string): void {
    const nowSeconds = Math.floor(this.deps.epochMs() / 1000);
    const verdict = judgeRenewal(this.#identity, token, this.deps.checkToken, nowSeconds);
    if (!verdict.ok) {
      this.close(verdict.code, verdict.reason, 'renewal');
      return;
    }
    this.#identity = verdict.identity;
    for (const { conn } of this.#channels.values())
      if (conn !== null) this.deps.relay.applyIdentity(conn, verdict.identity);
    this.socket.send(encodeMuxRenewed(verdict.identity.expiresAt));
  }
}
