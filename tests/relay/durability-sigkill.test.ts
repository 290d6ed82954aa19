/**
 * [Relay 4] Killing the relay with SIGKILL at any moment loses no update that any client has
 * received from it, nor any update it acknowledged — on both stores.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createRandom } from '../../shared/testing/seeded-random.js';
import { ackWriter, type AckWriter } from '../support/ack-client.js';
import { BACKENDS, type Backend } from '../support/backends.js';
import { eventually, stockClient, synced, type StockClient } from '../support/clients.js';
import { removeDir, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { token } from '../support/tokens.js';

/** True when every struct and delete of `part` is in `whole`. */
function contains(whole: Y.Doc, part: Y.Doc): boolean {
  const merged = new Y.Doc();
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(whole));
  const before = Y.encodeStateAsUpdate(merged);
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(part));
  return Buffer.from(Y.encodeStateAsUpdate(merged)).equals(Buffer.from(before));
}

describe.each(BACKENDS.map((make) => [make().name, make] as const))(
  'on %s',
  (_name, makeBackend) => {
    let relay: RelayProcess | undefined;
    let backend: Backend | undefined;
    const clients: StockClient[] = [];
    const writers: AckWriter[] = [];

    afterEach(async () => {
      for (const c of clients.splice(0)) c.destroy();
      for (const w of writers.splice(0)) w.raw.ws.terminate();
      await relay?.stop('SIGKILL');
      if (relay !== undefined) removeDir(relay.dataDir);
      await backend?.cleanup();
    });

    it.each([1, 2, 3])(
      'SIGKILL under write load (round %i) keeps every update received or acknowledged',
      async (round) => {
        const random = createRandom(round * 7919);
        backend = makeBackend();
        relay = await startRelayProcess({ env: backend.env });
        const room = `comite/kill-${round}`;
        const observer = stockClient(relay.url, room, {
          token: token({ sub: 'obs', role: 'observer' }),
        });
        clients.push(observer);
        const stock = [0, 1].map((i) =>
          stockClient(relay!.url, room, { token: token({ sub: `s${i}` }) }),
        );
        clients.push(...stock);
        await Promise.all(clients.map((c) => synced(c)));
        for (let i = 0; i < 2; i++)
          writers.push(ackWriter(relay.url, room, token({ sub: `a${i}` })));
        await Promise.all(writers.map((w) => w.raw.opened));

        let typing = true;
        const typists = [
          ...stock.map((c) => () => c.doc.getText('content').insert(0, 'x')),
          ...writers.map((w) => () => w.write('y')),
        ];
        const loop = (async () => {
          while (typing) {
            for (const type of typists) type();
            await new Promise((ok) => setImmediate(ok));
          }
        })();
        await eventually(
          () => observer.doc.getText('content').length > 200,
          20_000,
          'load under way',
        );
        await new Promise((ok) => setTimeout(ok, random.int(0, 400)));
        await relay.stop('SIGKILL');
        typing = false;
        await loop;

        // What clients hold from the relay at the moment of the kill.
        const received = new Y.Doc();
        Y.applyUpdate(received, Y.encodeStateAsUpdate(observer.doc));
        const acknowledged = writers.map((w) => {
          const doc = new Y.Doc();
          for (const update of w.sent.slice(0, w.acked())) Y.applyUpdate(doc, update);
          return { doc, count: w.acked() };
        });
        expect(acknowledged.some((a) => a.count > 0)).toBe(true);
        // The containment check is not vacuous: an empty document does not contain what was received.
        expect(contains(new Y.Doc(), received)).toBe(false);
        for (const c of clients.splice(0)) c.destroy();

        relay = await startRelayProcess({
          env: backend.env,
          dataDir: relay.dataDir,
          port: relay.port,
        });
        const reader = stockClient(relay.url, room, {
          token: token({ sub: 'after', role: 'observer' }),
        });
        clients.push(reader);
        await synced(reader);
        expect(contains(reader.doc, received)).toBe(true);
        for (const a of acknowledged) expect(contains(reader.doc, a.doc)).toBe(true);
      },
    );
  },
);
