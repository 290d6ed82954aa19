/**
 * [Sync engine: one connection per committee] Multiplexed connections on a real relay process:
 * one socket carries every room; multiplexed and stock y-websocket clients of the same rooms
 * converge; a refused room does not disturb the other rooms of the connection; what the relay
 * acknowledged on a channel survives a restart; the upgrade is checked like any other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { MUX_SUBPROTOCOL } from '../../shared/protocol/mux.js';
import { subprotocolsFor } from '../../shared/protocol/subprotocol.js';
import {
  eventually,
  rawClient,
  readText,
  stockClient,
  synced,
  type StockClient,
} from '../support/clients.js';
import { muxClient } from '../support/mux-client.js';
import { removeDir, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { token } from '../support/tokens.js';

let relay: RelayProcess;
const stocks: StockClient[] = [];

beforeAll(async () => {
  relay = await startRelayProcess();
});

afterAll(async () => {
  for (const s of stocks) s.destroy();
  await relay.stop('SIGKILL');
  removeDir(relay.dataDir);
});

const ROOMS = Array.from({ length: 20 }, (_, i) => `comite/doc-${i}`);

async function gauge(name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
}

describe('one connection, twenty rooms', () => {
  it('syncs every room both ways with stock clients of the same rooms', async () => {
    const mux = muxClient(relay.url, token({ sub: 'mux' }));
    await mux.opened;
    expect(mux.ws.protocol).toBe(MUX_SUBPROTOCOL);
    const rooms = ROOMS.map((name) => mux.join(name));
    await eventually(() => rooms.every((r) => r.synced), 10_000, 'every room synced');
    const peers = ROOMS.map((name) =>
      stockClient(relay.url, name, { token: token({ sub: 'stock' }) }),
    );
    stocks.push(...peers);
    await Promise.all(peers.map((p) => synced(p)));
    rooms.forEach((r, i) => r.doc.getText('content').insert(0, `multiplexé ${i}. `));
    peers.forEach((p, i) => p.doc.getText('content').insert(0, `ordinaire ${i}. `));
    await eventually(
      () =>
        rooms.every((r, i) => {
          const mine = r.doc.getText('content').toString();
          const theirs = peers[i]!.doc.getText('content').toString();
          return (
            mine === theirs && mine.includes(`multiplexé ${i}.`) && mine.includes(`ordinaire ${i}.`)
          );
        }),
      10_000,
      'convergence in every room',
    );
    await eventually(() => rooms.every((r) => r.acked === r.sent && r.sent > 0), 10_000, 'acks');
    for (const [i, name] of ROOMS.entries())
      expect(
        await readText(relay.url, name, token({ sub: 'lecteur', role: 'observer' })),
      ).toContain(`multiplexé ${i}.`);
    mux.ws.close();
    // Stock providers reconnect by themselves: they would come back after the restart below.
    for (const peer of stocks.splice(0)) peer.destroy();
  });

  it('keeps the other rooms going when one is refused or closed by the relay', async () => {
    const mux = muxClient(relay.url, token({ sub: 'mux2' }));
    const good = mux.join('comite/bon');
    const foreign = mux.join('autre/secret');
    const invalid = mux.join('comite/../etc');
    await eventually(
      () => good.synced && foreign.closed !== null && invalid.closed !== null,
      10_000,
      'verdicts',
    );
    expect(foreign.closed).toEqual({
      code: CloseCode.Forbidden,
      reason: 'token is for another workspace',
    });
    expect(invalid.closed?.code).toBe(CloseCode.BadRequest);
    good.doc.getText('content').insert(0, 'toujours servi');
    await eventually(() => good.acked === good.sent, 10_000, 'ack after the refusals');
    expect(mux.ws.readyState).toBe(mux.ws.OPEN);
    mux.ws.close();
  });

  it('keeps what the relay acknowledged on every channel across a relay restart', async () => {
    const mux = muxClient(relay.url, token({ sub: 'mux3' }));
    const rooms = ['comite/r1', 'comite/r2', 'comite/r3'].map((n) => mux.join(n));
    await eventually(() => rooms.every((r) => r.synced), 10_000, 'synced');
    rooms.forEach((r) => r.doc.getText('content').insert(0, `durable ${r.room}`));
    await eventually(() => rooms.every((r) => r.acked === r.sent), 10_000, 'acked');
    const port = relay.port;
    await relay.stop('SIGKILL');
    relay = await startRelayProcess({ dataDir: relay.dataDir, port });
    for (const r of rooms)
      expect(await readText(relay.url, r.room, token({ sub: 'lecteur', role: 'observer' }))).toBe(
        `durable ${r.room}`,
      );
  });
});

describe('the upgrade of a multiplexed connection', () => {
  it('is refused without a token, with a forged one, or with the token in the URL', async () => {
    const missing = rawClient(relay.url, '/_mux', [MUX_SUBPROTOCOL]);
    expect((await missing.closed).code).toBe(CloseCode.Unauthorized);
    const forged = rawClient(relay.url, '/_mux', [
      MUX_SUBPROTOCOL,
      subprotocolsFor(token({}, 'another-secret-that-is-long-enough-000000'))[1]!,
    ]);
    expect((await forged.closed).code).toBe(CloseCode.Unauthorized);
    const inUrl = rawClient(relay.url, `/_mux?token=${token()}`, [MUX_SUBPROTOCOL]);
    expect(await inUrl.closed).toEqual({
      code: CloseCode.BadRequest,
      reason: 'token must travel as a subprotocol',
    });
    const notMux = rawClient(relay.url, '/_mux', subprotocolsFor(token()));
    expect((await notMux.closed).code).toBe(CloseCode.BadRequest);
  });

  it('is one socket however many rooms it carries; leaving and closing free the rooms', async () => {
    const rooms0 = await gauge('entente_connections_open');
    const mux = muxClient(relay.url, token({ sub: 'mux4' }));
    const rooms = ROOMS.map((n) => mux.join(n));
    await eventually(() => rooms.every((r) => r.synced), 10_000, 'synced');
    expect(await gauge('entente_multiplexed_connections_open')).toBe(1);
    // The core counts one connection per room joined.
    expect((await gauge('entente_connections_open')) - rooms0).toBe(ROOMS.length);
    mux.leave(ROOMS[0]!);
    await new Promise((ok) => setTimeout(ok, 200));
    expect((await gauge('entente_connections_open')) - rooms0).toBe(ROOMS.length - 1);
    mux.ws.close();
    await new Promise((ok) => setTimeout(ok, 300));
    expect(await gauge('entente_multiplexed_connections_open')).toBe(0);
    expect(await gauge('entente_connections_open')).toBe(rooms0);
  });
});
