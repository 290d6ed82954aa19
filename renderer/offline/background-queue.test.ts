/** The background download pool (`background-queue.ts`): bounded, refilled, cancellable. */
import { describe, expect, it } from 'vitest';
import { BackgroundQueue } from './background-queue.js';

const settle = () => new Promise((ok) => setTimeout(ok, 50));

describe('BackgroundQueue', () => {
  it('never runs more than its concurrency, and runs everything due', async () => {
    const due = Array.from({ length: 10 }, (_, i) => `doc-${i}`);
    const done: string[] = [];
    let running = 0;
    let most = 0;
    const releases: Array<() => void> = [];
    const queue = new BackgroundQueue(
      {
        canStart: () => true,
        next: (busy) => due.find((id) => !busy.has(id) && !done.includes(id)) ?? null,
        run: (id) =>
          new Promise<void>((ok) => {
            running += 1;
            most = Math.max(most, running);
            releases.push(() => {
              running -= 1;
              done.push(id);
              ok();
            });
          }),
      },
      3,
    );
    queue.poke();
    await settle();
    expect(queue.busy.size).toBe(3);
    while (done.length < due.length) {
      releases.shift()?.();
      await settle();
    }
    expect(most).toBe(3);
    expect(done).toEqual(due);
  });

  it('starts nothing while the source says no, and aborts what runs', async () => {
    let allowed = false;
    const signals: AbortSignal[] = [];
    const queue = new BackgroundQueue(
      {
        canStart: () => allowed,
        next: (busy) => (busy.has('a') || signals.length > 0 ? null : 'a'),
        run: (_id, signal) => {
          signals.push(signal);
          return new Promise<void>((ok) => signal.addEventListener('abort', () => ok()));
        },
      },
      2,
    );
    queue.poke();
    await settle();
    expect(signals).toHaveLength(0);
    allowed = true;
    queue.poke();
    await settle();
    expect(queue.isBusy('a')).toBe(true);
    await queue.close();
    expect(signals[0]!.aborted).toBe(true);
    expect(queue.busy.size).toBe(0);
  });

  it('refuses a concurrency that is not a positive integer', () => {
    const source = { canStart: () => false, next: () => null, run: async () => {} };
    expect(() => new BackgroundQueue(source, 0)).toThrow(RangeError);
    expect(() => new BackgroundQueue(source, 1.5)).toThrow(RangeError);
  });
});
