import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { frameBinaryMessage, frameFirstFragment, frameLastFragment } from './ws-frame.js';

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

describe('a message in two fragments', () => {
  it.each([
    [1, 0],
    [1, 125],
    [5, 70_000],
  ])('a real ws client reads head (%i B) and body (%i B) as one message', async (h, b) => {
    const head = Uint8Array.from({ length: h }, (_, i) => 0x80 | i);
    const body = Uint8Array.from({ length: b }, (_, i) => (i * 7) % 256);
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(wss, 'listening');
    const port = (wss.address() as AddressInfo).port;
    wss.on('connection', (ws) => {
      const socket = (ws as unknown as { _socket: import('node:net').Socket })._socket;
      socket.write(frameFirstFragment(head));
      socket.write(frameLastFragment(body));
      socket.write(frameBinaryMessage(Uint8Array.of(42)));
    });
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    const received: Buffer[] = [];
    client.on('message', (data: Buffer) => received.push(data));
    await new Promise<void>((ok) => {
      const timer = setInterval(() => {
        if (received.length === 2) {
          clearInterval(timer);
          ok();
        }
      }, 5);
    });
    expect(Buffer.compare(received[0]!, Buffer.concat([head, body]))).toBe(0);
    expect([...received[1]!]).toEqual([42]);
    client.close();
    wss.close();
  });
});
