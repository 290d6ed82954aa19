/**
 * [Relay 11] A room loaded after a restart (real relay processes, stock clients, both stores):
 * clients that have nothing are served from the stored state before the relay builds its
 * document (a large room's, in the documents' thread); while the room loads, a member with the document already types on, and nothing is
 * lost or reordered; SIGKILL during a load (which may write a merged snapshot back) loses
 * nothing; a poison update sent while the room loads is refused as it would be once loaded.
 */
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { encodeSyncStep1, encodeSyncUpdate } from '../../shared/protocol/messages.js';
import { poisonPair } from '../../shared/testing/yjs-updates.js';
import { BACKENDS, type Backend } from '../support/backends.js';
import {
  eventually,
  rawClient,
  stockClient,
  synced,
  type StockClient,
} from '../support/clients.js';
import { removeDir, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { token } from '../support/tokens.js';

const ROOM = 'comite/charte-historique';

let relay: RelayProcess | undefined;
let backend: Backend | undefined;
const clients: StockClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await relay?.stop('SIGKILL');
  if (relay !== undefined) removeDir(relay.dataDir);
  relay = undefined;
  await backend?.cleanup();
  backend = undefined;
});

function connect(sub: string, doc?: Y.Doc, room = ROOM): StockClient {
  if (relay === undefined) throw new Error('relay not started');
  const client = stockClient(relay.url, room, { token: token({ sub }) }, doc);
  clients.push(client);
  return client;
}

/** Someone typing `edits` characters, one transaction each, a backspace one time in four. */
function type(doc: Y.Doc, edits: number, seed: number): void {
  const text = doc.getText('content');
  let x = seed;
  for (let i = 0; i < edits; i++) {
    // 32-bit arithmetic: a float product would lose the low bits the choices below use.
    x = (Math.imul(x, 1103515245) + 12345) >>> 1;
    const at = x % (text.length + 1);
    if (x % 4 === 0 && text.length > 0) text.delete(Math.max(0, at - 1), 1);
    else text.insert(at, String.fromCharCode(97 + (x % 26)));
  }
}

async function restart(env: Record<string, string>, signal: NodeJS.Signals = 'SIGTERM') {
  const old = relay!;
  await old.stop(signal);
  relay = await startRelayProcess({ env, dataDir: old.dataDir, port: old.port });
}

describe.each(BACKENDS)('cold load (%#)', (makeBackend) => {
  it('serves newcomers from storage while a member types on, and loses or reorders nothing', async () => {
    backend = makeBackend();
    // Compaction every 100 updates: the room is a snapshot and a log, as usual.
    const env = { ...backend.env, ENTENTE_COMPACT_UPDATES: '100' };
    relay = await startRelayProcess({ env });
    const writer = connect('redactrice');
    await synced(writer);
    type(writer.doc, 1500, 7);
    // And 80 pasted paragraphs: a room above MERGE_ON_MAIN_BYTES, merged in the worker on load.
    for (let i = 0; i < 80; i++)
      writer.doc.getText('content').insert(0, `Article ${i}. `.padEnd(1000, 'x') + '\n');
    const check = connect('relecteur');
    await synced(check);
    const stored = writer.doc.getText('content').toString();
    await eventually(() => check.doc.getText('content').toString() === stored, 20_000, 'stored');
    const copy = Y.encodeStateAsUpdate(writer.doc);
    for (const client of clients.splice(0)) client.destroy();

    await restart(env);
    // The first client asks for everything while the room loads: its first frame is the
    // stored state, before the relay's step 1 (which needs the relay's document).
    const raw = rawClient(relay!.url, `/${ROOM}?token=${token({ sub: 'premier' })}`);
    raw.ws.once('open', () => raw.ws.send(encodeSyncStep1(Uint8Array.of(0))));
    await raw.opened;
    await eventually(() => raw.frames.length > 0, 10_000, 'the first answer');
    const first = raw.frames[0]!;
    expect([first[0], first[1]]).toEqual([0, 1]); // Sync, step 2
    const fromStorage = new Y.Doc();
    Y.applyUpdate(
      fromStorage,
      decoding.readVarUint8Array(decoding.createDecoder(first.subarray(2))),
    );
    expect(fromStorage.getText('content').toString()).toBe(stored);
    raw.ws.close();
    // At once, while the room loads: four newcomers (empty state vectors) and a member who has
    // the document (her state vector is not empty) and types 300 more edits.
    const member = new Y.Doc();
    Y.applyUpdate(member, copy);
    const typing = connect('redactrice', member);
    const newcomers = [1, 2, 3, 4].map((n) => connect(`membre-${n}`));
    type(member, 300, 11);
    const final = member.getText('content').toString();
    expect(final).not.toBe(stored);
    for (const client of [...newcomers, typing]) await synced(client);
    await eventually(
      () => newcomers.every((c) => c.doc.getText('content').toString() === final),
      20_000,
      'every newcomer holds the member’s text',
    );
    // A room this large has its doc in the documents' thread, not on the serving thread.
    const metrics = await (await fetch(`http://127.0.0.1:${relay!.port}/metrics`)).text();
    expect(metrics).toMatch(/^entente_rooms_in_doc_thread 1$/m);

    // All of it was stored: a fresh client after another restart reads the same text.
    for (const client of clients.splice(0)) client.destroy();
    await restart(env);
    const later = connect('membre-5');
    await synced(later);
    await eventually(() => later.doc.getText('content').toString() === final, 20_000, 'reread');
  });

  it('loses nothing when killed while loading a long log (which it merges and writes back)', async () => {
    backend = makeBackend();
    // No compaction while writing: 1,200 log entries, above the merge-on-load threshold.
    const env = { ...backend.env, ENTENTE_COMPACT_UPDATES: '1000000' };
    relay = await startRelayProcess({ env });
    const writer = connect('redactrice');
    await synced(writer);
    type(writer.doc, 1200, 3);
    const text = writer.doc.getText('content').toString();
    const check = connect('relecteur');
    await synced(check);
    await eventually(() => check.doc.getText('content').toString() === text, 20_000, 'stored');
    for (const client of clients.splice(0)) client.destroy();

    for (const delayMs of [0, 15, 40]) {
      await restart(env);
      const reader = connect(`lecteur-${delayMs}`);
      await new Promise((ok) => setTimeout(ok, delayMs));
      await relay!.stop('SIGKILL');
      reader.destroy();
      relay = await startRelayProcess({ env, dataDir: relay!.dataDir, port: relay!.port });
    }
    const reader = connect('lecteur-final');
    await synced(reader);
    await eventually(() => reader.doc.getText('content').toString() === text, 20_000, 'intact');
  });

  it('refuses a poison update sent while the room loads, and serves what was stored', async () => {
    backend = makeBackend();
    relay = await startRelayProcess({ env: backend.env });
    // Client 1, clocks 0–2, as garbage-collected structs: stored.
    const first = rawClient(relay.url, `/${ROOM}?token=${token({ sub: 'un' })}`);
    await first.opened;
    const { stored, poison: poisonUpdate } = poisonPair();
    first.ws.send(encodeSyncUpdate(stored));
    const check = connect('contrôle');
    await eventually(() => Y.getState(check.doc.store, 1) === 3, 10_000, 'stored');
    first.ws.close();
    for (const client of clients.splice(0)) client.destroy();
    await restart(backend.env);
    // The same ids claimed as text: valid alone, contradicts what is stored (Yjs throws).
    const poison = rawClient(relay.url, `/${ROOM}?token=${token({ sub: 'deux' })}`);
    await poison.opened;
    poison.ws.send(encodeSyncUpdate(poisonUpdate));
    const closed = await poison.closed;
    expect(closed.code).toBe(CloseCode.BadRequest);
    expect(closed.reason).toMatch(/rejected by the document model/);
    const reader = connect('trois');
    await synced(reader);
    // What was stored, nothing of the poison.
    expect(reader.doc.getText('content').toString()).toBe('');
    expect(Y.getState(reader.doc.store, 1)).toBe(3);
  });
});
