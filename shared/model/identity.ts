/**
 * The identity a relay-verified token carries. Everything others see of a person (name,
 * organisation) comes from here, never from what a client claims about itself.
 */
import { isRole, type Role } from './roles.js';
import { isValidId } from './room-name.js';

/** Verified claims of an access token. */
export interface Identity {
  /** Stable user id (`sub`). */
  readonly userId: string;
  /** Display name (`name`). */
  readonly name: string;
  /** Organisation, e.g. "AMF" (`org`). */
  readonly org: string;
  /** Workspace the token grants access to (`ws`). */
  readonly workspace: string;
  /** Role in that workspace (`role`). */
  readonly role: Role;
  /** Expiry, seconds since the epoch (`exp`). */
  readonly expiresAt: number;
}

/** Result of checking a token's claims. */
export type ClaimsResult = { ok: true; identity: Identity } | { ok: false; reason: string };

const MAX_TEXT = 200;

function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  // Control and format characters (line breaks, bidi overrides, zero-width marks) in a display
  // name would let one user forge line breaks or reorder text in others' UI.
  if (trimmed.length === 0 || trimmed.length > max || /[\p{Cc}\p{Cf}\u2028\u2029]/u.test(trimmed)) {
    return null;
  }
  return trimmed;
}

/** Checks the claims of a decoded token payload against the rules above and the clock. */
export function identityFromClaims(payload: unknown, nowSeconds: number): ClaimsResult {
  if (typeof payload !== 'object' || payload === null)
    return { ok: false, reason: 'token payload is not an object' };
  const claims = payload as Record<string, unknown>;
  const userId = text(claims['sub'], 128);
  if (userId === null) return { ok: false, reason: 'token has no valid sub claim' };
  const name = text(claims['name'], MAX_TEXT);
  if (name === null) return { ok: false, reason: 'token has no valid name claim' };
  const org = text(claims['org'], MAX_TEXT);
  if (org === null) return { ok: false, reason: 'token has no valid org claim' };
  const workspace = claims['ws'];
  if (typeof workspace !== 'string' || !isValidId(workspace)) {
    return { ok: false, reason: 'token has no valid ws claim' };
  }
  const role = claims['role'];
  if (!isRole(role)) return { ok: false, reason: 'token has no valid role claim' };
  const exp = claims['exp'];
  if (typeof exp !== 'number' || !Number.isFinite(exp))
    return { ok: false, reason: 'token has no exp claim' };
  if (exp <= nowSeconds) return { ok: false, reason: 'token expired' };
  const nbf = claims['nbf'];
  if (nbf !== undefined && (typeof nbf !== 'number' || !Number.isFinite(nbf))) {
    return { ok: false, reason: 'token has an invalid nbf claim' };
  }
  if (typeof nbf === 'number' && nbf > nowSeconds + 60)
    return { ok: false, reason: 'token not yet valid' };
  return { ok: true, identity: { userId, name, org, workspace, role, expiresAt: exp } };
}
