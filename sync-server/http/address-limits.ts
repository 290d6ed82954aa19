/**
 * Limits per client address, so that one machine cannot take the relay's sockets or flood it
 * with upgrades: open connections per address (counted on TCP connections), and WebSocket
 * upgrades per address (a token bucket). Behind a TLS proxy every connection comes from the
 * proxy: its address is exempt from the connection count, and the upgrade limit uses the
 * client address the proxy appends to `X-Forwarded-For` — only for proxies listed in
 * `ENTENTE_TRUSTED_PROXIES`, since anyone else can write that header.
 *
 * IPv6 addresses count per /64: one subscriber usually holds a whole /64, and counting single
 * addresses would give them billions of buckets.
 */
import { isIPv6 } from 'node:net';

/** Settings of {@link AddressLimits}. */
export interface AddressLimitSettings {
  /** Open TCP connections one address may hold (proxies exempt). */
  readonly maxConnectionsPerAddress: number;
  /** Sustained WebSocket upgrades per second per address. */
  readonly upgradesPerSecond: number;
  /** Upgrades an address may make at once before the rate applies. */
  readonly upgradeBurst: number;
  /** Addresses of trusted reverse proxies (exact, as Node reports them). */
  readonly trustedProxies: readonly string[];
}

/** Most addresses with an upgrade bucket kept at once; the oldest is forgotten beyond. */
const MAX_TRACKED_ADDRESSES = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

/** The grouping key of an address: IPv4 as is, IPv6 by its /64, IPv4-mapped IPv6 as IPv4. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped !== null) return mapped[1] ?? address;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The connection and upgrade limits of one server. */
export class AddressLimits {
  readonly #open = new Map<string, number>();
  readonly #buckets = new Map<string, Bucket>();
  readonly #proxies: ReadonlySet<string>;

  constructor(
    private readonly settings: AddressLimitSettings,
    /** Monotonic clock, ms. */
    private readonly now: () => number,
  ) {
    this.#proxies = new Set(settings.trustedProxies);
  }

  /** True when `address` is a trusted proxy. */
  isProxy(address: string | undefined): boolean {
    return address !== undefined && this.#proxies.has(address);
  }

  /**
   * A TCP connection opened from `address`: true when it may stay, false when the address holds
   * too many already (the caller drops it). Every accepted connection must be `closed` later.
   */
  opened(address: string | undefined): boolean {
    if (address === undefined || this.isProxy(address)) return true;
    const key = addressKey(address);
    const count = this.#open.get(key) ?? 0;
    if (count >= this.settings.maxConnectionsPerAddress) return false;
    this.#open.set(key, count + 1);
    return true;
  }

  /** The connection accepted by `opened(address)` closed. */
  closed(address: string | undefined): void {
    if (address === undefined || this.isProxy(address)) return;
    const key = addressKey(address);
    const count = (this.#open.get(key) ?? 0) - 1;
    if (count <= 0) this.#open.delete(key);
    else this.#open.set(key, count);
  }

  /**
   * The client behind a request: the peer, or — when the peer is a trusted proxy — the address
   * that proxy appended last to `X-Forwarded-For` (earlier entries are the client's own claims).
   */
  clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined): string {
    const fallback = peer ?? 'unknown';
    if (!this.isProxy(peer) || forwardedFor === undefined) return fallback;
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
    const hops = header
      .split(',')
      .map((h) => h.trim())
      .filter((h) => h !== '');
    // Walk back past our own proxies (a chain of them) to the first address they did not add.
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] ?? '';
      if (!this.#proxies.has(hop)) return hop;
    }
    return fallback;
  }

  /** Takes one upgrade from `client`'s bucket; false when it has none left. */
  takeUpgrade(client: string): boolean {
    const key = addressKey(client);
    const now = this.now();
    const { upgradesPerSecond: rate, upgradeBurst: burst } = this.settings;
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: burst, at: now };
      if (this.#buckets.size >= MAX_TRACKED_ADDRESSES) {
        const oldest = this.#buckets.keys().next().value;
        if (oldest !== undefined) this.#buckets.delete(oldest);
      }
      this.#buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
      bucket.at = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Open connections counted for `address` (tests, metrics). */
  openFrom(address: string): number {
    return this.#open.get(addressKey(address)) ?? 0;
  }
}
