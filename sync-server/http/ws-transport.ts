/** Adapts a `ws` WebSocket to the relay core's `WebSocketLike`. */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { WebSocketLike } from '../relay/socket.js';
import { frameBinaryMessage } from './ws-frame.js';

const OPEN = 1;
/** Framed bytes per message, kept only as long as the message itself is referenced. */
const FRAMES = new WeakMap<Uint8Array, Buffer>();

/**
 * `ws` behind the core's socket shape. A class rather than an object of closures: thousands of
 * connections share its methods, which keeps memory per connection down.
 */
class WsSocket implements WebSocketLike {
  constructor(private readonly ws: WebSocket) {}

  send(data: Uint8Array): void {
    const socket = this.socket();
    // A relayed update goes to many receivers: frame it once and write the same bytes to each.
    // Safe because compression is off, so `ws` never queues frames of its own that a direct
    // write could overtake; any other state goes through `ws`.
    if (socket !== undefined && this.ws.readyState === OPEN) {
      let framed = FRAMES.get(data);
      if (framed === undefined) {
        framed = frameBinaryMessage(data);
        FRAMES.set(data, framed);
      }
      socket.write(framed);
      return;
    }
    this.ws.send(data, { binary: true });
  }

  private socket(): Socket | undefined {
    return (this.ws as unknown as { _socket?: Socket })._socket;
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
    const socket = this.socket();
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
