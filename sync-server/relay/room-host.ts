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
import {
  answerFromStored,
  DOC_BUILD_DELAY_MS,
  pendingLoadOf,
  type PendingLoad,
} from './serve-stored.js';
import { ThreadDocs } from './thread-docs.js';
import { WorkspaceUsage } from './workspace-usage.js';
import { AwarenessBindings } from './awareness-bindings.js';
import { contentRoom } from '../../shared/model/room-name.js';
import type { StoredRoom } from '../../shared/storage/doc-store.js';

/** Pause between two deferred doc builds (`queueBuild`), ms. */
const BUILD_GAP_MS = 1;

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
  /** The large rooms' docs, in the documents' thread; null without one. */
  protected readonly threadDocs: ThreadDocs | null;

  constructor(protected readonly o: RelayOptions) {
    this.usage = new WorkspaceUsage(o.store, o.now);
    this.awarenessBindings = new AwarenessBindings(o.now);
    this.threadDocs =
      o.docThread == null ? null : new ThreadDocs(o.docThread, o.limits.threadDocBytes);
    // The thread died: every doc it held is gone; their rooms' clients reconnect.
    o.docThread?.onLost((error) => {
      for (const room of [...this.rooms.values()])
        if (room.threadDoc !== null || room.pendingLoad?.inThread === true)
          this.failLoad(room, error);
    });
  }

  /** Sends the relay's sync step 1 and the room's awareness to a connection of a loaded room. */
  protected abstract greet(conn: Connection, room: Room): void;
  /** Asks for a commit of waiting messages soon. */
  protected abstract scheduleFlush(): void;
  /** True while a commit is in flight. */
  protected abstract isFlushing(): boolean;
  /** Resolves once the commit in flight, if any, is done. */
  protected abstract commitDone(): Promise<void>;
  /** Resolves once what `room` received so far is judged (documents' thread) and committed. */
  protected abstract judgedAndCommitted(room: Room): Promise<void>;
  /** Rebuilds a room's doc from storage as soon as no commit needs it. */
  protected abstract requestReload(room: Room): void;

  /** Keeps a background task so shutdown can wait for it. */
  protected track(promise: Promise<unknown>): void {
    this.background.add(promise);
    void promise.finally(() => this.background.delete(promise));
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
      pending.inThread = this.threadDocs?.wants(room, read.state) === true;
      this.serveWhileLoading(room);
      if (pending.inThread && this.threadDocs !== null)
        this.openInThread(room, pending, this.threadDocs);
      else if (room.pendingLoad === pending && pending.deferred)
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

  /**
   * Builds the doc of a large room in the documents' thread; the room is served from it once
   * built. Meanwhile clients that have nothing are answered from storage, and everything else
   * waits, as for a deferred build — but nothing here parses, however large the room.
   */
  private openInThread(room: Room, pending: PendingLoad, docs: ThreadDocs): void {
    const opened = docs.open(room, pending.state).then(
      (threadDoc) => {
        if (room.pendingLoad !== pending || room.phase !== 'loading') {
          docs.discard(room, threadDoc);
          return;
        }
        room.pendingLoad = null;
        room.threadDoc = threadDoc;
        Object.assign(room.stats, pending.stats);
        room.phase = 'ready';
        room.needsReload = false;
        const backlog = room.peerBacklog;
        room.peerBacklog = [];
        // Those served from storage have the state before it: they get it as others would.
        if (backlog.length > 0) this.track(this.applyInThread(room, backlog, pending.served));
        for (const conn of room.connections) this.greet(conn, room);
        if (room.inbox.length > 0) this.scheduleFlush();
      },
      (error: unknown) => {
        if (room.pendingLoad === pending) this.failLoad(room, error);
      },
    );
    this.track(opened);
  }

  /**
   * Applies stored updates to a room's doc in the thread, and relays those that changed it
   * (to `only`, or to every connection). A poison one makes the room reload.
   */
  private async applyInThread(
    room: Room,
    updates: readonly Uint8Array[],
    only: ReadonlySet<Connection> | null,
  ): Promise<void> {
    const threadDoc = room.threadDoc;
    if (threadDoc === null || this.threadDocs === null) return;
    let judged;
    try {
      judged = await this.threadDocs.applyStored(room, updates);
    } catch (error) {
      if (room.threadDoc === threadDoc) this.failLoad(room, error);
      return;
    }
    if (judged === null) return;
    let poisoned = false;
    judged.verdicts.forEach((verdict, i) => {
      if (verdict === 'poison' || verdict === 'skipped') poisoned = true;
      if (verdict !== 'changed') return;
      const frame = encodeSyncUpdate(updates[i]!);
      if (only === null) this.o.metrics.deliveries.inc(room.broadcast(frame, null));
      else for (const conn of only) if (!conn.closed) conn.send(frame);
    });
    if (poisoned) {
      this.o.logger.error('update from peer relay rejected', { room: room.name.name });
      this.threadDocs.drop(room);
      this.requestReload(room);
    }
  }

  /** Builds the doc of a room read by `load`, and serves the room from it from now on. */
  private finishLoad(room: Room): void {
    const pending = room.pendingLoad;
    if (pending === null || pending.inThread) return;
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
      if (room.phase !== 'loading') return;
      const parts = stored.updates.map((u) => u.data);
      if (stored.snapshot !== null && stored.snapshotSeq > room.stats.snapshotSeq)
        parts.unshift(stored.snapshot);
      const doc = room.doc;
      const threadDoc = room.threadDoc;
      if (threadDoc !== null) {
        await this.applyInThread(room, parts, null);
        if (room.phase !== 'loading' || room.threadDoc !== threadDoc) return;
      } else if (doc !== null) {
        const fresh = parts.filter((u) => applyClientUpdate(doc, u, 'peer') === 'changed');
        if (fresh.length > 0) {
          room.docChanged();
          for (const update of fresh) room.broadcast(encodeSyncUpdate(update), null);
        }
      } else return;
      Object.assign(room.stats, compactionStatsOf(stored));
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
      if (here !== undefined) await this.judgedAndCommitted(here);
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
  protected failLoad(room: Room, error: unknown): void {
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
    this.threadDocs?.drop(room);
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
    if (room.phase === 'ready' && room.threadDoc !== null) {
      this.track(this.applyInThread(room, [payload], null));
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

  protected unload(room: Room): void {
    if (this.rooms.get(room.name.name) === room) this.rooms.delete(room.name.name);
    room.phase = 'closed';
    if (room.idleTimer !== null) clearTimeout(room.idleTimer);
    clearTimeout(room.pendingLoad?.timer);
    room.pendingLoad = null;
    this.threadDocs?.drop(room);
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
