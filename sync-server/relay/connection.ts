/**
 * One client connection to one room: who it is (from the verified token), what it may do there,
 * and the counters the acknowledgement and the flood protection need. The identity and access
 * change only when the client renews its token (`Relay.renew`, same user and workspace).
 */
import type { Identity } from '../../shared/model/identity.js';
import type { Access } from '../../shared/model/roles.js';
import type { AwarenessUser } from '../../shared/protocol/awareness.js';
import { closeReason, type CloseCodeValue } from '../../shared/protocol/close-codes.js';
import type { Counter } from '../observability/metrics.js';
import type { RateLimiter } from './rate-limiter.js';
import type { WebSocketLike } from './socket.js';

let nextId = 1;

/** A client connection, owned by its room. */
export class Connection {
  /** Process-unique id, for logs. */
  readonly id = nextId++;
  /** Update messages (sync step 2 or update) received so far; the ack counts against this. */
  updatesReceived = 0;
  /** Awareness client ids this connection introduced and alone may speak for. */
  readonly awarenessIds = new Set<number>();
  /** Set once closing started; nothing more is sent or processed. */
  closed = false;
  /** Set once the relay sent its sync step 1 and the room's awareness (after the room loaded). */
  greeted = false;
  /** Set by every send; the keepalive timer clears it and writes to connections left silent. */
  sentRecently = false;

  constructor(
    private readonly socket: WebSocketLike,
    /** Verified identity from the token (replaced by a renewal). */
    public identity: Identity,
    /** Access to this connection's room (recomputed by a renewal). */
    public access: Access,
    /** Whether the client asked for acknowledgements (`ack=1`). */
    readonly wantsAck: boolean,
    /** Flood protection for what this client sends. */
    readonly limiter: RateLimiter,
    /** Counts bytes sent, for the metrics. */
    private readonly bytesSent?: Counter,
  ) {}

  /** The identity others see in awareness. */
  get awarenessUser(): AwarenessUser {
    const { userId, name, org, role } = this.identity;
    return { id: userId, name, org, role };
  }

  /** Bytes waiting in the socket's send buffer. */
  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  /** Sends a frame unless closing; returns the number of bytes sent. */
  send(frame: Uint8Array): number {
    if (this.closed) return 0;
    this.socket.send(frame);
    this.sentRecently = true;
    this.bytesSent?.inc(frame.length);
    return frame.length;
  }

  /** Groups sends into as few writes as possible. */
  batch(sends: () => void): void {
    if (!this.closed) this.socket.batch(sends);
  }

  /** Closes with a documented code and reason; later calls do nothing. */
  close(code: CloseCodeValue, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, closeReason(reason));
  }

  /** Drops the connection without a closing handshake (it no longer reads). */
  terminate(): void {
    this.closed = true;
    this.socket.terminate();
  }
}
