/**
 * Stock y-websocket clients (the npm `WebsocketProvider`, unchanged) and a raw WebSocket client
 * for the cases a well-behaved provider never produces.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** A stock provider on its own doc. */
export interface StockClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  destroy(): void;
}

/** Connects a stock `WebsocketProvider` to `room` with `params` (token, ack …). */
export function stockClient(
  url: string,
  room: string,
  params: Record<string, string>,
  doc = new Y.Doc(),
): StockClient {
  const provider = new WebsocketProvider(url, room, doc, {
    params,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 500,
  });
  return {
    doc,
    provider,
    destroy: () => {
      provider.destroy();
    },
  };
}

/** Resolves when the provider has synced (received the relay's sync step 2). */
export function synced(client: StockClient, timeoutMs = 15_000): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('client did not sync')), timeoutMs);
    const onSync = (isSynced: boolean): void => {
      if (!isSynced) return;
      clearTimeout(timer);
      client.provider.off('sync', onSync);
      ok();
    };
    client.provider.on('sync', onSync);
  });
}

/** Polls `check` until it returns true. */
export async function eventually(
  check: () => boolean,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

/** A raw client: every frame received, and how the connection closed. */
export interface RawClient {
  readonly ws: WebSocket;
  readonly frames: Uint8Array[];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
}

/** Opens a raw WebSocket to `path` (`/W/D?token=…`), offering `protocols` if given. */
export function rawClient(url: string, path: string, protocols?: string[]): RawClient {
  const ws = new WebSocket(url + path, protocols);
  const frames: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
  ws.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((ok) =>
    ws.once('close', (code, reason) => ok({ code, reason: reason.toString() })),
  );
  const opened = new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('close', () => fail(new Error('closed before open')));
  });
  opened.catch(() => undefined);
  return { ws, frames, closed, opened };
}

/**
 * Sends a WebSocket upgrade for `path` exactly as written (WHATWG URL parsing in clients would
 * resolve `%2e%2e` before sending) and returns the close frame the relay answers with.
 */
export function rawUpgradeClose(
  port: number,
  path: string,
): Promise<{ code: number; reason: string; frames: number }> {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      let at = headerEnd + 4;
      let frames = 0;
      while (at + 2 <= buffer.length) {
        const opcode = (buffer[at] ?? 0) & 0x0f;
        const length = (buffer[at + 1] ?? 0) & 0x7f;
        if (at + 2 + length > buffer.length) return;
        if (opcode === 0x8) {
          socket.destroy();
          ok({
            code: buffer.readUInt16BE(at + 2),
            reason: buffer.subarray(at + 4, at + 2 + length).toString(),
            frames,
          });
          return;
        }
        frames += 1;
        at += 2 + length;
      }
    });
    socket.on('error', fail);
  });
}

/** The `content` text of `room` as a fresh stock client gets it from the relay (stored state). */
export async function readText(url: string, room: string, token: string): Promise<string> {
  const reader = stockClient(url, room, { token });
  try {
    await synced(reader);
    return reader.doc.getText('content').toString();
  } finally {
    reader.destroy();
  }
}
