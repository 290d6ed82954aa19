/**
 * Multiplexed connections in the relay core (issue 10): rooms joined and left on one
 * connection, each checked at join and per message like a connection of its own; a refused or
 * closed room never disturbs the others; the token is the connection's. Real relay core and
 * store, recording sockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeRenew, encodeSyncStep1, encodeSyncUpdate } from '../../shared/protocol/messages.js';
import { encodeLeave, encodeMuxRenew } from '../../shared/protocol/mux.js';
import { docWithClient } from '../../shared/testing/yjs-updates.js';
import { signJwt } from '../auth/jwt.js';
import { HARNESS_SECRET, RelayHarness, updateFrom } from './testing/relay-harness.js';

let h: RelayHarness;
afterEach(async () => {
  await h.close();
});

let nextClient = 500;
function edit(text: string): Uint8Array {
  return updateFrom(docWithClient(nextClient++), (d) => d.getText('content').insert(0, text));
}

const emptyVector = () => encodeSyncStep1(Y.encodeStateVector(new Y.Doc()));

describe('a multiplexed connection', () => {
  it('carries several rooms, each greeted, synced and acknowledged on its own channel', async () => {
    h = new RelayHarness();
    const m = h.mux('member');
    await m.join(1, 'comite/charte');
    await m.join(2, 'comite/_index');
    expect(m.onChannel(1)[0]).toEqual({ kind: 'step1', payload: Uint8Array.of(0) });
    expect(m.onChannel(2)[0]).toEqual({ kind: 'step1', payload: Uint8Array.of(0) });
    const a = edit('Article 1. ');
    const b = edit('charte');
    m.sendOn(1, encodeSyncUpdate(a));
    m.sendOn(2, encodeSyncUpdate(b));
    await h.settle();
    expect(m.onChannel(1).filter((f) => f.kind === 'ack')).toEqual([{ kind: 'ack', count: 1 }]);
    expect(m.onChannel(2).filter((f) => f.kind === 'ack')).toEqual([{ kind: 'ack', count: 1 }]);
    expect((await h.store.load('comite/charte')).updates.map((u) => u.data)).toEqual([a]);
    expect((await h.store.load('comite/_index')).updates.map((u) => u.data)).toEqual([b]);
  });

  it('relays between a multiplexed client and a per-room client of the same room', async () => {
    h = new RelayHarness();
    const m = h.mux('member', { userId: 'mux' });
    await m.join(4, 'comite/charte');
    const stock = await h.join('member', { userId: 'stock' });
    stock.clear();
    const fromMux = edit('du multiplexé');
    m.sendOn(4, encodeSyncUpdate(fromMux));
    await h.settle();
    expect(stock.received()).toEqual([{ kind: 'update', payload: fromMux }]);
    const fromStock = edit('du client ordinaire');
    stock.send(encodeSyncUpdate(fromStock));
    await h.settle();
    expect(m.onChannel(4)).toContainEqual({ kind: 'update', payload: fromStock });
  });

  it('checks permissions per room: a reviewer writes the review room, not the text', async () => {
    h = new RelayHarness();
    await h.store.append([{ room: 'comite/charte', data: edit('texte') }]);
    const m = h.mux('reviewer');
    await m.join(1, 'comite/charte');
    await m.join(2, 'comite/charte/_review');
    m.sendOn(1, encodeSyncUpdate(edit('refusé')));
    m.sendOn(2, encodeSyncUpdate(edit('commentaire')));
    await h.settle();
    expect(m.onChannel(1).filter((f) => f.kind === 'auth')).toHaveLength(1);
    expect(m.onChannel(2).filter((f) => f.kind === 'auth')).toEqual([]);
    expect((await h.store.load('comite/charte')).updates).toHaveLength(1);
    expect((await h.store.load('comite/charte/_review')).updates).toHaveLength(1);
  });

  it('refuses a room of another workspace, or an invalid one, on its channel only', async () => {
    h = new RelayHarness();
    const m = h.mux('member');
    await m.join(1, 'comite/charte');
    await m.join(2, 'autre/charte');
    await m.join(3, 'comite/../x');
    expect(m.closed(2)).toEqual({ code: 4403, reason: 'token is for another workspace' });
    expect(m.closed(3)?.code).toBe(4400);
    m.sendOn(1, encodeSyncUpdate(edit('toujours là')));
    await h.settle();
    expect(m.socket.closed).toBeNull();
    expect(m.onChannel(1).filter((f) => f.kind === 'ack')).toHaveLength(1);
  });

  it('ends one room when the core closes it (too large) and keeps the others', async () => {
    h = new RelayHarness({ limits: { maxRoomBytes: 200 } });
    const m = h.mux('member');
    await m.join(1, 'comite/gros');
    await m.join(2, 'comite/petit');
    m.sendOn(1, encodeSyncUpdate(edit('x'.repeat(500))));
    await h.settle();
    expect(m.closed(1)).toEqual({ code: 4413, reason: 'document too large for this relay' });
    expect(m.mux.channelCount).toBe(1);
    m.sendOn(2, encodeSyncUpdate(edit('petit')));
    m.sendOn(1, encodeSyncUpdate(edit('stale, dropped')));
    await h.settle();
    expect(m.onChannel(2).filter((f) => f.kind === 'ack')).toHaveLength(1);
    expect(m.socket.closed).toBeNull();
    expect((await h.store.load('comite/gros')).updates).toEqual([]);
  });

  it('leaves a room on request; its channel is forgotten and the room may be joined again', async () => {
    h = new RelayHarness();
    const m = h.mux('member');
    await m.join(1, 'comite/charte');
    expect(h.relay.connectionCount).toBe(1);
    m.send(encodeLeave(1));
    expect(h.relay.connectionCount).toBe(0);
    await m.join(2, 'comite/charte');
    expect(m.closed(2)).toBeNull();
    m.sendOn(2, emptyVector());
    await h.settle();
    expect(m.onChannel(2).some((f) => f.kind === 'step2')).toBe(true);
  });

  it('refuses a room already open on it, and more rooms than its cap', async () => {
    h = new RelayHarness();
    const m = h.mux('member', { maxChannels: 2 });
    await m.join(1, 'comite/a');
    await m.join(2, 'comite/a');
    expect(m.closed(2)).toEqual({ code: 4400, reason: 'room already open on this connection' });
    await m.join(3, 'comite/b');
    await m.join(4, 'comite/c');
    expect(m.closed(4)).toEqual({ code: 4429, reason: 'too many rooms on one connection' });
  });

  it('is closed whole for a protocol error: a channel opened twice, garbage', async () => {
    h = new RelayHarness();
    const m = h.mux('member');
    await m.join(1, 'comite/a');
    m.send(Uint8Array.of(0, 0, 1, 3, 0x61, 0x2f, 0x62)); // join 1 again
    expect(m.socket.closed).toEqual({ code: 4400, reason: 'channel 1 is already open' });
    expect(h.relay.connectionCount).toBe(0);
    const n = h.mux('member');
    n.send(Uint8Array.of(0, 42));
    expect(n.socket.closed?.code).toBe(4400);
  });
});

describe('the token of a multiplexed connection', () => {
  const T0 = 1_900_000_000;
  const token = (claims: Record<string, unknown>) =>
    signJwt(
      {
        sub: 'member',
        name: 'Claire',
        org: 'AMF',
        ws: 'comite',
        role: 'member',
        exp: T0 + 3600,
        ...claims,
      },
      HARNESS_SECRET,
    );

  it('expires for the whole connection: 4401, every room left', async () => {
    let nowMs = T0 * 1000;
    h = new RelayHarness({ epochMs: () => nowMs });
    const m = h.mux('member', { expiresAt: T0 + 2 });
    await m.join(1, 'comite/a');
    await m.join(2, 'comite/b');
    nowMs = (T0 + 2) * 1000;
    m.sendOn(1, encodeSyncUpdate(edit('trop tard')));
    await h.settle();
    expect(m.socket.closed).toEqual({ code: 4401, reason: 'token expired' });
    expect(h.relay.connectionCount).toBe(0);
    expect((await h.store.load('comite/a')).updates).toEqual([]);
  });

  it('is closed by the expiry sweep too, at exp, without any message', async () => {
    let nowMs = T0 * 1000;
    h = new RelayHarness({ epochMs: () => nowMs });
    const m = h.mux('member', { expiresAt: T0 + 1 });
    await m.join(1, 'comite/a');
    nowMs = (T0 + 1) * 1000;
    await new Promise((ok) => setTimeout(ok, 1100));
    expect(m.socket.closed?.code).toBe(4401);
  });

  it('is renewed for every room at once, on channel 0; a renewal on a room channel is refused', async () => {
    let nowMs = T0 * 1000;
    h = new RelayHarness({ epochMs: () => nowMs });
    const m = h.mux('member', { expiresAt: T0 + 2 });
    await m.join(1, 'comite/a');
    await m.join(2, 'comite/b');
    m.send(encodeMuxRenew(token({ exp: T0 + 3600 })));
    expect(m.frames()).toContainEqual({ kind: 'renewed', exp: T0 + 3600 });
    nowMs = (T0 + 10) * 1000;
    await new Promise((ok) => setTimeout(ok, 1100));
    m.sendOn(2, encodeSyncUpdate(edit('après le renouvellement')));
    await h.settle();
    expect(m.socket.closed).toBeNull();
    expect(m.onChannel(2).filter((f) => f.kind === 'ack')).toHaveLength(1);
    m.sendOn(1, encodeRenew(token({})));
    expect(m.socket.closed).toEqual({ code: 4400, reason: 'renew the token on channel 0' });
  });

  it('refuses a renewal for another user (4403), and applies a new role to every room', async () => {
    h = new RelayHarness();
    const a = h.mux('member');
    a.send(encodeMuxRenew(token({ sub: 'autre' })));
    expect(a.socket.closed?.code).toBe(4403);
    const b = h.mux('member');
    await b.join(1, 'comite/a');
    b.send(encodeMuxRenew(token({ role: 'observer' })));
    b.sendOn(1, encodeSyncUpdate(edit('refusé désormais')));
    await h.settle();
    expect(b.onChannel(1).filter((f) => f.kind === 'auth')).toHaveLength(1);
    await b.join(2, 'comite/b');
    b.sendOn(2, encodeSyncUpdate(edit('refusé aussi')));
    await h.settle();
    expect(b.onChannel(2).filter((f) => f.kind === 'auth')).toHaveLength(1);
  });
});
