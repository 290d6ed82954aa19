/**
 * [Relay 6] Bad input: oversized, malformed, truncated, unknown and poison messages, floods and
 * clients that never read are closed with a clear reason, while the relay, other rooms and
 * stored data carry on untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { encodeSyncUpdate } from '../../shared/protocol/messages.js';
import {
  eventually,
  rawClient,
  stockClient,
  synced,
  type StockClient,
} from '../support/clients.js';
import { removeDir, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { token } from '../support/tokens.js';

let relay: RelayProcess;
let bystander: StockClient;
const ROOM = 'comite/charte';

beforeAll(async () => {
  relay = await startRelayProcess({
    env: {
      ENTENTE_MAX_MESSAGE_BYTES: String(1024 * 1024),
      ENTENTE_RATE_MESSAGES: '50',
      ENTENTE_RATE_BURST: '200',
      ENTENTE_RATE_BYTES: String(256 * 1024 * 1024),
      ENTENTE_MAX_BUFFERED_BYTES: String(256 * 1024),
      ENTENTE_MAX_ROOM_BYTES: String(4 * 1024 * 1024),
    },
  });
  bystander = stockClient(relay.url, ROOM, { token: token({ sub: 'bystander' }) });
  await synced(bystander);
  bystander.doc.getText('content').insert(0, 'Texte adopté.');
});

afterAll(async () => {
  bystander.destroy();
  await relay.stop('SIGKILL');
  removeDir(relay.dataDir);
});

async function closedAfter(
  send: (ws: import('ws').WebSocket) => void,
  room = ROOM,
): Promise<{ code: number; reason: string }> {
  const client = rawClient(relay.url, `/${room}?token=${token({ sub: 'bad' })}`);
  await client.opened;
  send(client.ws);
  return client.closed;
}

/** The bystander and the stored state are untouched and the relay still serves. */
async function relayCarriesOn(): Promise<void> {
  const probe = stockClient(relay.url, ROOM, { token: token({ sub: 'probe', role: 'observer' }) });
  try {
    await synced(probe);
    expect(probe.doc.getText('content').toString()).toBe('Texte adopté.');
    expect(bystander.provider.wsconnected).toBe(true);
  } finally {
    probe.destroy();
  }
}

function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

const MALFORMED: Array<[string, Uint8Array, RegExp]> = [
  ['empty frame', bytes(), /malformed/],
  ['unknown message type', bytes(42, 0), /unknown message type 42/],
  ['unknown sync type', bytes(0, 9, 0), /unknown sync message type/],
  ['truncated sync update', bytes(0, 2, 10, 1, 2), /malformed/],
  ['trailing bytes', bytes(0, 2, 2, 0, 0, 7), /trailing/],
  [
    'update with a huge client count',
    (() => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 2);
      const u = encoding.createEncoder();
      encoding.writeVarUint(u, 2 ** 40);
      encoding.writeVarUint8Array(e, encoding.toUint8Array(u));
      return encoding.toUint8Array(e);
    })(),
    /invalid update/,
  ],
  [
    'awareness that is not JSON',
    (() => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      const a = encoding.createEncoder();
      encoding.writeVarUint(a, 1);
      encoding.writeVarUint(a, 7);
      encoding.writeVarUint(a, 1);
      encoding.writeVarString(a, '{nope');
      encoding.writeVarUint8Array(e, encoding.toUint8Array(a));
      return encoding.toUint8Array(e);
    })(),
    /awareness state is not a JSON object/,
  ],
];

describe('a misbehaving client is closed with a reason; everything else carries on', () => {
  it.each(MALFORMED)('%s', async (_label, frame, reason) => {
    const closed = await closedAfter((ws) => ws.send(frame));
    expect(closed.code).toBe(CloseCode.BadRequest);
    expect(closed.reason).toMatch(reason);
    await relayCarriesOn();
  });

  it('a frame above the maximum size is refused from its header (1009)', async () => {
    const closed = await closedAfter((ws) => ws.send(new Uint8Array(1024 * 1024 + 1)));
    expect(closed.code).toBe(CloseCode.MessageTooBig);
    await relayCarriesOn();
  });

  it('a flood is closed with 4429', async () => {
    const closed = await closedAfter((ws) => {
      for (let i = 0; i < 1000; i++) ws.send(bytes(3));
    });
    expect(closed.code).toBe(CloseCode.TooManyMessages);
    await relayCarriesOn();
  });

  it('a document over the per-room limit is refused with 4413 and nothing of it is stored', async () => {
    const big = new Y.Doc();
    const closed = await closedAfter((ws) => {
      big.on('update', (update: Uint8Array) => ws.send(encodeSyncUpdate(update)));
      for (let i = 0; i < 6; i++) big.getText('content').insert(0, 'z'.repeat(1000 * 1024));
    }, 'comite/gros');
    expect(closed.code).toBe(CloseCode.RoomTooLarge);
    await relayCarriesOn();
  });

  it('a client that never reads is dropped as a slow consumer', async () => {
    // Its own relay: the writer must be able to send far more than the per-room limit above.
    const own = await startRelayProcess({
      env: {
        ENTENTE_MAX_BUFFERED_BYTES: String(256 * 1024),
        ENTENTE_RATE_BYTES: String(256 * 1024 * 1024),
      },
    });
    try {
      const room = 'comite/lent';
      const sleeper = rawClient(own.url, `/${room}?token=${token({ sub: 'sleeper' })}`);
      await sleeper.opened;
      // Stop reading from the socket: the relay's send buffer to it can only grow.
      (sleeper.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      const writer = stockClient(own.url, room, { token: token({ sub: 'writer' }) });
      await synced(writer);
      // Far more than the kernel's socket buffers can absorb, so the relay's own buffer grows.
      for (let i = 0; i < 30; i++) writer.doc.getText('content').insert(0, 'w'.repeat(1000 * 1024));
      await eventually(
        () => own.logs.some((l) => l.includes(`"code":${CloseCode.SlowConsumer}`)),
        20_000,
        'slow consumer dropped',
      );
      // The writer, who reads, is untouched.
      expect(writer.provider.wsconnected).toBe(true);
      writer.destroy();
      sleeper.ws.terminate();
    } finally {
      await own.stop('SIGKILL');
      removeDir(own.dataDir);
    }
    await relayCarriesOn();
  });
});
