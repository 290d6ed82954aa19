/** Adapts a `ws` WebSocket to the relay core's `WebSocketLike`. */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { WebSocketLike } from '../relay/socket.js';
import { frameBinaryMessage, frameFirstFragment, frameLastFragment } from './ws-frame.js';

const OPEN = 1;
/** Framed bytes per message, kept only as long as the message itself is referenced. */
const FRAMES = new WeakMap<Uint8Array, Buffer>();
/** The same for the two fragments of a prefixed message (`sendPrefixed`). */
const FIRST_FRAGMENTS = new WeakMap<Uint8Array, Buffer>();
const LAST_FRAGMENTS = new WeakMap<Uint8Array, Buffer>();

/** `map`'s value for `key`, made by `make` once. */
function cached(
  map: WeakMap<Uint8Array, Buffer>,
  key: Uint8Array,
  make: (k: Uint8Array) => Buffer,
) {
  let value = map.get(key);
  if (value === undefined) {
    value = make(key);
    map.set(key, value);
  }
  return value;
}

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

  sendPrefixed(head: Uint8Array, data: Uint8Array): void {
    const socket = this.socket();
    // Two fragments of one message: the head (a channel number, framed once per channel) and
    // the data, framed once whatever the number of receivers. Written back to back, corked, so
    // nothing comes between them; same safety condition as `send`.
    if (socket !== undefined && this.ws.readyState === OPEN) {
      const first = cached(FIRST_FRAGMENTS, head, frameFirstFragment);
      const last = cached(LAST_FRAGMENTS, data, frameLastFragment);
      socket.cork();
      socket.write(first);
      socket.write(last);
      socket.uncork();
      return;
    }
    const joined = new Uint8Array(head.length + data.length);
    joined.set(head);
    joined.set(data, head.length);
    this.ws.send(joined, { binary: true });
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
