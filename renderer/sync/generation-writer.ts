/**
 * Saves one room's generations (`SyncStateRecord`) for `RoomSync`, one write per burst:
 * a keystroke changes them twice (local, then acked), and each write would otherwise be an
 * IndexedDB transaction on the keystroke's path. The values are read when the write runs, so
 * later changes coalesce into it; it waits for the next task so that the keystroke is painted
 * before the write is even built.
 */
import { Listeners, type Unsubscribe } from './listeners.js';
import { nextTask } from './next-task.js';
import type { SyncStateRecord, SyncStateStore } from './sync-state-store.js';

/** Coalescing writer of one room's record. */
export class GenerationWriter {
  readonly #store: SyncStateStore;
  readonly #read: () => SyncStateRecord;
  readonly #errors = new Listeners<unknown>();
  #persisting: Promise<void> = Promise.resolve();
  #queued = false;

  /** `read` gives the record as it is when the write runs. */
  constructor(store: SyncStateStore, read: () => SyncStateRecord) {
    this.#store = store;
    this.#read = read;
  }

  /** Asks for a write of the current record (one per burst). */
  schedule(): void {
    if (this.#queued) return;
    this.#queued = true;
    this.#persisting = this.#persisting.then(async () => {
      await new Promise<void>((resolve) => nextTask(resolve));
      this.#queued = false;
      try {
        await this.#store.put(this.#read());
      } catch (error) {
        this.#errors.emit(error);
      }
    });
  }

  /** Resolves once every write asked for so far is done (failed ones are reported). */
  whenWritten(): Promise<void> {
    return this.#persisting;
  }

  /** Called when a write fails (IndexedDB failure). */
  onError(listener: (error: unknown) => void): Unsubscribe {
    return this.#errors.add(listener);
  }

  /** Removes the error listeners. */
  clear(): void {
    this.#errors.clear();
  }
}
