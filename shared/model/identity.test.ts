import { describe, expect, it } from 'vitest';
import { identityFromClaims, type ClaimsResult } from './identity.js';

const NOW = 1_800_000_000;

const VALID = {
  sub: 'u-42',
  name: 'Claire Martin',
  org: 'AMF',
  ws: 'comite-numerique',
  role: 'secretariat',
  exp: NOW + 3600,
};

function reasonOf(result: ClaimsResult): string {
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.reason;
}

function withClaim(key: string, value: unknown): Record<string, unknown> {
  return { ...VALID, [key]: value };
}

function without(key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...VALID };
  delete copy[key];
  return copy;
}

describe('identityFromClaims accepts valid claims', () => {
  it('maps every claim to the identity', () => {
    expect(identityFromClaims(VALID, NOW)).toEqual({
      ok: true,
      identity: {
        userId: 'u-42',
        name: 'Claire Martin',
        org: 'AMF',
        workspace: 'comite-numerique',
        role: 'secretariat',
        expiresAt: NOW + 3600,
      },
    });
  });

  it('trims surrounding spaces of text claims', () => {
    const result = identityFromClaims({ ...VALID, name: '  Claire  ', org: ' AMF ' }, NOW);
    expect(result.ok && [result.identity.name, result.identity.org]).toEqual(['Claire', 'AMF']);
  });

  it('keeps non-ASCII letters in names (only ids are ASCII)', () => {
    const result = identityFromClaims({ ...VALID, name: 'Zoë Ørsted — 李' }, NOW);
    expect(result.ok && result.identity.name).toBe('Zoë Ørsted — 李');
  });

  it('accepts text claims at their maximum length: sub 128, name and org 200', () => {
    const result = identityFromClaims(
      { ...VALID, sub: 's'.repeat(128), name: 'n'.repeat(200), org: 'o'.repeat(200) },
      NOW,
    );
    expect(result.ok).toBe(true);
  });
});

describe('identityFromClaims refuses a payload that is not an object', () => {
  it.each([[null], [undefined], ['token'], [42], [true]])('%j', (payload) => {
    expect(reasonOf(identityFromClaims(payload, NOW))).toBe('token payload is not an object');
  });

  it('an array (an object without claims) fails on its first claim', () => {
    expect(reasonOf(identityFromClaims([VALID], NOW))).toBe('token has no valid sub claim');
  });
});

describe.each([
  ['sub', 128],
  ['name', 200],
  ['org', 200],
] as const)('the %s claim', (claim, max) => {
  const reason = `token has no valid ${claim} claim`;

  it('missing', () => {
    expect(reasonOf(identityFromClaims(without(claim), NOW))).toBe(reason);
  });

  it.each([[42], [null], [['x']], [{ value: 'x' }], [true]])('of the wrong type %j', (value) => {
    expect(reasonOf(identityFromClaims(withClaim(claim, value), NOW))).toBe(reason);
  });

  it('empty or blank', () => {
    expect(reasonOf(identityFromClaims(withClaim(claim, ''), NOW))).toBe(reason);
    expect(reasonOf(identityFromClaims(withClaim(claim, '   '), NOW))).toBe(reason);
  });

  it(`longer than ${max} characters`, () => {
    expect(reasonOf(identityFromClaims(withClaim(claim, 'x'.repeat(max + 1)), NOW))).toBe(reason);
  });

  it.each(['0000', '0007', '0009', '000A', '000D', '001B', '001F', '007F'])(
    'with the C0 control character U+%s inside',
    (hex) => {
      const value = `a${String.fromCharCode(parseInt(hex, 16))}b`;
      expect(reasonOf(identityFromClaims(withClaim(claim, value), NOW))).toBe(reason);
    },
  );

  // Unicode's control characters (category Cc) include C1, U+0080–U+009F; U+0085 (NEXT LINE)
  // is a line break in many text renderers, which is what the check is there to stop.
  it.each(['0085', '009B'])('with the C1 control character U+%s inside', (hex) => {
    const value = `a${String.fromCharCode(parseInt(hex, 16))}b`;
    expect(reasonOf(identityFromClaims(withClaim(claim, value), NOW))).toBe(reason);
  });
});

describe('the ws claim', () => {
  const reason = 'token has no valid ws claim';

  it('missing or of the wrong type', () => {
    expect(reasonOf(identityFromClaims(without('ws'), NOW))).toBe(reason);
    expect(reasonOf(identityFromClaims(withClaim('ws', 7), NOW))).toBe(reason);
    expect(reasonOf(identityFromClaims(withClaim('ws', ['comite']), NOW))).toBe(reason);
  });

  it.each(['', 'a'.repeat(65), '_index', 'comite/x', 'com.ite', 'comit\u0435', 'a\nb', ' comite'])(
    'not a valid id: %j',
    (ws) => {
      expect(reasonOf(identityFromClaims(withClaim('ws', ws), NOW))).toBe(reason);
    },
  );
});

describe('the role claim', () => {
  it.each([[undefined], ['admin'], ['Member'], [''], [1], [['member']]])('refuses %j', (role) => {
    const payload = role === undefined ? without('role') : withClaim('role', role);
    expect(reasonOf(identityFromClaims(payload, NOW))).toBe('token has no valid role claim');
  });
});

describe('the exp claim', () => {
  it.each([[undefined], [String(NOW + 3600)], [null], [Number.NaN], [Infinity]])(
    'refuses a missing or non-finite exp %j',
    (exp) => {
      const payload = exp === undefined ? without('exp') : withClaim('exp', exp);
      expect(reasonOf(identityFromClaims(payload, NOW))).toBe('token has no exp claim');
    },
  );

  it('refuses exp == now (the boundary is expired)', () => {
    expect(reasonOf(identityFromClaims(withClaim('exp', NOW), NOW))).toBe('token expired');
  });

  it('refuses exp in the past', () => {
    expect(reasonOf(identityFromClaims(withClaim('exp', NOW - 1), NOW))).toBe('token expired');
  });

  it('accepts exp one second after now', () => {
    expect(identityFromClaims(withClaim('exp', NOW + 1), NOW).ok).toBe(true);
  });

  it('accepts a fractional now just below exp, refuses one at exp', () => {
    expect(identityFromClaims(withClaim('exp', NOW), NOW - 0.001).ok).toBe(true);
    expect(identityFromClaims(withClaim('exp', NOW + 0.5), NOW + 0.5).ok).toBe(false);
  });
});

describe('the nbf claim (60 s of clock skew allowed)', () => {
  it('accepts nbf in the past, now, and up to 60 s ahead', () => {
    for (const nbf of [NOW - 100, NOW, NOW + 60]) {
      expect(identityFromClaims(withClaim('nbf', nbf), NOW).ok, `nbf ${nbf - NOW}`).toBe(true);
    }
  });

  it('refuses nbf more than 60 s ahead', () => {
    expect(reasonOf(identityFromClaims(withClaim('nbf', NOW + 61), NOW))).toBe(
      'token not yet valid',
    );
  });

  it('checks expiry before nbf', () => {
    const payload = { ...VALID, exp: NOW, nbf: NOW + 3600 };
    expect(reasonOf(identityFromClaims(payload, NOW))).toBe('token expired');
  });
});

describe('order of the checks', () => {
  it('reports the first invalid claim in the order sub, name, org, ws, role, exp', () => {
    const all = { sub: 1, name: 1, org: 1, ws: 1, role: 1, exp: 'x' };
    const order = ['sub', 'name', 'org', 'ws', 'role'];
    const payload: Record<string, unknown> = { ...all };
    for (const claim of order) {
      expect(reasonOf(identityFromClaims(payload, NOW))).toBe(`token has no valid ${claim} claim`);
      payload[claim] = VALID[claim as keyof typeof VALID];
    }
    expect(reasonOf(identityFromClaims(payload, NOW))).toBe('token has no exp claim');
  });
});
