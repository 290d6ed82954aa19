import { describe, expect, it } from 'vitest';
import { ELECTRON_FUSES, REQUIRED_FUSES, fusesYaml, missingFuses } from './fuses.js';

describe('Electron fuses', () => {
  it('the app’s configuration sets every required fuse', () => {
    expect(missingFuses(ELECTRON_FUSES)).toEqual([]);
    expect(ELECTRON_FUSES).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('names every fuse electron-builder knows, so none is left at its default silently', () => {
    expect(Object.keys(ELECTRON_FUSES).sort()).toEqual([
      'enableCookieEncryption',
      'enableEmbeddedAsarIntegrityValidation',
      'enableNodeCliInspectArguments',
      'enableNodeOptionsEnvironmentVariable',
      'grantFileProtocolExtraPrivileges',
      'loadBrowserProcessSpecificV8Snapshot',
      'onlyLoadAppFromAsar',
      'runAsNode',
    ]);
  });

  it('missingFuses reports a weakened or absent fuse', () => {
    expect(missingFuses({ ...ELECTRON_FUSES, runAsNode: true })).toEqual([
      'runAsNode must be false',
    ]);
    const withoutIntegrity = Object.fromEntries(
      Object.entries(ELECTRON_FUSES).filter(
        ([name]) => name !== 'enableEmbeddedAsarIntegrityValidation',
      ),
    );
    expect(missingFuses(withoutIntegrity)).toEqual([
      'enableEmbeddedAsarIntegrityValidation must be true',
    ]);
    expect(missingFuses({})).toHaveLength(Object.keys(REQUIRED_FUSES).length);
  });

  it('prints the electron-builder.yml block', () => {
    expect(fusesYaml()).toBe(
      [
        'electronFuses:',
        '  runAsNode: false',
        '  enableCookieEncryption: true',
        '  enableNodeOptionsEnvironmentVariable: false',
        '  enableNodeCliInspectArguments: false',
        '  enableEmbeddedAsarIntegrityValidation: true',
        '  onlyLoadAppFromAsar: true',
        '  loadBrowserProcessSpecificV8Snapshot: false',
        '  grantFileProtocolExtraPrivileges: false',
      ].join('\n'),
    );
  });
});
