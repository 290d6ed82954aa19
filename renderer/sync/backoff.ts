/**
 * Reconnection delays with exponential growth and jitter. The stock y-websocket provider backs
 * off as `min(2^n × 100 ms, maxBackoffTime)` with no jitter: when the relay restarts, every
 * desktop app that lost its connection at the same instant would come back in lock-step waves.
 * Spreading each wave over half its window avoids that thundering herd.
 */

/** Parameters of `backoffDelay`. */
export interface BackoffOptions {
  /** Window of the first retry, in milliseconds. */
  readonly baseMs: number;
  /** Largest window, in milliseconds; attempts beyond it stay there. */
  readonly maxMs: number;
}

/** 250 ms first, doubling, capped at 30 s (a relay restart takes a few seconds). */
export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({ baseMs: 250, maxMs: 30_000 });

/**
 * Delay before retry number `attempt` (0-based): "equal jitter", uniform in `[w/2, w)` where
 * `w = min(maxMs, baseMs × 2^attempt)`. Half the window is kept fixed so that a retry never comes
 * immediately after a failure (full jitter can draw 0 ms and hammer a relay that just refused).
 *
 * @param attempt how many attempts failed in a row before this one
 * @param options the window bounds
 * @param random a uniform source in [0, 1); injectable for tests
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(0, attempt), 30);
  const window = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.round(window / 2 + random() * (window / 2));
}

/** A reconnection window that applies while a connection has been down for less than `untilMs`. */
export interface BackoffStage {
  /** Milliseconds since the connection went down. */
  readonly untilMs: number;
  /** The window meanwhile. */
  readonly backoff: BackoffOptions;
}

/**
 * The window of the stage `downMs` falls in (the last stage beyond them all): retries can be
 * quick while an outage is young and slow down as it lasts.
 */
export function backoffStage(stages: readonly BackoffStage[], downMs: number): BackoffOptions {
  const stage = stages.find((candidate) => downMs < candidate.untilMs) ?? stages.at(-1);
  if (stage === undefined) throw new RangeError('no backoff stage');
  return stage.backoff;
}
