/**
 * The relay's group commit, between the rooms (`room-host.ts`, `compaction-host.ts`) and the
 * connections (`relay.ts`): rooms with messages waiting are drained into one batch
 * (`drain-room.ts`, or `drain-thread-room.ts` for a room whose doc is in the documents'
 * thread), stored in one durable append, then relayed, acknowledged and answered
 * (`batch.ts`); a failed append closes the batch's rooms with a retry code. `relay.ts` extends
 * this class.
 */
import { CloseCode, type CloseCodeValue } from '../../shared/protocol/close-codes.js';
import { encodePermissionDenied, encodeSyncStep1 } from '../../shared/protocol/messages.js';
import { shouldCompact } from '../../shared/storage/compaction.js';
import { Batch } from './batch.js';
import type { Connection } from './connection.js';
import { drainRoom, type DrainActions } from './drain-room.js';
import { awaitingVerdict, drainJudged, postForJudging } from './drain-thread-room.js';
import type { Room } from './room.js';
import { CompactionHost } from './compaction-host.js';

/** Base of `Relay`: the commit pipeline. */
export abstract class CommitHost extends CompactionHost {
  /** The room of each open connection. */
  protected readonly roomOf = new Map<Connection, Room>();
  /** Rooms with messages waiting, so a commit never scans every loaded room. */
  protected readonly dirty = new Set<Room>();
  /** Rooms whose doc must be rebuilt from storage once the current commit is done. */
  private readonly reloadAfterCommit = new Set<Room>();
  private flushScheduled = false;
  private flushing: Promise<void> | null = null;
  private flushAgain = false;
  /** Messages with the documents' thread, their verdicts not back yet. */
  private readonly judging = new Set<Promise<void>>();

  /** Resolves once every message received so far is processed and committed. */
  async drain(): Promise<void> {
    for (;;) {
      if (this.flushing !== null) {
        await this.flushing;
        continue;
      }
      if (this.documentChecks.size > 0) {
        await Promise.allSettled([...this.documentChecks]);
        continue;
      }
      if (this.judging.size > 0) {
        await Promise.allSettled([...this.judging]);
        continue;
      }
      // A flush already scheduled runs on the next turn; wait for it rather than spin here,
      // which with a synchronous store would never give the event loop a turn.
      if (this.flushScheduled) {
        await new Promise<void>((ok) => setImmediate(ok));
        continue;
      }
      const pending = [...this.dirty].some((r) => r.phase === 'ready' && r.inbox.length > 0);
      if (!pending) return;
      await this.runFlush();
    }
  }

  protected refuse(
    conn: Connection,
    room: Room,
    code: CloseCodeValue,
    reason: string,
    metric: string,
  ): void {
    this.o.metrics.refusals.inc(1, { reason: metric });
    this.o.logger.warn('connection closed', {
      conn: conn.id,
      user: conn.identity.userId,
      room: room.name.name,
      code,
      reason,
    });
    conn.close(code, reason);
  }

  protected scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.runFlush();
    });
  }

  protected isFlushing(): boolean {
    return this.flushing !== null;
  }

  protected async commitDone(): Promise<void> {
    await this.flushing;
  }

  protected async judgedAndCommitted(room: Room): Promise<void> {
    // Each pass: the verdicts out, then the commit their arrival schedules (a turn later).
    while (room.threadDoc !== null && room.inbox.length > 0 && this.judging.size > 0) {
      await Promise.allSettled([...this.judging]);
      await new Promise<void>((ok) => setImmediate(ok));
      await this.commitDone();
    }
  }

  /** Forgets the room here too, so nothing waits on a room no longer in memory. */
  protected override unload(room: Room): void {
    this.dirty.delete(room);
    this.reloadAfterCommit.delete(room);
    super.unload(room);
  }

  /** Rebuilds a room's doc now, or after the commit in flight (which still needs the doc). */
  protected requestReload(room: Room): void {
    room.needsReload = true;
    if (this.isFlushing()) this.reloadAfterCommit.add(room);
    else this.reload(room);
  }

  private runFlush(): Promise<void> {
    if (this.flushing !== null) {
      this.flushAgain = true;
      return this.flushing;
    }
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushLoop(): Promise<void> {
    do {
      this.flushAgain = false;
      const batch = new Batch();
      const rooms = [...this.dirty];
      this.dirty.clear();
      const reserved = new Map<string, number>();
      for (const room of rooms) {
        // A room read but not built yet answers from storage what it can, or builds now.
        if (room.phase === 'loading') this.serveWhileLoading(room);
        const maxRoomBytes = this.o.limits.maxRoomBytes;
        if (room.phase === 'ready' && room.threadDoc !== null) {
          this.postForJudging(room);
          drainJudged(room, batch, maxRoomBytes, this.drainActions(room, reserved));
        } else if (room.phase === 'ready' && room.inbox.length > 0) {
          drainRoom(room, batch, maxRoomBytes, this.drainActions(room, reserved));
        }
        // A room still loading (or left with messages after a poison update) waits its turn;
        // one waiting for the thread's verdicts comes back when they do.
        if (room.phase !== 'closed' && room.inbox.length > 0 && !awaitingVerdict(room))
          this.dirty.add(room);
      }
      await this.commit(batch, reserved);
    } while (this.flushAgain);
  }

  /** What a room's turn may do (`drain-room.ts`); `reserved`: the commit's bytes per workspace. */
  private drainActions(room: Room, reserved: Map<string, number>): DrainActions {
    const workspace = room.name.workspace;
    return {
      refuse: (conn, code, reason, metric) => this.refuse(conn, room, code, reason, metric),
      refuseWrite: (conn) => this.refuseWrite(conn, room),
      refusePolicy: (conn, reason) => this.refusePolicy(conn, room, reason),
      poisoned: () => {
        // A doc in the thread holds what will not be stored: dropped now, rebuilt after.
        this.threadDocs?.drop(room);
        this.reloadAfterCommit.add(room);
      },
      fitsWorkspace: (bytes) => this.usage.fits(workspace, bytes, this.o.limits.maxWorkspaceBytes),
      reserve: (bytes) => {
        this.usage.reserve(workspace, bytes);
        reserved.set(workspace, (reserved.get(workspace) ?? 0) + bytes);
      },
      checkDocument: () => this.checkDocument(room),
    };
  }

  /** Sends the room's new messages to the documents' thread; their verdicts drain it later. */
  private postForJudging(room: Room): void {
    const threadDoc = room.threadDoc;
    const docs = this.threadDocs;
    if (threadDoc === null || docs === null) return;
    const posted = postForJudging(room, docs.thread, (judged) => {
      threadDoc.step1 = encodeSyncStep1(judged.stateVector);
      this.dirty.add(room);
      this.scheduleFlush();
    });
    if (posted === null) return;
    const tracked = posted.catch((error: unknown) => {
      if (room.threadDoc === threadDoc) this.failLoad(room, error);
    });
    this.judging.add(tracked);
    void tracked.finally(() => this.judging.delete(tracked));
  }

  private refusePolicy(conn: Connection, room: Room, reason: string): void {
    this.o.metrics.refusals.inc(1, { reason: 'policy' });
    this.o.logger.info('write refused by the room policy', {
      conn: conn.id,
      user: conn.identity.userId,
      role: conn.identity.role,
      room: room.name.name,
      reason,
    });
    conn.send(encodePermissionDenied(reason));
  }

  private refuseWrite(conn: Connection, room: Room): void {
    this.o.metrics.refusals.inc(1, { reason: 'read-only' });
    this.o.logger.info('write refused', {
      conn: conn.id,
      user: conn.identity.userId,
      role: conn.identity.role,
      room: room.name.name,
    });
    conn.send(
      encodePermissionDenied(
        `role "${conn.identity.role}" may not change ${room.name.name}; the change was not applied`,
      ),
    );
  }

  /** Stores the batch, then relays and answers; `reserved`: its bytes per workspace. */
  private async commit(batch: Batch, reserved: ReadonlyMap<string, number>): Promise<void> {
    if (batch.size > 0) {
      const started = this.o.now();
      try {
        const seqs = await this.o.store.append(batch.entries());
        this.o.metrics.storeLatency.observe((this.o.now() - started) / 1000);
        this.o.metrics.updatesStored.inc(seqs.length);
      } catch (error) {
        for (const [workspace, bytes] of reserved) this.usage.settle(workspace, bytes, false);
        this.failRooms(batch, error);
        return;
      }
    }
    for (const [workspace, bytes] of reserved) this.usage.settle(workspace, bytes, true);
    const deliveries = batch.relay((room, update) => {
      room.stats.lastSeq += 1;
      this.o.fanout?.publish(room.name.name, 'update', update);
    });
    this.o.metrics.deliveries.inc(deliveries);
    batch.answer();
    for (const room of batch.rooms) this.afterCommit(room);
    for (const room of this.reloadAfterCommit) if (!batch.rooms.has(room)) this.reload(room);
    this.reloadAfterCommit.clear();
  }

  private failRooms(batch: Batch, error: unknown): void {
    this.o.logger.error('store append failed', {
      reason: error instanceof Error ? error.message : 'unknown',
      rooms: batch.rooms.size,
    });
    this.o.metrics.refusals.inc(1, { reason: 'storage' });
    batch.answerOutside(batch.rooms, (c) => this.roomOf.get(c));
    for (const room of batch.rooms) {
      for (const conn of room.connections)
        conn.close(CloseCode.StorageUnavailable, 'storage write failed, retry later');
      this.unload(room);
    }
  }

  private afterCommit(room: Room): void {
    for (const conn of room.connections) {
      if (!conn.closed && conn.bufferedAmount > this.o.limits.maxBufferedBytes) {
        this.refuse(
          conn,
          room,
          CloseCode.SlowConsumer,
          'client does not read, reconnect',
          'slow-consumer',
        );
        conn.terminate();
      }
    }
    if (room.needsReload) this.reload(room);
    else if (!room.compacting && shouldCompact(room.stats, this.o.limits.compaction))
      this.track(this.compact(room));
  }
}
