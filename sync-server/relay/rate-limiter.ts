/**
 * Token buckets for one connection: messages and bytes. An honest editor sends a few dozen
 * messages a second and, once, a large catch-up update; a client that keeps sending beyond the
 * sustained rate after its burst is used up is flooding.
 */
export interface RateLimits {
  /** Sustained messages per second. */
  readonly messagesPerSecond: number;
  /** Messages that may arrive at once before the sustained rate applies. */
  readonly messageBurst: number;
  /** Sustained bytes per second. */
  readonly bytesPerSecond: number;
  /** Bytes that may arrive at once (should exceed the largest message). */
  readonly byteBurst: number;
}

/** Two token buckets refilled from a monotonic clock. */
export class RateLimiter {
  private messages: number;
  private bytes: number;
  private last: number;

  /** @param now monotonic milliseconds (injected so tests need no timers). */
  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number,
  ) {
    this.messages = limits.messageBurst;
    this.bytes = limits.byteBurst;
    this.last = now();
  }

  /** Takes one message of `size` bytes; false when the connection is over its rate. */
  take(size: number): boolean {
    const t = this.now();
    const elapsed = Math.max(0, t - this.last) / 1000;
    this.last = t;
    this.messages = Math.min(
      this.limits.messageBurst,
      this.messages + elapsed * this.limits.messagesPerSecond,
    );
    this.bytes = Math.min(this.limits.byteBurst, this.bytes + elapsed * this.limits.bytesPerSecond);
    this.messages -= 1;
    this.bytes -= size;
    return this.messages >= 0 && this.bytes >= 0;
  }
}
