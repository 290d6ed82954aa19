/** [Issue 9, point 2] What the confirmation compares, field by field. */
import { describe, expect, it } from 'vitest';
import { compareInvitations } from './invitation-compare.js';
import type { Membership, TokenClaims } from './membership.js';

const NOW = Date.UTC(2026, 11, 3, 9, 0);
const CLAIRE: TokenClaims = {
  sub: 'u-claire',
  name: 'Claire Martin',
  org: 'AMF',
  ws: 'comite',
  role: 'member',
  exp: NOW / 1000 + 3600,
};
const membership = (claims: Partial<TokenClaims>, token = 'a.b.c'): Membership => ({
  relay: 'wss://relais.example.fr/',
  token,
  claims: { ...CLAIRE, ...claims },
});

describe('compareInvitations', () => {
  it('marks what changed, the role of a forged link among them', () => {
    const result = compareInvitations(membership({}), membership({ role: 'chair' }, 'x.y.z'), NOW);
    expect(result.rows.map((row) => [row.field, row.changed])).toEqual([
      ['name', false],
      ['org', false],
      ['role', true],
      ['relay', false],
      ['expiry', false],
    ]);
    expect(result.rows[2]).toMatchObject({
      current: { kind: 'role', role: 'member' },
      next: { kind: 'role', role: 'chair' },
    });
    expect(result.otherPerson).toBe(false);
    expect(result.identical).toBe(false);
  });

  it('says when the new one is another person’s, and when both are the same token', () => {
    const other = compareInvitations(
      membership({}),
      membership({ sub: 'u-ines', name: 'Inès Roy' }, 'x.y.z'),
      NOW,
    );
    expect(other.otherPerson).toBe(true);
    expect(other.rows[0]).toMatchObject({ field: 'name', changed: true });
    expect(compareInvitations(membership({}), membership({}), NOW).identical).toBe(true);
  });

  it('dates expiry to the minute shown, says when it has passed, and when there is none', () => {
    const secondsLater = compareInvitations(
      membership({}),
      membership({ exp: CLAIRE.exp! + 20 - (CLAIRE.exp! % 60) }, 'x.y.z'),
      NOW,
    );
    expect(secondsLater.rows[4]?.changed).toBe(false);
    const renewed = compareInvitations(
      membership({ exp: NOW / 1000 - 60 }),
      membership({ exp: null }, 'x.y.z'),
      NOW,
    );
    expect(renewed.rows[4]).toEqual({
      field: 'expiry',
      current: { kind: 'expiry', at: NOW - 60_000, past: true },
      next: { kind: 'expiry', at: null, past: false },
      changed: true,
    });
  });
});
