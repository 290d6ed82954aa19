/**
 * [Relay 7] Operations: health, readiness and Prometheus metrics; JSON logs without tokens or
 * document content; graceful shutdown on SIGTERM; settings validated at start-up; a secret
 * generated once into the data directory and shared with the `token` command.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { rawClient, stockClient, synced, type StockClient } from '../support/clients.js';
import {
  RELAY_CLI,
  removeDir,
  startRelayProcess,
  tempDir,
  type RelayProcess,
} from '../support/relay-process.js';
import { token } from '../support/tokens.js';

const run = promisify(execFile);
let relay: RelayProcess | undefined;
const clients: StockClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await relay?.stop('SIGKILL');
  if (relay !== undefined) removeDir(relay.dataDir);
  relay = undefined;
});

describe('endpoints and logs', () => {
  it('serves /healthz, /readyz and /metrics', async () => {
    relay = await startRelayProcess();
    const base = `http://127.0.0.1:${relay.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    const client = stockClient(relay.url, 'comite/ops', { token: token() });
    clients.push(client);
    await synced(client);
    client.doc.getText('content').insert(0, 'contenu confidentiel');
    await new Promise((ok) => setTimeout(ok, 200));
    const metrics = await (await fetch(`${base}/metrics`)).text();
    for (const series of [
      'entente_connections_total',
      'entente_connections_open',
      'entente_rooms_loaded',
      'entente_updates_received_total',
      'entente_updates_stored_total',
      'entente_bytes_received_total',
      'entente_store_latency_seconds_bucket',
      'entente_refusals_total',
    ])
      expect(metrics).toContain(series);
    expect(metrics).toMatch(/entente_updates_stored_total [1-9]/);
    expect(metrics).toMatch(/entente_bytes_sent_total [1-9]/);
    expect(metrics).toMatch(/entente_connections_open 1/);
    const logs = relay.logs.join('\n');
    for (const line of relay.logs) expect(() => JSON.parse(line)).not.toThrow();
    expect(logs).not.toContain('contenu confidentiel');
    expect(logs).not.toContain(token().split('.')[1]);
  });
});

describe('graceful shutdown', () => {
  it('SIGTERM finishes writes, closes clients with 1012 and exits 0', async () => {
    relay = await startRelayProcess();
    const client = rawClient(relay.url, `/comite/arret?token=${token()}`);
    await client.opened;
    const exit = relay.stop('SIGTERM');
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.ServiceRestart);
    expect(await exit).toBe(0);
  });
});

describe('configuration', () => {
  it.each([
    [{ PORT: 'abc' }, /invalid PORT/],
    [{ PORT: '70000' }, /invalid PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /invalid DATABASE_URL/],
    [{ ENTENTE_JWT_SECRET: 'short' }, /invalid ENTENTE_JWT_SECRET/],
    [{ ENTENTE_LOG_LEVEL: 'loud' }, /invalid ENTENTE_LOG_LEVEL/],
  ])('refuses %o at start-up with a clear message', async (env, message) => {
    const dataDir = tempDir();
    try {
      await expect(
        run(process.execPath, [RELAY_CLI], {
          env: { PATH: process.env.PATH, ENTENTE_DATA_DIR: dataDir, ...env },
        }),
      ).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringMatching(message),
      });
    } finally {
      removeDir(dataDir);
    }
  });

  it('refuses an unknown flag', async () => {
    await expect(run(process.execPath, [RELAY_CLI, '--prot', '1'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown option --prot/),
    });
  });

  it('generates a secret once into the data directory; the token command uses it', async () => {
    const dataDir = tempDir();
    relay = await startRelayProcess({ dataDir, env: { ENTENTE_JWT_SECRET: '' } });
    const secretFile = join(dataDir, 'jwt-secret');
    expect(existsSync(secretFile)).toBe(true);
    const secret = readFileSync(secretFile, 'utf8');
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const { stdout } = await run(
      process.execPath,
      [
        RELAY_CLI,
        'token',
        '--workspace',
        'comite',
        '--user',
        'u9',
        '--name',
        'Anne Lefèvre',
        '--org',
        'ADF',
        '--role',
        'secretariat',
        '--ttl',
        '1h',
      ],
      {
        env: { PATH: process.env.PATH, ENTENTE_DATA_DIR: dataDir },
      },
    );
    const client = stockClient(relay.url, 'comite/secret', { token: stdout.trim() });
    clients.push(client);
    await synced(client);
    expect(readFileSync(secretFile, 'utf8')).toBe(secret);
    await expect(
      run(
        process.execPath,
        [
          RELAY_CLI,
          'token',
          '--workspace',
          'comite',
          '--user',
          'u9',
          '--name',
          'A',
          '--org',
          'ADF',
          '--role',
          'king',
        ],
        {
          env: { PATH: process.env.PATH, ENTENTE_DATA_DIR: dataDir },
        },
      ),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/role/) });
  });
});
