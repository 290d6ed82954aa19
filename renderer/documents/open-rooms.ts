/**
 * The rooms of a workspace that are loaded right now, shared by reference count: the editor, a
 * rename from the list and the offline download of the same document act on ONE `Y.Doc` rather
 * than on two copies appending concurrently (and the committee's link carries a room once).
 *
 * A committee room stays connected after its last release until the relay has confirmed its
 * changes (or refused them for good): closing a document must not hold back what was typed in
 * it until it is reopened. Reopening a room that is still closing waits for it, so the new copy
 * reads every write of the previous one.
 */
import type { DocStore } from '../../shared/storage/doc-store.js';
import { openPersistedDoc, type PersistedDoc, type SyncAttacher } from './persisted-doc.js';

interface OpenEntry {
  readonly ready: Promise<PersistedDoc>;
  refs: number;
  /** Set while unreferenced but kept open for the relay: removes the listeners. */
  lingering?: (() => void) | undefined;
}

/** A task running on a room that is not loaded (see {@link OpenRooms.whileClosed}). */
interface ClosedTask {
  readonly done: Promise<unknown>;
  readonly stop: AbortController;
}

/** True while the relay may still confirm local changes of `handle`. */
function awaitingRelay(handle: PersistedDoc): boolean {
  const connection = handle.connection;
  return connection !== null && connection.unconfirmed > 0 && !connection.readOnly;
}

/** Loaded rooms by name; see the module comment. */
export class OpenRooms {
  readonly #store: DocStore;
  readonly #attach: SyncAttacher | undefined;
  readonly #open = new Map<string, OpenEntry>();
  /** Rooms being closed: reopening waits, so it reads every write of the previous session. */
  readonly #closing = new Map<string, Promise<void>>();
  /** Rooms a task works on while they are not loaded: opening one waits for its task. */
  readonly #tasks = new Map<string, ClosedTask>();

  constructor(store: DocStore, attach: SyncAttacher | undefined) {
    this.#store = store;
    this.#attach = attach;
  }

  /** How many rooms are loaded (open, kept for the relay, or still closing). */
  get loaded(): number {
    return this.#open.size + this.#closing.size;
  }

  /** Opens `room` (or shares it if open); pair every call with {@link release}. */
  acquire(room: string): Promise<PersistedDoc> {
    let entry = this.#open.get(room);
    if (entry === undefined) {
      const task = this.#tasks.get(room);
      task?.stop.abort();
      const before = task?.done ?? this.#closing.get(room) ?? Promise.resolve();
      entry = {
        ready: before.then(() => openPersistedDoc(this.#store, room, this.#attach)),
        refs: 0,
      };
      this.#open.set(room, entry);
    }
    entry.refs += 1;
    return entry.ready;
  }

  /** Releases `room`; the last release frees it once saved (and confirmed, see above). */
  release(room: string): void {
    const entry = this.#open.get(room);
    if (entry === undefined) return;
    entry.refs -= 1;
    if (entry.refs > 0) return;
    entry.ready.then(
      (handle) => this.#closeWhenConfirmed(room, entry, handle),
      () => this.#close(room, entry),
    );
  }

  /**
   * Runs `task` on `room` while it is not loaded here, or returns null when it is (open, kept
   * for the relay or closing: share the loaded copy instead) or a task already runs on it.
   * Opening the room aborts the task's signal and waits for the task to end. `task` must not
   * reject.
   */
  whileClosed<T>(room: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> | null {
    if (this.#open.has(room) || this.#closing.has(room) || this.#tasks.has(room)) return null;
    const stop = new AbortController();
    const done = task(stop.signal);
    const entry: ClosedTask = { done: done.catch(() => undefined), stop };
    this.#tasks.set(room, entry);
    void entry.done.then(() => {
      if (this.#tasks.get(room) === entry) this.#tasks.delete(room);
    });
    return done;
  }

  /** The loaded copy of `room`, if it is open (without taking a reference). */
  peek(room: string): Promise<PersistedDoc> | undefined {
    return this.#open.get(room)?.ready;
  }

  /**
   * Closes every room (open or kept for the relay) once its changes are stored; unconfirmed ones
   * stay counted in the sync state for the next session.
   */
  async closeAll(): Promise<void> {
    for (const [room, entry] of [...this.#open]) {
      entry.lingering?.();
      entry.lingering = undefined;
      entry.refs = 0;
      this.#close(room, entry);
    }
    for (const task of this.#tasks.values()) task.stop.abort();
    await Promise.all([...this.#closing.values(), ...[...this.#tasks.values()].map((t) => t.done)]);
  }

  #closeWhenConfirmed(room: string, entry: OpenEntry, handle: PersistedDoc): void {
    if (entry.refs > 0 || entry.lingering !== undefined || this.#open.get(room) !== entry) return;
    if (!awaitingRelay(handle)) {
      this.#close(room, entry);
      return;
    }
    const connection = handle.connection!;
    const check = (): void => {
      if (awaitingRelay(handle)) return;
      entry.lingering?.();
      entry.lingering = undefined;
      if (entry.refs === 0) this.#close(room, entry);
    };
    const stops = [connection.onUnconfirmed(check), connection.onRefused(check)];
    entry.lingering = () => stops.forEach((stop) => stop());
  }

  #close(room: string, entry: OpenEntry): void {
    if (this.#open.get(room) !== entry) return;
    this.#open.delete(room);
    const closing = entry.ready.then(
      async (handle) => {
        // Pending appends finish before the doc goes, and before anyone reloads the room.
        await handle.flush().catch(() => undefined);
        await handle.destroy().catch(() => undefined);
      },
      () => undefined,
    );
    this.#closing.set(room, closing);
    void closing.finally(() => {
      if (this.#closing.get(room) === closing) this.#closing.delete(room);
    });
  }
}
