/**
 * Two behaviours stock y-websocket clients rely on or produce: a connection left silent gets a
 * harmless keepalive (stock clients drop a connection silent for 30 s), and the awareness they
 * echo back (they re-send every change they receive) is neither relayed again nor reported as
 * impersonation — while a newer state for someone else's id still is.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { encodeAwarenessUpdate } from '../../shared/protocol/awareness.js';
import { encodeAwarenessMessage } from '../../shared/protocol/messages.js';
import { RelayHarness, until } from './testing/relay-harness.js';

const harnesses: RelayHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

function awareness(clientId: number, clock: number, state: unknown): Uint8Array {
  return encodeAwarenessMessage(
    encodeAwarenessUpdate([{ clientId, clock, state: JSON.stringify(state) }]),
  );
}

describe('keepalive', () => {
  it('writes an empty awareness update to a connection sent nothing for a period', async () => {
    const h = new RelayHarness({ limits: { keepaliveMs: 50 } });
    harnesses.push(h);
    const client = await h.join('member');
    client.clear();
    await new Promise((ok) => setTimeout(ok, 200));
    const keepalives = client.socket.frames.filter(
      (f) => f.length === 3 && f[0] === 1 && f[1] === 1 && f[2] === 0,
    );
    expect(keepalives.length).toBeGreaterThanOrEqual(1);
  });
});

describe('awareness echoes', () => {
  it('an echo of another client’s state is dropped silently; a newer one is impersonation', async () => {
    const h = new RelayHarness();
    harnesses.push(h);
    const alice = await h.join('member', { userId: 'alice' });
    const bob = await h.join('member', { userId: 'bob' });
    alice.send(awareness(11, 3, { cursor: 1 }));
    await until(() => bob.receivedOf('awareness').length > 0, 'bob sees alice');
    bob.clear();
    alice.clear();
    bob.send(awareness(11, 3, { cursor: 1 })); // what a stock client does on receiving it
    await new Promise((ok) => setTimeout(ok, 20));
    expect(alice.received()).toHaveLength(0);
    expect(h.metrics.refusals.get({ reason: 'impersonation' })).toBe(0);
    bob.send(awareness(11, 4, { cursor: 99 }));
    await new Promise((ok) => setTimeout(ok, 20));
    expect(alice.received()).toHaveLength(0);
    expect(h.metrics.refusals.get({ reason: 'impersonation' })).toBe(1);
  });
});
