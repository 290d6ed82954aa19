/**
 * [Relay 4, 6] A room's update log is compacted into a snapshot past the threshold, and the
 * room loads from it; a room with no client is unloaded from memory after the idle delay.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../support/backends.js';
import { stockClient, synced, type StockClient } from '../support/clients.js';
import { removeDir, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { token } from '../support/tokens.js';

async function metric(relay: RelayProcess, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1] ?? NaN);
}

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

    it('compacts the log into a snapshot and loads from it; unloads idle rooms', async () => {
      backend = makeBackend();
      const env = { ...backend.env, ENTENTE_COMPACT_UPDATES: '50', ENTENTE_IDLE_UNLOAD_MS: '300' };
      relay = await startRelayProcess({ env });
      const writer = stockClient(relay.url, 'comite/compact', { token: token() });
      clients.push(writer);
      await synced(writer);
      const text = writer.doc.getText('content');
      for (let i = 0; i < 300; i++) {
        text.insert(text.length, `mot${i} `);
        if (i % 7 === 0) text.delete(0, 2);
        if (i % 50 === 0) await new Promise((ok) => setTimeout(ok, 20));
      }
      await new Promise((ok) => setTimeout(ok, 500));
      expect(await metric(relay, 'entente_compactions_total')).toBeGreaterThanOrEqual(1);
      expect(await metric(relay, 'entente_rooms_loaded')).toBe(1);

      writer.destroy();
      clients.splice(0);
      let unloaded = false;
      for (let i = 0; i < 50 && !unloaded; i++) {
        unloaded = (await metric(relay, 'entente_rooms_loaded')) === 0;
        if (!unloaded) await new Promise((ok) => setTimeout(ok, 100));
      }
      expect(unloaded).toBe(true);

      // Loads back from snapshot + remaining log, in this process and after a restart.
      const again = stockClient(relay.url, 'comite/compact', {
        token: token({ role: 'observer' }),
      });
      clients.push(again);
      await synced(again);
      expect(again.doc.getText('content').toString()).toBe(text.toString());
      again.destroy();
      clients.splice(0);
      expect(await relay.stop('SIGTERM')).toBe(0);
      relay = await startRelayProcess({ env, dataDir: relay.dataDir, port: relay.port });
      const fresh = stockClient(relay.url, 'comite/compact', {
        token: token({ role: 'observer' }),
      });
      clients.push(fresh);
      await synced(fresh);
      expect(fresh.doc.getText('content').toString()).toBe(text.toString());
    });
  },
);
