import { describe, expect, it } from 'vitest';
import { RateLimiter, type RateLimits } from './rate-limiter.js';

/** A clock the test moves by hand, in milliseconds. */
function manualClock(start = 1_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const LIMITS: RateLimits = {
  messagesPerSecond: 10,
  messageBurst: 5,
  bytesPerSecond: 1_000,
  byteBurst: 4_000,
};

function takeMany(limiter: RateLimiter, count: number, size = 1): boolean[] {
  return Array.from({ length: count }, () => limiter.take(size));
}

describe('RateLimiter message bucket', () => {
  it('allows the whole burst at once, then refuses the next message', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(LIMITS, clock.now);
    expect(takeMany(limiter, 5)).toEqual([true, true, true, true, true]);
    expect(limiter.take(1)).toBe(false);
  });

  it('refills at the sustained rate: 10/s gives one message per 100 ms', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(LIMITS, clock.now);
    takeMany(limiter, 5);
    clock.advance(100);
    expect(limiter.take(1)).toBe(true);
    clock.advance(99);
    expect(limiter.take(1)).toBe(false);
  });

  it('refills partially: after 300 ms, three more messages', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(LIMITS, clock.now);
    takeMany(limiter, 5);
    clock.advance(300);
    expect(takeMany(limiter, 4)).toEqual([true, true, true, false]);
  });

  it('sustains exactly the configured rate over a long run', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(LIMITS, clock.now);
    takeMany(limiter, 5);
    for (let i = 0; i < 100; i++) {
      clock.advance(100);
      expect(limiter.take(1), `message ${i}`).toBe(true);
    }
  });

  it('never refills beyond the burst, however long the pause', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(LIMITS, clock.now);
    clock.advance(3_600_000);
    expect(takeMany(limiter, 6)).toEqual([true, true, true, true, true, false]);
  });

  it('does not refill when the clock goes backwards', () => {
    const clock = manualClock(10_000);
    const limiter = new RateLimiter(LIMITS, clock.now);
    takeMany(limiter, 5);
    clock.advance(-5_000);
    expect(limiter.take(1)).toBe(false);
  });
});

describe('RateLimiter byte bucket', () => {
  it('allows the byte burst, then refuses a message that does not fit', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(LIMITS, clock.now);
    expect(limiter.take(4_000)).toBe(true);
    expect(limiter.take(1)).toBe(false);
  });

  it('refills bytes at the sustained byte rate', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(LIMITS, clock.now);
    expect(limiter.take(4_000)).toBe(true);
    clock.advance(500); // 500 bytes and 5 messages come back
    expect(limiter.take(500)).toBe(true);
  });

  it('refuses a single message larger than the byte burst', () => {
    const limiter = new RateLimiter(LIMITS, manualClock().now);
    expect(limiter.take(4_001)).toBe(false);
  });

  it('is independent of the message bucket: bytes run out while messages remain', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(LIMITS, clock.now);
    expect(limiter.take(3_000)).toBe(true);
    expect(limiter.take(1_500)).toBe(false); // 2nd of 5 messages, but 1,000 bytes left
  });

  it('is independent of the byte bucket: messages run out while bytes remain', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(LIMITS, clock.now);
    expect(takeMany(limiter, 5, 0)).toEqual([true, true, true, true, true]);
    expect(limiter.take(0)).toBe(false); // 4,000 bytes left, no message left
  });
});
