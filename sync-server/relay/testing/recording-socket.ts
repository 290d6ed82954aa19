/**
 * An in-memory `WebSocketLike` for tests: a real transport whose "network" is an array. It keeps
 * every frame the relay sent (copied, as a network would), how it was closed, and whether
 * anything was sent after the close, which a real socket would drop.
 */
import type { WebSocketLike } from '../socket.js';

/** How the relay closed the socket. */
export interface CloseRecord {
  readonly code: number;
  readonly reason: string;
}

/** A socket that records what is sent through it. */
export class RecordingSocket implements WebSocketLike {
  /** Frames sent, in order. */
  readonly frames: Uint8Array[] = [];
  /** Set by the first `close`. */
  closed: CloseRecord | null = null;
  /** Number of `close` calls (the relay must close once). */
  closeCalls = 0;
  /** Set by `terminate`. */
  terminated = false;
  /** Frames sent after `close` or `terminate` (a real socket would lose them). */
  sentAfterClose = 0;
  /** Number of `batch` calls. */
  batches = 0;
  /** Simulated unsent backlog; tests raise it to play a client that does not read. */
  bufferedAmount = 0;

  /** @inheritDoc */
  send(data: Uint8Array): void {
    if (this.closed !== null || this.terminated) this.sentAfterClose += 1;
    this.frames.push(Uint8Array.from(data));
  }

  /** @inheritDoc */
  close(code: number, reason: string): void {
    this.closeCalls += 1;
    this.closed ??= { code, reason };
  }

  /** @inheritDoc */
  terminate(): void {
    this.terminated = true;
  }

  /** @inheritDoc */
  batch(sends: () => void): void {
    this.batches += 1;
    sends();
  }
}
