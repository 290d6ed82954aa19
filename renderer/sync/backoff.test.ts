/** `backoffDelay`: exponential windows with equal jitter. */
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

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
