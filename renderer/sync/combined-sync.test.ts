/** `combineSyncs`: several committees' sync states as the one bar "Mon espace" shows. */
import { describe, expect, it } from 'vitest';
import { combineSyncs, worstStatus, type SyncSource } from './combined-sync.js';
import { Listeners } from './listeners.js';
import type { RelayStatus } from './relay-types.js';

/** A sync state that changes when the test says so (the real ones change with the relay). */
class Changing implements SyncSource {
  readonly #listeners = new Listeners<void>();
  /** Listeners subscribed now. */
  listening = 0;
  constructor(
    public status: RelayStatus,
    public unconfirmed: number,
  ) {}
  set(status: RelayStatus, unconfirmed: number): void {
    this.status = status;
    this.unconfirmed = unconfirmed;
    this.#listeners.emit(undefined);
  }
  subscribe(listener: () => void) {
    const stop = this.#listeners.add(listener);
    this.listening += 1;
    return () => {
      stop();
      this.listening -= 1;
    };
  }
}

describe('worstStatus', () => {
  it('is offline if any is, else syncing if any is, else online', () => {
    expect(worstStatus(['online', 'syncing', 'offline'])).toBe('offline');
    expect(worstStatus(['online', 'syncing'])).toBe('syncing');
    expect(worstStatus(['online', 'online'])).toBe('online');
  });
});

describe('combineSyncs', () => {
  it('reads the worst status and the sum of unconfirmed changes, live', () => {
    const a = new Changing('online', 0);
    const b = new Changing('online', 2);
    const both = combineSyncs([a, b]);
    expect([both.status, both.unconfirmed]).toEqual(['online', 2]);
    let calls = 0;
    const stop = both.subscribe(() => (calls += 1));
    a.set('offline', 3);
    expect([both.status, both.unconfirmed]).toEqual(['offline', 5]);
    b.set('online', 0);
    expect(calls).toBe(2);
    stop();
    expect([a.listening, b.listening]).toEqual([0, 0]);
  });
});
