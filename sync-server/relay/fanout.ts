/**
 * The port through which relay processes serving the same rooms exchange what their clients
 * sent. Only already-stored updates and already-checked awareness go through it; receivers apply
 * them without storing them again. `fanout/redis-fanout.ts` implements it over Redis pub/sub.
 */

/** What travels between relay processes. */
export type FanoutKind = 'update' | 'awareness';

/** Called for each message another process published to a room this process subscribed to. */
export type FanoutListener = (kind: FanoutKind, payload: Uint8Array) => void;

/** Pub/sub between relay processes. */
export interface Fanout {
  /** Starts receiving a room's messages; resolves once the subscription is active. */
  subscribe(room: string, listener: FanoutListener): Promise<void>;
  /** Stops receiving a room's messages. */
  unsubscribe(room: string): Promise<void>;
  /** Publishes to the other processes (never delivered back to this one). */
  publish(room: string, kind: FanoutKind, payload: Uint8Array): void;
  /** Closes the connections. */
  close(): Promise<void>;
}
