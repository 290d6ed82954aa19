/**
 * [Hardening 7] The relay's HTTP server under slow and greedy clients, on real relay processes:
 * slow-header connections are dropped within a few seconds while `/healthz` keeps answering;
 * one address cannot hold more than its share of sockets; upgrades are rate-limited per client
 * address, which a trusted proxy names in `X-Forwarded-For`.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { token } from '../support/tokens.js';

let relay: RelayProcess | undefined;
afterEach(async () => {
  await relay?.stop('SIGKILL');
  if (relay) removeDir(relay.dataDir);
  relay = undefined;
});

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** A socket that sends the start of a request, then one header line per interval, forever. */
function slowHeaders(port: number): { socket: Socket; closedAt: Promise<number> } {
  const socket = connect(port, '127.0.0.1');
  const closedAt = new Promise<number>((ok) => socket.once('close', () => ok(Date.now())));
  socket.on('error', () => undefined);
  socket.once('connect', () => socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n'));
  const timer = setInterval(() => {
    if (!socket.destroyed) socket.write(`X-Slow-${Date.now()}: 1\r\n`);
  }, 300);
  socket.once('close', () => clearInterval(timer));
  return { socket, closedAt };
}

/** Sends a raw upgrade request and resolves with the status line the relay answered. */
function upgradeStatus(port: number, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1', () => {
      const extra = Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.write(
        `GET /comite/charte?token=${token()} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
          `Sec-WebSocket-Version: 13\r\n${extra}\r\n`,
      );
    });
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n');
      if (end >= 0) {
        socket.destroy();
        ok(text.slice(0, end));
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A relay that drops the connection before reading the request may reset it (unread data
      // in its buffer makes the kernel send RST, not FIN): refused without an answer all the same.
      if (error.code === 'ECONNRESET' && text === '') ok('closed without answer');
      else fail(error);
    });
    socket.on('close', () => ok(text === '' ? 'closed without answer' : text.split('\r\n')[0]!));
  });
}

async function healthz(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
    signal: AbortSignal.timeout(1000),
  });
  return response.status;
}

describe('slow-header connections', () => {
  it('20 of them are dropped within the headers timeout while /healthz keeps answering', async () => {
    relay = await startRelayProcess({ env: { ENTENTE_HEADERS_TIMEOUT_MS: '2000' } });
    const started = Date.now();
    const slow = Array.from({ length: 20 }, () => slowHeaders(relay!.port));
    const statuses: number[] = [];
    while (Date.now() - started < 3500) {
      statuses.push(await healthz(relay.port));
      await sleep(200);
    }
    const closed = await Promise.all(slow.map((s) => s.closedAt));
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.every((s) => s === 200)).toBe(true);
    // Dropped after the 2 s timeout, checked every second; the upper bound leaves room for a
    // loaded CI machine while staying far from Node's default of about a minute.
    for (const at of closed) {
      expect(at - started).toBeGreaterThanOrEqual(1500);
      expect(at - started).toBeLessThan(6000);
    }
  });
});

describe('connections per address', () => {
  it('an address holding its share is refused more, until one closes', async () => {
    relay = await startRelayProcess({ env: { ENTENTE_MAX_CONNECTIONS_PER_ADDRESS: '5' } });
    const held = Array.from({ length: 5 }, () => connect(relay!.port, '127.0.0.1'));
    await Promise.all(held.map((s) => new Promise((ok) => s.once('connect', ok))));
    await sleep(200);
    expect(await upgradeStatus(relay.port)).toBe('closed without answer');
    held[0]!.destroy();
    await sleep(200);
    expect(await upgradeStatus(relay.port)).toBe('HTTP/1.1 101 Switching Protocols');
    for (const s of held) s.destroy();
    await sleep(200);
    const metrics = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).text();
    expect(metrics).toMatch(/entente_refusals_total\{reason="connections-per-address"\} 1/);
  });
});

describe('upgrades per address', () => {
  it('allows a burst, then answers 429 until the rate refills', async () => {
    relay = await startRelayProcess({
      env: { ENTENTE_UPGRADE_BURST: '3', ENTENTE_UPGRADE_RATE: '2' },
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await upgradeStatus(relay.port));
    expect(statuses.slice(0, 3)).toEqual(Array(3).fill('HTTP/1.1 101 Switching Protocols'));
    expect(statuses[3]).toBe('HTTP/1.1 429 Too Many Requests');
    await sleep(600);
    expect(await upgradeStatus(relay.port)).toBe('HTTP/1.1 101 Switching Protocols');
    // A client cannot escape by writing X-Forwarded-For: the relay trusts no proxy here.
    expect(await upgradeStatus(relay.port, { 'X-Forwarded-For': '198.51.100.9' })).toBe(
      'HTTP/1.1 429 Too Many Requests',
    );
  });

  it('behind a trusted proxy, counts each client the proxy names', async () => {
    relay = await startRelayProcess({
      env: {
        ENTENTE_UPGRADE_BURST: '2',
        ENTENTE_UPGRADE_RATE: '1',
        ENTENTE_TRUSTED_PROXIES: '127.0.0.1',
      },
    });
    const from = (client: string) => upgradeStatus(relay!.port, { 'X-Forwarded-For': client });
    expect(await from('198.51.100.1')).toBe('HTTP/1.1 101 Switching Protocols');
    expect(await from('198.51.100.1')).toBe('HTTP/1.1 101 Switching Protocols');
    expect(await from('198.51.100.1')).toBe('HTTP/1.1 429 Too Many Requests');
    expect(await from('198.51.100.2')).toBe('HTTP/1.1 101 Switching Protocols');
    // The proxy appends the real client last; what the client wrote before does not count.
    expect(await from('198.51.100.2, 198.51.100.1')).toBe('HTTP/1.1 429 Too Many Requests');
  });
});
