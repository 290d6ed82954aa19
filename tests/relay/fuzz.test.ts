/**
 * [Relay 6] Fuzz: at least 100,000 random and mutated messages from many connections, with
 * honest clients writing at the same time. Afterwards the relay is still up, every room loads
 * after a restart, honest rooms hold exactly what honest clients wrote, and fuzzed rooms hold
 * exactly what the relay broadcast (nothing stored that was not relayed, and vice versa).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { createRandom } from '../../shared/testing/seeded-random.js';
import {
  eventually,
  rawClient,
  stockClient,
  synced,
  type StockClient,
} from '../support/clients.js';
import { fuzzMessage, seedMessages } from '../support/fuzz-messages.js';
import { removeDir, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { token } from '../support/tokens.js';

const TOTAL_MESSAGES = 100_000;
const PER_CONNECTION = 32;
const PARALLEL = 8;
const HONEST_ROOMS = ['comite/honnete-1', 'comite/honnete-2'];
const FUZZ_ROOMS = ['comite/fuzz-1', 'comite/fuzz-2'];
const SEED = Number(process.env.ENTENTE_FUZZ_SEED ?? 20261129);

let relay: RelayProcess | undefined;
const clients: StockClient[] = [];

afterAll(async () => {
  for (const c of clients) c.destroy();
  await relay?.stop('SIGKILL');
  if (relay !== undefined) removeDir(relay.dataDir);
});

function sendBurst(ws: WebSocket, frames: Uint8Array[]): Promise<void> {
  return new Promise((ok) => {
    ws.once('close', () => ok());
    for (const frame of frames) ws.send(frame);
    // Close ourselves if the relay accepted everything (all messages happened to be valid).
    setTimeout(() => ws.close(), 200).unref();
  });
}

describe(`fuzz (seed ${SEED})`, () => {
  it(`survives ${TOTAL_MESSAGES} random and mutated messages`, async () => {
    const random = createRandom(SEED);
    // Every fuzzer connects from loopback: lift the per-address upgrade limit, not the others.
    relay = await startRelayProcess({
      env: {
        ENTENTE_RATE_MESSAGES: '1000000',
        ENTENTE_RATE_BURST: '1000000',
        ENTENTE_UPGRADE_RATE: '1000000',
        ENTENTE_UPGRADE_BURST: '1000000',
      },
    });
    const url = relay.url;
    const honest = HONEST_ROOMS.flatMap((room) =>
      [0, 1].map((i) => stockClient(url, room, { token: token({ sub: `h${i}` }) })),
    );
    const watchers = FUZZ_ROOMS.map((room) =>
      stockClient(url, room, { token: token({ sub: 'watch', role: 'observer' }) }),
    );
    clients.push(...honest, ...watchers);
    await Promise.all(clients.map((c) => synced(c)));
    const seeds = seedMessages();

    let sent = 0;
    let connections = 0;
    let typed = 0;
    const fuzzer = async (): Promise<void> => {
      while (sent < TOTAL_MESSAGES) {
        const honestRoom = random.next() < 0.5;
        const room = random.pick(honestRoom ? HONEST_ROOMS : FUZZ_ROOMS);
        // In honest rooms the fuzzers are reviewers or observers: their writes must never land.
        const role = honestRoom ? random.pick(['reviewer', 'observer']) : 'member';
        const client = rawClient(url, `/${room}?token=${token({ sub: `f${connections}`, role })}`);
        connections += 1;
        await client.opened;
        const frames = Array.from({ length: PER_CONNECTION }, () => fuzzMessage(random, seeds));
        sent += frames.length;
        await sendBurst(client.ws, frames);
        // Honest typing goes on during the fuzz.
        const writer = honest[typed % honest.length];
        writer?.doc.getText('content').insert(0, `${typed};`);
        typed += 1;
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, fuzzer));
    expect(sent).toBeGreaterThanOrEqual(TOTAL_MESSAGES);
    expect(relay.child.exitCode).toBeNull();
    // The fuzz reached every defence, not just the first one.
    const metrics = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).text();
    for (const reason of ['malformed', 'invalid-update', 'read-only']) {
      expect(metrics, reason).toMatch(
        new RegExp(`entente_refusals_total\\{reason="${reason}"\\} [1-9]`),
      );
    }
    console.info(
      `fuzz: ${sent} messages on ${connections} connections\n${metrics
        .split('\n')
        .filter(
          (l) =>
            l.startsWith('entente_refusals_total{') ||
            l.startsWith('entente_updates_stored_total '),
        )
        .join('\n')}`,
    );

    // Honest clients of a room converge.
    for (let r = 0; r < HONEST_ROOMS.length; r++) {
      const [a, b] = [honest[2 * r], honest[2 * r + 1]];
      await eventually(
        () => a!.doc.getText('content').toString() === b!.doc.getText('content').toString(),
        15_000,
        'honest convergence',
      );
    }
    await new Promise((ok) => setTimeout(ok, 300));
    const expected = new Map<string, Uint8Array>();
    HONEST_ROOMS.forEach((room, r) =>
      expected.set(room, Y.encodeStateAsUpdate(honest[2 * r]!.doc)),
    );
    FUZZ_ROOMS.forEach((room, r) => expected.set(room, Y.encodeStateAsUpdate(watchers[r]!.doc)));
    for (const c of clients.splice(0)) c.destroy();

    // Restart: every room loads and matches.
    expect(await relay.stop('SIGTERM')).toBe(0);
    relay = await startRelayProcess({ dataDir: relay.dataDir, port: relay.port });
    for (const [room, state] of expected) {
      const reader = stockClient(relay.url, room, {
        token: token({ sub: 'check', role: 'observer' }),
      });
      clients.push(reader);
      await synced(reader);
      const want = new Y.Doc();
      Y.applyUpdate(want, state);
      expect(
        Buffer.from(Y.encodeStateVector(reader.doc)).equals(Buffer.from(Y.encodeStateVector(want))),
        room,
      ).toBe(true);
      expect(reader.doc.getText('content').toString(), room).toBe(
        want.getText('content').toString(),
      );
    }
  });
});
