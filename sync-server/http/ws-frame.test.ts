import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { frameBinaryMessage } from './ws-frame.js';

describe('frameBinaryMessage', () => {
  it.each([0, 1, 125, 126, 65535, 65536, 200_000])(
    'a real ws client reads a %i-byte frame intact',
    async (size) => {
      const payload = Uint8Array.from({ length: size }, (_, i) => (i * 31) % 256);
      const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
      await once(wss, 'listening');
      const port = (wss.address() as AddressInfo).port;
      wss.on('connection', (ws) => {
        // Written straight to the TCP socket, as the relay does for relayed updates.
        (ws as unknown as { _socket: import('node:net').Socket })._socket.write(
          frameBinaryMessage(payload),
        );
      });
      const client = new WebSocket(`ws://127.0.0.1:${port}`);
      const [data] = (await once(client, 'message')) as [Buffer];
      expect(Buffer.compare(data, Buffer.from(payload))).toBe(0);
      client.close();
      wss.close();
    },
  );

  it('uses the shortest length encoding', () => {
    expect(frameBinaryMessage(new Uint8Array(125)).length).toBe(127);
    expect(frameBinaryMessage(new Uint8Array(126)).length).toBe(130);
    expect(frameBinaryMessage(new Uint8Array(65536)).length).toBe(65546);
  });
});
