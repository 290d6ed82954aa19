/**
 * [Hardening 8] Awareness ids cannot be squatted: after the chair's connection closed, a
 * reviewer claims the chair's awareness client id with a high clock; the claim is dropped (and
 * counted), and when the chair comes back — same Yjs client, same awareness clock — everybody
 * sees the chair's presence again, with the chair's verified identity. Real relay process, stock
 * y-websocket providers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAwarenessUpdate } from '../../shared/protocol/awareness.js';
import { encodeAwarenessMessage } from '../../shared/protocol/messages.js';
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

function client(room: string, sub: string, role: string, name: string): StockClient {
  const c = stockClient(relay.url, room, { token: token({ sub, name, role }) });
  clients.push(c);
  return c;
}

type Seen = { user?: { id?: string; name?: string; role?: string }; cursor?: { anchor: number } };

async function impersonationsCounted(): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.includes('reason="impersonation"'));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

describe('an awareness id freed by a closed connection', () => {
  it('cannot be claimed by another user, and the returning owner is shown again', async () => {
    const room = 'comite/presence-squat';
    const chair = client(room, 'presidente', 'chair', 'Présidente');
    const watcher = client(room, 'temoin', 'member', 'Témoin');
    await Promise.all([synced(chair), synced(watcher)]);
    const chairId = chair.doc.clientID;
    chair.provider.awareness.setLocalStateField('cursor', { anchor: 1 });
    const seenChair = (): Seen | undefined =>
      watcher.provider.awareness.getStates().get(chairId) as Seen | undefined;
    await eventually(() => seenChair()?.cursor?.anchor === 1, 5000, 'chair visible');

    // The chair's train enters a tunnel.
    chair.provider.disconnect();
    await eventually(() => seenChair() === undefined, 5000, 'chair gone');
    const before = await impersonationsCounted();

    // A reviewer claims the chair's id with a clock far ahead of anything the chair will send.
    const squatter = rawClient(
      relay.url,
      `/${room}?token=${token({ sub: 'relecteur', name: 'Relecteur', role: 'reviewer' })}`,
    );
    await squatter.opened;
    squatter.ws.send(
      encodeAwarenessMessage(
        encodeAwarenessUpdate([
          {
            clientId: chairId,
            clock: 1_000_000,
            state: JSON.stringify({ cursor: { anchor: 99 } }),
          },
        ]),
      ),
    );
    await new Promise((ok) => setTimeout(ok, 500));
    expect(seenChair()).toBeUndefined();
    expect(await impersonationsCounted()).toBe(before + 1);

    // Out of the tunnel: same provider, same awareness and clock.
    chair.provider.connect();
    await eventually(() => seenChair()?.user?.id === 'presidente', 8000, 'chair shown again');
    expect(seenChair()).toMatchObject({
      cursor: { anchor: 1 },
      user: { id: 'presidente', name: 'Présidente', role: 'chair' },
    });
    // And a newcomer sees the chair too.
    const late = client(room, 'retard', 'member', 'Retardataire');
    await synced(late);
    await eventually(
      () =>
        (late.provider.awareness.getStates().get(chairId) as Seen | undefined)?.user?.id ===
        'presidente',
      5000,
      'chair visible to a newcomer',
    );
    squatter.ws.close();
  });
});
