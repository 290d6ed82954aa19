/**
 * HS256 JSON Web Tokens, signed and verified with node:crypto. Only HS256 is accepted: the
 * algorithm is fixed by the relay, never chosen by the token (no `alg: none`, no key confusion).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Result of verifying a token's signature and structure (claims are checked elsewhere). */
export type JwtResult = { ok: true; payload: unknown } | { ok: false; reason: string };

/** Largest token accepted, to bound the work done before the signature check. */
export const MAX_TOKEN_LENGTH = 4096;

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Signs `payload` with HS256. */
export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = base64url(JSON.stringify(payload));
  const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}

function decodePart(part: string): unknown {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new Error('not base64url');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/** Verifies an HS256 token's structure and signature and returns its payload. */
export function verifyJwt(token: string, secret: string): JwtResult {
  if (token.length === 0) return { ok: false, reason: 'token missing' };
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'token too long' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'token malformed' };
  const [headerPart = '', bodyPart = '', signaturePart = ''] = parts;
  let header: unknown;
  try {
    header = decodePart(headerPart);
  } catch {
    return { ok: false, reason: 'token malformed' };
  }
  if (
    typeof header !== 'object' ||
    header === null ||
    (header as { alg?: unknown }).alg !== 'HS256'
  ) {
    return { ok: false, reason: 'token algorithm not accepted' };
  }
  // One spelling only: Buffer's base64url decoder skips foreign characters and padding.
  if (!/^[A-Za-z0-9_-]{43}$/.test(signaturePart))
    return { ok: false, reason: 'token signature invalid' };
  const expected = createHmac('sha256', secret).update(`${headerPart}.${bodyPart}`).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (
    given.length !== expected.length ||
    !timingSafeEqual(given, expected) ||
    given.toString('base64url') !== signaturePart
  ) {
    return { ok: false, reason: 'token signature invalid' };
  }
  try {
    return { ok: true, payload: decodePart(bodyPart) };
  } catch {
    return { ok: false, reason: 'token malformed' };
  }
}
