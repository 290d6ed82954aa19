/**
 * `CommitteeLink` — one multiplexed connection per committee — in real Chromium against the real
 * relay process, started in Node by `tests/support/browser-relay-setup.ts` (vitest globalSetup),
 * which also provides a TCP proxy the tests cut to take the relay away without stopping it.
 * Rooms are real `RoomSync`s on the link.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { decodeMuxClientFrame } from '../../shared/protocol/mux.js';
import { CommitteeLink, PROBE_MS } from './committee-link.js';
import { pageNetworkSignals, type NetworkSignals } from './network-signals.js';
import { fetchRelayProbe, PROBE_AFTER_FAILURES } from './relay-probe.js';
import { RoomSync } from './room-sync.js';
import { MemorySyncStateStore } from './sync-state-store.js';

declare module 'vitest' {
  // Mirrors `BrowserRelayFixture` in tests/support/browser-relay-setup.ts (Node code, which
  // this folder may not import).
  export interface ProvidedContext {
    ententeRelay: {
      url: string;
      proxyUrl: string;
      controlUrl: string;
      quotaUrl: string;
      quotaBytes: number;
      workspace: string;
      tokens: { member: string; member2: string; reviewer: string; expired: string };
    };
  }
}

const relay = inject('ententeRelay');
const FAST = { baseMs: 50, maxMs: 400 };
/** A backoff that never fires within a test: only a wake-up reconnects. */
const NEVER = { baseMs: 600_000, maxMs: 600_000 };
const newRoom = () => `${relay.workspace}/doc-${crypto.randomUUID()}`;
const control = (what: 'cut' | 'restore') => fetch(`${relay.controlUrl}/${what}`);

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 10));
  }
}

/** Every socket the link makes, with what it was opened with and the frames sent on it. */
function recordingSockets() {
  const sockets: Array<{ url: string; protocols: string[]; sent: Uint8Array[] }> = [];
  class Recording extends WebSocket {
    readonly #record: (typeof sockets)[number];
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.#record = { url: String(url), protocols: [protocols ?? []].flat(), sent: [] };
      sockets.push(this.#record);
    }
    override send(data: Uint8Array): void {
      this.#record.sent.push(Uint8Array.from(data));
      super.send(data);
    }
  }
  const joins = (index: number) =>
    (sockets[index]?.sent ?? [])
      .map((frame) => decodeMuxClientFrame(frame))
      .flatMap((decoded) => (decoded.ok && decoded.frame.kind === 'join' ? [decoded.frame] : []));
  return { sockets, WebSocketImpl: Recording as typeof WebSocket, joins };
}

describe('CommitteeLink', () => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const link = (options: Partial<ConstructorParameters<typeof CommitteeLink>[0]> = {}) => {
    const made = new CommitteeLink({
      serverUrl: relay.url,
      token: relay.tokens.member,
      backoff: FAST,
      roomBackoff: FAST,
      ...options,
    });
    cleanups.push(() => made.destroy());
    return made;
  };
  const room = async (on: CommitteeLink, name = newRoom(), doc = new Y.Doc()) => {
    const sync = await RoomSync.open({
      link: on,
      room: name,
      doc,
      syncState: new MemorySyncStateStore(),
    });
    cleanups.push(() => sync.destroy());
    return { doc, sync, name };
  };

  afterEach(async () => {
    await control('restore');
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('carries every room on one socket to /_mux, the token offered as a subprotocol only', async () => {
    const recorded = recordingSockets();
    const a = link({ WebSocketImpl: recorded.WebSocketImpl });
    const rooms = await Promise.all([room(a), room(a), room(a)]);
    rooms.forEach(({ doc }, i) => doc.getText('body').insert(0, `document ${i}`));
    await waitFor(() => rooms.every(({ sync }) => sync.status === 'online'), 'all confirmed');
    // Another member on a link of their own reads all three.
    const b = link({ token: relay.tokens.member2 });
    const seen = await Promise.all(rooms.map(({ name }) => room(b, name)));
    await waitFor(
      () => seen.every(({ doc }, i) => doc.getText('body').toString() === `document ${i}`),
      'b reads every room',
    );
    expect(recorded.sockets).toHaveLength(1);
    expect(recorded.sockets[0]!.url).toBe(`${relay.url}/_mux`);
    expect(recorded.sockets[0]!.protocols).toEqual([
      'entente.mux.v1',
      `entente.token.${relay.tokens.member}`,
    ]);
    expect(recorded.joins(0).map((join) => [join.channel, join.room])).toEqual(
      rooms.map(({ name }, i) => [i + 1, name]),
    );
  });

  it('a room the relay refuses (another workspace) leaves the other rooms of the link alone', async () => {
    const recorded = recordingSockets();
    const a = link({ WebSocketImpl: recorded.WebSocketImpl });
    const mine = await room(a);
    const foreign = await room(a, `autre-comite/doc-${crypto.randomUUID()}`);
    await waitFor(() => foreign.sync.refusal !== null, 'refused');
    expect(foreign.sync.refusal).toMatchObject({ kind: 'closed', code: 4403 });
    mine.doc.getText('body').insert(0, 'texte du comité');
    await waitFor(() => mine.sync.status === 'online' && mine.sync.unconfirmed === 0, 'acked');
    // Not retried blindly: the refused room stays out, the socket stays the same.
    foreign.doc.getText('body').insert(0, 'ailleurs');
    await new Promise((ok) => setTimeout(ok, 500));
    expect(foreign.sync.status).toBe('offline');
    expect(foreign.sync.unconfirmed).toBe(1);
    expect(recorded.joins(0).filter((join) => join.room === foreign.name)).toHaveLength(1);
    expect(a.socketsOpened).toBe(1);
    expect(a.connected).toBe(true);
    mine.doc.getText('body').insert(0, '§ ');
    await waitFor(() => mine.sync.unconfirmed === 0, 'still acked after the refusal');
    // Asked again, the relay says the same; the other room still does not notice.
    foreign.sync.reconnect();
    await waitFor(() => foreign.sync.refusal !== null, 'refused again');
    expect(recorded.joins(0).filter((join) => join.room === foreign.name)).toHaveLength(2);
    expect(mine.sync.status).toBe('online');
  });

  it('a refused connection (4401) stops the link until a new token is given', async () => {
    const recorded = recordingSockets();
    const a = link({ token: relay.tokens.expired, WebSocketImpl: recorded.WebSocketImpl });
    const rooms = [await room(a), await room(a)];
    await waitFor(() => rooms.every(({ sync }) => sync.refusal !== null), 'refused');
    for (const { sync } of rooms)
      expect(sync.refusal).toMatchObject({ kind: 'closed', code: 4401 });
    expect(a.refusal).toMatchObject({ code: 4401 });
    rooms[0]!.doc.getText('body').insert(0, 'gardé');
    await new Promise((ok) => setTimeout(ok, 600));
    expect(recorded.sockets).toHaveLength(1);
    expect(rooms.map(({ sync }) => sync.status)).toEqual(['offline', 'offline']);
    a.setToken(relay.tokens.member, { sameUser: false });
    await waitFor(() => rooms.every(({ sync }) => sync.status === 'online'), 'online again');
    expect(rooms[0]!.sync.unconfirmed).toBe(0);
    expect(a.refusal).toBeNull();
    expect(recorded.sockets).toHaveLength(2);
  });

  it('after a reconnection every room is joined again, on new channels, and confirmed', async () => {
    const recorded = recordingSockets();
    const a = link({ serverUrl: relay.proxyUrl, WebSocketImpl: recorded.WebSocketImpl });
    const rooms = [await room(a), await room(a), await room(a)];
    await waitFor(() => rooms.every(({ sync }) => sync.status === 'online'), 'online');
    await control('cut');
    await waitFor(() => rooms.every(({ sync }) => sync.status === 'offline'), 'offline');
    rooms.forEach(({ doc }, i) => doc.getText('body').insert(0, `hors ligne ${i}`));
    await new Promise((ok) => setTimeout(ok, 300));
    await control('restore');
    await waitFor(
      () => rooms.every(({ sync }) => sync.status === 'online' && sync.unconfirmed === 0),
      'confirmed after the reconnection',
    );
    const last = recorded.sockets.length - 1;
    expect(last).toBeGreaterThan(0);
    // On each socket, channels count up from 1 and are never reused.
    for (let i = 0; i < recorded.sockets.length; i++) {
      const channels = recorded.joins(i).map((join) => join.channel);
      expect(channels).toEqual(channels.map((_, n) => n + 1));
    }
    expect(
      recorded
        .joins(last)
        .map((join) => join.room)
        .sort(),
    ).toEqual(rooms.map(({ name }) => name).sort());
  });

  it('while the relay is away, retries ask it over HTTP first: few sockets, and back promptly', async () => {
    const recorded = recordingSockets();
    let probes = 0;
    const a = link({
      serverUrl: relay.proxyUrl,
      WebSocketImpl: recorded.WebSocketImpl,
      probe: (url) => {
        probes += 1;
        return fetchRelayProbe(url);
      },
    });
    const rooms = await Promise.all([room(a), room(a), room(a), room(a), room(a)]);
    const sync = rooms[0]!.sync;
    await waitFor(() => rooms.every((r) => r.sync.status === 'online'), 'online');
    await control('cut');
    await waitFor(() => sync.status === 'offline', 'offline');
    rooms.forEach(({ doc }, i) => doc.getText('body').insert(0, `hors ligne ${i}`));
    const before = recorded.sockets.length;
    // About ten retries (backoff 50–400 ms): the first fail as WebSockets, then probes only;
    // rooms opened meanwhile (documents opened offline) wait for those retries too.
    for (let i = 0; i < 10; i++) {
      await new Promise((ok) => setTimeout(ok, 300));
      rooms.push(await room(a));
    }
    expect(probes).toBeGreaterThan(3);
    expect(recorded.sockets.length - before).toBeLessThanOrEqual(PROBE_AFTER_FAILURES + 1);
    const restored = performance.now();
    await control('restore');
    await waitFor(
      () => rooms.every((r) => r.sync.status === 'online' && r.sync.unconfirmed === 0),
      'every room confirmed again',
    );
    // One backoff (≤ 400 ms here) and the probe's round trip.
    expect(performance.now() - restored).toBeLessThan(1500);
  });

  it('reconnects at once on the online event, when the page shows again, and on resume', async () => {
    const resumeListeners = new Set<() => void>();
    const network: NetworkSignals = pageNetworkSignals(window, (listener) => {
      const call = () => listener({ reason: 'resume' });
      resumeListeners.add(call);
      return () => resumeListeners.delete(call);
    });
    // No timer would reconnect within the test: only the wake-ups can.
    const a = link({ serverUrl: relay.proxyUrl, backoff: NEVER, network });
    const { doc, sync } = await room(a);
    await waitFor(() => sync.status === 'online', 'online');
    const wakes: Array<[string, () => void]> = [
      ['online', () => window.dispatchEvent(new Event('online'))],
      ['visibilitychange', () => document.dispatchEvent(new Event('visibilitychange'))],
      ['resume', () => resumeListeners.forEach((call) => call())],
    ];
    for (const [name, wake] of wakes) {
      await control('cut');
      await waitFor(() => sync.status === 'offline', `offline before ${name}`);
      doc.getText('body').insert(0, `${name} `);
      await new Promise((ok) => setTimeout(ok, 200));
      expect(sync.unconfirmed).toBe(1);
      await control('restore');
      const woken = performance.now();
      wake();
      await waitFor(() => sync.unconfirmed === 0, `confirmed after ${name}`, 3000);
      const ms = performance.now() - woken;
      console.info(`wake-up by ${name}: room confirmed ${ms.toFixed(0)} ms later`);
      expect(ms).toBeLessThan(2000);
    }
  });

  it('a socket that received nothing for the silence limit is replaced', async () => {
    const a = link({ silenceMs: 1200 });
    const { doc, sync } = await room(a);
    await waitFor(() => sync.status === 'online', 'online');
    // The relay writes to a silent room only every 10 s: to this link the socket looks dead.
    await waitFor(() => a.socketsOpened >= 2, 'replaced', 6000);
    doc.getText('body').insert(0, 'toujours là');
    await waitFor(() => sync.status === 'online' && sync.unconfirmed === 0, 'acked on the new one');
  });

  it('after a wake-up, an open socket is probed: kept if the relay answers, else replaced', async () => {
    let deaf = false;
    // A socket whose incoming frames stop, as a dead TCP connection after a laptop slept.
    class Deafened extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        const born = deaf;
        // Registered before the link sets `onmessage`, so it runs first and can stop the frame.
        this.addEventListener(
          'message',
          (event) => {
            if (deaf && !born) event.stopImmediatePropagation();
          },
          { capture: true },
        );
      }
    }
    const wakeListeners = new Set<() => void>();
    const network: NetworkSignals = {
      online: () => true,
      onWake: (listener) => {
        const call = () => listener('resume');
        wakeListeners.add(call);
        return () => wakeListeners.delete(call);
      },
    };
    const a = link({ network, backoff: NEVER, WebSocketImpl: Deafened });
    const { doc, sync } = await room(a);
    await waitFor(() => sync.status === 'online', 'online');
    // A wake-up on a healthy socket: the relay answers the probe, the socket stays.
    wakeListeners.forEach((call) => call());
    await new Promise((ok) => setTimeout(ok, PROBE_MS + 500));
    expect(a.socketsOpened).toBe(1);
    deaf = true;
    doc.getText('body').insert(0, 'après la veille');
    await new Promise((ok) => setTimeout(ok, 300));
    expect(sync.unconfirmed).toBe(1);
    wakeListeners.forEach((call) => call());
    await waitFor(() => a.socketsOpened === 2, 'replaced', PROBE_MS + 2000);
    await waitFor(() => sync.unconfirmed === 0, 'acked on the new socket');
  });
});
