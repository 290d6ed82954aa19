/** Adapts a `ws` WebSocket to the relay core's `WebSocketLike`. */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { WebSocketLike } from '../relay/socket.js';

/** Wraps `ws` so the core can send, close and batch writes. */
export function adaptWebSocket(ws: WebSocket): WebSocketLike {
  // `ws` keeps the TCP socket private; corking it turns a batch of frames into one write.
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  return {
    send: (data) => ws.send(data, { binary: true }),
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    batch: (sends) => {
      if (socket === undefined) return sends();
      socket.cork();
      try {
        sends();
      } finally {
        socket.uncork();
      }
    },
  };
}
