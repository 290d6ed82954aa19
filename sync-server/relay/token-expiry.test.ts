/**
 * Tokens on open connections ([Hardening 1]): the relay closes a connection at its token's
 * `exp`, never handles what it sends afterwards, and lets a connection renew its token without
 * leaving its room. Real relay core, real store, a wall clock the test moves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeRenew, encodeSyncStep1, encodeSyncUpdate } from '../../shared/protocol/messages.js';
import { docWithClient } from '../../shared/testing/yjs-updates.js';
import { signJwt } from '../auth/jwt.js';
import type { Connection } from './connection.js';
import { HARNESS_SECRET, RelayHarness, updateFrom } from './testing/relay-harness.js';
import { ExpiryWatch } from './token-expiry.js';

let h: RelayHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const T0 = 1_900_000_000; // seconds

function edit(clientID: number, text: string): Uint8Array {
  const doc = docWithClient(clientID);
  return updateFrom(doc, (d) => d.getText('content').insert(0, text));
}

function renewal(claims: Record<string, unknown>): Uint8Array {
  return encodeRenew(
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
    ),
  );
}

describe('ExpiryWatch', () => {
  it('reports each connection once, when its second has come, and forgets the others', () => {
    let now = T0;
    const expired: string[] = [];
    const watch = new ExpiryWatch(
      () => now,
      (c) => expired.push(String(c)),
    );
    const a = 'a' as unknown as Connection;
    const b = 'b' as unknown as Connection;
    const c = 'c' as unknown as Connection;
    watch.watch(a, T0 + 2);
    watch.watch(b, T0 + 5);
    watch.watch(c, T0 + 2);
    watch.forget(c);
    now = T0 + 1;
    watch.sweep();
    expect(expired).toEqual([]);
    now = T0 + 2;
    watch.sweep();
    watch.sweep();
    expect(expired).toEqual(['a']);
    // Renewed: watched again at its new expiry only.
    watch.watch(b, T0 + 100);
    now = T0 + 50;
    watch.sweep();
    expect(expired).toEqual(['a']);
    expect(watch.size).toBe(1);
  });

  it('reports an already expired token at once, and buckets due during a long sleep', () => {
    let now = T0;
    const expired: string[] = [];
    const watch = new ExpiryWatch(
      () => now,
      (c) => expired.push(String(c)),
    );
    watch.watch('old' as unknown as Connection, T0);
    expect(expired).toEqual(['old']);
    watch.watch('x' as unknown as Connection, T0 + 10);
    watch.watch('y' as unknown as Connection, T0 + 10_000_000);
    now = T0 + 5_000_000; // a laptop that slept for two months: no walk over every second
    watch.sweep();
    expect(expired).toEqual(['old', 'x']);
  });
});

describe('a connection whose token expires', () => {
  it('is closed with 4401 "token expired" by the sweep, at its exp', async () => {
    let nowMs = T0 * 1000;
    h = new RelayHarness({ epochMs: () => nowMs });
    const member = await h.join('member', { expiresAt: T0 + 3 });
    nowMs = (T0 + 2) * 1000;
    await new Promise((ok) => setTimeout(ok, 1100));
    expect(member.socket.closed).toBeNull();
    nowMs = (T0 + 3) * 1000;
    await new Promise((ok) => setTimeout(ok, 1100));
    expect(member.socket.closed).toEqual({ code: 4401, reason: 'token expired' });
  });

  it('never has an update sent after exp applied, stored or relayed', async () => {
    let nowMs = T0 * 1000;
    h = new RelayHarness({ epochMs: () => nowMs });
    const writer = await h.join('member', { expiresAt: T0 + 3, wantsAck: true });
    const reader = await h.join('observer');
    const before = edit(31, 'avant ');
    writer.send(encodeSyncUpdate(before));
    await h.settle();
    reader.clear();
    // Past exp, before any sweep ran: the message itself is the trigger.
    nowMs = (T0 + 3) * 1000;
    writer.send(encodeSyncUpdate(edit(32, 'après')));
    await h.settle();
    expect((await h.store.load('comite/charte')).updates.map((u) => u.data)).toEqual([before]);
    expect(reader.received()).toEqual([]);
    expect(writer.socket.closed?.code).toBe(4401);
    expect(writer.receivedOf('ack').map((a) => a.count)).toEqual([1]);
  });

  it('cannot even ask for the document after exp', async () => {
    let nowMs = T0 * 1000;
    h = new RelayHarness({ epochMs: () => nowMs });
    const reader = await h.join('observer', { expiresAt: T0 + 1 });
    reader.clear();
    nowMs = (T0 + 1) * 1000;
    reader.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await h.settle();
    expect(reader.receivedOf('step2')).toEqual([]);
    expect(reader.socket.closed?.code).toBe(4401);
  });

  it('is refused at connect when already expired', async () => {
    const nowMs = T0 * 1000;
    h = new RelayHarness({ epochMs: () => nowMs });
    const late = h.connect('member', { expiresAt: T0 - 1 });
    expect(late.socket.closed).toEqual({ code: 4401, reason: 'token expired' });
  });
});

describe('renewing a token on an open connection', () => {
  it('moves the expiry, answers Renewed with the new exp, and keeps room and ack count', async () => {
    let nowMs = T0 * 1000;
    h = new RelayHarness({ epochMs: () => nowMs });
    const member = await h.join('member', { expiresAt: T0 + 3, wantsAck: true });
    member.send(encodeSyncUpdate(edit(41, 'un ')));
    await h.settle();
    member.send(renewal({ exp: T0 + 3600 }));
    expect(member.receivedOf('renewed')).toEqual([{ kind: 'renewed', exp: T0 + 3600 }]);
    nowMs = (T0 + 10) * 1000;
    await new Promise((ok) => setTimeout(ok, 1100));
    member.send(encodeSyncUpdate(edit(42, 'deux')));
    await h.settle();
    expect(member.socket.closed).toBeNull();
    expect(member.receivedOf('ack').map((a) => a.count)).toEqual([1, 2]);
    expect((await h.store.load('comite/charte')).updates).toHaveLength(2);
  });

  it('applies the new role: a member renewed as reviewer can no longer change the text', async () => {
    h = new RelayHarness();
    const member = await h.join('member', { wantsAck: true });
    member.send(renewal({ role: 'reviewer' }));
    member.send(encodeSyncUpdate(edit(43, 'refusé')));
    await h.settle();
    expect(member.receivedOf('auth')).toHaveLength(1);
    expect((await h.store.load('comite/charte')).updates).toEqual([]);
  });

  it('refuses a token of another user (4403) and a forged or expired one (4401)', async () => {
    h = new RelayHarness();
    const a = await h.join('member');
    a.send(renewal({ sub: 'someone-else' }));
    expect(a.socket.closed?.code).toBe(4403);
    const b = await h.join('member');
    b.send(
      encodeRenew(
        signJwt({ sub: 'member', ws: 'comite' }, 'wrong-secret-wrong-secret-wrong-secret'),
      ),
    );
    expect(b.socket.closed?.code).toBe(4401);
    const c = await h.join('member');
    c.send(renewal({ exp: Math.floor(Date.now() / 1000) - 5 }));
    expect(c.socket.closed).toEqual({ code: 4401, reason: 'renewal refused: token expired' });
    const d = await h.join('member');
    d.send(renewal({ ws: 'autre' }));
    expect(d.socket.closed?.code).toBe(4403);
  });

  it('sends Renewed only to clients that opted in (stock clients would not understand it)', async () => {
    h = new RelayHarness();
    const stock = await h.join('member');
    stock.clear();
    stock.send(renewal({}));
    expect(stock.received()).toEqual([]);
    expect(stock.socket.closed).toBeNull();
  });
});
