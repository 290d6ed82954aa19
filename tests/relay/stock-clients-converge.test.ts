/**
 * [Relay 1, 4] Stock y-websocket clients (npm `WebsocketProvider`, unchanged) sync through the
 * relay on both stores, and what they wrote is still there after a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BACKENDS, type Backend } from '../support/backends.js';
import { eventually, stockClient, synced, type StockClient } from '../support/clients.js';
import { removeDir, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { token } from '../support/tokens.js';

describe.each(BACKENDS.map((make) => [make().name, make] as const))(
  'on %s',
  (_name, makeBackend) => {
    let relay: RelayProcess | undefined;
    let backend: Backend | undefined;
    const clients: StockClient[] = [];

    afterEach(async () => {
      for (const c of clients.splice(0)) c.destroy();
      await relay?.stop('SIGKILL');
      if (relay !== undefined) removeDir(relay.dataDir);
      await backend?.cleanup();
    });

    it('three stock clients converge on concurrent edits, and a restart keeps them', async () => {
      backend = makeBackend();
      relay = await startRelayProcess({ env: backend.env });
      const room = 'comite/charte';
      for (let i = 0; i < 3; i++) {
        clients.push(
          stockClient(relay.url, room, { token: token({ sub: `u${i}`, role: 'member' }) }),
        );
      }
      await Promise.all(clients.map((c) => synced(c)));
      clients.forEach((c, i) => {
        const text = c.doc.getText('content');
        for (let k = 0; k < 20; k++) text.insert(0, `[${i}:${k}]`);
        c.doc.getMap('meta').set(`by-${i}`, i);
      });
      const expectedLength = clients.reduce((sum, c) => sum + c.doc.getText('content').length, 0);
      await eventually(
        () => clients.every((c) => c.doc.getText('content').length === expectedLength),
        15_000,
        'convergence',
      );
      const texts = clients.map((c) => c.doc.getText('content').toString());
      expect(new Set(texts).size).toBe(1);
      expect(clients[0]?.doc.getMap('meta').toJSON()).toEqual({ 'by-0': 0, 'by-1': 1, 'by-2': 2 });

      // Restart on the same storage: a new client loads exactly what was written.
      const dataDir = relay.dataDir;
      const port = relay.port;
      for (const c of clients.splice(0)) c.destroy();
      expect(await relay.stop('SIGTERM')).toBe(0);
      relay = await startRelayProcess({ env: backend.env, dataDir, port });
      const fresh = stockClient(relay.url, room, {
        token: token({ sub: 'late', role: 'observer' }),
      });
      clients.push(fresh);
      await synced(fresh);
      expect(fresh.doc.getText('content').toString()).toBe(texts[0]);
      expect(Y.encodeStateVector(fresh.doc).length).toBeGreaterThan(1);
    });
  },
);
