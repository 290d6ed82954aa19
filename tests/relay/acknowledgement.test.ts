/**
 * [Relay 4] The opt-in acknowledgement: a client connecting with `ack=1` is told, once its
 * updates are on disk, how many of them are settled; a stock client never receives a message
 * type it does not know.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageType } from '../../shared/protocol/message-types.js';
import { ackWriter } from '../support/ack-client.js';
import { eventually, rawClient, stockClient, synced } from '../support/clients.js';
import { removeDir, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { token } from '../support/tokens.js';

let relay: RelayProcess;

beforeAll(async () => {
  relay = await startRelayProcess();
});

afterAll(async () => {
  await relay.stop('SIGKILL');
  removeDir(relay.dataDir);
});

describe('acknowledgements', () => {
  it('count every update once it is stored, in order', async () => {
    const writer = ackWriter(relay.url, 'comite/ack', token({ sub: 'w' }));
    await writer.raw.opened;
    for (let i = 0; i < 25; i++) writer.write(`${i} `);
    await eventually(() => writer.acked() === 25, 5000, '25 acks');
    // A stock client loading the room sees all 25 updates.
    const reader = stockClient(relay.url, 'comite/ack', {
      token: token({ sub: 'r', role: 'observer' }),
    });
    await synced(reader);
    expect(reader.doc.getText('content').toString()).toBe(writer.doc.getText('content').toString());
    reader.destroy();
    writer.raw.ws.close();
  });

  it('a read-only client is acknowledged too (its refused writes are settled, not stored)', async () => {
    const writer = ackWriter(relay.url, 'comite/ack-ro', token({ sub: 'ro', role: 'observer' }));
    await writer.raw.opened;
    writer.write('refusé');
    await eventually(() => writer.acked() === 1, 5000, 'ack');
    expect(writer.raw.frames.some((f) => f[0] === MessageType.Auth)).toBe(true);
    writer.raw.ws.close();
  });

  it('is never sent to a client that did not ask', async () => {
    const raw = rawClient(relay.url, `/comite/ack?token=${token({ sub: 'plain' })}`);
    const writer = ackWriter(relay.url, 'comite/ack', token({ sub: 'w2' }));
    await Promise.all([raw.opened, writer.raw.opened]);
    writer.write('x');
    await eventually(() => writer.acked() === 1, 5000, 'ack');
    await eventually(() => raw.frames.length >= 2, 5000, 'relayed update');
    expect(raw.frames.every((f) => f[0] !== MessageType.Ack)).toBe(true);
    raw.ws.close();
    writer.raw.ws.close();
  });
});
