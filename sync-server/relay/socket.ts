/**
 * The relay core talks to clients through this minimal socket shape, so it never depends on a
 * transport library: `http/ws-transport.ts` adapts `ws`, and tests can pass any real transport.
 */
export interface WebSocketLike {
  /** Queues a binary frame. */
  send(data: Uint8Array): void;
  /**
   * Queues one binary message made of `head` then `data` (a multiplexed connection's channel
   * number and the room's message). Optional: a transport that can send it without copying
   * `data` (each relayed update goes to many receivers) implements it; otherwise the two are
   * joined and sent with `send`.
   */
  sendPrefixed?(head: Uint8Array, data: Uint8Array): void;
  /** Starts the closing handshake with a code and a short reason. */
  close(code: number, reason: string): void;
  /** Destroys the connection at once (for peers that no longer read). */
  terminate(): void;
  /** Bytes queued but not yet written to the network. */
  readonly bufferedAmount: number;
  /** Runs `sends` so that their frames leave in as few writes as possible. */
  batch(sends: () => void): void;
}
