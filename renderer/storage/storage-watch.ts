/**
 * Watches local storage for what could lose an edit, and tells the UI while there is still time
 * to act: space running out (checked at start, every few minutes, and right after a failed
 * write), and writes that fail (`QuotaExceededError`, I/O errors, a database deleted or reset
 * under the app). A failed write loses nothing by itself — `LocalPersistence` keeps the updates in
 * memory and retries — but closing the app then would, so the watch also counts those updates
 * and the shell's quit warning includes them.
 *
 * It sees every write by wrapping the `DocStore` the app uses (`watch.wrap(store)`), so no caller
 * has to remember to report.
 */
import { DocStoreClosedError } from '../../shared/storage/doc-store-checks.js';
import type { AppendEntry, DocStore } from '../../shared/storage/doc-store.js';
import { Listeners, type Unsubscribe } from '../sync/listeners.js';
import {
  describeIdbError,
  DexieDocStoreError,
  type DexieFailureReason,
} from './dexie-doc-store-errors.js';

/** What a space check found. */
export interface SpaceReport {
  /** True when the app should warn that space is running out. */
  readonly lowSpace: boolean;
  /** Bytes the app can still write, or null when unknown. */
  readonly availableBytes: number | null;
}

/** A failing write, as the UI explains it. */
export interface StorageFailure {
  /** `quota`: full; `lost`: the database is gone (reload needed); `failed`: anything else. */
  readonly reason: DexieFailureReason;
  /** What the browser said, for the details. */
  readonly detail: string;
}

/** What the storage alert shows. */
export interface StorageWatchState {
  /** The last space check, or null before the first one completes. */
  readonly space: SpaceReport | null;
  /** The last write failure, until a later write succeeds; null when writes work. */
  readonly failure: StorageFailure | null;
  /** Updates held in memory because their write failed (lost if the app closes now). */
  readonly unsaved: number;
}

/** Options of {@link StorageWatch}. */
export interface StorageWatchOptions {
  /** Measures free space (the composition root combines the bridge's disk status and quota). */
  readonly checkSpace: () => Promise<SpaceReport>;
  /** Period of the space checks in ms (default 5 minutes). */
  readonly intervalMs?: number;
}

/** How often space is checked while the app runs: often enough to beat a download filling up. */
export const SPACE_CHECK_INTERVAL_MS = 5 * 60 * 1000;

/** Classifies a store error for the UI. */
export function storageFailureOf(error: unknown): StorageFailure {
  const detail = describeIdbError(error);
  if (error instanceof DexieDocStoreError) return { reason: error.reason, detail };
  if (error instanceof DocStoreClosedError) return { reason: 'lost', detail };
  return { reason: 'failed', detail };
}

/** The watch; see the module comment. */
export class StorageWatch {
  readonly #options: StorageWatchOptions;
  readonly #listeners = new Listeners<void>();
  /** Per room, the updates of its last failed append (each retry appends the whole backlog). */
  readonly #unsavedByRoom = new Map<string, number>();
  #space: SpaceReport | null = null;
  #failure: StorageFailure | null = null;
  #checking: Promise<void> | null = null;

  constructor(options: StorageWatchOptions) {
    this.#options = options;
  }

  /** The current state. */
  get state(): StorageWatchState {
    let unsaved = 0;
    for (const count of this.#unsavedByRoom.values()) unsaved += count;
    return { space: this.#space, failure: this.#failure, unsaved };
  }

  /** Calls `listener` after every change of `state`. */
  subscribe(listener: () => void): Unsubscribe {
    return this.#listeners.add(listener);
  }

  /** Checks space now and every `intervalMs`; returns the function that stops. */
  start(): () => void {
    void this.checkSpace();
    const timer = setInterval(
      () => void this.checkSpace(),
      this.#options.intervalMs ?? SPACE_CHECK_INTERVAL_MS,
    );
    return () => clearInterval(timer);
  }

  /** Measures space once (concurrent calls share one measure); never rejects. */
  checkSpace(): Promise<void> {
    this.#checking ??= this.#options
      .checkSpace()
      .then(
        (space) => {
          const before = this.#space;
          this.#space = space;
          if (
            before?.lowSpace !== space.lowSpace ||
            before.availableBytes !== space.availableBytes
          ) {
            this.#listeners.emit();
          }
        },
        // A failed measure says nothing about space; the failing writes, if any, speak for it.
        () => undefined,
      )
      .finally(() => {
        this.#checking = null;
      });
    return this.#checking;
  }

  /** `store`, reporting each write's outcome to this watch. */
  wrap(store: DocStore): DocStore {
    return new WatchedDocStore(store, this);
  }

  /** @internal A write of `rooms` succeeded. */
  succeeded(rooms: readonly string[]): void {
    let changed = this.#failure !== null;
    this.#failure = null;
    for (const room of rooms) changed = this.#unsavedByRoom.delete(room) || changed;
    if (changed) {
      this.#listeners.emit();
      // Space was freed, or the failure was transient: the low-space verdict may be stale too.
      void this.checkSpace();
    }
  }

  /** @internal A write failed; `entries` (none for a compaction) stay in memory meanwhile. */
  failed(error: unknown, entries: readonly AppendEntry[]): void {
    this.#failure = storageFailureOf(error);
    const byRoom = new Map<string, number>();
    for (const entry of entries) byRoom.set(entry.room, (byRoom.get(entry.room) ?? 0) + 1);
    for (const [room, count] of byRoom) this.#unsavedByRoom.set(room, count);
    this.#listeners.emit();
    void this.checkSpace();
  }
}

/** The decorator behind `StorageWatch.wrap`: forwards every call, reports writes. */
class WatchedDocStore implements DocStore {
  readonly kind: string;
  readonly #inner: DocStore;
  readonly #watch: StorageWatch;

  constructor(inner: DocStore, watch: StorageWatch) {
    this.kind = inner.kind;
    this.#inner = inner;
    this.#watch = watch;
  }

  load(room: string) {
    return this.#inner.load(room);
  }

  async append(entries: readonly AppendEntry[]): Promise<number[]> {
    try {
      const seqs = await this.#inner.append(entries);
      this.#watch.succeeded([...new Set(entries.map((entry) => entry.room))]);
      return seqs;
    } catch (error) {
      this.#watch.failed(error, entries);
      throw error;
    }
  }

  async compact(room: string, upToSeq: number, snapshot: Uint8Array): Promise<boolean> {
    try {
      const done = await this.#inner.compact(room, upToSeq, snapshot);
      this.#watch.succeeded([]);
      return done;
    } catch (error) {
      // A refused range is a caller bug, not a storage problem.
      if (!(error instanceof RangeError)) this.#watch.failed(error, []);
      throw error;
    }
  }

  listRooms(): Promise<string[]> {
    return this.#inner.listRooms();
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
