/**
 * The rooms a relay process holds in memory and their lifecycle: load from storage (never
 * serving a room whose load failed), reload after a poison update, compaction into snapshots,
 * updates and awareness from other relay processes, and unloading once idle. The connection
 * and commit logic lives in `relay.ts`, which extends this class.
 */
import { parseAwarenessUpdate } from '../../shared/protocol/awareness.js';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { encodeAwarenessMessage, encodeSyncUpdate } from '../../shared/protocol/messages.js';
import type { Connection } from './connection.js';
import { applyClientUpdate } from './doc-apply.js';
import type { FanoutKind } from './fanout.js';
import type { RelayOptions } from './relay-options.js';
import type { Room } from './room.js';
import { buildDoc, readRoomState } from './room-loader.js';
import { answerFromStored, DOC_BUILD_DELAY_MS, pendingLoadOf } from './serve-stored.js';
import { WorkspaceUsage } from './workspace-usage.js';
import { AwarenessBindings } from './awareness-bindings.js';
import { contentRoom } from '../../shared/model/room-name.js';
import type { StoredRoom } from '../../shared/storage/doc-store.js';

/** Pause between two deferred doc builds (`queueBuild`), ms. */
const BUILD_GAP_MS = 1;

/** After a failed compaction, the room is not compacted again for this long. */
export const COMPACTION_RETRY_MS = 60_000;

/** Base of `Relay`: owns the rooms map and everything that happens to a room as a whole. */
export abstract class RoomHost {
  protected readonly rooms = new Map<string, Room>();
  protected readonly background = new Set<Promise<unknown>>();
  /** Stored bytes per workspace, for the quota. */
  protected readonly usage: WorkspaceUsage;
  /** Who each awareness client id belongs to, across room unloads. */
  protected readonly awarenessBindings: AwarenessBindings;
  /** Document checks of review rooms in flight; their rooms' messages wait for them. */
  protected readonly documentChecks = new Set<Promise<void>>();
  /** Rooms whose deferred doc build is due, built one per turn (`queueBuild`). */
  private readonly buildQueue: Room[] = [];

  constructor(protected readonly o: RelayOptions) {
    this.usage = new WorkspaceUsage(o.store, o.now);
    this.awarenessBindings = new AwarenessBindings(o.now);
  }

  /** Sends the relay's sync step 1 and the room's awareness to a connection of a loaded room. */
  protected abstract greet(conn: Connection, room: Room): void;
  /** Asks for a commit of waiting messages soon. */
  protected abstract scheduleFlush(): void;
  /** True while a commit is in flight. */
  protected abstract isFlushing(): boolean;
  /** Resolves once the commit in flight, if any, is done. */
  protected abstract commitDone(): Promise<void>;
  /** Rebuilds a room's doc from storage as soon as no commit needs it. */
  protected abstract requestReload(room: Room): void;

  /** Keeps a background task so shutdown can wait for it. */
  protected track(promise: Promise<unknown>): void {
    this.background.add(promise);
    void promise.finally(() => this.background.delete(promise));
  }

  /**
   * Folds the room's stored log into a new snapshot (merged in the compactor's worker) and
   * replaces them atomically. Reads the log from the store, not from memory, so that with
   * several relay processes every process's updates are folded. A failure is retried no sooner
   * than `COMPACTION_RETRY_MS` later, rather than after every commit.
   */
  protected async compact(room: Room): Promise<void> {
    if (this.o.now() < room.compactRetryAt) return;
    room.compacting = true;
    const name = room.name.name;
    try {
      const stored = await this.o.store.load(name);
      const last = stored.updates[stored.updates.length - 1];
      if (last === undefined) return;
      const merged = await this.o.compactor.merge(
        stored.snapshot,
        stored.updates.map((u) => u.data),
      );
      if (await this.o.store.compact(name, last.seq, merged)) {
        const foldedBytes = stored.updates.reduce((sum, u) => sum + u.data.length, 0);
        room.stats.logCount = Math.max(0, room.stats.logCount - stored.updates.length);
        room.stats.logBytes = Math.max(0, room.stats.logBytes - foldedBytes);
        room.stats.snapshotBytes = merged.length;
        room.stats.snapshotSeq = last.seq;
        this.o.metrics.compactions.inc();
      }
    } catch (error) {
      room.compactRetryAt = this.o.now() + COMPACTION_RETRY_MS;
      this.o.logger.warn('compaction failed', {
        room: name,
        reason: error instanceof Error ? error.message : 'unknown',
      });
    } finally {
      room.compacting = false;
    }
  }

  /**
   * Loads a room from storage, then greets its connections; on failure closes them (4500).
   * Serve before parsing: clients that have nothing (an empty state vector: a first load, a
   * fresh tab) are sent the stored state as it was read, before the doc is built from it; a
   * large room's doc is built only once something needs it (a write, a client that has part
   * of the document) or {@link DOC_BUILD_DELAY_MS} later, so that its first readers are not
   * kept waiting behind the parse (`serve-stored.ts`).
   */
  protected async load(room: Room): Promise<void> {
    const name = room.name.name;
    try {
      if (this.o.fanout !== null && !room.subscribed) {
        room.subscribed = true;
        await this.o.fanout.subscribe(name, (kind, payload) => this.onPeer(room, kind, payload));
      }
      const [read] = await Promise.all([
        readRoomState(this.o.store, this.o.compactor, name),
        this.usage.ensure(room.name.workspace),
      ]);
      if (room.phase === 'closed') return;
      const pending = pendingLoadOf(read);
      room.pendingLoad = pending;
      this.serveWhileLoading(room);
      if (room.pendingLoad === pending && pending.deferred)
        pending.timer = setTimeout(() => this.queueBuild(room), DOC_BUILD_DELAY_MS);
      else if (room.pendingLoad === pending) this.finishLoad(room);
    } catch (error) {
      this.failLoad(room, error);
    }
  }

  /**
   * While a room's doc is not built: answers the waiting steps that ask for everything from
   * the stored state; anything else waiting (a write, a partial state vector) needs the doc,
   * which is then built at once.
   */
  protected serveWhileLoading(room: Room): void {
    const pending = room.pendingLoad;
    if (pending === null || room.phase !== 'loading') return;
    answerFromStored(room, pending);
    if (room.inbox.length > 0) this.finishLoad(room);
  }

  /**
   * Deferred builds run one per turn of the event loop: twenty large rooms opened together
   * would otherwise parse back to back, every other room waiting for all of them (a busy
   * room's fan-out p99 rose to 460 ms in `npm run bench:history`); between two builds, what
   * the sockets brought is handled.
   */
  private queueBuild(room: Room): void {
    this.buildQueue.push(room);
    if (this.buildQueue.length === 1) setTimeout(() => this.buildNext(), BUILD_GAP_MS);
  }

  private buildNext(): void {
    const room = this.buildQueue.shift();
    if (room !== undefined) this.finishLoad(room);
    // A timer, not setImmediate: the commit a message schedules (setImmediate) runs between.
    if (this.buildQueue.length > 0) setTimeout(() => this.buildNext(), BUILD_GAP_MS);
  }

  /** Builds the doc of a room read by `load`, and serves the room from it from now on. */
  private finishLoad(room: Room): void {
    const pending = room.pendingLoad;
    if (pending === null) return;
    room.pendingLoad = null;
    clearTimeout(pending.timer);
    if (room.phase === 'closed') return;
    try {
      const doc = buildDoc(pending.state);
      room.doc = doc;
      room.docChanged();
      Object.assign(room.stats, pending.stats);
      room.phase = 'ready';
      room.needsReload = false;
      for (const update of room.peerBacklog) {
        // Those served from storage have the state before it: they get it as others would.
        if (applyClientUpdate(doc, update, 'peer') === 'changed')
          for (const conn of pending.served) if (!conn.closed) conn.send(encodeSyncUpdate(update));
      }
      room.docChanged();
      if (room.peerBacklog.length === 0) room.primeFullStep2(pending.fullStep2);
      room.peerBacklog = [];
      for (const conn of room.connections) this.greet(conn, room);
      if (room.inbox.length > 0) this.scheduleFlush();
    } catch (error) {
      this.failLoad(room, error);
    }
  }

  /**
   * With several relay processes, brings a loaded room up to date with the store before a new
   * connection is served. Updates normally arrive through the fan-out, but one published by a
   * process killed between its commit and its publish never does; without this, its author
   * reconnecting here would have it stored a second time (and others here would miss it until
   * then). Applying the stored log is idempotent; only what changes the doc is relayed.
   */
  protected async catchUp(room: Room): Promise<void> {
    room.phase = 'loading';
    try {
      const stored = await this.o.store.load(room.name.name);
      const doc = room.doc;
      if (room.phase !== 'loading' || doc === null) return;
      const fresh: Uint8Array[] = [];
      const apply = (update: Uint8Array): void => {
        if (applyClientUpdate(doc, update, 'peer') === 'changed') fresh.push(update);
      };
      if (stored.snapshot !== null && stored.snapshotSeq > room.stats.snapshotSeq)
        apply(stored.snapshot);
      for (const update of stored.updates) apply(update.data);
      Object.assign(room.stats, compactionStatsOf(stored));
      if (fresh.length > 0) {
        room.docChanged();
        for (const update of fresh) room.broadcast(encodeSyncUpdate(update), null);
      }
      room.phase = 'ready';
      for (const conn of room.connections) this.greet(conn, room);
      if (room.inbox.length > 0) this.scheduleFlush();
    } catch (error) {
      this.failLoad(room, error);
    }
  }

  /**
   * Whether a review room's document exists, asked when a write finds it unknown: its content
   * room is loaded here with data, or the store has it. Messages wait meanwhile (the room is
   * `loading`); a missing document makes the writes drained next be refused (4404).
   */
  protected checkDocument(room: Room): void {
    const check = this.runDocumentCheck(room);
    this.documentChecks.add(check);
    this.track(check.finally(() => this.documentChecks.delete(check)));
  }

  private async runDocumentCheck(room: Room): Promise<void> {
    if (room.phase !== 'ready' || room.name.document === undefined) return;
    room.phase = 'loading';
    try {
      // The document may be created by the very commit being drained (a member back online
      // sends a new document and its first comments together): judge once it is stored.
      await this.commitDone();
      const content = contentRoom(room.name.workspace, room.name.document);
      const here = this.rooms.get(content);
      const exists =
        (here !== undefined && here.stats.lastSeq > 0) || (await this.o.store.hasRoom(content));
      if (room.phase !== 'loading') return;
      room.documentExists = exists;
      room.documentMissing = !exists;
      room.phase = 'ready';
      for (const conn of room.connections) this.greet(conn, room);
      if (room.inbox.length > 0) this.scheduleFlush();
    } catch (error) {
      this.failLoad(room, error);
    }
  }

  /** A room whose storage could not be read is never served: its clients retry later. */
  private failLoad(room: Room, error: unknown): void {
    this.o.logger.error('room load failed', {
      room: room.name.name,
      reason: error instanceof Error ? error.message : 'unknown',
    });
    this.o.metrics.refusals.inc(1, { reason: 'storage' });
    for (const conn of room.connections)
      conn.close(CloseCode.StorageUnavailable, 'storage unavailable, retry later');
    this.unload(room);
  }

  protected reload(room: Room): void {
    room.phase = 'loading';
    room.doc?.destroy();
    room.doc = null;
    this.track(this.load(room));
  }

  private onPeer(room: Room, kind: FanoutKind, payload: Uint8Array): void {
    if (kind === 'awareness') {
      const parsed = parseAwarenessUpdate(payload, this.o.limits.awareness);
      if (!parsed.ok) return;
      room.awareness.applyFromPeer(parsed.entries);
      room.broadcast(encodeAwarenessMessage(payload), null);
      return;
    }
    if (room.phase !== 'ready' || room.doc === null) {
      room.peerBacklog.push(payload);
      return;
    }
    try {
      const outcome = applyClientUpdate(room.doc, payload, 'peer');
      room.docChanged();
      if (outcome === 'changed') {
        this.o.metrics.deliveries.inc(room.broadcast(encodeSyncUpdate(payload), null));
      }
    } catch (error) {
      this.o.logger.error('update from peer relay rejected', {
        room: room.name.name,
        reason: error instanceof Error ? error.message : 'unknown',
      });
      this.requestReload(room);
    }
  }

  protected scheduleUnload(room: Room): void {
    if (room.idleTimer !== null) clearTimeout(room.idleTimer);
    room.idleTimer = setTimeout(() => {
      room.idleTimer = null;
      if (room.connections.size > 0) return;
      if (room.inbox.length > 0 || room.compacting || this.isFlushing()) {
        this.scheduleUnload(room);
        return;
      }
      this.track(this.retire(room));
    }, this.o.limits.idleUnloadMs);
    room.idleTimer.unref();
  }

  /**
   * An idle room leaves memory compacted: the next load — after an unload, or a restart —
   * finds its whole state as one stored snapshot and serves it as it is, parsing nothing
   * (`room-loader.ts`). Someone joining meanwhile keeps the room.
   */
  private async retire(room: Room): Promise<void> {
    if (room.stats.logCount > 0 && !room.compacting && room.phase === 'ready')
      await this.compact(room);
    if (room.phase === 'closed' || room.connections.size > 0) return;
    // Messages of a connection that just left: committed first, then the room tries again.
    if (room.inbox.length > 0) {
      this.scheduleUnload(room);
      return;
    }
    this.unload(room);
  }

  /**
   * Before the process exits: compacts the rooms still holding a log, one after the other,
   * for at most `budgetMs` (a restart then serves each from its snapshot alone). Whatever is
   * left uncompacted is simply loaded from snapshot and log next time.
   */
  protected async compactBeforeExit(budgetMs: number): Promise<void> {
    const deadline = this.o.now() + budgetMs;
    for (const room of [...this.rooms.values()]) {
      if (this.o.now() >= deadline) return;
      if (room.stats.logCount > 0 && !room.compacting && room.phase === 'ready')
        await this.compact(room);
    }
  }

  protected unload(room: Room): void {
    if (this.rooms.get(room.name.name) === room) this.rooms.delete(room.name.name);
    room.phase = 'closed';
    if (room.idleTimer !== null) clearTimeout(room.idleTimer);
    clearTimeout(room.pendingLoad?.timer);
    room.pendingLoad = null;
    room.doc?.destroy();
    room.doc = null;
    room.inbox = [];
    if (room.subscribed && this.o.fanout !== null) {
      room.subscribed = false;
      this.track(this.o.fanout.unsubscribe(room.name.name));
    }
  }
}

/** Storage statistics of a room as stored. */
function compactionStatsOf(stored: StoredRoom) {
  return {
    lastSeq: stored.lastSeq,
    logCount: stored.updates.length,
    logBytes: stored.updates.reduce((sum, u) => sum + u.data.length, 0),
    snapshotBytes: stored.snapshot?.length ?? 0,
    snapshotSeq: stored.snapshotSeq,
  };
}
