/**
 * [Hardening 1, 11] Tokens on a real relay process: an open connection stops at its token's
 * `exp` and nothing it sends afterwards is stored; a connection renews its token without leaving
 * its room; the app's way of sending the token (a subprotocol) keeps it out of the URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import {
  decodeAck,
  decodeRenewed,
  encodeRenew,
  encodeSyncUpdate,
} from '../../shared/protocol/messages.js';
import { subprotocolsFor } from '../../shared/protocol/subprotocol.js';
import { rawClient, readText, stockClient, synced } from '../support/clients.js';
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

const now = () => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** The room's text as a fresh reader gets it from the relay. */
const textOf = (room: string): Promise<string> =>
  readText(relay.url, room, token({ sub: 'lecteur', role: 'observer' }));

/** A raw writer that keeps writing one word every `everyMs` until stopped. */
function steadyWriter(path: string, protocols?: string[]) {
  const raw = rawClient(relay.url, path, protocols);
  const doc = new Y.Doc();
  const words: Array<{ word: string; at: number }> = [];
  let acked = 0;
  raw.ws.on('message', (data: Buffer) => {
    const count = decodeAck(new Uint8Array(data));
    if (count !== null) acked = Math.max(acked, count);
  });
  doc.on('update', (update: Uint8Array) => {
    if (raw.ws.readyState === raw.ws.OPEN) raw.ws.send(encodeSyncUpdate(update));
  });
  let closedAt = 0;
  raw.ws.once('close', () => (closedAt = Date.now()));
  let n = 0;
  const timer = setInterval(() => {
    const word = `w${n++} `;
    words.push({ word, at: Date.now() });
    doc.getText('content').insert(doc.getText('content').length, word);
  }, 200);
  return {
    raw,
    words,
    acked: () => acked,
    closedAt: () => closedAt,
    stop: () => clearInterval(timer),
  };
}

describe('a connection opened with a 3-second token', () => {
  it('is closed at expiry with 4401, and what it wrote afterwards is never stored', async () => {
    const exp = now() + 3;
    const writer = steadyWriter(`/comite/court?token=${token({ exp })}&ack=1`);
    await writer.raw.opened;
    const closed = await writer.raw.closed;
    await sleep(1000); // keeps "writing" into a closed socket, as a client would
    writer.stop();
    expect(closed).toEqual({ code: CloseCode.Unauthorized, reason: 'token expired' });
    // The relay's clock closed it within a sweep of exp.
    const closedAt = writer.closedAt();
    expect(closedAt).toBeGreaterThanOrEqual(exp * 1000 - 50);
    expect(closedAt).toBeLessThan(exp * 1000 + 2500);
    const stored = await textOf('comite/court');
    const storedWords = stored.split(' ').filter(Boolean);
    // Everything stored was written before exp, and every word written before exp minus the
    // last in-flight one is there; nothing from after.
    for (const { word, at } of writer.words) {
      if (storedWords.includes(word.trim())) expect(at).toBeLessThan(exp * 1000);
    }
    const before = writer.words.filter((w) => w.at < exp * 1000 - 300).map((w) => w.word.trim());
    expect(storedWords).toEqual(expect.arrayContaining(before));
    expect(writer.acked()).toBe(storedWords.length);
    expect(writer.words.length).toBeGreaterThan(storedWords.length);
  });

  it('is closed the same way for a stock y-websocket client, which then stops retrying', async () => {
    const client = stockClient(relay.url, 'comite/stock-court', {
      token: token({ exp: now() + 2 }),
    });
    const codes: number[] = [];
    client.provider.on('connection-close', (event: { code: number } | null) => {
      if (event !== null) codes.push(event.code);
    });
    await synced(client);
    await sleep(4000);
    client.destroy();
    expect(codes).toEqual([CloseCode.Unauthorized]);
  });
});

describe('renewal on an open connection (PROTOCOL.md "Renewal")', () => {
  it('keeps the room: Renewed with the new exp, the connection survives the old exp, writes stored', async () => {
    const oldExp = now() + 3;
    const writer = steadyWriter(`/comite/renouvele?token=${token({ exp: oldExp })}&ack=1`);
    const renewed: number[] = [];
    writer.raw.ws.on('message', (data: Buffer) => {
      const exp = decodeRenewed(new Uint8Array(data));
      if (exp !== null) renewed.push(exp);
    });
    await writer.raw.opened;
    const newExp = now() + 3600;
    writer.raw.ws.send(encodeRenew(token({ exp: newExp })));
    await sleep(5000);
    writer.stop();
    expect(renewed).toEqual([newExp]);
    expect(writer.raw.ws.readyState).toBe(writer.raw.ws.OPEN);
    await sleep(500);
    const stored = (await textOf('comite/renouvele')).split(' ').filter(Boolean);
    expect(stored.length).toBe(writer.words.length);
    expect(writer.acked()).toBe(writer.words.length);
    writer.raw.ws.close();
  });

  it('refuses a token of another user with 4403', async () => {
    const raw = rawClient(relay.url, `/comite/autre?token=${token()}&ack=1`);
    await raw.opened;
    raw.ws.send(encodeRenew(token({ sub: 'quelqu-un-d-autre', role: 'chair' })));
    expect((await raw.closed).code).toBe(CloseCode.Forbidden);
  });
});

describe('the token as a subprotocol (the desktop and web app)', () => {
  it('is accepted; the relay selects entente.v1; the URL and the logs hold no token', async () => {
    const jwt = token({ sub: 'app-user' });
    const writer = steadyWriter('/comite/protocole?ack=1', subprotocolsFor(jwt));
    await writer.raw.opened;
    expect(writer.raw.ws.protocol).toBe('entente.v1');
    await sleep(700);
    writer.stop();
    await sleep(300);
    expect(writer.acked()).toBe(writer.words.length);
    expect(await textOf('comite/protocole')).toBe(writer.words.map((w) => w.word).join(''));
    writer.raw.ws.close();
    expect(relay.logs.join('\n')).not.toContain(jwt);
    expect(relay.logs.join('\n')).not.toContain(jwt.split('.')[2]);
  });

  it('a forged one is refused with 4401 like a query token', async () => {
    const forged = token({}, 'another-secret-that-is-long-enough-000000');
    const raw = rawClient(relay.url, '/comite/charte', subprotocolsFor(forged));
    expect((await raw.closed).code).toBe(CloseCode.Unauthorized);
  });
});
