/**
 * What the confirmation shows when a join link names a committee already joined: the current
 * and the new invitation side by side, field by field, with what changed marked — so a member
 * sees that a link makes them "présidence", or someone else, before anything is replaced.
 * Pure: the claims are decoded (unverified) by `membership.ts`; the relay's word comes later,
 * from `invitation-check.ts`.
 */
import type { Role } from '../../shared/model/roles.js';
import type { Membership } from './membership.js';

/** A field the confirmation lists. */
export type InvitationField = 'name' | 'org' | 'role' | 'relay' | 'expiry';

/** One value of a field, ready for the UI to label. */
export type InvitationValue =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'role'; readonly role: Role }
  /**
   * `at` in ms since the epoch, to the minute, or null when the token never expires; `past`
   * when expired.
   */
  | { readonly kind: 'expiry'; readonly at: number | null; readonly past: boolean };

/** One row: the field, both values, and whether they differ. */
export interface InvitationRow {
  readonly field: InvitationField;
  readonly current: InvitationValue;
  readonly next: InvitationValue;
  readonly changed: boolean;
}

/** The comparison of two invitations for one workspace. */
export interface InvitationComparison {
  readonly rows: readonly InvitationRow[];
  /** The new invitation is another person's (another user id): said in words, not only marked. */
  readonly otherPerson: boolean;
  /** Both are the same token: there is nothing to ask. */
  readonly identical: boolean;
}

const FIELDS: readonly InvitationField[] = ['name', 'org', 'role', 'relay', 'expiry'];

function valueOf(membership: Membership, field: InvitationField, nowMs: number): InvitationValue {
  const { claims } = membership;
  switch (field) {
    case 'name':
      return { kind: 'text', text: claims.name };
    case 'org':
      return { kind: 'text', text: claims.org };
    case 'role':
      return { kind: 'role', role: claims.role };
    case 'relay':
      return { kind: 'text', text: membership.relay };
    case 'expiry': {
      // To the minute, as shown: tokens signed seconds apart are not "changed".
      const at = claims.exp === null ? null : Math.floor(claims.exp / 60) * 60_000;
      return { kind: 'expiry', at, past: at !== null && at <= nowMs };
    }
  }
}

const same = (a: InvitationValue, b: InvitationValue): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/** Compares the invitation held (`current`) with the one just opened (`next`). */
export function compareInvitations(
  current: Membership,
  next: Membership,
  nowMs: number,
): InvitationComparison {
  const rows = FIELDS.map((field) => {
    const a = valueOf(current, field, nowMs);
    const b = valueOf(next, field, nowMs);
    return { field, current: a, next: b, changed: !same(a, b) };
  });
  return {
    rows,
    otherPerson: current.claims.sub !== next.claims.sub,
    identical: current.token === next.token,
  };
}
