/** A minimal typed listener set for the sync objects' `onX(listener): Unsubscribe` events. */
import type { Unsubscribe } from '../../shared/ipc/contract.js';

export type { Unsubscribe };

/** Listeners of one event; a throwing listener is reported, never allowed to stop the others. */
export class Listeners<T> {
  readonly #set = new Set<(value: T) => void>();

  /** Adds `listener`; the returned function removes it. */
  add(listener: (value: T) => void): Unsubscribe {
    this.#set.add(listener);
    return () => this.#set.delete(listener);
  }

  /** Calls every listener with `value`. */
  emit(value: T): void {
    for (const listener of [...this.#set]) {
      try {
        listener(value);
      } catch (error) {
        // A UI bug in one listener must not stop persistence or sync bookkeeping.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Removes every listener (on destroy). */
  clear(): void {
    this.#set.clear();
  }
}
