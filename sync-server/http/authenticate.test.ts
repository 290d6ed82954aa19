import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { signJwt } from '../auth/jwt.js';
import { admit, type AdmissionResult } from './authenticate.js';

const SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const NOW = 1_800_000_000;

function token(overrides: Record<string, unknown> = {}, secret = SECRET): string {
  return signJwt(
    {
      sub: 'u-1',
      name: 'Claire Martin',
      org: 'AMF',
      ws: 'comite',
      role: 'reviewer',
      exp: NOW + 3600,
      ...overrides,
    },
    secret,
  );
}

function refusal(result: AdmissionResult): { code: number; reason: string } {
  expect(result.ok).toBe(false);
  return result.ok ? { code: 0, reason: '' } : { code: result.code, reason: result.reason };
}

describe('admit accepts', () => {
  it('a valid token for a room of its workspace', () => {
    const result = admit(`/comite/charte?token=${token()}`, SECRET, NOW);
    expect(result).toEqual({
      ok: true,
      admission: {
        identity: {
          userId: 'u-1',
          name: 'Claire Martin',
          org: 'AMF',
          workspace: 'comite',
          role: 'reviewer',
          expiresAt: NOW + 3600,
        },
        room: { name: 'comite/charte', workspace: 'comite', document: 'charte', kind: 'content' },
        wantsAck: false,
      },
    });
  });

  it('review and index rooms', () => {
    const review = admit(`/comite/charte/_review?token=${token()}`, SECRET, NOW);
    expect(review.ok && review.admission.room.kind).toBe('review');
    const index = admit(`/comite/_index?token=${token()}`, SECRET, NOW);
    expect(index.ok && index.admission.room.kind).toBe('index');
  });

  it('a token that is not the first parameter', () => {
    expect(admit(`/comite/charte?x=1&token=${token()}`, SECRET, NOW).ok).toBe(true);
  });
});

describe('admit parses ack=1', () => {
  it.each([
    ['&ack=1', true],
    ['', false],
    ['&ack=0', false],
    ['&ack=true', false],
    ['&ack=', false],
    ['&ACK=1', false],
  ])('%j → wantsAck %s', (suffix, expected) => {
    const result = admit(`/comite/charte?token=${token()}${suffix}`, SECRET, NOW);
    expect(result.ok && result.admission.wantsAck).toBe(expected);
  });

  it('before the token too', () => {
    const result = admit(`/comite/charte?ack=1&token=${token()}`, SECRET, NOW);
    expect(result.ok && result.admission.wantsAck).toBe(true);
  });
});

describe('admit checks the token first, then the room, then the workspace', () => {
  it.each(['/comite/charte', '/comite/charte?', '/comite/charte?token=', '/comite/charte?ack=1'])(
    'no token at %j → 4401',
    (url) => {
      expect(refusal(admit(url, SECRET, NOW))).toEqual({
        code: CloseCode.Unauthorized,
        reason: 'token missing',
      });
    },
  );

  it('no token → 4401 even with an invalid room name', () => {
    for (const path of ['/../etc/passwd', '/%2e%2e/x', '/a', '/%zz', 'no-slash']) {
      expect(refusal(admit(path, SECRET, NOW)).code, path).toBe(CloseCode.Unauthorized);
    }
  });

  it('a forged token → 4401 even with an invalid room name', () => {
    const forged = token({}, `${SECRET}-other`);
    expect(refusal(admit(`/%2e%2e/x?token=${forged}`, SECRET, NOW))).toEqual({
      code: CloseCode.Unauthorized,
      reason: 'token signature invalid',
    });
  });

  it('an expired token → 4401 even for another workspace', () => {
    const expired = token({ exp: NOW, ws: 'autre' });
    expect(refusal(admit(`/comite/charte?token=${expired}`, SECRET, NOW))).toEqual({
      code: CloseCode.Unauthorized,
      reason: 'token expired',
    });
  });

  it('a token with invalid claims → 4401 with the claim named', () => {
    const noRole = token({ role: 'admin' });
    expect(refusal(admit(`/comite/charte?token=${noRole}`, SECRET, NOW))).toEqual({
      code: CloseCode.Unauthorized,
      reason: 'token has no valid role claim',
    });
  });

  it('a valid token with an invalid room name → 4400', () => {
    for (const path of ['/comite', '/comite/a.b', '/comite/charte/_x', '/%zz']) {
      expect(refusal(admit(`${path}?token=${token()}`, SECRET, NOW)).code, path).toBe(
        CloseCode.BadRequest,
      );
    }
  });

  it('a raw %2e%2e path is refused, not resolved as ".."', () => {
    for (const path of [
      '/comite/%2e%2e',
      '/comite/%2E%2E',
      '/comite/x/%2e%2e/y',
      '/%2e%2e/comite',
    ]) {
      expect(refusal(admit(`${path}?token=${token()}`, SECRET, NOW)).code, path).toBe(
        CloseCode.BadRequest,
      );
    }
  });

  it('a double-encoded path is decoded once and refused', () => {
    expect(refusal(admit(`/comite/%252e%252e?token=${token()}`, SECRET, NOW)).code).toBe(
      CloseCode.BadRequest,
    );
  });

  it('a valid token for another workspace → 4403', () => {
    expect(refusal(admit(`/autre/charte?token=${token()}`, SECRET, NOW))).toEqual({
      code: CloseCode.Forbidden,
      reason: 'token is for another workspace',
    });
  });

  it('workspaces are compared case-sensitively', () => {
    expect(refusal(admit(`/Comite/charte?token=${token()}`, SECRET, NOW)).code).toBe(
      CloseCode.Forbidden,
    );
  });

  it('an invalid room name is reported before the workspace', () => {
    expect(refusal(admit(`/autre/a.b?token=${token()}`, SECRET, NOW)).code).toBe(
      CloseCode.BadRequest,
    );
  });
});

describe('admit reads the token from the subprotocol (the app: never in the URL)', () => {
  it('accepts a token offered as entente.token.<JWT>, with the same identity as ?token=', () => {
    const viaProtocol = admit('/comite/charte?ack=1', SECRET, NOW, [
      'entente.v1',
      ` entente.token.${token()}`,
    ]);
    const viaQuery = admit(`/comite/charte?token=${token()}&ack=1`, SECRET, NOW);
    expect(viaProtocol).toEqual(viaQuery);
    expect(viaProtocol.ok).toBe(true);
  });

  it('checks a subprotocol token exactly as a query token: forged → 4401, other workspace → 4403', () => {
    expect(
      refusal(admit('/comite/charte', SECRET, NOW, [`entente.token.${token({}, 'x'.repeat(40))}`]))
        .code,
    ).toBe(CloseCode.Unauthorized);
    expect(refusal(admit('/autre/charte', SECRET, NOW, [`entente.token.${token()}`])).code).toBe(
      CloseCode.Forbidden,
    );
  });

  it('refuses a token given twice (query and subprotocol, or two subprotocols): 4400', () => {
    expect(
      refusal(admit(`/comite/charte?token=${token()}`, SECRET, NOW, [`entente.token.${token()}`])),
    ).toEqual({ code: CloseCode.BadRequest, reason: 'token given more than once' });
    expect(
      refusal(admit('/comite/charte', SECRET, NOW, ['entente.token.a', 'entente.token.b'])).code,
    ).toBe(CloseCode.BadRequest);
  });

  it('without token anywhere → 4401 token missing', () => {
    expect(refusal(admit('/comite/charte', SECRET, NOW, ['entente.v1']))).toEqual({
      code: CloseCode.Unauthorized,
      reason: 'token missing',
    });
  });
});
