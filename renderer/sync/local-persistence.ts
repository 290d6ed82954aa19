/**
 * Binds a `Y.Doc` to one room of a `DocStore` (the Dexie store in the app): loads the room into
 * the doc, appends every later update, and compacts the log when `shouldCompact` says so.
 *
 * NOTE: an update is never dropped. Updates wait in `#queue` until an `append` that contains them
 * resolves; a failed append leaves them queued, moves to the `failed` state, tells `onError`
 * listeners (so the UI can warn before the user closes the app) and retries with backoff unless
 * the database is gone for good (`lost`, closed store), where retrying cannot help.
 */
import * as Y from 'yjs';
import { DocStoreClosedError } from '../../shared/storage/doc-store-checks.js';
import type { DocStore, StoredRoom } from '../../shared/storage/doc-store.js';
import {
  compactionStats,
  shouldCompact,
  type CompactionPolicy,
  type CompactionStats,
} from '../../shared/storage/compaction.js';
import { DexieDocStoreError } from '../storage/dexie-doc-store-errors.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { Listeners, type Unsubscribe } from './listeners.js';
import { nextTask } from './next-task.js';

/** Lifecycle of a `LocalPersistence`. */
export type PersistenceState =
  /** Reading the room; the doc must not be shown or edited yet. */
  | 'loading'
  /** Loaded; every update is being written. */
  | 'ready'
  /** The last load or write failed; unwritten updates are kept (see `pendingUpdates`). */
  | 'failed'
  /** `destroy` was called. */
  | 'destroyed';

/** Options of `LocalPersistence`. */
export interface LocalPersistenceOptions {
  /** When to compact; defaults to `DEFAULT_COMPACTION_POLICY`. */
  readonly compaction?: CompactionPolicy;
  /** Retry delays after a failed write; defaults to 1 s doubling up to 30 s. */
  readonly retry?: BackoffOptions;
  /**
   * True for the origin of updates that are already durable elsewhere — those the relay sends,
   * which it stored before sending. Their write may wait up to `deferMs` to share one append with
   * the next ones: with ten people typing, one IndexedDB transaction per remote keystroke took a
   * sixth of the main thread (`npm run bench:client`). Our own updates are never deferred.
   */
  readonly deferrable?: (origin: unknown) => boolean;
  /** Longest wait of a deferrable update; defaults to `DEFAULT_DEFER_MS`. */
  readonly deferMs?: number;
}

/** Remote updates are written at least this often (a crash loses none: the relay has them). */
export const DEFAULT_DEFER_MS = 250;

const DEFAULT_RETRY: BackoffOptions = { baseMs: 1000, maxMs: 30_000 };

/** True when retrying the same store can succeed (quota freed, transient I/O error). */
function retryable(error: unknown): boolean {
  if (error instanceof DocStoreClosedError) return false;
  return !(error instanceof DexieDocStoreError && error.reason === 'lost');
}

/** Keeps a `Y.Doc` and a `DocStore` room in step. */
export class LocalPersistence {
  /** The room this persistence writes. */
  readonly room: string;
  /** Resolves once the stored room is applied to the doc; rejects if it cannot be read. */
  readonly whenSynced: Promise<void>;
  readonly #doc: Y.Doc;
  readonly #store: DocStore;
  readonly #policy: CompactionPolicy | undefined;
  readonly #retry: BackoffOptions;
  readonly #deferrable: (origin: unknown) => boolean;
  readonly #deferMs: number;
  #deferTimer: ReturnType<typeof setTimeout> | undefined;
  /** Queued updates that came from a deferrable origin, and how many of them are queued. */
  readonly #deferred = new WeakSet<Uint8Array>();
  #deferredQueued = 0;
  readonly #errors = new Listeners<unknown>();
  readonly #states = new Listeners<PersistenceState>();
  readonly #pending = new Listeners<void>();
  /** Updates not yet durably appended, oldest first. */
  #queue: Uint8Array[] = [];
  #state: PersistenceState = 'loading';
  #error: unknown = null;
  #stats: CompactionStats = { logCount: 0, logBytes: 0, snapshotBytes: 0 };
  #lastSeq = 0;
  #loaded = false;
  /** `destroy` was called: the doc's updates are no longer ours to write. */
  #stopped = false;
  #scheduled = false;
  #writing = false;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];

  /**
   * Starts loading `room` into `doc` at once; await `whenSynced` before using the doc. Updates
   * made before that are still captured and written after the load.
   */
  constructor(doc: Y.Doc, store: DocStore, room: string, options: LocalPersistenceOptions = {}) {
    this.#doc = doc;
    this.#store = store;
    this.room = room;
    this.#policy = options.compaction;
    this.#retry = options.retry ?? DEFAULT_RETRY;
    this.#deferrable = options.deferrable ?? (() => false);
    this.#deferMs = options.deferMs ?? DEFAULT_DEFER_MS;
    // Listening before the load starts: nothing the doc does in between can be missed.
    doc.on('update', this.#onUpdate);
    this.whenSynced = this.#load();
    // The rejection is reported through onError/state too; avoid an unhandled-rejection report
    // when the caller only listens there.
    this.whenSynced.catch(() => {});
  }

  /** Current lifecycle state. */
  get state(): PersistenceState {
    return this.#state;
  }

  /**
   * Bytes the store holds for the room as far as this persistence knows: its snapshot and log
   * when loaded, plus what it appended since, less what its compactions folded (the bytes given
   * to the store, as the relay counts a workspace's; not IndexedDB's own overhead). 0 before
   * the load.
   */
  get storedBytes(): number {
    return this.#stats.snapshotBytes + this.#stats.logBytes;
  }

  /** The error that put the persistence in `failed`, or null. */
  get error(): unknown {
    return this.#error;
  }

  /** Updates received from the doc and not yet durably written. */
  get pendingUpdates(): number {
    return this.#queue.length;
  }

  /**
   * Of those, the ones that exist only here: all but the deferrable ones (see the option), which
   * are safe elsewhere. What "saving…" means to the person typing.
   */
  get pendingOwnUpdates(): number {
    return this.#queue.length - this.#deferredQueued;
  }

  /** Called with every load, write or compaction failure. */
  onError(listener: (error: unknown) => void): Unsubscribe {
    return this.#errors.add(listener);
  }

  /** Called on every state change. */
  onState(listener: (state: PersistenceState) => void): Unsubscribe {
    return this.#states.add(listener);
  }

  /**
   * Called whenever `pendingUpdates` may have changed: an update was queued (it is counted when
   * the listener runs) or a write stored some. How a "saving… / saved" display follows the
   * persistence without listening to the doc itself — which would depend on its listener being
   * called after this one's.
   */
  onPending(listener: () => void): Unsubscribe {
    return this.#pending.add(listener);
  }

  /**
   * Resolves once every update received so far is durably written; rejects with the store's
   * error if the persistence is (or becomes) `failed` while updates are pending.
   */
  flush(): Promise<void> {
    if (this.#queue.length === 0 && !this.#writing && this.#state !== 'loading') {
      return Promise.resolve();
    }
    if (this.#state === 'failed') return Promise.reject(this.#error);
    // Someone waits: deferred updates go out now.
    if (this.#deferTimer !== undefined) this.#schedule();
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Retries the pending writes now (e.g. after the user freed disk space). */
  retry(): void {
    clearTimeout(this.#retryTimer);
    // After a failed load nothing may be written: a compaction would fold the unread log into
    // a snapshot that lacks it.
    if (this.#state === 'failed' && this.#loaded) void this.#drain();
  }

  /**
   * Stops listening to the doc after writing what is pending. Rejects (listeners removed all the
   * same) when pending updates could not be written, so the caller knows they exist only in the
   * doc. Does not close the store, which the caller owns.
   */
  async destroy(): Promise<void> {
    if (this.#state === 'destroyed') return;
    this.#stopped = true;
    this.#doc.off('update', this.#onUpdate);
    clearTimeout(this.#retryTimer);
    try {
      // flush() writes what is deferred at once.
      await this.whenSynced.catch(() => {});
      await this.flush();
    } finally {
      this.#setState('destroyed');
      this.#errors.clear();
      this.#states.clear();
      this.#pending.clear();
    }
  }

  readonly #onUpdate = (update: Uint8Array, origin: unknown): void => {
    // Our own load replays stored bytes: writing them again would double the log.
    if (origin === this) return;
    this.#queue.push(update);
    if (this.#deferrable(origin)) {
      this.#deferred.add(update);
      this.#deferredQueued += 1;
      this.#scheduleLater();
    } else this.#schedule();
    this.#pending.emit();
  };

  /** A deferrable update: written with the next own update, a flush, or after `deferMs`. */
  #scheduleLater(): void {
    if (this.#scheduled || this.#deferTimer !== undefined) return;
    this.#deferTimer = setTimeout(() => {
      this.#deferTimer = undefined;
      this.#schedule();
    }, this.#deferMs);
  }

  async #load(): Promise<void> {
    let stored: StoredRoom;
    try {
      stored = await this.#store.load(this.room);
    } catch (error) {
      this.#fail(error, false);
      throw error;
    }
    // Our listener ignores the load's own update (origin `this`), and while a doc has no
    // `update` listener Yjs does not encode one: for a long history that encoding (the whole
    // document again) took a quarter of the open (`npm run bench:client`). The transaction is
    // synchronous, so no other update can slip past in between.
    this.#doc.off('update', this.#onUpdate);
    try {
      Y.transact(
        this.#doc,
        () => {
          if (stored.snapshot) Y.applyUpdate(this.#doc, stored.snapshot, this);
          for (const entry of stored.updates) Y.applyUpdate(this.#doc, entry.data, this);
        },
        this,
      );
    } finally {
      if (!this.#stopped) this.#doc.on('update', this.#onUpdate);
    }
    this.#stats = compactionStats(stored);
    this.#lastSeq = stored.lastSeq;
    this.#loaded = true;
    this.#setState('ready');
    // STYLE rule 9: compact on load too, so a log grown by a crashed session shrinks.
    if (this.#queue.length > 0 || shouldCompact(this.#stats, this.#policy)) void this.#drain();
    else this.#settleWaiters();
  }

  /** Resolves `flush` callers once nothing is pending. */
  #settleWaiters(): void {
    if (this.#queue.length === 0 && !this.#writing) {
      for (const waiter of this.#waiters.splice(0)) waiter.resolve();
    }
  }

  /**
   * Batches the updates of one task: they arrive synchronously, the append runs in the next task
   * (after the frame a keystroke asked for, see `nextTask`).
   */
  #schedule(): void {
    // The drain writes the whole queue, deferred updates included.
    clearTimeout(this.#deferTimer);
    this.#deferTimer = undefined;
    if (this.#scheduled || this.#writing || this.#state !== 'ready') return;
    this.#scheduled = true;
    nextTask(() => {
      this.#scheduled = false;
      void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    if (this.#writing || !this.#loaded) return;
    this.#writing = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.slice();
        let seqs: number[];
        try {
          seqs = await this.#store.append(batch.map((data) => ({ room: this.room, data })));
        } catch (error) {
          this.#fail(error, true);
          return;
        }
        // Only now may the updates leave the queue: they are on disk (DS2).
        this.#queue.splice(0, batch.length);
        this.#lastSeq = seqs.at(-1) ?? this.#lastSeq;
        let bytes = 0;
        for (const update of batch) {
          bytes += update.byteLength;
          if (this.#deferred.has(update)) this.#deferredQueued -= 1;
        }
        this.#stats = {
          ...this.#stats,
          logCount: this.#stats.logCount + batch.length,
          logBytes: this.#stats.logBytes + bytes,
        };
        this.#attempt = 0;
        if (this.#state === 'failed') {
          this.#error = null;
          this.#setState('ready');
        }
        this.#pending.emit();
      }
      if (shouldCompact(this.#stats, this.#policy)) await this.#compact();
    } finally {
      this.#writing = false;
    }
    if (this.#queue.length > 0) void this.#drain();
    else this.#settleWaiters();
  }

  async #compact(): Promise<void> {
    // The doc holds every update up to #lastSeq (they were applied before being queued), maybe
    // more: a snapshot that is a superset of the log it replaces is still exact, since applying
    // an update twice is a no-op in Yjs.
    const snapshot = Y.encodeStateAsUpdate(this.#doc);
    try {
      await this.#store.compact(this.room, this.#lastSeq, snapshot);
      // Refused (false) means another compactor got there first: either way the log is short.
      this.#stats = { logCount: 0, logBytes: 0, snapshotBytes: snapshot.byteLength };
    } catch (error) {
      // Nothing is lost when a compaction fails (the log is intact), but a full disk is worth
      // telling the user about, so report without entering `failed`.
      this.#errors.emit(error);
    }
  }

  #fail(error: unknown, writing: boolean): void {
    this.#error = error;
    this.#setState('failed');
    this.#errors.emit(error);
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
    if (writing && retryable(error)) {
      const delay = backoffDelay(this.#attempt++, this.#retry);
      this.#retryTimer = setTimeout(() => void this.#drain(), delay);
    }
  }

  #setState(state: PersistenceState): void {
    if (this.#state === state || this.#state === 'destroyed') return;
    this.#state = state;
    this.#states.emit(state);
  }
}
