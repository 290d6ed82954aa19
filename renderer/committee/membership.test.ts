/** Invitations: claims decoded for display, checks before joining, stored memberships, colours. */
import { describe, expect, it } from 'vitest';
import {
  canEditContent,
  canEditIndex,
  decodeClaims,
  membershipOf,
  readMemberships,
  saveMembership,
  MEMBERSHIPS_KEY,
} from './membership.js';
import { ORG_PALETTE, orgColor } from './org-color.js';

const b64url = (value: unknown): string =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const jwt = (claims: Record<string, unknown>): string =>
  `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}.c2lnbmF0dXJl`;
const CLAIMS = { sub: 'u-1', name: 'Inès Roy', org: 'DGS', ws: 'comite', role: 'reviewer' };

describe('membership', () => {
  it('decodes the claims of a token (UTF-8 names included) without verifying it', () => {
    expect(decodeClaims(jwt({ ...CLAIMS, exp: 42 }))).toEqual({ ...CLAIMS, exp: 42 });
    expect(decodeClaims(jwt(CLAIMS))?.exp).toBeNull();
  });

  it('refuses tokens whose claims are missing or invalid', () => {
    expect(decodeClaims('not-a-jwt')).toBeNull();
    expect(decodeClaims(jwt({ ...CLAIMS, role: 'admin' }))).toBeNull();
    expect(decodeClaims(jwt({ ...CLAIMS, ws: '../x' }))).toBeNull();
    expect(decodeClaims(jwt({ ...CLAIMS, name: 3 }))).toBeNull();
    expect(decodeClaims('e30.bm90IGpzb24.c2ln')).toBeNull();
  });

  it('checks the relay address and the workspace before joining', () => {
    const token = jwt(CLAIMS);
    const ok = membershipOf(' wss://relais.example.fr ', token);
    expect(ok).toEqual({
      ok: true,
      membership: { relay: 'wss://relais.example.fr/', token, claims: { ...CLAIMS, exp: null } },
    });
    expect(membershipOf('ws://relais.example.fr', token)).toEqual({ ok: false, error: 'relay' });
    expect(membershipOf('wss://relais.example.fr', 'x.y')).toEqual({ ok: false, error: 'token' });
    expect(membershipOf('wss://r.example.fr', jwt({ ...CLAIMS, ws: 'mon-espace' }))).toEqual({
      ok: false,
      error: 'workspace',
    });
  });

  it('mirrors the role table: reviewers and observers read only', () => {
    const as = (role: string) => {
      const checked = membershipOf('wss://r.example.fr', jwt({ ...CLAIMS, role }));
      if (!checked.ok) throw new Error(checked.error);
      return checked.membership;
    };
    expect(canEditContent(null)).toBe(true);
    expect(canEditContent(as('member'))).toBe(true);
    expect(canEditContent(as('reviewer'))).toBe(false);
    expect(canEditContent(as('observer'))).toBe(false);
    expect(canEditIndex(as('secretariat'))).toBe(true);
    expect(canEditIndex(as('reviewer'))).toBe(false);
  });

  it('stores one membership per workspace and drops damaged entries', () => {
    window.localStorage.removeItem(MEMBERSHIPS_KEY);
    const first = membershipOf('wss://a.example.fr', jwt(CLAIMS));
    const second = membershipOf('wss://a.example.fr', jwt({ ...CLAIMS, role: 'member' }));
    if (!first.ok || !second.ok) throw new Error('invalid fixtures');
    saveMembership(window.localStorage, first.membership);
    saveMembership(window.localStorage, second.membership);
    expect(readMemberships(window.localStorage)).toEqual([second.membership]);
    window.localStorage.setItem(MEMBERSHIPS_KEY, '[{"relay":"http://x","token":"y"},3,"{');
    expect(readMemberships(window.localStorage)).toEqual([]);
    window.localStorage.setItem(MEMBERSHIPS_KEY, '{');
    expect(readMemberships(window.localStorage)).toEqual([]);
    window.localStorage.removeItem(MEMBERSHIPS_KEY);
  });

  it('gives each organisation the same colour everywhere, from the palette', () => {
    expect(orgColor('AMF')).toBe(orgColor('AMF'));
    expect(ORG_PALETTE).toContain(orgColor('CNIL'));
    const colours = new Set(
      ['AMF', 'CNIL', 'DGS', 'DINUM', 'ANSSI', 'Cour des comptes'].map(orgColor),
    );
    expect(colours.size).toBeGreaterThan(2);
  });
});
