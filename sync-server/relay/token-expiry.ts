/**
 * Closes connections when their token expires. A token is checked at the upgrade, but a socket
 * can stay open for days (the keepalive holds it): without this a member whose invitation ended
 * (or who was removed by not renewing it) would keep writing as long as their laptop stays up.
 *
 * Connections are kept in one bucket per expiry second and a single timer sweeps the buckets
 * that came due: one timer per relay, not one per connection, and each sweep touches only the
 * connections that expire. The relay also refuses any message that arrives after `exp`
 * (`Relay.receive`), so the sweep's granularity never lets a late update through.
 */
import type { Connection } from './connection.js';

/** How often due buckets are swept, in ms. */
export const EXPIRY_SWEEP_MS = 1000;

/** Connections by token expiry. */
export class ExpiryWatch {
  readonly #buckets = new Map<number, Set<Connection>>();
  readonly #bucketOf = new Map<Connection, number>();
  /** The first second not swept yet. */
  #next: number;

  constructor(
    /** Wall clock, in whole seconds since the epoch. */
    private readonly nowSeconds: () => number,
    /** Called once for each connection whose token expired. */
    private readonly onExpired: (conn: Connection) => void,
  ) {
    this.#next = nowSeconds();
  }

  /** Number of connections watched. */
  get size(): number {
    return this.#bucketOf.size;
  }

  /** Watches `conn`, whose token expires at `exp` (seconds); an expired one is reported now. */
  watch(conn: Connection, exp: number): void {
    this.forget(conn);
    if (exp <= this.nowSeconds()) {
      this.onExpired(conn);
      return;
    }
    // A bucket already swept would never be looked at again.
    const key = Math.max(Math.ceil(exp), this.#next);
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) this.#buckets.set(key, (bucket = new Set()));
    bucket.add(conn);
    this.#bucketOf.set(conn, key);
  }

  /** Stops watching `conn` (it closed, or its token was renewed and is watched again). */
  forget(conn: Connection): void {
    const key = this.#bucketOf.get(conn);
    if (key === undefined) return;
    this.#bucketOf.delete(conn);
    const bucket = this.#buckets.get(key);
    bucket?.delete(conn);
    if (bucket?.size === 0) this.#buckets.delete(key);
  }

  /** Reports every connection whose expiry second has come. */
  sweep(): void {
    const now = this.nowSeconds();
    // After a long suspension there may be many seconds to walk; empty ones cost a lookup.
    // Past the number of buckets, walking the buckets themselves is cheaper.
    const due: Connection[] = [];
    if (now - this.#next > this.#buckets.size) {
      for (const [key, bucket] of this.#buckets) {
        if (key > now) continue;
        due.push(...bucket);
      }
    } else {
      for (let second = this.#next; second <= now; second++) {
        const bucket = this.#buckets.get(second);
        if (bucket !== undefined) due.push(...bucket);
      }
    }
    this.#next = Math.max(this.#next, now + 1);
    for (const conn of due) {
      this.forget(conn);
      this.onExpired(conn);
    }
  }
}
