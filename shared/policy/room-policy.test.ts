import { describe, expect, it } from 'vitest';
import { ROLES } from '../model/roles.js';
import { hasPolicy, judgeChange, mayChangePart } from './room-policy.js';

describe('room policy', () => {
  it('reserves the committee profile of an index room to the chair and the secretariat', () => {
    const profile = { root: 'committee', key: 'name' };
    const listing = { root: 'documents', key: 'charte' };
    const allowed = ROLES.filter((role) => mayChangePart('index', { role, userId: 'u' }, profile));
    expect(allowed).toEqual(['chair', 'secretariat']);
    for (const role of ROLES)
      expect(mayChangePart('index', { role, userId: 'u' }, listing)).toBe(true);
    // Elsewhere the same root is nobody's in particular: the room's access decides.
    for (const kind of ['content', 'review'] as const)
      expect(mayChangePart(kind, { role: 'member', userId: 'u' }, profile)).toBe(true);
  });

  it('refuses an update when any part it changed is reserved, and says which', () => {
    const member = { role: 'member' as const, userId: 'u' };
    expect(judgeChange('index', member, [{ root: 'documents', key: 'a' }])).toEqual({ ok: true });
    expect(judgeChange('index', member, [])).toEqual({ ok: true });
    const verdict = judgeChange('index', member, [
      { root: 'documents', key: 'a' },
      { root: 'committee', key: 'name' },
    ]);
    expect(verdict).toEqual({
      ok: false,
      reason:
        'role "member" may not change "committee" in this room (reserved to chair, secretariat); the change was not applied',
    });
  });

  it('says which room kinds have rules beyond their access', () => {
    expect(['content', 'review', 'index'].filter((k) => hasPolicy(k as 'index'))).toEqual([
      'index',
    ]);
  });
});
