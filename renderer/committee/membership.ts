/**
 * Membership of a committee workspace: the relay it syncs through and the invitation token
 * (a JWT signed by the relay's operator). The claims are decoded here for display only (name,
 * organisation, role, workspace); the relay verifies the signature on every connection, and
 * what others see of us is what the relay rewrote into awareness, never these claims.
 */
import { mayChangePart } from '../../shared/policy/room-policy.js';
import { COMMITTEE_MAP, COMMITTEE_NAME_KEY } from '../../shared/schema/committee-profile.js';
import { isJoinToken } from '../../shared/ipc/links.js';
import { parseRelayUrl } from '../../shared/ipc/relay-url.js';
import { accessFor, isRole, type Role } from '../../shared/model/roles.js';
import { isValidId } from '../../shared/model/room-name.js';
import { LOCAL_WORKSPACE_ID } from '../documents/local-workspace.js';

/** localStorage key of the memberships. */
export const MEMBERSHIPS_KEY = 'entente.memberships';

/** The claims of an invitation token the UI shows (unverified). */
export interface TokenClaims {
  /** User id. */
  readonly sub: string;
  /** Display name. */
  readonly name: string;
  /** Organisation. */
  readonly org: string;
  /** Workspace id. */
  readonly ws: string;
  /** Role in the workspace. */
  readonly role: Role;
  /** Expiry (seconds since the epoch), when present. */
  readonly exp: number | null;
}

/** A workspace bound to a relay. */
export interface Membership {
  /** Normalised relay URL (`parseRelayUrl`). */
  readonly relay: string;
  /** The invitation token, sent to the relay. */
  readonly token: string;
  /** Its decoded claims. */
  readonly claims: TokenClaims;
}

/** Why an invitation was refused before trying it. */
export type JoinError = 'relay' | 'token' | 'workspace';

/**
 * Why joining failed: the shell declined the relay, or the workspace is already joined through
 * another relay (its rooms would mix two servers' histories).
 */
export type JoinRefusal = 'declined' | 'conflict';

function base64UrlDecode(part: string): string | null {
  try {
    const padded = part.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(padded + '='.repeat((4 - (padded.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Decodes (without verifying) the claims of a join token; null when they are not usable. */
export function decodeClaims(token: string): TokenClaims | null {
  if (!isJoinToken(token)) return null;
  const json = base64UrlDecode(token.split('.')[1] ?? '');
  if (json === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const claims = raw as Record<string, unknown>;
  const { sub, name, org, ws, role, exp } = claims;
  if (typeof sub !== 'string' || typeof name !== 'string' || typeof org !== 'string') return null;
  if (typeof ws !== 'string' || !isValidId(ws) || !isRole(role)) return null;
  return { sub, name, org, ws, role, exp: typeof exp === 'number' ? exp : null };
}

/** Checks an invitation (relay address + token) and builds the membership it grants. */
export function membershipOf(
  relay: string,
  token: string,
): { ok: true; membership: Membership } | { ok: false; error: JoinError } {
  const parsed = parseRelayUrl(relay.trim());
  if (!parsed.ok) return { ok: false, error: 'relay' };
  const claims = decodeClaims(token.trim());
  if (claims === null) return { ok: false, error: 'token' };
  // The local workspace's rooms must never be mixed with a committee's.
  if (claims.ws === LOCAL_WORKSPACE_ID) return { ok: false, error: 'workspace' };
  return { ok: true, membership: { relay: parsed.url, token: token.trim(), claims } };
}

/** Whether the role may edit documents' text (the relay enforces the same table). */
export function canEditContent(membership: Membership | null): boolean {
  return membership === null || accessFor(membership.claims.role, 'content') === 'write';
}

/** Whether the role may create, rename or archive documents (the workspace index). */
export function canEditIndex(membership: Membership | null): boolean {
  return membership === null || accessFor(membership.claims.role, 'index') === 'write';
}

/**
 * Whether `membership`'s role may rename its committee: the room policy's rule for the
 * committee's profile (`shared/policy/room-policy.ts`), which the relay enforces.
 */
export function canEditProfile(membership: Membership | null): boolean {
  if (membership === null) return false;
  const writer = { role: membership.claims.role, userId: membership.claims.sub };
  return (
    canEditIndex(membership) &&
    mayChangePart('index', writer, { root: COMMITTEE_MAP, key: COMMITTEE_NAME_KEY })
  );
}

/** The stored memberships, one per workspace; invalid entries are dropped. */
export function readMemberships(storage: Storage): Membership[] {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(MEMBERSHIPS_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const result: Membership[] = [];
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { relay, token } = item as Record<string, unknown>;
    if (typeof relay !== 'string' || typeof token !== 'string') continue;
    const checked = membershipOf(relay, token);
    if (checked.ok) result.push(checked.membership);
  }
  return result;
}

/** Stores `membership`, replacing any earlier one for the same workspace. */
export function saveMembership(storage: Storage, membership: Membership): void {
  const others = readMemberships(storage).filter((m) => m.claims.ws !== membership.claims.ws);
  const list = [...others, membership].map(({ relay, token }) => ({ relay, token }));
  storage.setItem(MEMBERSHIPS_KEY, JSON.stringify(list));
}
