/**
 * The clients of the history benchmark, each server with its own stock client: the npm
 * `WebsocketProvider` (y-websocket) for ours and `@y/websocket-server`, the
 * `HocuspocusProvider` for Hocuspocus — unchanged, `ws` as WebSocket. A client is a doc, a
 * way to know it holds a text, and a destroy.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { HISTORY_TEXT } from './histories.js';
import { sleep } from './stats.js';

/** Which server a client talks to. */
export type HistoryServerKind =
  'entente' | 'entente-postgres' | 'y-websocket-server' | 'hocuspocus';

/** A connected client. */
export interface HistoryClient {
  readonly doc: Y.Doc;
  /** Resolves once the provider says it synced with the server; rejects after `timeoutMs`. */
  synced(timeoutMs: number): Promise<void>;
  /** Resolves once the doc's text is `text` (polled); rejects after `timeoutMs`. */
  holds(text: string, timeoutMs: number): Promise<void>;
  /**
   * Milliseconds this client spent in its doc's transactions (applying what it received): the
   * part of a load that is the client's own work, whatever the server.
   */
  applyMs(): number;
  destroy(): void;
}

const WS = WebSocket as unknown as typeof globalThis.WebSocket;

/** Connects a fresh client of `kind` to `room` on `port` (ours with `token`). */
export function openHistoryClient(
  kind: HistoryServerKind,
  port: number,
  room: string,
  token: string,
  doc = new Y.Doc(),
): HistoryClient {
  let destroy: () => void;
  let isSynced: () => boolean;
  if (kind === 'hocuspocus') {
    const socket = new HocuspocusProviderWebsocket({
      url: `ws://127.0.0.1:${port}`,
      WebSocketPolyfill: WS,
    });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: room,
      document: doc,
      token,
    });
    provider.attach();
    isSynced = () => provider.isSynced;
    destroy = () => {
      provider.destroy();
      socket.destroy();
    };
  } else {
    const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, room, doc, {
      params: { token },
      WebSocketPolyfill: WS,
      disableBc: true,
    });
    isSynced = () => provider.synced;
    destroy = () => provider.destroy();
  }
  const text = doc.getText(HISTORY_TEXT);
  let inTransactions = 0;
  let transactionFrom = 0;
  doc.on('beforeTransaction', () => (transactionFrom = performance.now()));
  doc.on('afterTransactionCleanup', () => (inTransactions += performance.now() - transactionFrom));
  return {
    doc,
    applyMs: () => inTransactions,
    async synced(timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (!isSynced()) {
        if (performance.now() > deadline)
          throw new Error(`${kind}: not synced after ${timeoutMs} ms`);
        await sleep(5);
      }
    },
    async holds(expected, timeoutMs) {
      // Compared by length first: toString() of a 100,000-character text on every poll would
      // be the measurement's own cost.
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        if (text.length === expected.length && text.toString() === expected) return;
        if (performance.now() > deadline)
          throw new Error(
            `${kind}: text of ${text.length} characters after ${timeoutMs} ms, expected ${expected.length}`,
          );
        await sleep(2);
      }
    },
    destroy: () => {
      destroy();
      doc.destroy();
    },
  };
}
