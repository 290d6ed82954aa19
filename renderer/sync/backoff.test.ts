/** `backoffDelay`: exponential windows with equal jitter. */
import { describe, expect, it } from 'vitest';
import { backoffDelay, backoffStage } from './backoff.js';

describe('backoffDelay', () => {
  const options = { baseMs: 100, maxMs: 1000 };

  it('draws in [w/2, w] with w doubling per attempt up to the cap', () => {
    expect(backoffDelay(0, options, () => 0)).toBe(50);
    expect(backoffDelay(0, options, () => 0.999)).toBe(100);
    expect(backoffDelay(3, options, () => 0)).toBe(400);
    expect(backoffDelay(20, options, () => 0)).toBe(500);
    expect(backoffDelay(20, options, () => 0.999)).toBe(1000);
  });

  it('spreads clients that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, options)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('backoffStage', () => {
  const quick = { baseMs: 250, maxMs: 1000 };
  const slow = { baseMs: 250, maxMs: 30_000 };
  const stages = [
    { untilMs: 60_000, backoff: quick },
    { untilMs: Number.POSITIVE_INFINITY, backoff: slow },
  ];

  it('picks the window of how long the connection has been down', () => {
    expect(backoffStage(stages, 0)).toBe(quick);
    expect(backoffStage(stages, 59_999)).toBe(quick);
    expect(backoffStage(stages, 60_000)).toBe(slow);
    expect(backoffStage(stages.slice(0, 1), 90_000)).toBe(quick);
    expect(() => backoffStage([], 0)).toThrow(RangeError);
  });
});
