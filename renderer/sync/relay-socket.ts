/**
 * The WebSocket the stock provider is given (its `WebSocketPolyfill` option): the platform's
 * socket with three hooks for `RelayConnection`.
 *
 * Subclassing the socket is the one exact place to see which frames the relay counts (the
 * provider writes step 2 replies and live updates from different code paths), and to hand the
 * provider's `onmessage` handler its frames when the connection chooses (`inbound-batch.ts`).
 */
import type { InboundMessage } from './inbound-batch.js';

/** What `WebSocket.send` accepts. */
export type SendData = Parameters<WebSocket['send']>[0];

/** What the connection hears from its sockets. */
export interface SocketHooks {
  /** A socket was created: a new connection starts. */
  opened(socket: WebSocket): void;
  /** `data` is about to be sent on `socket`. */
  beforeSend(socket: WebSocket, data: SendData): void;
  /** A frame arrived for the provider; `message.handle()` runs its handler on it. */
  received(message: InboundMessage): void;
}

/** The bytes of a frame to send (null for a text frame or a Blob). */
export function bytesOf(data: SendData): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

/** A subclass of `Base` whose sockets report to `hooks`. */
export function hookedWebSocket(Base: typeof WebSocket, hooks: SocketHooks): typeof WebSocket {
  return class HookedWebSocket extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      hooks.opened(this);
      // The provider assigns `onmessage`; it is kept here, and called only through `received`.
      let handler: WebSocket['onmessage'] = null;
      Object.defineProperty(this, 'onmessage', {
        configurable: true,
        get: () => handler,
        set: (value: WebSocket['onmessage']) => {
          handler = value;
        },
      });
      this.addEventListener('message', (event) => {
        const current = handler;
        if (current === null) return;
        hooks.received({ data: event.data, handle: () => current.call(this, event) });
      });
    }

    override send(data: SendData): void {
      hooks.beforeSend(this, data);
      super.send(data);
    }
  };
}
