import { describe, expect, it } from 'vitest';
import { accessProblem, msUntilExpiry } from './access-problem.js';

const NOW = Date.UTC(2026, 10, 29, 12);
const closed = (code: number, reason = '') => ({ kind: 'closed' as const, code, reason });

describe('accessProblem', () => {
  it('reports nothing while the token is valid and the relay has not refused', () => {
    expect(accessProblem(null, NOW / 1000 + 60, NOW)).toBeNull();
    expect(accessProblem(null, null, NOW)).toBeNull();
  });

  it('dates an expired invitation from its claims, even before the relay says so', () => {
    const exp = NOW / 1000 - 3600;
    expect(accessProblem(null, exp, NOW)).toEqual({ kind: 'expired', expiredAt: exp * 1000 });
    expect(accessProblem(closed(4401, 'token expired'), exp, NOW)).toEqual({
      kind: 'expired',
      expiredAt: exp * 1000,
    });
  });

  it('names what the relay refused', () => {
    const later = NOW / 1000 + 3600;
    expect(accessProblem(closed(4401, 'token signature invalid'), later, NOW)).toEqual({
      kind: 'unauthorized',
      reason: 'token signature invalid',
    });
    expect(accessProblem(closed(4403), later, NOW)).toEqual({ kind: 'forbidden' });
    expect(accessProblem(closed(4400), NOW / 1000 - 1, NOW)).toEqual({
      kind: 'closed',
      code: 4400,
    });
  });

  it('[Issue 9, point 3] says when the workspace is full, unless the member is not let in at all', () => {
    const later = NOW / 1000 + 3600;
    expect(accessProblem(null, later, NOW, true)).toEqual({ kind: 'workspace-full' });
    expect(accessProblem(null, null, NOW, true)).toEqual({ kind: 'workspace-full' });
    expect(accessProblem(null, later, NOW, false)).toBeNull();
    // Expired or refused: that is what the member must act on.
    expect(accessProblem(null, NOW / 1000 - 1, NOW, true)).toMatchObject({ kind: 'expired' });
    expect(accessProblem(closed(4401, 'token expired'), later, NOW, true)).toMatchObject({
      kind: 'unauthorized',
    });
    expect(accessProblem(closed(4403), later, NOW, true)).toEqual({ kind: 'forbidden' });
  });

  it('schedules the next check at expiry, within what setTimeout accepts', () => {
    expect(msUntilExpiry(NOW / 1000 + 2, NOW)).toBe(2000);
    expect(msUntilExpiry(NOW / 1000 + 10 ** 9, NOW)).toBe(2 ** 31 - 1);
    expect(msUntilExpiry(NOW / 1000, NOW)).toBeNull();
    expect(msUntilExpiry(null, NOW)).toBeNull();
  });
});
