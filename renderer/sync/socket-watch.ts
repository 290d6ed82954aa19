/**
 * Whether the committee link's socket still carries anything. A browser WebSocket reports its
 * close only once TCP does: after a laptop slept, or behind a network that silently dropped the
 * connection, that can take many minutes, during which edits would wait for nothing. Three
 * checks, each ending in `onDead` (the link then drops the socket without waiting for its close
 * and opens another):
 *
 * - **connecting too long**: a socket still connecting after `CONNECT_TIMEOUT_MS` (a lost SYN);
 * - **silence**: nothing received for `silenceMs` while rooms are open on it — the relay writes
 *   to every room it sent nothing for 10 s (PROTOCOL.md "Keepalive"), so 30 s of silence is a
 *   dead socket, as stock y-websocket clients judge it;
 * - **probe after a wake-up**: the socket says it is open; a room asks the relay something it
 *   always answers, and nothing within `PROBE_MS` means dead.
 */

/** A socket still connecting after this is abandoned. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** Nothing received for this long on a socket carrying rooms: it is dead (keepalive: 10 s). */
export const SILENCE_MS = 30_000;
/** After a wake-up, the relay must answer a probe within this. */
export const PROBE_MS = 3000;
/** How often the silence is checked, at most. */
const WATCH_MS = 5000;

/** Options of {@link SocketWatch}. */
export interface SocketWatchOptions {
  /** Silence after which an open socket is dead. */
  readonly silenceMs: number;
  /** True while the socket carries rooms (an idle one may well hear nothing). */
  readonly carrying: () => boolean;
  /** The socket is dead, for `reason`. */
  readonly onDead: (reason: string) => void;
}

/** The health checks of one socket at a time. */
export class SocketWatch {
  readonly #options: SocketWatchOptions;
  #connectTimer: ReturnType<typeof setTimeout> | undefined;
  #silenceTimer: ReturnType<typeof setInterval> | undefined;
  #probeTimer: ReturnType<typeof setTimeout> | undefined;
  #startedAt = 0;
  #lastReceived = 0;

  constructor(options: SocketWatchOptions) {
    this.#options = options;
  }

  /** A socket was made: it must open within `CONNECT_TIMEOUT_MS`. */
  connecting(): void {
    this.stop();
    this.#startedAt = performance.now();
    this.#connectTimer = setTimeout(
      () => this.#options.onDead('connection timed out'),
      CONNECT_TIMEOUT_MS,
    );
  }

  /** How long the current socket has been connecting (or connected). */
  get age(): number {
    return performance.now() - this.#startedAt;
  }

  /** The socket opened: from now on it must not stay silent. */
  opened(): void {
    clearTimeout(this.#connectTimer);
    this.#lastReceived = performance.now();
    const period = Math.min(WATCH_MS, this.#options.silenceMs / 3);
    this.#silenceTimer = setInterval(() => {
      if (!this.#options.carrying()) return;
      if (performance.now() - this.#lastReceived > this.#options.silenceMs)
        this.#options.onDead('silent');
    }, period);
  }

  /** Something arrived: the socket is alive. */
  received(): void {
    this.#lastReceived = performance.now();
    clearTimeout(this.#probeTimer);
    this.#probeTimer = undefined;
  }

  /**
   * After a wake-up: `ask` sends something the relay always answers (false if it could not);
   * no frame at all within `PROBE_MS` means dead. One probe at a time.
   */
  probe(ask: () => boolean): void {
    if (this.#probeTimer !== undefined || !ask()) return;
    const asked = performance.now();
    this.#probeTimer = setTimeout(() => {
      this.#probeTimer = undefined;
      if (this.#lastReceived < asked) this.#options.onDead('no answer after wake-up');
    }, PROBE_MS);
  }

  /** The socket is gone: no more checks. */
  stop(): void {
    clearTimeout(this.#connectTimer);
    clearInterval(this.#silenceTimer);
    clearTimeout(this.#probeTimer);
    this.#connectTimer = this.#silenceTimer = this.#probeTimer = undefined;
  }
}
