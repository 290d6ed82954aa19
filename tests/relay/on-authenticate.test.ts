/**
 * [Relay 2] Every connection presents a JWT; a missing, expired, forged, malformed or
 * other-workspace token — or an invalid room name — is refused with a documented close code
 * before any document byte is sent, and without the room being loaded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { rawClient, rawUpgradeClose } from '../support/clients.js';
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

function refusal(path: string): Promise<{ code: number; reason: string; frames: number }> {
  return rawUpgradeClose(relay.port, path);
}

const now = () => Math.floor(Date.now() / 1000);

const CASES: Array<[string, () => string, number, RegExp]> = [
  ['missing token', () => '/comite/charte', CloseCode.Unauthorized, /token missing/],
  ['empty token', () => '/comite/charte?token=', CloseCode.Unauthorized, /token missing/],
  [
    'expired token',
    () => `/comite/charte?token=${token({ exp: now() - 10 })}`,
    CloseCode.Unauthorized,
    /expired/,
  ],
  [
    'forged signature',
    () => `/comite/charte?token=${token({}, 'another-secret-that-is-long-enough-000000')}`,
    CloseCode.Unauthorized,
    /signature/,
  ],
  ['malformed token', () => '/comite/charte?token=not.a.jwt', CloseCode.Unauthorized, /malformed/],
  [
    'alg none',
    () => {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `/comite/charte?token=${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', name: 'x', org: 'x', ws: 'comite', role: 'chair', exp: now() + 99 })}.`;
    },
    CloseCode.Unauthorized,
    /algorithm/,
  ],
  [
    'unknown role',
    () => `/comite/charte?token=${token({ role: 'admin' })}`,
    CloseCode.Unauthorized,
    /role/,
  ],
  [
    'other workspace',
    () => `/autre/charte?token=${token({ ws: 'comite' })}`,
    CloseCode.Forbidden,
    /another workspace/,
  ],
  [
    'path traversal',
    () => `/comite/..%2Fsecret?token=${token()}`,
    CloseCode.BadRequest,
    /invalid document id/,
  ],
  [
    'encoded dots',
    () => `/comite/%2e%2e?token=${token()}`,
    CloseCode.BadRequest,
    /invalid document id/,
  ],
  [
    'double encoding',
    () => `/comite/%252e?token=${token()}`,
    CloseCode.BadRequest,
    /invalid document id/,
  ],
  [
    'control character',
    () => `/comite/a%00b?token=${token()}`,
    CloseCode.BadRequest,
    /invalid document id/,
  ],
  [
    'unicode look-alike',
    () => `/comite/ch%D0%B0rte?token=${token()}`,
    CloseCode.BadRequest,
    /invalid document id/,
  ],
  [
    'overlong name',
    () => `/comite/${'a'.repeat(300)}?token=${token()}`,
    CloseCode.BadRequest,
    /too long/,
  ],
  [
    'unknown room kind',
    () => `/comite/charte/secret?token=${token()}`,
    CloseCode.BadRequest,
    /unknown room kind/,
  ],
];

describe('refused before any document byte', () => {
  it.each(CASES)('%s', async (_label, path, code, reason) => {
    const result = await refusal(path());
    expect(result.code).toBe(code);
    expect(result.reason).toMatch(reason);
    expect(result.frames).toBe(0);
  });

  it('a valid token is admitted and receives the sync step 1', async () => {
    const client = rawClient(relay.url, `/comite/charte?token=${token()}`);
    await client.opened;
    const started = Date.now();
    while (client.frames.length === 0 && Date.now() - started < 5000)
      await new Promise((ok) => setTimeout(ok, 10));
    expect(client.frames[0]?.[0]).toBe(0);
    client.ws.close();
  });

  it('refusals are counted in the metrics and logged without the token', async () => {
    const secretToken = token({ ws: 'comite' });
    await refusal(`/autre/charte?token=${secretToken}`);
    const metrics = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).text();
    expect(metrics).toMatch(/entente_refusals_total\{reason="auth-4403"\} [1-9]/);
    expect(relay.logs.join('\n')).not.toContain(secretToken.split('.')[2]);
  });
});
