/**
 * Stock y-websocket clients (npm `WebsocketProvider`, unchanged, `ws` as WebSocket, no
 * BroadcastChannel), with the close codes and disconnects they saw counted for the report.
 */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { countClose, type CloseCounts } from './protocol.js';

/** A provider and its doc. */
export interface StockClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
}

/** Resolves when the provider has synced; rejects after `timeoutMs`. */
export function whenSynced(provider: WebsocketProvider, timeoutMs: number): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      provider.off('sync', onSync);
      fail(new Error(`client of ${provider.roomname} did not sync within ${timeoutMs} ms`));
    }, timeoutMs);
    const onSync = (synced: boolean): void => {
      if (!synced) return;
      clearTimeout(timer);
      provider.off('sync', onSync);
      ok();
    };
    provider.on('sync', onSync);
  });
}

/** A set of stock clients. */
export class StockPool {
  /** Close frames received, by code and reason. */
  readonly closes: CloseCounts = {};
  /** Times a client lost its connection (it then reconnects by itself). */
  disconnects = 0;
  readonly clients: StockClient[] = [];
  private destroying = false;

  /** Connects a new client to `room` on `port`. */
  open(port: number, room: string, token: string, doc = new Y.Doc()): StockClient {
    const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, room, doc, {
      params: { token },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    provider.on('connection-close', (event) => {
      if (event !== null) countClose(this.closes, event.code, event.reason);
    });
    provider.on('status', ({ status }) => {
      if (status === 'disconnected' && !this.destroying) this.disconnects += 1;
    });
    const client = { doc, provider };
    this.clients.push(client);
    return client;
  }

  /** Disconnects and forgets every client. */
  destroyAll(): void {
    this.destroying = true;
    for (const client of this.clients.splice(0)) {
      client.provider.destroy();
      client.doc.destroy();
    }
    this.destroying = false;
  }
}
