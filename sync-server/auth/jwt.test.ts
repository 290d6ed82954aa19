import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_TOKEN_LENGTH, signJwt, verifyJwt, type JwtResult } from './jwt.js';

const SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const CLAIMS = { sub: 'u-1', name: 'Claire Martin', org: 'AMF', ws: 'comite', role: 'member' };

function b64raw(text: string): string {
  return Buffer.from(text).toString('base64url');
}

function b64url(value: unknown): string {
  return b64raw(JSON.stringify(value));
}

/** A token built by hand: header and payload as given, signed with `alg` over the two parts. */
function handMade(header: unknown, payload: unknown, secret = SECRET, alg = 'sha256'): string {
  const signingInput = `${b64url(header)}.${b64url(payload)}`;
  return `${signingInput}.${createHmac(alg, secret).update(signingInput).digest('base64url')}`;
}

function reasonOf(result: JwtResult): string {
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.reason;
}

describe('signJwt / verifyJwt', () => {
  it('round-trips the payload', () => {
    expect(verifyJwt(signJwt(CLAIMS, SECRET), SECRET)).toEqual({ ok: true, payload: CLAIMS });
  });

  it('round-trips non-ASCII claims', () => {
    const claims = { ...CLAIMS, name: 'Zoë Ørsted — 李 🙂' };
    expect(verifyJwt(signJwt(claims, SECRET), SECRET)).toEqual({ ok: true, payload: claims });
  });

  it('signs exactly like an independent HS256 implementation over node:crypto', () => {
    const token = signJwt(CLAIMS, SECRET);
    const [header, payload, signature] = token.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
    const expected = createHmac('sha256', SECRET)
      .update(`${header}.${payload}`)
      .digest('base64url');
    expect(signature).toBe(expected);
    expect(token).toBe(handMade({ alg: 'HS256', typ: 'JWT' }, CLAIMS));
  });

  it('verifies a token signed independently, with a header written differently', () => {
    const token = handMade({ typ: 'JWT', alg: 'HS256', kid: 'k1' }, CLAIMS);
    expect(verifyJwt(token, SECRET)).toEqual({ ok: true, payload: CLAIMS });
  });
});

describe('verifyJwt refuses', () => {
  const token = signJwt(CLAIMS, SECRET);
  const [header = '', payload = '', signature = ''] = token.split('.');

  it('the empty token', () => {
    expect(reasonOf(verifyJwt('', SECRET))).toBe('token missing');
  });

  it('a tampered payload', () => {
    const forged = b64url({ ...CLAIMS, role: 'chair' });
    expect(reasonOf(verifyJwt(`${header}.${forged}.${signature}`, SECRET))).toBe(
      'token signature invalid',
    );
  });

  it('a tampered signature (one character changed, or truncated, or empty)', () => {
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    for (const bad of [flipped, signature.slice(0, -2), '']) {
      expect(reasonOf(verifyJwt(`${header}.${payload}.${bad}`, SECRET))).toBe(
        'token signature invalid',
      );
    }
  });

  it('a token signed with another secret', () => {
    expect(reasonOf(verifyJwt(signJwt(CLAIMS, `${SECRET}!`), SECRET))).toBe(
      'token signature invalid',
    );
  });

  it('alg none, with or without a signature', () => {
    const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${payload}`;
    expect(reasonOf(verifyJwt(`${none}.`, SECRET))).toBe('token algorithm not accepted');
    expect(reasonOf(verifyJwt(`${none}.${signature}`, SECRET))).toBe(
      'token algorithm not accepted',
    );
  });

  it('alg HS512, even correctly signed with the secret', () => {
    const hs512 = handMade({ alg: 'HS512', typ: 'JWT' }, CLAIMS, SECRET, 'sha512');
    expect(reasonOf(verifyJwt(hs512, SECRET))).toBe('token algorithm not accepted');
  });

  it.each([[{ typ: 'JWT' }], [{ alg: 'hs256' }], [{ alg: ['HS256'] }], ['HS256'], [null], [[1]]])(
    'a header without alg HS256: %j',
    (badHeader) => {
      expect(reasonOf(verifyJwt(handMade(badHeader, CLAIMS), SECRET))).toBe(
        'token algorithm not accepted',
      );
    },
  );

  it('a header that is not JSON', () => {
    const bad = `${b64raw('{alg:HS256}')}.${payload}.${signature}`;
    expect(reasonOf(verifyJwt(bad, SECRET))).toBe('token malformed');
  });

  it.each(['+', '/', '=', ' ', '!'])('a header or payload holding the character %j', (char) => {
    expect(reasonOf(verifyJwt(`${header}${char}.${payload}.${signature}`, SECRET))).toBe(
      'token malformed',
    );
    // Correctly signed over the odd payload, so only the base64url check can refuse it.
    const oddPayload = `${payload}${char}`;
    const signed = createHmac('sha256', SECRET)
      .update(`${header}.${oddPayload}`)
      .digest('base64url');
    expect(reasonOf(verifyJwt(`${header}.${oddPayload}.${signed}`, SECRET))).toBe(
      'token malformed',
    );
  });

  it('a payload that is not JSON, even correctly signed', () => {
    const body = b64raw('not json');
    const signed = createHmac('sha256', SECRET).update(`${header}.${body}`).digest('base64url');
    expect(reasonOf(verifyJwt(`${header}.${body}.${signed}`, SECRET))).toBe('token malformed');
  });

  // One token, one spelling: Node's base64url decoder skips characters outside the alphabet and
  // reads '+' and '/' too, so without a check several strings verify as the same token.
  it.each([
    ['standard base64 characters', (s: string) => s.replace(/-/g, '+').replace(/_/g, '/')],
    ['padding', (s: string) => `${s}=`],
    ['a character outside base64', (s: string) => `${s.slice(0, 10)}!${s.slice(10)}`],
    ['a space', (s: string) => `${s.slice(0, 10)} ${s.slice(10)}`],
  ])('a signature spelled with %s', (_what, respell) => {
    const respelled = respell(signature);
    expect(respelled).not.toBe(signature);
    expect(reasonOf(verifyJwt(`${header}.${payload}.${respelled}`, SECRET))).toMatch(
      /^token (malformed|signature invalid)$/,
    );
  });

  it('a signature whose last character differs only in bits base64url does not use', () => {
    // 32 bytes = 43 characters: the last one carries 4 bits, its 2 low bits are padding.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(signature.at(-1) ?? 'A');
    const sibling = alphabet[(last & ~3) | ((last + 1) & 3)] ?? 'A';
    const respelled = `${signature.slice(0, -1)}${sibling}`;
    expect(reasonOf(verifyJwt(`${header}.${payload}.${respelled}`, SECRET))).toMatch(
      /^token (malformed|signature invalid)$/,
    );
  });

  it(`a token longer than ${MAX_TOKEN_LENGTH} characters, before any other check`, () => {
    expect(reasonOf(verifyJwt('a'.repeat(MAX_TOKEN_LENGTH + 1), SECRET))).toBe('token too long');
    const long = signJwt({ ...CLAIMS, pad: 'x'.repeat(MAX_TOKEN_LENGTH) }, SECRET);
    expect(reasonOf(verifyJwt(long, SECRET))).toBe('token too long');
  });

  it(`accepts a valid token within 3 characters of ${MAX_TOKEN_LENGTH}`, () => {
    const tokenWith = (pad: number): string => signJwt({ ...CLAIMS, pad: 'x'.repeat(pad) }, SECRET);
    let pad = 0;
    while (tokenWith(pad + 1).length <= MAX_TOKEN_LENGTH) pad += 1;
    const token = tokenWith(pad);
    expect(token.length).toBeGreaterThan(MAX_TOKEN_LENGTH - 4);
    expect(verifyJwt(token, SECRET).ok).toBe(true);
  });

  it.each([
    ['one part', 'abc'],
    ['two parts', `${header}.${payload}`],
    ['four parts', `${token}.extra`],
    ['four parts, empty last', `${token}.`],
    ['only dots', '..'],
  ])('%s', (_what, bad) => {
    expect(reasonOf(verifyJwt(bad, SECRET))).toBe('token malformed');
  });
});
