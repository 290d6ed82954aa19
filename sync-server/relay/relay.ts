/**
 * The relay core: connections and their messages, on top of the commit pipeline
 * (`commit-host.ts`) and the rooms (`room-host.ts`). It knows nothing of HTTP or `ws`
 * (it takes `WebSocketLike`), so it is driven the same way by the server and by tests.
 *
 * Invariants:
 * - an update is validated, applied to the room's doc, durably stored, and only then relayed
 *   or acknowledged; replies to a sync step 1 describe stored state only (see `room.ts`);
 * - a room's messages are processed only once its load succeeded; a failed load or commit
 *   closes the room's connections with a retry code and drops the room from memory;
 * - a client that misbehaves is closed with a reason; other clients and rooms carry on;
 * - nothing a connection sends after its token's `exp` is handled: the connection is closed
 *   (4401 `token expired`) at `exp` by the expiry watch, or by the first message after it.
 */
import type { Identity } from '../../shared/model/identity.js';
import { accessFor } from '../../shared/model/roles.js';
import type { RoomName } from '../../shared/model/room-name.js';
import { encodeAwarenessUpdate } from '../../shared/protocol/awareness.js';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import {
  decodeClientMessage,
  encodeAwarenessMessage,
  encodeRenewed,
} from '../../shared/protocol/messages.js';
import { handleClientAwareness, relayAwareness, sendKeepalives } from './awareness-relay.js';
import { toInboxEntry } from './inbox-entry.js';
import { Connection } from './connection.js';
import { RateLimiter } from './rate-limiter.js';
import { judgeRenewal } from './renewal.js';
import type { RelayOptions } from './relay-options.js';
import { Room } from './room.js';
import { CommitHost } from './commit-host.js';
import type { WebSocketLike } from './socket.js';
import { EXPIRY_SWEEP_MS, ExpiryWatch } from './token-expiry.js';

/** Longest a shutdown spends compacting the rooms still holding a log (`compactBeforeExit`). */
export const SHUTDOWN_COMPACTION_MS = 3000;

/** The relay core. One per process. */
export class Relay extends CommitHost {
  private closing = false;
  private readonly keepalive: ReturnType<typeof setInterval>;
  private readonly expiry: ExpiryWatch;
  private readonly expirySweep: ReturnType<typeof setInterval>;

  constructor(o: RelayOptions) {
    super(o);
    this.expiry = new ExpiryWatch(
      () => Math.floor(o.epochMs() / 1000),
      (conn) => this.expire(conn),
    );
    this.expirySweep = setInterval(() => this.expiry.sweep(), EXPIRY_SWEEP_MS);
    this.expirySweep.unref();
    o.metrics.gauge(
      'entente_connections_open',
      'Open WebSocket connections',
      () => this.roomOf.size,
    );
    o.metrics.gauge('entente_rooms_loaded', 'Rooms held in memory', () => this.rooms.size);
    o.metrics.gauge(
      'entente_rooms_in_doc_thread',
      "Rooms whose doc is in the documents' thread",
      () => [...this.rooms.values()].filter((r) => r.threadDoc !== null).length,
    );
    this.keepalive = setInterval(
      () => sendKeepalives(this.roomOf.keys()),
      o.limits.keepaliveMs ?? 10_000,
    );
    this.keepalive.unref();
  }

  /** Number of open connections. */
  get connectionCount(): number {
    return this.roomOf.size;
  }

  /** Number of rooms in memory. */
  get roomCount(): number {
    return this.rooms.size;
  }

  /** Accepts an authenticated connection to a room; the room loads on first use. */
  connect(
    socket: WebSocketLike,
    identity: Identity,
    name: RoomName,
    wantsAck: boolean,
  ): Connection {
    const access = accessFor(identity.role, name.kind);
    const conn = new Connection(
      socket,
      identity,
      access,
      wantsAck,
      new RateLimiter(this.o.limits.rate, this.o.now),
      this.o.metrics.bytesSent,
    );
    if (this.closing) {
      conn.close(CloseCode.ServiceRestart, 'relay is shutting down, reconnect later');
      return conn;
    }
    let room = this.rooms.get(name.name);
    if (room === undefined) {
      room = new Room(name, this.awarenessBindings);
      this.rooms.set(name.name, room);
      this.track(this.load(room));
    }
    if (room.idleTimer !== null) {
      clearTimeout(room.idleTimer);
      room.idleTimer = null;
    }
    room.connections.add(conn);
    this.roomOf.set(conn, room);
    this.o.metrics.connections.inc();
    this.expiry.watch(conn, identity.expiresAt);
    if (conn.closed) return conn;
    if (room.phase === 'ready' && this.o.fanout !== null) this.track(this.catchUp(room));
    else if (room.phase === 'ready') this.greet(conn, room);
    return conn;
  }

  /** Handles one frame from a client. */
  receive(conn: Connection, frame: Uint8Array): void {
    const room = this.roomOf.get(conn);
    if (room === undefined || conn.closed || this.closing) return;
    this.o.metrics.bytesReceived.inc(frame.length);
    if (this.o.epochMs() >= conn.identity.expiresAt * 1000) {
      this.expire(conn);
      return;
    }
    if (!conn.limiter.take(frame.length)) {
      this.refuse(conn, room, CloseCode.TooManyMessages, 'too many messages, slow down', 'flood');
      return;
    }
    const decoded = decodeClientMessage(frame);
    if (!decoded.ok) {
      this.refuse(conn, room, CloseCode.BadRequest, decoded.reason, 'malformed');
      return;
    }
    const message = decoded.message;
    switch (message.type) {
      case 'awareness':
        handleClientAwareness(conn, room, message.update, {
          limits: this.o.limits.awareness,
          metrics: this.o.metrics,
          logger: this.o.logger,
          fanout: this.o.fanout,
          refuse: (code, reason) => this.refuse(conn, room, code, reason, 'malformed'),
        });
        return;
      case 'renew':
        this.renew(conn, room, message.token);
        return;
      case 'query-awareness': {
        const all = room.awareness.encodeAll();
        if (all !== null) conn.send(encodeAwarenessMessage(all));
        return;
      }
      case 'sync-step1':
      case 'sync-update': {
        if (message.type === 'sync-update') this.o.metrics.updatesReceived.inc();
        const check = toInboxEntry(conn, message, frame, this.o.limits.update);
        if (!check.ok) {
          this.refuse(conn, room, CloseCode.BadRequest, check.reason, check.metric);
          return;
        }
        room.inbox.push(check.entry);
        this.dirty.add(room);
        break;
      }
    }
    this.scheduleFlush();
  }

  /** Forgets a closed connection; its awareness states are removed for everybody. */
  disconnect(conn: Connection): void {
    const room = this.roomOf.get(conn);
    if (room === undefined) return;
    conn.closed = true;
    this.roomOf.delete(conn);
    this.expiry.forget(conn);
    room.connections.delete(conn);
    const removed = room.awareness.removeConnection(conn);
    if (removed.length > 0)
      relayAwareness(room, null, encodeAwarenessUpdate(removed), this.o.fanout);
    if (room.connections.size === 0) this.scheduleUnload(room);
  }

  /** Finishes pending writes, then closes every client with a reconnect code. */
  async shutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.keepalive);
    clearInterval(this.expirySweep);
    await this.drain();
    for (const [conn] of this.roomOf)
      conn.close(CloseCode.ServiceRestart, 'relay restarting, reconnect');
    await Promise.allSettled([...this.background]);
    await this.compactBeforeExit(SHUTDOWN_COMPACTION_MS);
    for (const room of [...this.rooms.values()]) this.unload(room);
  }

  protected greet(conn: Connection, room: Room): void {
    if (conn.greeted) return;
    const step1 = room.threadDoc?.step1 ?? (room.doc === null ? null : room.step1Frame(room.doc));
    if (step1 === null) return;
    conn.greeted = true;
    conn.send(step1);
    const all = room.awareness.encodeAll();
    if (all !== null) conn.send(encodeAwarenessMessage(all));
  }

  /** The connection's token expired: close it; whatever it sends from now on is dropped. */
  private expire(conn: Connection): void {
    const room = this.roomOf.get(conn);
    if (room === undefined || conn.closed) return;
    this.refuse(conn, room, CloseCode.Unauthorized, 'token expired', 'expired');
  }

  /**
   * A fresh token for an open connection (PROTOCOL.md "Renewal"): checked like one at the
   * upgrade, for the same user and workspace only. The room, the acknowledgement count and the
   * awareness ids stay; the role (hence the access) and the expiry are the new token's.
   */
  private renew(conn: Connection, room: Room, token: string): void {
    const nowSeconds = Math.floor(this.o.epochMs() / 1000);
    const verdict = judgeRenewal(conn.identity, token, this.o.checkToken, nowSeconds);
    if (!verdict.ok) {
      this.refuse(conn, room, verdict.code, verdict.reason, 'renewal');
      return;
    }
    this.applyIdentity(conn, verdict.identity);
    if (conn.wantsAck) conn.send(encodeRenewed(verdict.identity.expiresAt));
  }

  /**
   * Gives an open connection the identity of a renewed token (same user and workspace, judged
   * by `judgeRenewal`): its access is the new role's from the next message, its expiry the new one.
   */
  applyIdentity(conn: Connection, identity: Identity): void {
    const room = this.roomOf.get(conn);
    if (room === undefined || conn.closed) return;
    conn.identity = identity;
    conn.access = accessFor(identity.role, room.name.kind);
    this.expiry.watch(conn, identity.expiresAt);
    this.o.logger.info('token renewed', {
      conn: conn.id,
      user: identity.userId,
      role: identity.role,
      room: room.name.name,
    });
  }
}
