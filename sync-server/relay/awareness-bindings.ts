/**
 * Which user each awareness client id of a room belongs to, kept after their connection closes.
 *
 * A Yjs client id is chosen by the client; the relay lets only the connection that introduced an
 * id speak for it (`AwarenessRegistry`). Without memory of past owners, an id freed by a closed
 * connection could be claimed by anyone — a reviewer took over the chair's id with a high clock
 * and the chair's presence was silently dropped when they came back, since every peer ignores a
 * state whose clock is not above the one it saw last. So an id stays bound to the user who first
 * introduced it for `ttlMs` after it was freed (default one day), and the last clock the room was
 * told for it is kept, so that a returning owner can be brought above it.
 *
 * Bounded: at most `maxReleased` freed ids per relay process are remembered, the oldest
 * forgotten first; ids held by an open connection are always remembered (their number is
 * bounded by the connections and `MAX_AWARENESS_IDS_PER_CONNECTION`). Kept per relay process,
 * across room unloads; states relayed from other relay processes bind their ids too.
 */

/** Default time a freed id stays bound to its user. */
export const BINDING_TTL_MS = 24 * 60 * 60 * 1000;
/** Default number of freed ids remembered per relay process. */
export const MAX_RELEASED_BINDINGS = 50_000;

/** What is known of one id. */
export interface Binding {
  /** The user (token `sub`) who introduced it. */
  readonly userId: string;
  /** Highest clock the room was told for this id (a state, or its removal). */
  readonly clock: number;
}

interface Entry {
  userId: string;
  clock: number;
  /** Monotonic time after which a freed id is forgotten; null while held. */
  expiresAt: number | null;
}

/** The bindings of every room of a relay process. */
export class AwarenessBindings {
  readonly #rooms = new Map<string, Map<number, Entry>>();
  /** Freed ids in the order they were freed: `room \0 id` → entry. */
  readonly #released = new Map<string, Entry>();

  constructor(
    /** Monotonic clock, ms. */
    private readonly now: () => number,
    private readonly ttlMs = BINDING_TTL_MS,
    private readonly maxReleased = MAX_RELEASED_BINDINGS,
  ) {}

  /** The binding of `clientId` in `room`, if any (expired ones are gone). */
  get(room: string, clientId: number): Binding | undefined {
    const entry = this.#rooms.get(room)?.get(clientId);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= this.now()) {
      this.#forget(room, clientId);
      return undefined;
    }
    return entry;
  }

  /** `userId` holds `clientId` in `room`, whose state now has `clock`. */
  hold(room: string, clientId: number, userId: string, clock: number): void {
    let ids = this.#rooms.get(room);
    if (ids === undefined) this.#rooms.set(room, (ids = new Map()));
    const entry = ids.get(clientId);
    if (entry === undefined) {
      ids.set(clientId, { userId, clock, expiresAt: null });
      return;
    }
    if (entry.expiresAt !== null) this.#released.delete(key(room, clientId));
    entry.userId = userId;
    entry.clock = Math.max(entry.clock, clock);
    entry.expiresAt = null;
  }

  /** `clientId` was freed in `room`; the room was told its removal at `clock`. */
  release(room: string, clientId: number, clock: number): void {
    const entry = this.#rooms.get(room)?.get(clientId);
    if (entry === undefined) return;
    entry.clock = Math.max(entry.clock, clock);
    entry.expiresAt = this.now() + this.ttlMs;
    const k = key(room, clientId);
    this.#released.delete(k);
    this.#released.set(k, entry);
    this.#trim();
  }

  /** Number of ids remembered (held and freed). */
  get size(): number {
    let total = 0;
    for (const ids of this.#rooms.values()) total += ids.size;
    return total;
  }

  /** Forgets freed ids past their time, and the oldest beyond `maxReleased`. */
  #trim(): void {
    const now = this.now();
    for (const [k, entry] of this.#released) {
      if (this.#released.size <= this.maxReleased && (entry.expiresAt ?? 0) > now) break;
      const at = k.lastIndexOf('\u0000');
      this.#forget(k.slice(0, at), Number(k.slice(at + 1)));
    }
  }

  #forget(room: string, clientId: number): void {
    this.#released.delete(key(room, clientId));
    const ids = this.#rooms.get(room);
    ids?.delete(clientId);
    if (ids?.size === 0) this.#rooms.delete(room);
  }
}

function key(room: string, clientId: number): string {
  return `${room}\u0000${clientId}`;
}
