/**
 * How long the committee link (`committee-link.ts`) waits before trying again. A member who
 * comes back online must not wait for a 30 s window: the target is every room confirmed
 * within 2 s of the relay's return. But a laptop in a tunnel for an hour need not try a
 * connection every second either. So the wait depends on how long the connection has been down,
 * and wake-ups (`network-signals.ts`) skip it altogether.
 */
import {
  backoffStage,
  DEFAULT_BACKOFF,
  type BackoffOptions,
  type BackoffStage,
} from './backoff.js';

/**
 * Socket reconnection while the network is up, by how long the connection has been down:
 * within a second for the first five minutes (a relay restart or upgrade, a blip: the relay
 * stopped for a minute must find every member back within 2 s of its return; a refused TCP
 * connection a second per member costs the relay's host nothing), then every few seconds,
 * then at the stock pace. Jittered (`backoffDelay`), so members who lost the relay together do
 * not all come back in the same instant.
 */
export const LINK_BACKOFF: readonly BackoffStage[] = Object.freeze([
  { untilMs: 5 * 60_000, backoff: { baseMs: 250, maxMs: 1000 } },
  { untilMs: 10 * 60_000, backoff: { baseMs: 250, maxMs: 5000 } },
  { untilMs: Number.POSITIVE_INFINITY, backoff: DEFAULT_BACKOFF },
]);

/** While the browser says it is offline: slow (the `online` event reconnects at once). */
export const OFFLINE_BACKOFF: BackoffOptions = DEFAULT_BACKOFF;

/** A room's rejoin after the relay closed its channel (4500 storage, 4507 quota): stock pace. */
export const ROOM_BACKOFF: BackoffOptions = DEFAULT_BACKOFF;

/** The reconnection window after `downMs` without a connection (the network being up). */
export function reconnectWindow(downMs: number): BackoffOptions {
  return backoffStage(LINK_BACKOFF, downMs);
}
