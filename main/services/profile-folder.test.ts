import { describe, expect, it } from 'vitest';
import { PROFILE_SWITCH, profileFolder } from './profile-folder.js';

describe('profileFolder', () => {
  it('is the product folder without the switch', () => {
    expect(profileFolder('Entente', ['/usr/bin/electron', '.', 'entente://open'])).toEqual({
      ok: true,
      folder: 'Entente',
    });
  });

  it('gives a named profile a folder of its own (npm run start:second-member passes one)', () => {
    expect(profileFolder('Entente', ['electron', '.', `${PROFILE_SWITCH}=second-member`])).toEqual({
      ok: true,
      folder: 'Entente (second-member)',
    });
  });

  it.each([
    ['a path', '../../etc'],
    ['an empty name', ''],
    ['upper case', 'Second'],
    ['a separator', 'a/b'],
    ['a long name', 'x'.repeat(41)],
  ])('refuses %s, with the reason', (_what, name) => {
    const result = profileFolder('Entente', [`${PROFILE_SWITCH}=${name}`]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('is not a profile name');
  });

  it('refuses the switch given twice', () => {
    const result = profileFolder('Entente', [`${PROFILE_SWITCH}=a`, `${PROFILE_SWITCH}=b`]);
    expect(result).toEqual({ ok: false, reason: `${PROFILE_SWITCH} is given more than once` });
  });
});
