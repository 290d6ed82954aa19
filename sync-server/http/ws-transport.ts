/** Adapts a `ws` WebSocket to the relay core's `WebSocketLike`. */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { WebSocketLike } from '../relay/socket.js';

/**
 * `ws` behind the core's socket shape. A class rather than an object of closures: thousands of
 * connections share its methods, which keeps memory per connection down.
 */
class WsSocket implements WebSocketLike {
  constructor(private readonly ws: WebSocket) {}

  send(data: Uint8Array): void {
    this.ws.send(data, { binary: true });
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  batch(sends: () => void): void {
    // `ws` keeps the TCP socket private; corking it turns a batch of frames into one write.
    const socket = (this.ws as unknown as { _socket?: Socket })._socket;
    if (socket === undefined) return sends();
    socket.cork();
    try {
      sends();
    } finally {
      socket.uncork();
    }
  }
}

/** Wraps `ws` so the core can send, close and batch writes. */
export function adaptWebSocket(ws: WebSocket): WebSocketLike {
  return new WsSocket(ws);
}
