/**
 * [Relay 3] Enforcement at the relay: a reviewer's or observer's update to a room it may not
 * write is not applied, not stored and not broadcast, and the client is told why; reviewers do
 * write review rooms; awareness of read-only users is relayed, re-written with the verified
 * identity, and nobody can speak for another user's awareness client id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { encodeAwarenessUpdate } from '../../shared/protocol/awareness.js';
import { MessageType } from '../../shared/protocol/message-types.js';
import { encodeAwarenessMessage, encodeSyncUpdate } from '../../shared/protocol/messages.js';
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
const clients: StockClient[] = [];

beforeAll(async () => {
  relay = await startRelayProcess();
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await relay.stop('SIGKILL');
  removeDir(relay.dataDir);
});

function client(room: string, sub: string, role: string, name = sub): StockClient {
  const c = stockClient(relay.url, room, { token: token({ sub, name, role }) });
  clients.push(c);
  return c;
}

function permissionDenied(frames: Uint8Array[]): string[] {
  return frames
    .filter((f) => f[0] === MessageType.Auth)
    .map((f) => {
      const d = decoding.createDecoder(f);
      decoding.readVarUint(d);
      decoding.readVarUint(d);
      return decoding.readVarString(d);
    });
}

describe.each(['reviewer', 'observer'])('a %s on a content room', (role) => {
  it('cannot change the text: not applied, not stored, not broadcast; told why', async () => {
    const room = `comite/doc-${role}`;
    const member = client(room, 'm1', 'member');
    await synced(member);
    member.doc.getText('content').insert(0, 'Article 1. ');
    const intruder = rawClient(relay.url, `/${room}?token=${token({ sub: 'r1', role })}`);
    await intruder.opened;
    const foreign = new Y.Doc();
    foreign.getText('content').insert(0, 'VANDALISM');
    intruder.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(foreign)));
    await eventually(() => permissionDenied(intruder.frames).length > 0, 5000, 'permission denied');
    expect(permissionDenied(intruder.frames)[0]).toMatch(
      new RegExp(`role "${role}" may not change`),
    );
    // The connection stays open (read-only users keep reading and showing presence).
    expect(intruder.ws.readyState).toBe(intruder.ws.OPEN);
    await new Promise((ok) => setTimeout(ok, 300));
    expect(member.doc.getText('content').toString()).toBe('Article 1. ');
    // Not stored: a fresh client after a restart sees only the member's text.
    const late = client(room, 'late', 'observer');
    await synced(late);
    expect(late.doc.getText('content').toString()).toBe('Article 1. ');
    intruder.ws.close();
  });

  it('a stock client of that role syncs and reads without being refused', async () => {
    const room = `comite/read-${role}`;
    const member = client(room, 'm2', 'member');
    await synced(member);
    member.doc.getText('content').insert(0, 'Préambule');
    member.doc.getText('content').delete(0, 3);
    const reader = client(room, 'r2', role);
    await synced(reader);
    await eventually(
      () => reader.doc.getText('content').toString() === 'ambule',
      5000,
      'reader sees text',
    );
  });
});

describe('review rooms and awareness', () => {
  it('a reviewer writes the review room of a document that exists', async () => {
    const author = client('comite/charte', 'm3', 'member');
    await synced(author);
    author.doc.getText('content').insert(0, 'Article 1.');
    // The relay serves stored state only: once another client sees the text, it is stored.
    const witness = client('comite/charte', 'o3', 'observer');
    await synced(witness);
    await eventually(() => witness.doc.getText('content').length > 0, 5000, 'document stored');
    const reviewer = client('comite/charte/_review', 'r3', 'reviewer');
    const chair = client('comite/charte/_review', 'c3', 'chair');
    await Promise.all([synced(reviewer), synced(chair)]);
    reviewer.doc.getArray('comments').push(['Préciser l’article 2']);
    await eventually(() => chair.doc.getArray('comments').length === 1, 5000, 'comment relayed');
  });

  it('awareness of a read-only user is relayed with the verified identity', async () => {
    const room = 'comite/presence';
    const member = client(room, 'm4', 'member', 'Claire');
    const observer = client(room, 'o4', 'observer', 'Olivier');
    await Promise.all([synced(member), synced(observer)]);
    observer.provider.awareness.setLocalStateField('user', {
      name: 'Le Président',
      org: 'Ministère',
      color: '#112233',
    });
    await eventually(
      () => member.provider.awareness.getStates().has(observer.doc.clientID),
      5000,
      'awareness relayed',
    );
    const seen = member.provider.awareness.getStates().get(observer.doc.clientID) as {
      user: Record<string, string>;
    };
    expect(seen.user).toEqual({
      id: 'o4',
      name: 'Olivier',
      org: 'AMF',
      role: 'observer',
      color: '#112233',
    });
  });

  it('nobody can speak for another user’s awareness client id', async () => {
    const room = 'comite/impersonation';
    const victim = client(room, 'v5', 'member', 'Victime');
    await synced(victim);
    victim.provider.awareness.setLocalStateField('cursor', { anchor: 1 });
    const watcher = client(room, 'w5', 'member', 'Témoin');
    await synced(watcher);
    await eventually(
      () => watcher.provider.awareness.getStates().has(victim.doc.clientID),
      5000,
      'victim visible',
    );
    const attacker = rawClient(
      relay.url,
      `/${room}?token=${token({ sub: 'a5', name: 'Attaquant' })}`,
    );
    await attacker.opened;
    const forged = encodeAwarenessUpdate([
      {
        clientId: victim.doc.clientID,
        clock: 999,
        state: JSON.stringify({ cursor: { anchor: 42 } }),
      },
    ]);
    attacker.ws.send(encodeAwarenessMessage(forged));
    await new Promise((ok) => setTimeout(ok, 400));
    const seen = watcher.provider.awareness.getStates().get(victim.doc.clientID) as {
      cursor: { anchor: number };
      user: { name: string };
    };
    expect(seen.cursor.anchor).toBe(1);
    expect(seen.user.name).toBe('Victime');
    attacker.ws.close();
  });
});
